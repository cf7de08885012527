/**
 * Terraform values in the shared `Value` domain: lists, tuples and sets are arrays; maps and objects
 * are plain objects; anything not known at plan time is an `Unresolved` marker.
 */
import type { SourceRef } from '../../../core/source.js';
import { isPlainObject, Unresolved, type Value } from '../../../model/value.js';

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

export function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]!));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && equal(a[k]!, b[k]!));
  }
  return false;
}

/** A stable text for a value, used to de-duplicate sets and in messages. */
export function valueKey(v: Value): string {
  return JSON.stringify(v, (_k, x: unknown) => (x instanceof Unresolved ? `<${x.expression}>` : x));
}

export function setOf(items: Value[]): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const x of items) {
    const k = valueKey(x);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(x);
  }
  return out;
}
