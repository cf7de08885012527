/**
 * The dispatcher: one case-insensitive lookup per call, arity checked here, and the default rule for
 * unknown arguments (any unresolved part makes the result unresolved, with that part's reason) applied
 * to every function that does not decide for itself.
 */
import type { Value } from '../../model/value.js';
import { fail, ordinal } from './args.js';
import { cidrFunctions } from './cidr.js';
import { collectionFunctions } from './collections.js';
import { ExpressionError, defaultScope, type FunctionContext, type ScopeInfo, type DeploymentScope } from './context.js';
import { dateFunctions } from './dates.js';
import { lambdaFunctions } from './lambdas.js';
import type { FunctionDef, Library } from './library.js';
import { logicFunctions } from './logic.js';
import { numericFunctions } from './numeric.js';
import { resourceIdFunctions } from './resourceIds.js';
import { listFunction, scopeFunctions } from './scope.js';
import { MAX_RESULT_CHARS, MAX_RESULT_ELEMENTS, treeSize } from './size.js';
import { stringFunctions } from './strings.js';
import { firstUnresolvedOf } from './values.js';

export { MAX_RESULT_CHARS, MAX_RESULT_ELEMENTS };

export { ExpressionError, defaultScope, type FunctionContext, type ScopeInfo, type DeploymentScope };

function buildTable(...libraries: Library[]): Map<string, FunctionDef> {
  const table = new Map<string, FunctionDef>();
  for (const library of libraries) {
    for (const [name, def] of Object.entries(library)) table.set(name.toLowerCase(), def);
  }
  return table;
}

const TABLE = buildTable(
  stringFunctions,
  collectionFunctions,
  logicFunctions,
  numericFunctions,
  lambdaFunctions,
  dateFunctions,
  scopeFunctions,
  resourceIdFunctions,
  cidrFunctions,
);

/** Names of every function the library evaluates, in lower case (list* functions are matched by prefix). */
export function knownFunctionNames(): string[] {
  return [...TABLE.keys()];
}

/** `list*` functions (listKeys, listSecrets, listAccountSas, ...) are recognised by their prefix. */
function isListFunction(lower: string): boolean {
  return lower.length > 4 && lower.startsWith('list');
}

export function isKnownFunction(name: string): boolean {
  const lower = name.toLowerCase();
  return TABLE.has(lower) || isListFunction(lower);
}

function arityText(def: FunctionDef): string {
  if (def.min === def.max) return `${def.min} argument${def.min === 1 ? '' : 's'}`;
  if (def.max === Infinity) return `at least ${def.min} argument${def.min === 1 ? '' : 's'}`;
  return `${def.min} to ${def.max} arguments`;
}

/**
 * Evaluates the template function `name` (case-insensitive) on evaluated arguments.
 * Throws `ExpressionError` for uses ARM rejects; returns `Unresolved` when the answer depends on a value
 * the scan does not know.
 */
export function callFunction(name: string, args: Value[], ctx: FunctionContext): Value {
  const lower = name.toLowerCase();
  const def = TABLE.get(lower);
  if (def === undefined) {
    if (isListFunction(lower)) return listFunction(name);
    throw new ExpressionError(`'${name}' is not a known template function.`);
  }
  if (args.length < def.min || args.length > def.max) {
    fail(name, `expects ${arityText(def)}, but got ${args.length}.`);
  }
  // Before anything walks them: a value the frontend built from shared parts may be a huge tree.
  for (let i = 0; i < args.length; i++) {
    if (treeSize(args[i]!) > MAX_RESULT_ELEMENTS) {
      throw new ExpressionError(`The ${ordinal(i)} argument of '${name}' is too large: more than ${MAX_RESULT_ELEMENTS} values, nested ones included.`);
    }
  }
  if (!def.lazy) {
    const u = firstUnresolvedOf(args);
    if (u) return u;
  }
  return guardSize(name, def.impl(args, ctx, name));
}

/**
 * Values that double on every variable (`concat(v, v)` sixty times) would otherwise grow until V8 aborts the
 * process, which no budget on steps can catch; a result past these sizes is an evaluation error instead.
 * Results that share parts (`createArray(v, v)`) cost nothing to build, so they are measured as trees.
 */
function guardSize(name: string, v: Value): Value {
  if (Array.isArray(v) && v.length > MAX_RESULT_ELEMENTS) {
    throw new ExpressionError(`The result of '${name}' has ${v.length} elements, more than the limit of ${MAX_RESULT_ELEMENTS}.`);
  }
  if (typeof v === 'string' && v.length > MAX_RESULT_CHARS) {
    throw new ExpressionError(`The result of '${name}' has ${v.length} characters, more than the limit of ${MAX_RESULT_CHARS}.`);
  }
  if (treeSize(v) > MAX_RESULT_ELEMENTS) {
    throw new ExpressionError(`The result of '${name}' is too large: more than ${MAX_RESULT_ELEMENTS} values, nested ones included.`);
  }
  return v;
}
