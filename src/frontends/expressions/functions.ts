// Placeholder interface; the implementation replaces this file.
import { Unresolved, type Value } from '../../model/value.js';

export class ExpressionError extends Error {}

/** Facts about the deployment scope; unknown ones are `Unresolved` (the scan has no subscription). */
export interface ScopeInfo {
  subscriptionId: Value;
  resourceGroupName: Value;
  resourceGroupLocation: Value;
  tenantId: Value;
  deploymentName: Value;
  managementGroupName?: Value;
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

export function isKnownFunction(_name: string): boolean {
  return false;
}

export function callFunction(name: string, _args: Value[], _ctx: FunctionContext): Value {
  return new Unresolved(`${name}(...)`, `function '${name}' is not implemented yet`);
}
