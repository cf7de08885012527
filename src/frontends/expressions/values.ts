/**
 * Operations on the evaluated-value domain that several functions share: type names for messages,
 * finding the unresolved part a result depends on, ARM's equality and its string rendering.
 * Values can be nested arbitrarily deep (json() of user text), so every walk here is iterative.
 */
import { Unresolved, hasKey, isPlainObject, setKey, type Value, type ValueFunction } from '../../model/value.js';
import { ExpressionError } from './context.js';
import { MAX_RESULT_CHARS } from './size.js';

export type ObjectValue = { [key: string]: Value };

export function isLambda(v: Value): v is ValueFunction {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unresolved) && !isPlainObject(v);
}

/** The type name ARM uses in its messages. */
export function typeName(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Unresolved) return 'unresolved value';
  if (isLambda(v)) return 'lambda';
  return 'object';
}

/** The first unresolved part of `v` in document order, or undefined when `v` is fully known. */
export function firstUnresolved(v: Value): Unresolved | undefined {
  const stack: Value[] = [v];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x instanceof Unresolved) return x;
    if (Array.isArray(x)) {
      for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]!);
    } else if (isPlainObject(x)) {
      const keys = Object.keys(x);
      for (let i = keys.length - 1; i >= 0; i--) stack.push(x[keys[i]!]!);
    }
  }
  return undefined;
}

export function firstUnresolvedOf(values: readonly Value[]): Unresolved | undefined {
  for (const v of values) {
    const u = firstUnresolved(v);
    if (u) return u;
  }
  return undefined;
}

/** ARM property names compare case-insensitively; an exact match wins. */
export function findKey(o: ObjectValue, key: string): string | undefined {
  if (hasKey(o, key)) return key;
  const lower = key.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return k;
  return undefined;
}

/** A shallow copy that keeps every key, including `__proto__`. */
export function copyObject(o: ObjectValue): ObjectValue {
  const out: ObjectValue = {};
  for (const k of Object.keys(o)) setKey(out, k, o[k]!);
  return out;
}

/** Three-valued truth: known, or unresolved with the reason it depends on. */
export type Tri = boolean | Unresolved;

/**
 * Comparisons left to a function that compares many pairs (union, intersection): every pair of values
 * taken up for comparison counts, so large items that differ only at the end cannot make it quadratic
 * without bound.
 */
export class CompareBudget {
  static readonly MAX = 10_000_000;
  private left = CompareBudget.MAX;
  constructor(private readonly fn: string) {}

  spend(n: number): void {
    this.left -= n;
    if (this.left < 0) {
      throw new ExpressionError(`The template function '${this.fn}' needs more than ${CompareBudget.MAX} value comparisons, the limit.`);
    }
  }
}

/**
 * ARM's deep equality: strings compare ordinally (case-sensitive), numbers by value, objects by their
 * property names (case-insensitive, as ARM reads JSON) and values. A known difference anywhere decides
 * `false` even when other parts are unresolved; otherwise an unresolved part makes the answer unknown.
 */
export function armEquals(a: Value, b: Value, budget?: CompareBudget): Tri {
  const stack: [Value, Value][] = [[a, b]];
  let unknown: Unresolved | undefined;
  budget?.spend(1);
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x instanceof Unresolved || y instanceof Unresolved) {
      unknown ??= x instanceof Unresolved ? x : (y as Unresolved);
      continue;
    }
    if (x === y) continue;
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      budget?.spend(x.length);
      for (let i = 0; i < x.length; i++) stack.push([x[i]!, y[i]!]);
      continue;
    }
    if (isPlainObject(x)) {
      if (!isPlainObject(y)) return false;
      const kx = Object.keys(x);
      if (kx.length !== Object.keys(y).length) return false;
      budget?.spend(kx.length);
      for (const k of kx) {
        const ky = findKey(y, k);
        if (ky === undefined) return false;
        stack.push([x[k]!, y[ky]!]);
      }
      continue;
    }
    // Scalars that are not identical, or two distinct lambdas.
    return false;
  }
  return unknown ?? true;
}

class Literal {
  constructor(readonly text: string) {}
}

/** The error for a string result past `MAX_RESULT_CHARS`, built or about to be. */
export function textTooLong(fn: string): ExpressionError {
  return new ExpressionError(`The result of '${fn}' is too large: more than ${MAX_RESULT_CHARS} characters.`);
}

/**
 * ARM's `string()`: strings as they are, null as the empty string, booleans as .NET prints them
 * (`True`/`False`), numbers in invariant culture, arrays and objects as compact JSON.
 * `fn` names the function whose result this is, for the error when the text would be too long.
 */
export function armString(v: Value, fn = 'string'): string {
  if (typeof v === 'string') return v;
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return numberText(v);
  return compactJson(v, fn);
}

export function numberText(n: number): string {
  return String(n);
}

/**
 * Compact JSON in the property order written, as ARM serializes objects and arrays. The text is counted as
 * it is written and abandoned once past `MAX_RESULT_CHARS` (a shared value can stand for far more text
 * than memory holds), with an error that names `fn`.
 */
export function compactJson(v: Value, fn = 'string'): string {
  const out: string[] = [];
  let length = 0;
  const emit = (text: string): void => {
    length += text.length;
    if (length > MAX_RESULT_CHARS) throw textTooLong(fn);
    out.push(text);
  };
  const stack: (Value | Literal)[] = [v];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x instanceof Literal) {
      emit(x.text);
    } else if (x === null) {
      emit('null');
    } else if (typeof x === 'string') {
      // A string longer than the limit is refused before JSON.stringify copies it.
      if (length + x.length > MAX_RESULT_CHARS) throw textTooLong(fn);
      emit(JSON.stringify(x));
    } else if (typeof x === 'number') {
      emit(Number.isFinite(x) ? numberText(x) : 'null');
    } else if (typeof x === 'boolean') {
      emit(x ? 'true' : 'false');
    } else if (x instanceof Unresolved) {
      emit(JSON.stringify(`<${x.expression}>`));
    } else if (Array.isArray(x)) {
      stack.push(new Literal(']'));
      for (let i = x.length - 1; i >= 0; i--) {
        stack.push(x[i]!);
        if (i > 0) stack.push(new Literal(','));
      }
      stack.push(new Literal('['));
    } else if (isPlainObject(x)) {
      const keys = Object.keys(x);
      stack.push(new Literal('}'));
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push(x[keys[i]!]!);
        stack.push(new Literal(`${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:`));
      }
      stack.push(new Literal('{'));
    } else {
      emit('null');
    }
  }
  return out.join('');
}
