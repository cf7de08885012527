/**
 * Array and object functions, and the functions that take a string or an array alike.
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-array
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-object
 *
 * Most of these are lazy: the shape of a collection is often known while some items are not, and
 * `length([?, ?])` is 2 whatever the items are.
 */
import { Unresolved, isPlainObject, setKey, type Value } from '../../model/value.js';
import { arr, fail, int, obj, ordinal, str, wrongType } from './args.js';
import { ExpressionError } from './context.js';
import type { Library } from './library.js';
import { MAX_RESULT_CHARS, MAX_RESULT_ELEMENTS } from './size.js';
import { armEquals, armString, CompareBudget, copyObject, findKey, textTooLong, typeName, type ObjectValue } from './values.js';

/** ARM's own limit on range(). */
const MAX_RANGE = 10_000;

function unresolvedAt(a: readonly Value[], ...indices: number[]): Unresolved | undefined {
  for (const i of indices) {
    const v = a[i];
    if (v instanceof Unresolved) return v;
  }
  return undefined;
}

/** Ordinal, case-insensitive search, as ARM's indexOf/lastIndexOf on strings. */
function indexOfIgnoreCase(s: string, t: string, last: boolean): number {
  const ls = s.toLowerCase();
  const lt = t.toLowerCase();
  if (ls.length === s.length && lt.length === t.length) return last ? ls.lastIndexOf(lt) : ls.indexOf(lt);
  // Case mapping changed the length (rare letters); compare character by character instead.
  const fits = (i: number): boolean => s.substr(i, t.length).toLowerCase() === lt;
  if (last) {
    for (let i = s.length - t.length; i >= 0; i--) if (fits(i)) return i;
  } else {
    for (let i = 0; i + t.length <= s.length; i++) if (fits(i)) return i;
  }
  return -1;
}

/** Position of `item` in `items` by ARM equality; unknown when an unresolved item might match first. */
function findItem(items: readonly Value[], item: Value, last: boolean): number | Unresolved {
  let unknown: Unresolved | undefined;
  for (let n = 0; n < items.length; n++) {
    const i = last ? items.length - 1 - n : n;
    const eq = armEquals(items[i]!, item);
    if (eq === true) return unknown ?? i;
    if (eq instanceof Unresolved) unknown ??= eq;
  }
  return unknown ?? -1;
}

function searchFunction(last: boolean): Library[string] {
  return {
    min: 2,
    max: 2,
    lazy: true,
    impl: (a, _c, fn) => {
      const container = a[0]!;
      if (container instanceof Unresolved) return container;
      if (Array.isArray(container)) return findItem(container, a[1]!, last);
      if (typeof container === 'string') {
        const u = unresolvedAt(a, 1);
        if (u) return u;
        return indexOfIgnoreCase(container, str(fn, a, 1), last);
      }
      wrongType(fn, 0, 'a string or an array', container);
    },
  };
}

function sliceFunction(take: boolean): Library[string] {
  return {
    min: 2,
    max: 2,
    lazy: true,
    impl: (a, _c, fn) => {
      const u = unresolvedAt(a, 0, 1);
      if (u) return u;
      const v = a[0]!;
      const n = Math.max(0, int(fn, a, 1));
      if (typeof v === 'string' || Array.isArray(v)) return take ? v.slice(0, n) : v.slice(n);
      wrongType(fn, 0, 'a string or an array', v);
    },
  };
}

function endFunction(last: boolean): Library[string] {
  return {
    min: 1,
    max: 1,
    lazy: true,
    impl: (a, _c, fn) => {
      const v = a[0]!;
      if (v instanceof Unresolved || v === null) return v;
      if (Array.isArray(v)) return (last ? v[v.length - 1] : v[0]) ?? null;
      if (typeof v === 'string') return (last ? v[v.length - 1] : v[0]) ?? '';
      wrongType(fn, 0, 'a string or an array', v);
    },
  };
}

function fromEndFunction(tolerant: boolean): Library[string] {
  return {
    min: 2,
    max: 2,
    lazy: true,
    impl: (a, _c, fn) => {
      const u = unresolvedAt(a, 0, 1);
      if (u) return u;
      const items = arr(fn, a, 0);
      const n = int(fn, a, 1);
      if (n >= 1 && n <= items.length) return items[items.length - n]!;
      if (tolerant) return null;
      fail(fn, `cannot take item ${n} from the end of an array of length ${items.length}.`);
    },
  };
}

/**
 * A key under which ARM equality of scalars is plain identity, so they can be looked up instead of compared
 * one by one (union and intersection of long lists of names would otherwise be quadratic).
 */
