/**
 * Runs units on worker threads, both cores busy on large trees. Units are handed out one at a time
 * (largest first, so one huge file does not finish last); outcomes come back as they finish.
 * A worker that crashes on a unit is an internal error for that unit, not for the scan, and is replaced a
 * bounded number of times; workers that cannot start at all leave the work to the calling thread.
 */
import { Worker } from 'node:worker_threads';
import { processUnit, type UnitOutcome, type UnitSettings } from './process.js';
import type { Unit } from './units.js';

const MAX_REPLACEMENTS = 4;

function spawn(): Worker {
  // Built, the worker is plain JavaScript. From the TypeScript sources (tests, scripts run through tsx) it is
  // started from a small bootstrap that registers tsx in the worker first: `--import` in a worker's execArgv
  // does not apply to its entry module on Node 20.
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url));
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true });
}

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

  const runWorker = () =>
    new Promise<void>((done) => {
      const worker = spawn();
      let current: Unit | undefined;
      let completed = 0;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        void worker.terminate().finally(done);
      };
      const dispatch = () => {
        const unit = queue.shift();
        if (!unit) {
          current = undefined;
          finish();
          return;
        }
        current = unit;
        worker.postMessage({ unit, settings });
      };
      worker.on('message', (msg: { outcome?: UnitOutcome; error?: string }) => {
        completed++;
        if (msg.outcome) onOutcome(msg.outcome);
        else if (current) onOutcome(internalError(current, msg.error ?? 'unknown error'));
        dispatch();
      });
      worker.on('error', (err) => {
        if (finished) return;
        finished = true;
        if (completed === 0) {
          // It never worked: give the unit back and let the calling thread do the rest.
          if (current) queue.unshift(current);
          workersUnusable = true;
          done();
          return;
        }
        if (current) onOutcome(internalError(current, err.message));
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
  if (queue.length > 0 && (workersUnusable || replacements >= MAX_REPLACEMENTS)) {
    while (queue.length > 0) onOutcome(await processUnit(queue.shift()!, settings));
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
