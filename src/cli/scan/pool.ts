/**
 * Runs units on worker threads for large trees. Units go out in batches (largest files first, so one huge
 * file does not finish last) and their outcomes come back one message per batch: a message per small file
 * would cost more than scanning it. A worker that crashes (an abort; exceptions are caught inside) is
 * replaced a bounded number of times and its batch is retried one unit at a time, so only the unit that
 * crashes it becomes an internal error. Workers that cannot start leave the work to this thread.
 *
 * Each worker's heap is bounded (WORKER_OLD_GENERATION_MB, and a smaller young generation). Unless told
 * otherwise (the command line's heap policy is), V8 lets a heap grow up to four times its live data before
 * collecting it in full, and less when its limit is lower, so the bound keeps the garbage each worker holds
 * small. A unit that needs more than the bound runs out of memory in its worker and is scanned again on this
 * thread, whose heap has the process's limit: results never depend on the number of threads.
 */
import type { Worker } from 'node:worker_threads';
import { processUnit, type UnitOutcome, type UnitSettings } from './process.js';
import type { Unit } from './units.js';
import { spawnWorker } from './spawn.js';

const MAX_REPLACEMENTS = 4;
/**
 * Measured over the whole corpus on two worker threads: peak memory 328-370 MiB without a bound, 262-282 MiB
 * with it (three workers: 397-454 MiB, 336-345 MiB), for 3-5% more time. Far above what any unit of the
 * corpus needs; units within the scan's own limits may need more, and then run on the calling thread.
 */
export const WORKER_OLD_GENERATION_MB = 1024;
/**
 * Young objects are collected by copying them between two halves of the young generation, up to 3 x 16 MiB
 * per thread by default, and a thread keeps what it has touched. A smaller one is collected more often. Over
 * the whole corpus on two workers, peak memory went from 265-285 to 221-246 MiB (three workers, the default
 * on four cores: 348-353 to 272-291 MiB) for 0-5% more time in two series of runs. V8 rounds each half to a
 * power of two, so the choices are 24 MiB (halves of 8) and 12 (halves of 4). Four workers (the default
 * from five cores) take the smaller: with the command line's heap policy their peak went from 297-322 to
 * 273-277 MiB, where two and three workers stay at 205-216 and 252-266 with the larger.
 */
export function workerYoungGenerationMb(threads: number): number {
  return threads >= 4 ? 12 : 24;
}
const BATCH_UNITS = 64;
const BATCH_BYTES = 4 * 1024 * 1024;

function where(unit: Unit): string {
  return unit.kind === 'terraform' ? unit.dir : unit.file;
}

export async function runOnWorkers(
  units: Unit[],
  settings: UnitSettings,
  threads: number,
  onOutcome: (outcome: UnitOutcome) => void,
  maxOldGenerationSizeMb = WORKER_OLD_GENERATION_MB,
): Promise<{ scannedHereForMemory: string[] }> {
  const queue = [...units].sort((a, b) => b.size - a.size);
  /** Units that ran out of a worker's memory: scanned on this thread once the workers are done. */
  const tooLarge: Unit[] = [];
  let replacements = 0;
  let workersUnusable = false;
  /** After a crash, units go out one at a time so the next crash names its unit. */
  let isolate = false;

  const takeBatch = (): Unit[] => {
    const batch: Unit[] = [];
    let bytes = 0;
    const max = isolate ? 1 : BATCH_UNITS;
    while (queue.length > 0 && batch.length < max && (batch.length === 0 || bytes + queue[0]!.size <= BATCH_BYTES)) {
      const u = queue.shift()!;
      bytes += u.size;
      batch.push(u);
    }
    return batch;
  };

  const runWorker = () =>
    new Promise<void>((done) => {
      const worker: Worker = spawnWorker('worker', { resourceLimits: { maxOldGenerationSizeMb, maxYoungGenerationSizeMb: workerYoungGenerationMb(threads) } });
      let current: Unit[] = [];
      let answered = false;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        void worker.terminate().finally(done);
      };
      const dispatch = () => {
        current = takeBatch();
        if (current.length === 0) {
          finish();
          return;
        }
        worker.postMessage({ units: current, settings });
      };
      worker.on('message', (msg: { outcomes: UnitOutcome[] }) => {
        answered = true;
        for (const o of msg.outcomes) onOutcome(o);
        dispatch();
      });
      worker.on('error', (err) => {
        if (finished) return;
        finished = true;
        const outOfMemory = (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
        if (!answered && !outOfMemory) {
          // It never worked: give the batch back and let the calling thread do the rest.
          queue.unshift(...current);
          workersUnusable = true;
          done();
          return;
        }
        if (current.length === 1) {
          if (outOfMemory) tooLarge.push(current[0]!);
          else onOutcome(internalError(current[0]!, err.message));
        } else {
          queue.unshift(...current);
          isolate = true;
        }
        if (replacements < MAX_REPLACEMENTS && queue.length > 0) {
          replacements++;
          void runWorker().then(done);
        } else {
          done();
        }
      });
      dispatch();
    });

  await Promise.all(Array.from({ length: Math.max(1, threads) }, runWorker));
  // Whatever no worker could take (startup failure, replacements exhausted) runs here.
  while (queue.length > 0 && (workersUnusable || replacements >= MAX_REPLACEMENTS)) {
    onOutcome(await processUnit(queue.shift()!, settings));
  }
  for (const unit of tooLarge) onOutcome(await processUnit(unit, settings));
  return { scannedHereForMemory: tooLarge.map(where) };
}

function internalError(unit: Unit, message: string): UnitOutcome {
  return {
    results: [],
    errors: [{ file: where(unit), code: 'AZM9003', severity: 'error', message: `internal error in a scan worker: ${message}`, startLine: 1, startColumn: 1 }],
    warnings: [],
    resources: 0,
    files: 1,
  };
}
