/**
 * How rules read the model: a case-insensitive path walk that always answers with provenance.
 * A missing property answers `absent` pointing at the nearest parent that exists (Spectral's parent
 * fallback), so a finding about a property that is not written still lands on a real line.
 */
import type { SourceRef } from '../core/source.js';
import type { Resource } from './resource.js';
import type { ObjectNode, Related, VNode } from './value.js';

export type AttrOrigin = 'explicit' | 'default' | 'absent' | 'unresolved';

export interface Attr {
  path: string;
  origin: AttrOrigin;
  /** The node found (absent: undefined). */
  node?: VNode;
  /** The `key: value` span when the property is written, else the value's, else the nearest parent's. */
  ref?: SourceRef;
  /** For `unresolved`: the expression as written and why it is not known. */
  expression?: string;
  reason?: string;
  via?: Related[];
  note?: string;
}

/** Walks `path` (dot-separated, case-insensitive) from the resource body or any object node. */
export function attr(from: Resource | ObjectNode, path: string): Attr {
  const root: ObjectNode = 'body' in from ? from.body : from;
  const fallbackRef = 'body' in from ? (from.body.ref ?? from.ref) : from.ref;
  const segments = path.split('.');
  let current: VNode = root;
  let currentRef: SourceRef | undefined = root.ref ?? fallbackRef;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (current.t === 'unresolved') {
      return {
        path,
        origin: 'unresolved',
        node: current,
        ref: current.ref ?? currentRef,
        expression: current.expression,
        reason: current.reason,
        ...(current.via ? { via: current.via } : {}),
      };
    }
    if (current.t !== 'object') {
      return { path, origin: 'absent', ref: currentRef, note: `'${segments.slice(0, i).join('.')}' is not an object` };
    }
    const prop = current.props.get(seg.toLowerCase());
    if (!prop) return { path, origin: 'absent', ref: currentRef };
    current = prop.value;
    currentRef = prop.ref ?? prop.value.ref ?? currentRef;
  }
  if (current.t === 'unresolved') {
    return {
      path,
      origin: 'unresolved',
      node: current,
      ref: currentRef,
      expression: current.expression,
      reason: current.reason,
      ...(current.via ? { via: current.via } : {}),
    };
  }
  // JSON null is what ARM treats as "not set".
  if (current.t === 'scalar' && current.value === null) {
    return { path, origin: 'absent', node: current, ref: currentRef, ...(current.via ? { via: current.via } : {}) };
  }
  return {
    path,
    origin: current.origin === 'default' ? 'default' : 'explicit',
    node: current,
    ref: currentRef,
    ...(current.via ? { via: current.via } : {}),
    ...(current.note ? { note: current.note } : {}),
  };
}

export type Read<T> =
  | { state: 'value'; value: T; attr: Attr; note?: string }
  | { state: 'absent'; attr: Attr }
  | { state: 'unresolved'; attr: Attr }
  | { state: 'invalid'; attr: Attr; note: string };

/** A bool, accepting the strings "true"/"false" (with a note), as ARM does. */
export function readBool(a: Attr): Read<boolean> {
  if (a.origin === 'absent') return { state: 'absent', attr: a };
  if (a.origin === 'unresolved') return { state: 'unresolved', attr: a };
  const n = a.node!;
  if (n.t === 'scalar') {
    if (typeof n.value === 'boolean') return { state: 'value', value: n.value, attr: a };
    if (typeof n.value === 'string') {
      const s = n.value.trim().toLowerCase();
      if (s === 'true' || s === 'false') {
        return { state: 'value', value: s === 'true', attr: a, note: `the string '${n.value}' is read as the bool ${s}` };
      }
    }
  }
  return { state: 'invalid', attr: a, note: `expected a bool, found ${describe(n)}` };
}

export function readString(a: Attr): Read<string> {
  if (a.origin === 'absent') return { state: 'absent', attr: a };
  if (a.origin === 'unresolved') return { state: 'unresolved', attr: a };
  const n = a.node!;
  if (n.t === 'scalar' && typeof n.value === 'string') return { state: 'value', value: n.value, attr: a };
  return { state: 'invalid', attr: a, note: `expected a string, found ${describe(n)}` };
}

/** An array's items; an absent array reads as absent (callers decide whether that means empty). */
export function readArray(a: Attr): Read<VNode[]> {
  if (a.origin === 'absent') return { state: 'absent', attr: a };
  if (a.origin === 'unresolved') return { state: 'unresolved', attr: a };
  const n = a.node!;
  if (n.t === 'array') return { state: 'value', value: n.items, attr: a };
  return { state: 'invalid', attr: a, note: `expected an array, found ${describe(n)}` };
}

export function describe(n: VNode): string {
  switch (n.t) {
    case 'scalar':
      return n.value === null ? 'null' : `${typeof n.value} ${JSON.stringify(n.value)}`;
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    case 'unresolved':
      return `unresolved ${n.expression}`;
  }
}

/** Case-insensitive equality, for enum values (`required` is `Required`). */
export function eqi(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}
