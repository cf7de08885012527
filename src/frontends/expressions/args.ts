/** Argument checks with the messages a template author can act on. */
import { isPlainObject, type Value, type ValueFunction } from '../../model/value.js';
import { ExpressionError } from './context.js';
import { isLambda, typeName, type ObjectValue } from './values.js';

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

export function ordinal(i: number): string {
  return ORDINALS[i] ?? `${i + 1}th`;
}

export function fail(fn: string, message: string): never {
  throw new ExpressionError(`The template function '${fn}' ${message}`);
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

export function wrongType(fn: string, i: number, expected: string, got: Value): never {
  fail(fn, `expects its ${ordinal(i)} argument to be ${expected}, but got ${article(typeName(got))}.`);
}

export function str(fn: string, args: readonly Value[], i: number): string {
  const v = args[i]!;
  if (typeof v !== 'string') wrongType(fn, i, 'a string', v);
  return v;
}

/** ARM ints are 64-bit integers; a float where an int is required is rejected. */
export function int(fn: string, args: readonly Value[], i: number): number {
  const v = args[i]!;
  if (typeof v !== 'number' || !Number.isInteger(v)) wrongType(fn, i, 'an int', v);
  return v;
}

export function bool(fn: string, args: readonly Value[], i: number): boolean {
  const v = args[i]!;
  if (typeof v !== 'boolean') wrongType(fn, i, 'a bool', v);
  return v;
}

export function arr(fn: string, args: readonly Value[], i: number): Value[] {
  const v = args[i]!;
  if (!Array.isArray(v)) wrongType(fn, i, 'an array', v);
  return v;
}

export function obj(fn: string, args: readonly Value[], i: number): ObjectValue {
  const v = args[i]!;
  if (!isPlainObject(v)) wrongType(fn, i, 'an object', v);
  return v;
}

export function lambda(fn: string, args: readonly Value[], i: number): ValueFunction {
  const v = args[i]!;
  if (!isLambda(v)) wrongType(fn, i, 'a lambda expression', v);
  return v;
}

/** Calls a lambda with as many of `args` as it declares (an index parameter is optional in Bicep). */
export function invoke(f: ValueFunction, args: Value[]): Value {
  return f.call(f.params.length > 0 && f.params.length < args.length ? args.slice(0, f.params.length) : args);
}
