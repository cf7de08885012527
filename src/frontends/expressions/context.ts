/**
 * What a template function may know about the deployment it runs in. A scan has no live deployment,
 * so every fact defaults to `Unresolved`; a caller that knows better (a parameters file, a CLI flag,
 * a live collector) fills it in.
 */
import { Unresolved, type Value } from '../../model/value.js';

/**
 * Thrown for a use of a function that ARM itself would reject (wrong arity, wrong argument type,
 * an index out of range, division by zero, unparsable JSON). The frontend turns it into a diagnostic.
 */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
}

/** The scope a template is deployed at; it decides the shape of `resourceId()` and friends. */
export type DeploymentScope = 'resourceGroup' | 'subscription' | 'managementGroup' | 'tenant';

/** Facts about the deployment scope; unknown ones are `Unresolved` (the scan has no subscription). */
export interface ScopeInfo {
  subscriptionId: Value;
  resourceGroupName: Value;
  resourceGroupLocation: Value;
  tenantId: Value;
  deploymentName: Value;
  managementGroupName?: Value;
  /** Where the template is deployed; `resourceGroup` when absent (the ARM default). */
  targetScope?: DeploymentScope;
}

export interface FunctionContext {
  scope: ScopeInfo;
}

export function defaultScope(): ScopeInfo {
  const u = (what: string) => new Unresolved(what, `${what} is known only at deployment time`);
  return {
    subscriptionId: u('subscription().subscriptionId'),
    resourceGroupName: u('resourceGroup().name'),
    resourceGroupLocation: u('resourceGroup().location'),
    tenantId: u('tenant().tenantId'),
    deploymentName: u('deployment().name'),
  };
}
