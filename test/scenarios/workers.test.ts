import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { scanPaths } from '../harness/fixtures.js';
import { ReadAhead } from '../../src/cli/scan/read-ahead.js';

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
