/** A scan worker: processes each batch of units it is sent and posts the outcomes back in one message. */
import { parentPort } from 'node:worker_threads';
import { processUnit, type UnitOutcome, type UnitSettings } from './process.js';
import type { Unit } from './units.js';

interface Batch {
  units: Unit[];
  settings: UnitSettings;
}

const port = parentPort;
if (port) {
  port.on('message', async (batch: Batch) => {
    const outcomes: UnitOutcome[] = [];
    for (const unit of batch.units) {
      try {
        outcomes.push(await processUnit(unit, batch.settings));
      } catch (err) {
        const file = unit.kind === 'terraform' ? unit.dir : unit.file;
        outcomes.push({
          results: [],
          errors: [{ file, code: 'AZM9003', severity: 'error', message: `internal error in a scan worker: ${err instanceof Error ? err.message : String(err)}`, startLine: 1, startColumn: 1 }],
          warnings: [],
          resources: 0,
          files: 1,
        });
      }
    }
    port.postMessage({ outcomes });
  });
}
