/**
 * Who an az CLI command addresses: the resource group and the name segments (`site`, `slot`). Known
 * only when the resource's name or address is an ARM id (live scans); otherwise the evaluated name is
 * used and the resource group stays a placeholder, since templates are deployed into a group chosen later.
 */
import type { Resource } from '../../model/resource.js';

export interface AzTarget {
  resourceGroup: string;
  /** Name segments from the top-level resource down (`['contoso-api', 'staging']`); undefined when not known. */
  names: (string | undefined)[];
  /** The ARM id, when the input gave one. */
  id?: string;
}

const RG_PLACEHOLDER = '<resource-group>';

function parseArmId(id: string): { resourceGroup?: string; names: string[] } | undefined {
  if (!/^\/subscriptions\//i.test(id)) return undefined;
  const parts = id.split('/').filter((p) => p.length > 0);
  let resourceGroup: string | undefined;
  const names: string[] = [];
  for (let i = 0; i < parts.length - 1; i++) {
    if (parts[i]!.toLowerCase() === 'resourcegroups') resourceGroup = parts[i + 1];
    if (parts[i]!.toLowerCase() === 'providers') {
      // providers/{namespace}/{type}/{name}[/{childType}/{childName}]...
      for (let j = i + 3; j < parts.length; j += 2) names.push(parts[j]!);
      break;
    }
  }
  return { ...(resourceGroup ? { resourceGroup } : {}), names };
}

export function azTarget(resource: Resource): AzTarget {
  for (const candidate of [resource.address, resource.name]) {
    const parsed = parseArmId(candidate);
    if (parsed && parsed.names.length > 0) {
      return { resourceGroup: parsed.resourceGroup ?? RG_PLACEHOLDER, names: parsed.names, id: candidate };
    }
  }
  const names = resource.nameResolved ? resource.name.split('/') : [];
  return { resourceGroup: RG_PLACEHOLDER, names };
}

/** The i-th name segment, or a placeholder such as `<name>` or `<slot>`. */
export function nameAt(t: AzTarget, i: number, placeholder = '<name>'): string {
  const n = t.names[i];
  return n !== undefined && n.length > 0 ? n : placeholder;
}

/** The resource's ARM id, with placeholders for what a template does not fix (subscription, group). */
export function armIdOf(t: AzTarget, resourceType: string, placeholders: string[]): string {
  if (t.id) return t.id;
  const [ns, ...types] = resourceType.split('/');
  let path = `/subscriptions/<subscription-id>/resourceGroups/${t.resourceGroup}/providers/${ns}`;
  types.forEach((ty, i) => {
    path += `/${ty}/${nameAt(t, i, placeholders[i] ?? '<name>')}`;
  });
  return path;
}
