/**
 * Resource ID functions. https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource
 * The type's segments after the namespace are zipped with the names:
 * resourceId('Microsoft.Web/sites/slots', 'a', 'b') ends in /providers/Microsoft.Web/sites/a/slots/b.
 * Optional leading arguments (subscription, resource group, management group) are recognised by position:
 * the resource type is the first argument containing '/', which subscription IDs and group names cannot.
 */
import { Unresolved, type Value } from '../../model/value.js';
import { fail, str } from './args.js';
import type { FunctionContext } from './context.js';
import type { Library } from './library.js';
import { joinScope } from './scope.js';

function providerPath(fn: string, a: Value[], typeAt: number): string {
  const type = str(fn, a, typeAt);
  // ARM accepts a trailing '/' on the type ('Microsoft.Network/virtualNetworks/'); deployed quickstarts rely on it.
  const segments = type.replace(/\/$/, '').split('/');
  if (segments.length < 2 || segments.some((s) => s === '')) {
    fail(fn, `expects a resource type such as 'Microsoft.Web/sites', but got '${type}'.`);
  }
  const names: string[] = [];
  for (let i = typeAt + 1; i < a.length; i++) for (const part of str(fn, a, i).split('/')) names.push(part);
  const needed = segments.length - 1;
  if (names.length !== needed) {
    fail(fn, `needs ${needed} resource name${needed === 1 ? '' : 's'} for the type '${type}', but got ${names.length}.`);
  }
  let path = `/providers/${segments[0]}`;
  for (let i = 0; i < needed; i++) path += `/${segments[i + 1]}/${names[i]}`;
  return path;
}

function typeIndex(fn: string, a: Value[], maxLeading: number): number {
  const at = a.findIndex((v) => typeof v === 'string' && v.includes('/'));
  if (at < 0) fail(fn, "expects a resource type such as 'Microsoft.Web/sites' among its arguments.");
  if (at > maxLeading) fail(fn, `accepts at most ${maxLeading} argument${maxLeading === 1 ? '' : 's'} before the resource type.`);
  for (let i = 0; i < at; i++) str(fn, a, i);
  return at;
}

function resourceId(a: Value[], ctx: FunctionContext, fn: string): Value {
  const at = typeIndex(fn, a, 2);
  const path = providerPath(fn, a, at);
  const { subscriptionId, resourceGroupName } = ctx.scope;
  if (at === 2) return joinScope('resourceId(...)', ['/subscriptions/', a[0]!, '/resourceGroups/', a[1]!, path]);
  if (at === 1) return joinScope('resourceId(...)', ['/subscriptions/', subscriptionId, '/resourceGroups/', a[0]!, path]);
  switch (ctx.scope.targetScope ?? 'resourceGroup') {
    case 'resourceGroup':
      return joinScope('resourceId(...)', ['/subscriptions/', subscriptionId, '/resourceGroups/', resourceGroupName, path]);
    case 'subscription':
      return joinScope('resourceId(...)', ['/subscriptions/', subscriptionId, path]);
    default:
      // At management group and tenant scope ARM returns the tenant-level form.
      return path;
  }
}

export const resourceIdFunctions: Library = {
  resourceId: { min: 2, max: Infinity, impl: resourceId },
  subscriptionResourceId: {
    min: 2,
    max: Infinity,
    impl: (a, ctx, fn) => {
      const at = typeIndex(fn, a, 1);
      const sub = at === 1 ? a[0]! : ctx.scope.subscriptionId;
      return joinScope('subscriptionResourceId(...)', ['/subscriptions/', sub, providerPath(fn, a, at)]);
    },
  },
  tenantResourceId: { min: 2, max: Infinity, impl: (a, _c, fn) => providerPath(fn, a, typeIndex(fn, a, 0)) },
  managementGroupResourceId: {
    min: 2,
    max: Infinity,
    impl: (a, ctx, fn) => {
      const at = typeIndex(fn, a, 1);
      const group =
        at === 1
          ? a[0]!
          : (ctx.scope.managementGroupName ?? new Unresolved('managementGroup().name', 'the management group is known only at deployment time'));
      return joinScope('managementGroupResourceId(...)', [
        '/providers/Microsoft.Management/managementGroups/',
        group,
        providerPath(fn, a, at),
      ]);
    },
  },
  extensionResourceId: {
    min: 3,
    max: Infinity,
    impl: (a, _c, fn) => `${str(fn, a, 0)}${providerPath(fn, a, 1)}`,
  },
};