function scalarKey(v: Value): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'string') return `s${v}`;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' && Number.isFinite(v)) return `n${v}`;
  return undefined;
}

/**
 * Union of arrays: the items of all arrays in order, without duplicates. Gives the same answer as comparing
 * each item with every item kept so far (findItem): a scalar equals only an identical scalar and is unknown
 * against an unresolved item; only arrays, objects and unresolved items need comparing.
 */
function unionArrays(arrays: Value[][], budget: CompareBudget): Value {
  const out: Value[] = [];
  const scalars = new Map<string, number>();
  const others: number[] = [];
  let firstUnknown = -1;
  for (const items of arrays) {
    for (const item of items) {
      const key = scalarKey(item);
      if (key !== undefined) {
        const at = scalars.get(key);
        if (firstUnknown >= 0 && (at === undefined || firstUnknown < at)) return out[firstUnknown]!;
        if (at === undefined) {
          scalars.set(key, out.length);
          out.push(item);
        }
        continue;
      }
      if (item instanceof Unresolved) {
        // Unknown against anything: the first comparison (with the first item kept) decides which reason.
        if (out.length > 0) return out[0] instanceof Unresolved ? out[0] : item;
      } else {
        let unknown: Unresolved | undefined;
        let found = false;
        for (const i of others) {
          const eq = armEquals(out[i]!, item, budget);
          if (eq === true) {
            found = true;
            break;
          }
          if (eq instanceof Unresolved) unknown ??= eq;
        }
        if (unknown) return unknown;
        if (found) continue;
      }
      if (item instanceof Unresolved && firstUnknown < 0) firstUnknown = out.length;
      others.push(out.length);
      out.push(item);
    }
  }
  return out;
}

/** Whether an array holds an item ARM might consider equal to a given one (findItem(...) !== -1), by lookup. */
class Membership {
  private readonly scalars = new Set<string>();
  private readonly others: Value[] = [];
  private unknown = false;

  constructor(private readonly budget: CompareBudget) {}

  add(item: Value): void {
    const key = scalarKey(item);
    if (key !== undefined) this.scalars.add(key);
    else {
      if (item instanceof Unresolved) this.unknown = true;
      this.others.push(item);
    }
  }

  mayContain(item: Value): boolean {
    const key = scalarKey(item);
    if (key !== undefined) return this.unknown || this.scalars.has(key);
    if (item instanceof Unresolved) return this.scalars.size + this.others.length > 0;
    return this.others.some((o) => armEquals(o, item, this.budget) !== false);
  }
}

/** `shallowMerge`'s step: each key of `source` replaces the key of that name in `target`, whatever its case. */
export function assignShallow(target: ObjectValue, source: ObjectValue): void {
  for (const key of Object.keys(source)) setKey(target, findKey(target, key) ?? key, source[key]!);
}

/**
 * Union of objects: later properties win, and where both sides hold an object the two are merged
 * recursively (arrays are replaced, not merged). Iterative, so deep objects cannot overflow the stack.
 */
export function mergeObjects(first: ObjectValue, second: ObjectValue): ObjectValue {
  const root = copyObject(first);
  const stack: [ObjectValue, ObjectValue][] = [[root, second]];
  while (stack.length > 0) {
    const [target, source] = stack.pop()!;
    for (const key of Object.keys(source)) {
      const incoming = source[key]!;
      const existingKey = findKey(target, key);
      if (existingKey === undefined) {
        setKey(target, key, incoming);
        continue;
      }
      const existing = target[existingKey]!;
      if (isPlainObject(existing) && isPlainObject(incoming)) {
        const merged = copyObject(existing);
        setKey(target, existingKey, merged);
        stack.push([merged, incoming]);
      } else if (existing instanceof Unresolved && isPlainObject(incoming)) {
        // Merged if the unknown value is an object, replaced otherwise: the result stays unknown.
        setKey(target, existingKey, existing);
      } else {
        setKey(target, existingKey, incoming);
      }
    }
  }
  return root;
}

/** Items of the first array that every other array may hold (an unknown match counts), without duplicates. */
function intersectArrays(arrays: Value[][], budget: CompareBudget): Value[] {
  const out: Value[] = [];
  const kept = new Membership(budget);
  const others = arrays.slice(1).map((items) => {
    const m = new Membership(budget);
    for (const item of items) m.add(item);
    return m;
  });
  for (const item of arrays[0]!) {
    if (kept.mayContain(item)) continue;
    if (others.every((m) => m.mayContain(item))) {
      kept.add(item);
      out.push(item);
    }
  }
  return out;
}

