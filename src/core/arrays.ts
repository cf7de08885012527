/**
 * List helpers for lists of any length. `target.push(...items)` and `Math.max(...values)` pass every item
 * as an argument, and past some hundred thousand items (a file's results, a file's diagnostics) that
 * overflows the call stack.
 */

export function pushAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}

/** The largest of `values`, and at least `floor`. */
export function maxOf(values: Iterable<number>, floor = -Infinity): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}
