/**
 * Runs units on worker threads, both cores busy on large trees. Units are handed out one at a time
 * (largest first, so one huge file does not finish last), outcomes come back as they finish. A worker
 * that dies is an internal error for its unit, not for the scan.
 */
import { Worker } from 'node:worker_threads';
import type { UnitOutcome, UnitSettings } from './process.js';
import type { Unit } from './units.js';

function workerUrl(): { url: URL; execArgv: string[] } {
  // Under tsx (tests, scripts) the sources are .ts; built, they are .js.
  const fromTs = import.meta.url.endsWith('.ts');
  return fromTs
    ? { url: new URL('./worker.ts', import.meta.url), execArgv: ['--import', 'tsx'] }
    : { url: new URL('./worker.js', import.meta.url), execArgv: [] };
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
  const queue = units.map((unit, i) => ({ unit, i })).sort((a, b) => b.unit.size - a.unit.size);
  const { url, execArgv } = workerUrl();
  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolveWorker) => {
      const worker = new Worker(url, { execArgv });
      let current: Unit | undefined;
      const dispatch = () => {
        if (next >= queue.length) {
          current = undefined;
          void worker.terminate().then(() => resolveWorker());
          return;
        }
        const job = queue[next++]!;
        current = job.unit;
        worker.postMessage({ id: job.i, unit: job.unit, settings });
      };
      worker.on('message', (msg: { outcome?: UnitOutcome; error?: string }) => {
        if (msg.outcome) onOutcome(msg.outcome);
        else if (current) onOutcome(internalError(current, msg.error ?? 'unknown error'));
        dispatch();
      });
      worker.on('error', (err) => {
        if (current) onOutcome(internalError(current, err.message));
        current = undefined;
        // The worker is gone; carry on with a fresh one for the rest of the queue.
        void runWorker().then(resolveWorker);
      });
      dispatch();
    });
  await Promise.all(Array.from({ length: Math.max(1, threads) }, runWorker));
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