function intersectObjects(objects: ObjectValue[], budget: CompareBudget): ObjectValue {
  const out: ObjectValue = {};
  const [first, ...rest] = objects;
  for (const key of Object.keys(first!)) {
    const value = first![key]!;
    const inAll = rest.every((o) => {
      const k = findKey(o, key);
      return k !== undefined && armEquals(o[k]!, value, budget) === true;
    });
    if (inAll) setKey(out, key, value);
  }
  return out;
}

/** .NET StringComparer.OrdinalIgnoreCase, then ordinal, so the order is total. */
function compareKeys(x: string, y: string): number {
  const ux = x.toUpperCase();
  const uy = y.toUpperCase();
  if (ux !== uy) return ux < uy ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

export const collectionFunctions: Library = {
  array: {
    min: 1,
    max: 1,
    lazy: true,
    impl: (a) => {
      const v = a[0]!;
      if (v instanceof Unresolved || Array.isArray(v)) return v;
      return [v];
    },
  },
  concat: {
    min: 1,
    max: Infinity,
    lazy: true,
    impl: (a, _c, fn) => {
      const arrayMode = a.some((v) => Array.isArray(v));
      if (arrayMode) {
        let total = 0;
        for (let i = 0; i < a.length; i++) {
          const v = a[i]!;
          if (v instanceof Unresolved) return v;
          if (v === null) continue;
          if (!Array.isArray(v)) fail(fn, `cannot combine arrays with a value of type ${typeName(v)} (its ${ordinal(i)} argument).`);
          total += v.length;
        }
        // Known before copying: many arguments each near the limit would otherwise all be copied first.
        if (total > MAX_RESULT_ELEMENTS) throw new ExpressionError(`The result of '${fn}' has ${total} elements, more than the limit of ${MAX_RESULT_ELEMENTS}.`);
        const out: Value[] = [];
        for (const v of a) if (Array.isArray(v)) for (const item of v) out.push(item);
        return out;
      }
      let s = '';
      for (let i = 0; i < a.length; i++) {
        const v = a[i]!;
        if (v instanceof Unresolved) return v;
        if (typeof v === 'object' && v !== null) wrongType(fn, i, 'a string or an array', v);
        const text = armString(v, fn);
        if (s.length + text.length > MAX_RESULT_CHARS) throw textTooLong(fn);
        s += text;
      }
      return s;
    },
  },
  contains: {
    min: 2,
    max: 2,
    lazy: true,
    impl: (a, _c, fn) => {
      const container = a[0]!;
      const item = a[1]!;
      if (container instanceof Unresolved) return container;
      if (Array.isArray(container)) {
        const at = findItem(container, item, false);
        return at instanceof Unresolved ? at : at >= 0;
      }
      if (item instanceof Unresolved) return item;
      if (typeof container === 'string') {
        if (typeof item !== 'string' && typeof item !== 'number') wrongType(fn, 1, 'a string', item);
        return container.includes(String(item));
      }
      if (isPlainObject(container)) {
        if (typeof item !== 'string') wrongType(fn, 1, 'a string (a property name)', item);
        return findKey(container, item) !== undefined;
      }
      wrongType(fn, 0, 'a string, an array or an object', container);
    },
  },
  createArray: { min: 0, max: Infinity, lazy: true, impl: (a) => a.slice() },
  createObject: {
    min: 0,
    max: Infinity,
    lazy: true,
    impl: (a, _c, fn) => {
      if (a.length % 2 !== 0) fail(fn, `expects pairs of property names and values, but got ${a.length} arguments.`);
      const out: ObjectValue = {};
      for (let i = 0; i < a.length; i += 2) {
        const key = a[i]!;
        if (key instanceof Unresolved) return key;
        setKey(out, str(fn, a, i), a[i + 1]!);
      }
      return out;
    },
  },
  empty: {
    min: 1,
    max: 1,
    lazy: true,
    impl: (a, _c, fn) => {
      const v = a[0]!;
      if (v instanceof Unresolved) return v;
      if (v === null) return true;
      if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
      if (isPlainObject(v)) return Object.keys(v).length === 0;
      wrongType(fn, 0, 'a string, an array or an object', v);
    },
  },
  first: endFunction(false),
  last: endFunction(true),
  flatten: {
    min: 1,
    max: 1,
    lazy: true,
    impl: (a, _c, fn) => {
      const u = unresolvedAt(a, 0);
      if (u) return u;
      const out: Value[] = [];
      for (const inner of arr(fn, a, 0)) {
        if (inner instanceof Unresolved) return inner;
        if (!Array.isArray(inner)) fail(fn, 'expects an array of arrays.');
        for (const item of inner) out.push(item);
      }
      return out;
    },
  },
  indexOf: searchFunction(false),
  lastIndexOf: searchFunction(true),
  indexFromEnd: fromEndFunction(false),
  tryIndexFromEnd: fromEndFunction(true),
  intersection: {
    min: 2,
    max: Infinity,
    impl: (a, _c, fn) => {
      if (a.every((v) => Array.isArray(v))) return intersectArrays(a as Value[][], new CompareBudget(fn));
      if (a.every((v) => isPlainObject(v))) return intersectObjects(a as ObjectValue[], new CompareBudget(fn));
      fail(fn, 'expects all arguments to be arrays or all to be objects.');
    },
  },
  items: {
    min: 1,
    max: 1,
    lazy: true,
    impl: (a, _c, fn) => {
      const u = unresolvedAt(a, 0);
      if (u) return u;
      const o = obj(fn, a, 0);
      return Object.keys(o)
        .sort(compareKeys)
        .map((key) => ({ key, value: o[key]! }));
    },
  },
  join: {
    min: 2,
    max: 2,
    impl: (a, _c, fn) => {
      const items = arr(fn, a, 0);
      const delimiter = str(fn, a, 1);
      const parts: string[] = [];
      let length = 0;
      for (const v of items) {
        if (typeof v === 'object' && v !== null) fail(fn, 'can only join strings, numbers and booleans.');
        const text = armString(v, fn);
        length += text.length + (parts.length > 0 ? delimiter.length : 0);
        if (length > MAX_RESULT_CHARS) throw textTooLong(fn);
        parts.push(text);
      }
      return parts.join(delimiter);
    },
  },
  length: {
    min: 1,
    max: 1,
    lazy: true,
    impl: (a, _c, fn) => {
      const v = a[0]!;
      if (v instanceof Unresolved) return v;
      if (typeof v === 'string' || Array.isArray(v)) return v.length;
      if (isPlainObject(v)) return Object.keys(v).length;
      wrongType(fn, 0, 'a string, an array or an object', v);
    },
  },
  null: { min: 0, max: 0, impl: () => null },
  objectKeys: {
    min: 1,
    max: 1,
    lazy: true,
    impl: (a, _c, fn) => unresolvedAt(a, 0) ?? Object.keys(obj(fn, a, 0)),
  },
  range: {
    min: 2,
    max: 2,
    impl: (a, _c, fn) => {
      const start = int(fn, a, 0);
      const count = int(fn, a, 1);
      if (count < 0 || count > MAX_RANGE) fail(fn, `expects a count between 0 and ${MAX_RANGE}, but got ${count}.`);
      if (start + count > 2147483647) fail(fn, 'expects the start index plus the count to be at most 2147483647.');
      return Array.from({ length: count }, (_, i) => start + i);
    },
  },
  shallowMerge: {
    min: 1,
    max: 1,
    lazy: true,
    impl: (a, _c, fn) => {
      const u = unresolvedAt(a, 0);
      if (u) return u;
      const out: ObjectValue = {};
      for (const item of arr(fn, a, 0)) {
        if (item instanceof Unresolved) return item;
        if (item === null) continue;
        if (!isPlainObject(item)) fail(fn, 'expects an array of objects.');
        assignShallow(out, item);
      }
      return out;
    },
  },
  skip: sliceFunction(false),
  take: sliceFunction(true),
  tryGet: {
    min: 2,
    max: Infinity,
    lazy: true,
    impl: (a, _c, fn) => {
      let current: Value = a[0]!;
      for (let i = 1; i < a.length; i++) {
        if (current instanceof Unresolved) return current;
        if (current === null) return null;
        const key = a[i]!;
        if (key instanceof Unresolved) return key;
        if (isPlainObject(current)) {
          const k = findKey(current, str(fn, a, i));
          current = k === undefined ? null : current[k]!;
        } else if (Array.isArray(current)) {
          const n = int(fn, a, i);
          current = n >= 0 && n < current.length ? current[n]! : null;
        } else {
          wrongType(fn, 0, 'an object or an array', a[0]!);
        }
      }
      return current;
    },
  },
  union: {
    min: 1,
    max: Infinity,
    lazy: true,
    impl: (a, _c, fn) => {
      const u = unresolvedAt(a, ...a.keys());
      if (u) return u;
      const present = a.filter((v) => v !== null);
      if (present.length === 0) return null;
      if (present.every((v) => Array.isArray(v))) return unionArrays(present as Value[][], new CompareBudget(fn));
      if (present.every((v) => isPlainObject(v))) {
        return (present as ObjectValue[]).reduce((acc, next) => mergeObjects(acc, next), {});
      }
      fail(fn, 'expects all arguments to be arrays or all to be objects.');
    },
  },
};
