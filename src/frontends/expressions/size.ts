/**
 * How big a value is when written out. Variables may hold one value many times over: sixty variables of
 * `createArray(v, v)` are sixty small arrays in memory but 2^60 elements as a tree, and anything that walks
 * a value whole (serializing, comparing, searching, lowering it into the model) walks the tree. Every
 * value the evaluators build is measured here, and one past the limit is an error instead of a hang.
 *
 * Sizes are remembered per array and object, so a shared value is measured once however often it is
 * reused. That is sound because evaluated values are never changed once built.
 */
import { isPlainObject, type Value } from '../../model/value.js';

/** Elements of one array result, and values (nested ones included) of any result. */
export const MAX_RESULT_ELEMENTS = 1_000_000;
/** Characters of one string result. */
export const MAX_RESULT_CHARS = 16_000_000;

/**
 * Values one deployment (an ARM or Bicep file with its modules, a Terraform root with its modules) may lower
 * into the model in all. Each value is bounded where it is built, but a loop of 10,000 lowers a body
 * 10,000 times, and a body that holds a large variable would need more memory than there is. ARM itself
 * refuses a template over 4 MB once copies, variables and parameters are expanded: far fewer values.
 */
export const MAX_LOWERED_VALUES = 4_000_000;

/** What a deployment has lowered so far, against MAX_LOWERED_VALUES. */
export interface LoweredCount {
  lowered: number;
}

/**
 * Takes `n` values from the deployment's allowance: `ok` while within it, `exceeded` the one time it is
 * passed (the caller reports it then), `spent` after that.
 */
export function takeLowered(count: LoweredCount, n: number): 'ok' | 'exceeded' | 'spent' {
  if (count.lowered > MAX_LOWERED_VALUES) return 'spent';
  count.lowered += n;
  return count.lowered <= MAX_LOWERED_VALUES ? 'ok' : 'exceeded';
}

/** Any size past the limit is recorded as this: the exact figure does not matter and may not fit a number. */
const OVER = MAX_RESULT_ELEMENTS + 1;
/** Small values are cheaper to walk again than to remember. */
const REMEMBER_FROM = 16;

const sizes = new WeakMap<object, number>();

type Container = Value[] | { [key: string]: Value };

function isContainer(v: Value): v is Container {
  return Array.isArray(v) || isPlainObject(v);
}

function childrenOf(v: Container): Value[] {
  if (Array.isArray(v)) return v;
  const keys = Object.keys(v);
  const out = new Array<Value>(keys.length);
  for (let i = 0; i < keys.length; i++) out[i] = v[keys[i]!]!;
  return out;
}

interface Frame {
  value: Container;
  children: Value[];
  next: number;
  size: number;
}

/**
 * The number of values in `v` written out as a tree (every array, object and scalar counts one; a value
 * reused n times counts n times), or `MAX_RESULT_ELEMENTS + 1` for anything larger. Iterative, and linear in
 * the parts of `v` not measured before; a value that contains itself is infinitely large.
 */
export function treeSize(v: Value): number {
  if (!isContainer(v)) return 1;
  const known = sizes.get(v);
  if (known !== undefined) return known;
  // Nearly every value is small and shallow: measured by plain recursion, without the walk's allocations.
  const shallow = shallowSize(v, 0);
  if (shallow !== undefined) {
    if (shallow >= REMEMBER_FROM) sizes.set(v, shallow);
    return shallow;
  }
  const open = new Set<Container>([v]);
  const stack: Frame[] = [{ value: v, children: childrenOf(v), next: 0, size: 1 }];
  for (;;) {
    const top = stack[stack.length - 1]!;
    if (top.size <= MAX_RESULT_ELEMENTS && top.next < top.children.length) {
      const c = top.children[top.next++]!;
      if (!isContainer(c)) {
        top.size++;
        continue;
      }
      const seen = sizes.get(c);
      if (seen !== undefined) top.size += seen;
      else if (open.has(c)) top.size = OVER;
      else {
        open.add(c);
        stack.push({ value: c, children: childrenOf(c), next: 0, size: 1 });
      }
      continue;
    }
    const size = Math.min(top.size, OVER);
    if (size >= REMEMBER_FROM) sizes.set(top.value, size);
    open.delete(top.value);
    stack.pop();
    const parent = stack[stack.length - 1];
    if (parent === undefined) return size;
    parent.size += size;
  }
}

/** Nesting the recursive measure goes to before it leaves the value to the iterative walk. */
const SHALLOW_DEPTH = 16;

/**
 * `treeSize` for a value nested at most SHALLOW_DEPTH deep, else undefined. Remembers what it measures as
 * the walk does, so shared parts are measured once; a value that contains itself is deeper than any
 * bound, so it always reaches the iterative walk, which recognises it.
 */
function shallowSize(v: Container, depth: number): number | undefined {
  let size = 1;
  const add = (c: Value): boolean => {
    if (!isContainer(c)) {
      size++;
      return true;
    }
    let n = sizes.get(c);
    if (n === undefined) {
      if (depth >= SHALLOW_DEPTH) return false;
      n = shallowSize(c, depth + 1);
      if (n === undefined) return false;
      if (n >= REMEMBER_FROM) sizes.set(c, n);
    }
    size += n;
    return true;
  };
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length && size <= MAX_RESULT_ELEMENTS; i++) if (!add(v[i]!)) return undefined;
  } else {
    for (const k in v) {
      if (size > MAX_RESULT_ELEMENTS) break;
      if (!add(v[k]!)) return undefined;
    }
  }
  return Math.min(size, OVER);
}

export function isTooLarge(v: Value): boolean {
  return treeSize(v) > MAX_RESULT_ELEMENTS;
}
