/**
 * Terraform values in the shared `Value` domain: lists, tuples and sets are arrays; maps and objects
 * are plain objects; anything not known at plan time is an `Unresolved` marker.
 */
import type { SourceRef } from '../../../core/source.js';
import { isPlainObject, Unresolved, type Value } from '../../../model/value.js';
import { MAX_RESULT_CHARS } from '../../expressions/size.js';

/** A resource attribute Terraform computes during apply; remembers which resource it belongs to. */
export class KnownAfterApply extends Unresolved {
  constructor(
    expression: string,
    ref: SourceRef | undefined,
    /** The instance address (`azurerm_linux_web_app.app[0]`), unprefixed by module path. */
    readonly address: string,
    readonly attribute: string,
    /** The module path of the instance (`module.apps["a"]`), empty at the root. */
    readonly modulePath: string,
  ) {
    super(expression, 'known after apply', ref);
  }
}

export const SENSITIVE_REASON = 'sensitive value is not read';

/** An evaluation error Terraform itself would report; `try()` and `can()` catch it. */
export class EvalError extends Error {
  constructor(
    message: string,
    readonly ref?: SourceRef,
  ) {
    super(message);
  }
}

/** The step or time budget ran out: not catchable by `try()`. */
export class BudgetExceeded extends Error {
  constructor(readonly kind: 'steps' | 'time') {
    super(kind === 'time' ? 'evaluation took longer than its time budget' : 'evaluation exceeded its step budget');
  }
}

export type Obj = { [key: string]: Value };

export function isObj(v: Value): v is Obj {
  return isPlainObject(v);
}

export function firstUnresolved(v: Value): Unresolved | undefined {
  const stack: Value[] = [v];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x instanceof Unresolved) return x;
    if (Array.isArray(x)) for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]!);
    else if (isObj(x)) for (const k of Object.keys(x).reverse()) stack.push(x[k]!);
  }
  return undefined;
}

export function typeName(v: Value): string {
  if (v === null) return 'null';
  if (v instanceof Unresolved) return 'unknown';
  if (Array.isArray(v)) return 'list';
  if (isObj(v)) return 'object';
  if (typeof v === 'object') return 'function';
  return typeof v;
}

/** Terraform's number formatting: integers without a decimal point, others shortest round-trip. */
export function numberToString(n: number): string {
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

/** Converts to string as Terraform's automatic conversion does (numbers and bools only). */
export function toStr(v: Value, what: string): string | Unresolved {
  if (v instanceof Unresolved) return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v === null) throw new EvalError(`${what}: a null value cannot be used as a string`);
  throw new EvalError(`${what}: a ${typeName(v)} cannot be used as a string`);
}

export function toNum(v: Value, what: string): number | Unresolved {
  if (v instanceof Unresolved) return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw new EvalError(`${what}: ${JSON.stringify(v)} is not a number`);
}

export function toBool(v: Value, what: string): boolean | Unresolved {
  if (v instanceof Unresolved) return v;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new EvalError(`${what}: ${JSON.stringify(v)} is not a bool`);
}

/**
 * Terraform equality of two values. Iterative: decoded JSON can be thousands of levels deep. Values are
 * bounded in size where they are built (evaluate.ts), and a part shared by both sides is equal at once.
 */
export function equal(a: Value, b: Value): boolean {
  const stack: [Value, Value][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      for (let i = x.length - 1; i >= 0; i--) stack.push([x[i]!, y[i]!]);
      continue;
    }
    if (isObj(x) && isObj(y)) {
      const kx = Object.keys(x);
      if (kx.length !== Object.keys(y).length) return false;
      for (let i = kx.length - 1; i >= 0; i--) {
        const k = kx[i]!;
        if (!Object.prototype.hasOwnProperty.call(y, k)) return false;
        stack.push([x[k]!, y[k]!]);
      }
      continue;
    }
    return false;
  }
  return true;
}

/**
 * Characters a function may write in all: a list that holds one long string a million times is small in
 * memory but not as text. Shared by every item a call serializes.
 */
export class TextBudget {
  private left = MAX_RESULT_CHARS;
  constructor(private readonly fn: string) {}

  take(n: number): void {
    this.left -= n;
    if (this.left < 0) throw new EvalError(`${this.fn}: the result would be longer than ${MAX_RESULT_CHARS} characters`);
  }
}

class Literal {
  constructor(readonly text: string) {}
}

/**
 * JSON text of a value as JSON.stringify writes it (unknown parts as `"<expression>"`), within `budget`.
 * With `sortKeys`, objects that differ only in key order give the same text (Terraform objects are unordered).
 */
export function writeJson(v: Value, budget: TextBudget, sortKeys = false): string {
  if (typeof v === 'string') {
    budget.take(v.length);
    return JSON.stringify(v);
  }
  const out: string[] = [];
  const emit = (text: string): void => {
    budget.take(text.length);
    out.push(text);
  };
  const stack: (Value | Literal)[] = [v];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x instanceof Literal) emit(x.text);
    else if (x === null) emit('null');
    else if (typeof x === 'string') {
      budget.take(x.length);
      out.push(JSON.stringify(x));
    } else if (typeof x === 'number') emit(Number.isFinite(x) ? JSON.stringify(x) : 'null');
    else if (typeof x === 'boolean') emit(x ? 'true' : 'false');
    else if (x instanceof Unresolved) emit(JSON.stringify(`<${x.expression}>`));
    else if (Array.isArray(x)) {
      stack.push(new Literal(']'));
      for (let i = x.length - 1; i >= 0; i--) {
        stack.push(x[i]!);
        if (i > 0) stack.push(new Literal(','));
      }
      stack.push(new Literal('['));
    } else if (isObj(x)) {
      const keys = Object.keys(x);
      if (sortKeys) keys.sort();
      stack.push(new Literal('}'));
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push(x[keys[i]!]!);
        stack.push(new Literal(`${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:`));
      }
      stack.push(new Literal('{'));
    } else emit('null');
  }
  return out.join('');
}

/** A stable text for a value, used to de-duplicate sets and in messages. */
export function valueKey(v: Value, budget = new TextBudget('a set')): string {
  return writeJson(v, budget, true);
}

export function setOf(items: Value[], budget = new TextBudget('a set')): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const x of items) {
    const k = valueKey(x, budget);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(x);
  }
  return out;
}
