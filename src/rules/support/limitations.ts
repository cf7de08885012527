/**
 * Inputs that cannot express client certificates at all (e.g. `azurerm_app_service_slot`): the frontend
 * marks the resource with a limitation, and the rule fails with the frontend's own explanation, because
 * no value of that resource can ever satisfy the requirement.
 */
import type { Resource } from '../../model/resource.js';
import { Limitations } from '../../model/catalog/index.js';
import { outcome, type Outcome } from './outcome.js';

export function limitationOutcomes(resource: Resource): Outcome[] {
  return (resource.limitations ?? [])
    .filter((l) => l.id === Limitations.NoClientCertSupport)
    .map((l) => outcome('fail', l.message.replace(/\.\s*$/, ''), { ref: l.ref ?? resource.ref }));
}
