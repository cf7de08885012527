/**
 * Two V8 heap settings the command line applies before it scans. V8 reads both each time it uses them, so
 * setting them in a running process takes effect from the next collection; V8 flags are process-wide, so
 * worker threads get them too. A program that imports the library keeps its own heap policy, and a value
 * the user gave Node (`node --heap-growing-percent=… azmtls`; `NODE_OPTIONS` refuses V8 flags) wins.
 *
 * **No allocation-site pretenuring.** For each object and array literal, V8 counts how many of the objects
 * made since the last young collection are alive at it; when nearly all are, optimized code allocates that
 * literal's objects in the old generation from then on, until full collections find them dead. A young
 * collection that falls while a large file is tokenized or parsed finds everything made so far alive, so
 * whether a token or syntax-node literal is pretenured depends on where collections fall. Once it is, every
 * unit's tokens and trees are allocated old and wait for a full collection. That happened in about one
 * single-thread scan of the AVM corpus in eight (10 of 80 runs in two series): 460 MB went to the old
 * generation instead of 70 and the scan took 35% longer; over the whole corpus the peak was 320-360 MiB
 * instead of 170. It took optimized code (`--no-opt`: 0 of 41 runs) and a young generation still growing from
 * its small start (`--min-semi-space-size=16`: 0 of 30). Without pretenuring: 0 of 80 runs in the same two
 * series, set on the command line or at run time as here, and the mean AVM scan 2-7% faster (the spikes gone,
 * nothing slower). `--trace-pretenuring-statistics` shows V8's decisions.
 *
 * **Heap growth 1.5.** After a full collection V8 lets the old generation grow to its live size times a
 * factor it picks from the collector's speed, up to 4 for a heap whose ceiling is as high as a 64-bit
 * process gets. At 1.5 a scan of the AVM corpus does about two more full collections (12 ms), and whatever
 * else makes young objects live long stays bounded: with pretenuring still on, the runs it struck peaked
 * near 210 MiB instead of 320-360.
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
