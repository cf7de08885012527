/**
 * Lambda functions. https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-lambda
 * The lambda itself is the caller's `ValueFunction`; an optional index parameter is passed when declared.
 */
import { Unresolved, hasKey, setKey, type Value } from '../../model/value.js';
import { arr, fail, invoke, lambda, obj } from './args.js';
import type { FunctionDef, Library } from './library.js';
import { typeName, type ObjectValue } from './values.js';

function expectBool(fn: string, v: Value): boolean | Unresolved {
  if (v instanceof Unresolved || typeof v === 'boolean') return v;
  fail(fn, `expects its lambda to return a bool, but it returned ${typeName(v)}.`);
}

function expectKey(fn: string, v: Value): string | Unresolved {
  if (v instanceof Unresolved || typeof v === 'string') return v;
  fail(fn, `expects its lambda to return a string key, but it returned ${typeName(v)}.`);
}

/** Stable merge sort driven by a "comes before" lambda; bottom-up, so no recursion. */
function sortBy(items: Value[], before: (x: Value, y: Value) => boolean | Unresolved): Value[] | Unresolved {
  let src = items.slice();
  let dst: Value[] = new Array<Value>(src.length);
  for (let width = 1; width < src.length; width *= 2) {
    for (let lo = 0; lo < src.length; lo += 2 * width) {
      const mid = Math.min(lo + width, src.length);
      const hi = Math.min(lo + 2 * width, src.length);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // Take from the right only when it strictly comes before the left, which keeps the sort stable.
        const rightFirst = before(src[j]!, src[i]!);
        if (rightFirst instanceof Unresolved) return rightFirst;
        dst[k++] = rightFirst ? src[j++]! : src[i++]!;
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/**
 * Every lambda function decides on its collection first: an unknown collection gives an unknown result and
 * the lambda is never run (an unknown inside the items is the lambda's business).
 */
function overCollection(min: number, max: number, body: (a: Value[], fn: string) => Value): FunctionDef {
  return { min, max, lazy: true, impl: (a, _c, fn) => (a[0] instanceof Unresolved ? a[0] : body(a, fn)) };
}

export const lambdaFunctions: Library = {
  filter: overCollection(2, 2, (a, fn) => {
    const items = arr(fn, a, 0);
    const f = lambda(fn, a, 1);
    const out: Value[] = [];
    for (let i = 0; i < items.length; i++) {
      const keep = expectBool(fn, invoke(f, [items[i]!, i]));
      if (keep instanceof Unresolved) return keep;
      if (keep) out.push(items[i]!);
    }
    return out;
  }),
  map: overCollection(2, 2, (a, fn) => {
    const f = lambda(fn, a, 1);
    return arr(fn, a, 0).map((item, i) => invoke(f, [item, i]));
  }),
  reduce: overCollection(3, 3, (a, fn) => {
    const items = arr(fn, a, 0);
    const f = lambda(fn, a, 2);
    let acc: Value = a[1]!;
    for (let i = 0; i < items.length; i++) acc = invoke(f, [acc, items[i]!, i]);
    return acc;
  }),
  sort: overCollection(2, 2, (a, fn) => {
    const items = arr(fn, a, 0);
    const f = lambda(fn, a, 1);
    return sortBy(items, (x, y) => expectBool(fn, invoke(f, [x, y])));
  }),
  groupBy: overCollection(2, 2, (a, fn) => {
    const items = arr(fn, a, 0);
    const f = lambda(fn, a, 1);
    const out: ObjectValue = {};
    for (const item of items) {
      const key = expectKey(fn, invoke(f, [item]));
      if (key instanceof Unresolved) return key;
      const group = hasKey(out, key) ? (out[key] as Value[]) : [];
      if (group.length === 0) setKey(out, key, group);
      group.push(item);
    }
    return out;
  }),
  mapValues: overCollection(2, 2, (a, fn) => {
    const o = obj(fn, a, 0);
    const f = lambda(fn, a, 1);
    const out: ObjectValue = {};
    for (const key of Object.keys(o)) setKey(out, key, invoke(f, [o[key]!]));
    return out;
  }),
  toObject: overCollection(2, 3, (a, fn) => {
    const items = arr(fn, a, 0);
    const keyOf = lambda(fn, a, 1);
    const valueOf = a.length > 2 ? lambda(fn, a, 2) : undefined;
    const out: ObjectValue = {};
    for (const item of items) {
      const key = expectKey(fn, invoke(keyOf, [item]));
      if (key instanceof Unresolved) return key;
      setKey(out, key, valueOf ? invoke(valueOf, [item]) : item);
    }
    return out;
  }),
};
