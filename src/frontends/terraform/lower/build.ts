/** Small builders for ARM-shaped bodies with provenance, shared by the azurerm, azapi and plan lowering. */
import type { SourceRef } from '../../../core/source.js';
import { fromValue, getProp, objectNode, scalar, setProp, Unresolved, type ObjectNode, type Scalar, type VNode } from '../../../model/value.js';
import type { TfAttr } from './tfobject.js';

/** The attribute's value as a node, carrying the variables it came from. */
export function nodeOf(a: TfAttr): VNode {
  return fromValue(a.value, a.valueRef ?? a.ref, a.via ? { via: a.via } : undefined);
}

export function defaulted(value: Scalar, note: string, ref: SourceRef | undefined): VNode {
  return scalar(value, ref, { origin: 'default', note });
}

/** Sets `a.b.c` under `root`, creating the objects on the way (they point at `holderRef`). */
export function put(root: ObjectNode, path: string, value: VNode, propRef?: SourceRef, holderRef?: SourceRef): void {
  const segs = path.split('.');
  let cur = root;
  for (const seg of segs.slice(0, -1)) {
    const p = getProp(cur, seg);
    if (p && p.value.t === 'object') cur = p.value;
    else {
      const o = objectNode(holderRef ?? root.ref);
      setProp(cur, seg, o, holderRef ?? root.ref);
      cur = o;
    }
  }
  setProp(cur, segs[segs.length - 1]!, value, propRef);
}

/** Sets the property from the attribute when written, else from the provider default (when there is one). */
export function putAttr(root: ObjectNode, path: string, a: TfAttr | undefined, dflt?: { value: Scalar; note: string; ref?: SourceRef }): void {
  if (a && a.value !== null) put(root, path, nodeOf(a), a.ref);
  else if (dflt) put(root, path, defaulted(dflt.value, dflt.note, dflt.ref), dflt.ref);
}

/** `public_network_access_enabled = false` is ARM's `publicNetworkAccess: 'Disabled'`. */
export function accessNode(a: TfAttr): VNode {
  const v = a.value;
  const ref = a.valueRef ?? a.ref;
  const extra = a.via ? { via: a.via } : {};
  if (v === true || v === 'true') return scalar('Enabled', ref, extra);
  if (v === false || v === 'false') return scalar('Disabled', ref, extra);
  if (v instanceof Unresolved) return fromValue(v, ref, extra);
  return fromValue(v, ref, extra);
}
