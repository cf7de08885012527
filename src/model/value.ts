/**
 * The normalized value tree that every frontend lowers into. Each node may carry where it was written
 * (`ref`), how it got its value (`origin`, `via`), and, when it could not be evaluated, the expression
 * text and the reason. Object keys compare case-insensitively, as ARM treats JSON property names.
 */
import type { SourceRef } from '../core/source.js';

/** A location that explains a value: the parameter, variable, module argument or default it came from. */
export interface Related {
  ref: SourceRef;
  message: string;
}

export interface NodeBase {
  /** Where the value is written (the property value, or the expression producing it). */
  ref?: SourceRef;
  /** `default`: filled in by a frontend from a service or provider default; absent means explicit. */
  origin?: 'explicit' | 'default';
  /** The chain of declarations the value flowed through (parameter, variable, module argument). */
  via?: Related[];
  /** A remark a rule may repeat (e.g. "string 'true' read as a bool", "provider default"). */
  note?: string;
}

export type Scalar = string | number | boolean | null;

export interface ScalarNode extends NodeBase {
  readonly t: 'scalar';
  value: Scalar;
}

export interface PropNode {
  /** The key as written. */
  name: string;
  /** The whole `key: value` span, the narrowest place a finding about the property can point to. */
  ref?: SourceRef;
  value: VNode;
}

export interface ObjectNode extends NodeBase {
  readonly t: 'object';
  /** Keyed by lower-cased property name. */
  props: Map<string, PropNode>;
}

export interface ArrayNode extends NodeBase {
  readonly t: 'array';
  items: VNode[];
}

export interface UnresolvedNode extends NodeBase {
  readonly t: 'unresolved';
  /** The expression as written (`[parameters('mode')]`, `var.mode`, `reference(...)`). */
  expression: string;
  /** Why it is not known: "parameter 'mode' has no default and no value was supplied", "known only at deployment". */
  reason: string;
  /** When the value is one of a known set (a parameter's `allowedValues`): rules may decide if every candidate agrees. */
  candidates?: Scalar[];
}

export type VNode = ScalarNode | ObjectNode | ArrayNode | UnresolvedNode;

/**
 * The evaluated-value domain shared by the ARM, Bicep and Terraform evaluators: plain JSON values in
 * which any part may be an `Unresolved` marker. Functions that need a value they do not have return one.
 */
export class Unresolved {
  readonly unresolved = true;
  constructor(
    readonly expression: string,
    readonly reason: string,
    readonly ref?: SourceRef,
    /** The value is one of these (a parameter's `allowedValues`), when known. */
    readonly candidates?: Scalar[],
  ) {}
}

export type Value = Scalar | Unresolved | Value[] | { [key: string]: Value } | ValueFunction;

/** A lambda or user function value (ARM `lambda()`, Bicep lambdas, Terraform functions are not values). */
export interface ValueFunction {
  readonly lambda: true;
  readonly params: string[];
  call(args: Value[]): Value;
}

export function isUnresolved(v: unknown): v is Unresolved {
  return v instanceof Unresolved;
}

export function isPlainObject(v: unknown): v is { [key: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unresolved) && !('lambda' in v && (v as { lambda: unknown }).lambda === true && typeof (v as { call?: unknown }).call === 'function');
}

/** True when some part of the value is unresolved. Iterative: values may be deep. */
export function containsUnresolved(v: Value): boolean {
  const stack: Value[] = [v];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x instanceof Unresolved) return true;
    if (Array.isArray(x)) stack.push(...x);
    else if (isPlainObject(x)) for (const k in x) stack.push(x[k]!);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Builders

export function scalar(value: Scalar, ref?: SourceRef, extra?: NodeBase): ScalarNode {
  return { t: 'scalar', value, ...(ref ? { ref } : {}), ...extra };
}

export function unresolved(expression: string, reason: string, ref?: SourceRef, extra?: NodeBase): UnresolvedNode {
  return { t: 'unresolved', expression, reason, ...(ref ? { ref } : {}), ...extra };
}

export function objectNode(ref?: SourceRef, extra?: NodeBase): ObjectNode {
  return { t: 'object', props: new Map(), ...(ref ? { ref } : {}), ...extra };
}

export function arrayNode(items: VNode[], ref?: SourceRef, extra?: NodeBase): ArrayNode {
  return { t: 'array', items, ...(ref ? { ref } : {}), ...extra };
}

export function setProp(obj: ObjectNode, name: string, value: VNode, ref?: SourceRef): void {
  obj.props.set(name.toLowerCase(), { name, value, ...(ref ? { ref } : {}) });
}

export function getProp(obj: ObjectNode, name: string): PropNode | undefined {
  return obj.props.get(name.toLowerCase());
}

/**
 * Lowers an evaluated value into the tree. Every node produced gets `ref` (the expression that produced
 * it) and the same provenance, since the parts of a computed value have no position of their own.
 */
export function fromValue(v: Value, ref?: SourceRef, extra?: NodeBase): VNode {
  if (v instanceof Unresolved) {
    const n = unresolved(v.expression, v.reason, v.ref ?? ref, extra);
    if (v.candidates) n.candidates = v.candidates;
    return n;
  }
  if (Array.isArray(v)) {
    return arrayNode(v.map((x) => fromValue(x, ref, extra)), ref, extra);
  }
  if (isPlainObject(v)) {
    const o = objectNode(ref, extra);
    for (const k of Object.keys(v)) setProp(o, k, fromValue(v[k]!, ref, extra), ref);
    return o;
  }
  if (typeof v === 'object' && v !== null) {
    return unresolved('<function>', 'a function value cannot be a property value', ref, extra);
  }
  return scalar(v, ref, extra);
}

/** The plain value of a node; unresolved parts become `Unresolved` markers. */
export function toValue(n: VNode): Value {
  switch (n.t) {
    case 'scalar':
      return n.value;
    case 'unresolved':
      return new Unresolved(n.expression, n.reason, n.ref, n.candidates);
    case 'array':
      return n.items.map(toValue);
    case 'object': {
      const o: { [k: string]: Value } = {};
      for (const p of n.props.values()) o[p.name] = toValue(p.value);
      return o;
    }
  }
}
