import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { scanPaths } from '../harness/fixtures.js';
import { ReadAhead } from '../../src/cli/scan/read-ahead.js';
import { Worker } from 'node:worker_threads';
import { runOnWorkers, workerYoungGenerationMb } from '../../src/cli/scan/pool.js';
import { processUnit, type UnitOutcome } from '../../src/cli/scan/process.js';
import { scanRequest } from '../../src/cli/scan/pipeline.js';
import type { Unit } from '../../src/cli/scan/units.js';

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'azmtls-workers-'));
  // Enough units to cross the worker threshold; every third one has a syntax error.
  for (let i = 0; i < 90; i++) {
    const sub = join(dir, `app${i}`);
    mkdirSync(sub);
    const mode = ['Required', 'Optional', 'OptionalInteractiveUser'][i % 3];
    const text = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    { "type": "Microsoft.Web/sites", "apiVersion": "2023-12-01", "name": "app-${i}",
      "properties": { "clientCertEnabled": true, "clientCertMode": "${mode}" } }
  ]
}`;
    writeFileSync(join(sub, 'azuredeploy.json'), i % 10 === 9 ? text.slice(0, 120) : i % 4 === 0 ? `\ufeff${text}` : text);
  }
  // A file over the size limit of the read-ahead test, Bicep read first while choosing roots, Terraform.
  writeFileSync(join(dir, 'app0', 'large.json'), `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [], "pad": "${'x'.repeat(5000)}"}`);
  mkdirSync(join(dir, 'bicep'));
  writeFileSync(join(dir, 'bicep', 'main.bicep'), "module m 'mod.bicep' = { name: 'm' }\n");
  writeFileSync(join(dir, 'bicep', 'mod.bicep'), "resource app 'Microsoft.Web/sites@2023-12-01' = {\n  name: 'b'\n  location: 'x'\n  properties: { clientCertEnabled: false }\n}\n");
  mkdirSync(join(dir, 'tf'));
  writeFileSync(join(dir, 'tf', 'main.tf'), 'resource "azurerm_linux_web_app" "a" {\n  name = "t"\n  client_certificate_enabled = false\n}\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('worker threads', () => {
  test('a scan on two worker threads reports exactly what a scan on the calling thread reports', async () => {
    const inline = await scanPaths(['.'], { cwd: dir, workers: 1 });
    const threaded = await scanPaths(['.'], { cwd: dir, workers: 2 });
    assert.equal(inline.results.length, 83);
    assert.equal(new Set(inline.errors.map((e) => e.file)).size, 9);
    assert.ok(inline.summary.fail >= 2, 'the Bicep module and the Terraform resource are judged');
    assert.deepEqual(threaded.results, inline.results);
    assert.deepEqual(threaded.errors, inline.errors);
    assert.deepEqual(threaded.summary, inline.summary);
  });

  test('a unit that runs out of a worker\'s memory is scanned again on the calling thread, with the same outcome', async () => {
    // A judged resource with 600,000 literal values: tens of MB once parsed with positions and lowered.
    const heavy = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [{ type: 'Microsoft.Web/sites', apiVersion: '2023-12-01', name: 'heavy', properties: { clientCertEnabled: false, siteConfig: { ipSecurityRestrictions: Array.from({ length: 600_000 }, (_, i) => i) } } }],
    };
    writeFileSync(join(dir, 'heavy.json'), JSON.stringify(heavy));
    const settings = scanRequest(dir, ['.'], { today: '2026-11-23' });
    const units: Unit[] = [
      { kind: 'json', file: 'heavy.json', size: 4_700_000 },
      { kind: 'json', file: 'app1/azuredeploy.json', size: 300 },
    ];
    const outcomes: UnitOutcome[] = [];
    // A 32 MiB heap starts a worker and scans the small template, not the heavy one.
    const { scannedHereForMemory } = await runOnWorkers(units, settings, 1, (o) => outcomes.push(o), 32);
    assert.deepEqual(scannedHereForMemory, ['heavy.json']);
    const byFile = (o: UnitOutcome) => o.results[0]?.location?.file ?? '';
    const direct = await Promise.all(units.map((u) => processUnit(u, settings)));
    rmSync(join(dir, 'heavy.json'));
    assert.deepEqual([...outcomes].sort((a, b) => byFile(a).localeCompare(byFile(b))), direct.sort((a, b) => byFile(a).localeCompare(byFile(b))));
    assert.ok(direct.every((o) => o.errors.length === 0 && o.results.length === 1), 'both templates were judged, without errors');
  });

  test('a scan whose files are read ahead on another thread reports exactly what a scan without it reports', async () => {
    const maxFileBytes = 4096;
    const plain = await scanPaths(['.'], { cwd: dir, readAhead: false, maxFileBytes });
    const ra = ReadAhead.spawn({ maxFileBytes });
    assert.ok(ra);
    await ra.ready();
    const ahead = await scanPaths(['.'], { cwd: dir, readAhead: ra, maxFileBytes });
    assert.ok(ra.served > 0, 'files came from the read-ahead thread');
    assert.ok(plain.errors.some((e) => e.file === 'app0/large.json' && e.code === 'AZM1004'), 'the file over the limit is reported');
    assert.deepEqual(ahead, plain);
  });
});

/** The largest young generation (both halves) a worker with this bound reaches while it allocates. */
function youngGenerationReached(maxYoungGenerationSizeMb: number): Promise<number> {
  const code = `
    const v8 = require('node:v8');
    let keep = [];
    let max = 0;
    for (let i = 0; i < 3e6; i++) {
      keep.push({ i });
      if (keep.length > 50000) keep = [];
      if (i % 10000 === 0) for (const s of v8.getHeapSpaceStatistics()) if (s.space_name === 'new_space') max = Math.max(max, s.space_size);
    }
    require('node:worker_threads').parentPort.postMessage(max);`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, resourceLimits: { maxYoungGenerationSizeMb } });
    w.once('message', (max: number) => void w.terminate().then(() => resolve(max / 1048576)));
    w.once('error', reject);
  });
}

describe("workers' young generation", () => {
  test('four workers get half the young generation of three: V8 rounds each half to a power of two', async () => {
    assert.equal(await youngGenerationReached(workerYoungGenerationMb(3)), 16);
    assert.equal(await youngGenerationReached(workerYoungGenerationMb(4)), 8);
    // A bound between the two is no bound at all: it is rounded up to the larger.
    assert.equal(await youngGenerationReached(16), 16);
  });
});
