/**
 * Runs units on worker threads for large trees. Units go out in batches (largest files first, so one huge
 * file does not finish last) and their outcomes come back one message per batch: a message per small file
 * would cost more than scanning it. A worker that crashes (an abort, out of memory; exceptions are caught
 * inside) is replaced a bounded number of times and its batch is retried one unit at a time, so only the
 * unit that crashes it becomes an internal error. Workers that cannot start leave the work to this thread.
 */
import type { Worker } from 'node:worker_threads';
import { processUnit, type UnitOutcome, type UnitSettings } from './process.js';
import type { Unit } from './units.js';
import { spawnWorker } from './spawn.js';

const MAX_REPLACEMENTS = 4;
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
): Promise<void> {
  const queue = [...units].sort((a, b) => b.size - a.size);
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
      const worker: Worker = spawnWorker('worker');
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
        if (!answered) {
          // It never worked: give the batch back and let the calling thread do the rest.
          queue.unshift(...current);
          workersUnusable = true;
          done();
          return;
        }
        if (current.length === 1) onOutcome(internalError(current[0]!, err.message));
        else {
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
