/** Shared by this folder's tests: a scope with known facts and a shorthand for calling functions. */
import { Unresolved, type Value, type ValueFunction } from '../../model/value.js';
import { callFunction, defaultScope, type FunctionContext } from './functions.js';

export const SUB = '00000000-0000-0000-0000-000000000001';

export const known: FunctionContext = {
  scope: {
    subscriptionId: SUB,
    resourceGroupName: 'rg-app',
    resourceGroupLocation: 'westeurope',
    tenantId: '11111111-1111-1111-1111-111111111111',
    deploymentName: 'main',
  },
};

export const unknownScope: FunctionContext = { scope: defaultScope() };

export function call(name: string, ...args: Value[]): Value {
  return callFunction(name, args, known);
}

export function fn(params: string[], body: (...args: Value[]) => Value): ValueFunction {
  return { lambda: true, params, call: (args) => body(...args) };
}

export const q = (name: string): Unresolved => new Unresolved(`parameters('${name}')`, `parameter '${name}' has no value`);
