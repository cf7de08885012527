/**
 * A merge of objects one of which is chosen by a condition that is not known: Bicep's object spread
 * `{ a: 1, ...(c ? { b: 2 } : {}) }`, compiled to `shallowMerge(createArray(…, if(c, …, createObject())))`,
 * and the same written `union(a, c ? b : {})`. As a whole the merge is not known, yet only the keys the
 * undecided parts may set are unknown: every other key is known, present or absent.
 *
 * Each frontend reads a resource property's whole value this way, where the object becomes the value tree;
 * as an argument of other functions (`length`, `contains`, `objectKeys`) the key set stays unknown.
 */
import { isPlainObject, setKey, Unresolved, type Value } from '../../model/value.js';
import { assignShallow, mergeObjects } from './collections.js';
import { findKey, type ObjectValue } from './values.js';

export interface MergeItem {
  /** The item evaluated. */
  value: Value;
  /** The keys it may set when its value is not known (those of its branches); undefined when not known either. */
  keys(): Set<string> | undefined;
  /** As written, to name the unknown keys' source. */
  text: string;
}

/**
 * `deep`: `union` (objects under one key merge); else `shallowMerge` (the last value of a key wins). Undefined
 * when every item is known (the evaluation's own result stands) or an unknown one may set any key.
 */
export function mergeWithUndecided(items: readonly MergeItem[], deep: boolean): ObjectValue | undefined {
  let out: ObjectValue = {};
  let undecided = false;
  for (const item of items) {
    const v = item.value;
    if (v === null) continue;
    if (isPlainObject(v)) {
      if (deep) out = mergeObjects(out, v);
      else assignShallow(out, v);
      continue;
    }
    if (!(v instanceof Unresolved)) return undefined;
    const keys = item.keys();
    if (!keys) return undefined;
    undecided = true;
    // Set or not, merged into an object or replacing it: in each case the key's value is not known.
    const reason = `${item.text} may or may not set it: ${v.reason}`;
    for (const k of keys) setKey(out, findKey(out, k) ?? k, new Unresolved(item.text, reason));
  }
  return undecided ? out : undefined;
}
