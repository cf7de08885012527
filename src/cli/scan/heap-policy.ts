/**
 * Two V8 heap settings the command line applies before it scans. V8 reads both each time it uses them, so
 * setting them in a running process takes effect from the next collection; V8 flags are process-wide, so
 * worker threads get them too. A program that imports the library keeps its own heap policy, and a value
 * the user gave Node (`node --heap-growing-percent=… azmtls`; `NODE_OPTIONS` refuses V8 flags) wins.
 *
 * **No allocation-site pretenuring.** V8 counts how many objects of each object or array literal survive a
 * young collection; when nearly all do, it has optimized code allocate that literal's objects in the old
 * generation from then on. Node 20's V8 also decides so while the young generation is still small (it
 * starts at 1 MiB and grows), where a large unit's tokens and syntax nodes survive only because
 * collections come so often (later V8 makes no decision below 8 MiB: `pretenuring-handler.cc`). From then
 * on every unit's tokens and trees are allocated old and wait for a full collection. That happened in
 * about one single-thread scan of the AVM corpus in ten (7 of 40 runs, and 5 of 27): 460 MB went to the
 * old generation instead of 70 and the scan took 35% longer; over the whole corpus the peak was 320–360
 * MiB instead of 170. `--trace-pretenuring-statistics` shows the decisions. Without pretenuring: 0 of 106
 * runs, and no run slower for it (AVM mean 2.66 s against 2.85 s with the spikes).
 *
 * **Heap growth 1.5.** After a full collection V8 lets the old generation grow to its live size times a
 * factor it picks from the collector's speed, up to 4 for a heap whose ceiling is as high as a 64-bit
 * process gets. At 1.5 a run without the spike does about two more full collections (12 ms over the AVM
 * corpus), and whatever else keeps young objects from dying stays bounded: with the spike still in, its
 * runs peaked near 210 MiB instead of 320–360.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

/** The flags to set: each unless Node was started with one of the same name (`-` and `_` alike). */
export function heapPolicyFlags(execArgv: readonly string[]): string[] {
  const given = (name: string) => {
    const pattern = new RegExp(`^--(no-?)?${name.replace(/-/g, '[-_]')}\\b`);
    return execArgv.some((a) => pattern.test(a));
  };
  const flags: string[] = [];
  if (!given('allocation-site-pretenuring')) flags.push('--no-allocation-site-pretenuring');
  if (!given('heap-growing-percent')) flags.push(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return flags;
}

export function applyHeapPolicy(): void {
  for (const flag of heapPolicyFlags(process.execArgv)) setFlagsFromString(flag);
}
