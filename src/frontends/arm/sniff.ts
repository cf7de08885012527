/**
 * Recognises ARM JSON by its `$schema` without parsing the file: templates at every deployment scope
 * (`deploymentTemplate.json`, `subscriptionDeploymentTemplate.json`, `managementGroupDeploymentTemplate.json`,
 * `tenantDeploymentTemplate.json`) and deployment parameter files (`deploymentParameters.json`).
 */

import type { DeploymentScope } from '../expressions/index.js';

const SCHEMA = /"\$schema"\s*:\s*"([^"]*)"/i;
const HEAD = 4096;

export type ArmFileKind = 'template' | 'parameters';

export function sniffArm(text: string): ArmFileKind | undefined {
  // The top-level `$schema` is nearly always first; a later one is found with one more scan.
  let m = SCHEMA.exec(text.length > HEAD ? text.slice(0, HEAD) : text);
  if (!m && text.length > HEAD) {
    const at = text.indexOf('"$schema"');
    if (at < 0) return undefined;
    m = SCHEMA.exec(text.slice(at, at + 1024));
  }
  if (!m) return undefined;
  const url = m[1]!.toLowerCase();
  if (url.includes('deploymenttemplate.json')) return 'template';
  if (url.includes('deploymentparameters.json')) return 'parameters';
  return undefined;
}

/** The deployment scope a template's `$schema` declares; undefined (resource group, ARM's default) otherwise. */
export function deploymentScopeOfSchema(schema: string | undefined): DeploymentScope | undefined {
  const s = (schema ?? '').toLowerCase();
  if (s.includes('subscriptiondeploymenttemplate')) return 'subscription';
  if (s.includes('managementgroupdeploymenttemplate')) return 'managementGroup';
  if (s.includes('tenantdeploymenttemplate')) return 'tenant';
  return undefined;
}
