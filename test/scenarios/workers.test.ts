import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { scanPaths } from '../harness/fixtures.js';

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
    writeFileSync(join(sub, 'azuredeploy.json'), i % 10 === 9 ? text.slice(0, 120) : text);
  }
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('worker threads', () => {
  test('a scan on two worker threads reports exactly what a scan on the calling thread reports', async () => {
    const inline = await scanPaths(['.'], { cwd: dir, workers: 1 });
    const threaded = await scanPaths(['.'], { cwd: dir, workers: 2 });
    assert.equal(inline.results.length, 81);
    assert.equal(new Set(inline.errors.map((e) => e.file)).size, 9);
    assert.deepEqual(threaded.results, inline.results);
    assert.deepEqual(threaded.errors, inline.errors);
    assert.deepEqual(threaded.summary, inline.summary);
  });
});
