/**
 * How far the command line lets V8's old generation grow past its live data before the next full
 * collection. V8 sets that limit after each full collection to live size × a factor it picks from the
 * collector's speed, up to 4 for a heap whose ceiling is as high as a 64-bit process gets by default.
 *
 * In about one single-thread scan in ten, V8's scavenges keep far more of what they find (a unit's
 * texts, tokens and trees are promoted instead of dying young: 460 MB promoted over the AVM corpus
 * instead of 70). The cause is in V8's optimized code (`--no-opt` makes it vanish) and not found; with
 * a factor of 4 those runs peaked at 320–360 MiB over the whole corpus against 170–180 otherwise. At
 * 1.5 they peak near 210 MiB, and a run without the spike does two more full collections (about 12 ms).
 *
 * `--heap-growing-percent` is read each time the limit is set (`MemoryController::CalculateAllocationLimit`
 * in V8's heap/memory-controller.cc), so setting it once the process runs takes effect from the next full
 * collection; V8 flags are process-wide, so worker threads get it too. Only the command line sets it: a
 * program that imports the library keeps its own heap policy. A value the user gave Node
 * (`node --heap-growing-percent=… azmtls`; `NODE_OPTIONS` refuses V8 flags) wins.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

/** The flag to set, or undefined when Node was started with one. */
export function heapGrowthFlag(execArgv: readonly string[]): string | undefined {
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return undefined;
  return `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

export function boundHeapGrowth(): void {
  const flag = heapGrowthFlag(process.execArgv);
  if (flag !== undefined) setFlagsFromString(flag);
}
