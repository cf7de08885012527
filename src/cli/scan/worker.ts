/** A scan worker: processes units it is sent and posts back their outcomes. */
import { parentPort } from 'node:worker_threads';
import { processUnit, type UnitSettings } from './process.js';
import type { Unit } from './units.js';

interface Job {
  unit: Unit;
  settings: UnitSettings;
}

const port = parentPort;
if (port) {
  port.on('message', (job: Job) => {
    processUnit(job.unit, job.settings).then(
      (outcome) => port.postMessage({ outcome }),
      (err: unknown) => port.postMessage({ error: err instanceof Error ? err.message : String(err) }),
    );
  });
}
