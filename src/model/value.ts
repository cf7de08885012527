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

/*
 * Object values are plain objects whose keys come from the user's text, so a key may be any string:
 * `constructor`, `toString` and `__proto__` too. Read and test keys as own properties (an inherited
 * `constructor` is no key), and set them with `setKey` (assigning `__proto__` would set the prototype).
 */

/** Sets a key as an own property, as JSON.parse does, even for `__proto__`. */
export function setKey(o: { [key: string]: Value }, key: string, value: Value): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  else o[key] = value;
}

export function hasKey(o: { [key: string]: Value }, key: string): boolean {
  return Object.hasOwn(o, key);
}

/** The value of an own key, or undefined. */
export function getKey(o: { [key: string]: Value }, key: string): Value | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** True when some part of the value is unresolved. Iterative: values may be deep. */
export function containsUnresolved(v: Value): boolean {
  const stack: Value[] = [v];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x instanceof Unresolved) return true;
    // Not push(...x): an array of a million elements spread as arguments overflows the call stack.
    if (Array.isArray(x)) for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]!);
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

/** A part of a value still to be lowered, and the slot its node goes into. */
interface Pending {
  value: Value;
  into: VNode[] | PropNode;
  at: number;
}

/** Stands in a slot until the part's own node replaces it; never left in a finished tree. */
const PLACEHOLDER: ScalarNode = { t: 'scalar', value: null };

/**
 * Lowers an evaluated value into the tree. Every node produced gets `ref` (the expression that produced
 * it) and the same provenance, since the parts of a computed value have no position of their own.
 * Iterative: `json()` of user text can nest thousands of levels deep.
 */
export function fromValue(v: Value, ref?: SourceRef, extra?: NodeBase): VNode {
  const root: VNode[] = [PLACEHOLDER];
  const work: Pending[] = [{ value: v, into: root, at: 0 }];
  while (work.length > 0) {
    const { value, into, at } = work.pop()!;
    const node = shallowNode(value, ref, extra, work);
    if (Array.isArray(into)) into[at] = node;
    else into.value = node;
  }
  return root[0]!;
}

/** The node of `v` itself; its parts are queued on `work`, each with the slot it fills. */
function shallowNode(v: Value, ref: SourceRef | undefined, extra: NodeBase | undefined, work: Pending[]): VNode {
  if (v instanceof Unresolved) {
    const n = unresolved(v.expression, v.reason, v.ref ?? ref, extra);
    if (v.candidates) n.candidates = v.candidates;
    return n;
  }
  if (Array.isArray(v)) {
    const items = new Array<VNode>(v.length).fill(PLACEHOLDER);
    for (let i = 0; i < v.length; i++) work.push({ value: v[i]!, into: items, at: i });
    return arrayNode(items, ref, extra);
  }
  if (isPlainObject(v)) {
    const o = objectNode(ref, extra);
    for (const k of Object.keys(v)) {
      const prop: PropNode = { name: k, value: PLACEHOLDER, ...(ref ? { ref } : {}) };
      o.props.set(k.toLowerCase(), prop);
      work.push({ value: v[k]!, into: prop, at: 0 });
    }
    return o;
  }
  if (typeof v === 'object' && v !== null) {
    return unresolved('<function>', 'a function value cannot be a property value', ref, extra);
  }
  return scalar(v, ref, extra);
}

/** The plain value of a node; unresolved parts become `Unresolved` markers. Iterative, as `fromValue`. */
export function toValue(n: VNode): Value {
  const root: Value[] = [null];
  const work: { node: VNode; into: Value[] | { [k: string]: Value }; at: number | string }[] = [{ node: n, into: root, at: 0 }];
  while (work.length > 0) {
    const { node, into, at } = work.pop()!;
    let v: Value;
    switch (node.t) {
      case 'scalar':
        v = node.value;
        break;
      case 'unresolved':
        v = new Unresolved(node.expression, node.reason, node.ref, node.candidates);
        break;
      case 'array': {
        const items = new Array<Value>(node.items.length).fill(null);
        node.items.forEach((item, i) => work.push({ node: item, into: items, at: i }));
        v = items;
        break;
      }
      case 'object': {
        const o: { [k: string]: Value } = {};
        for (const p of node.props.values()) {
          setKey(o, p.name, null); // now, so that the keys keep their order
          work.push({ node: p.value, into: o, at: p.name });
        }
        v = o;
        break;
      }
    }
    if (Array.isArray(into)) into[at as number] = v;
    else into[at as string] = v;
  }
  return root[0]!;
}
