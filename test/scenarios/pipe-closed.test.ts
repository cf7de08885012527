import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../harness/fixtures.js';

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'azmtls-pipe-'));
  // 400 failing apps: a report far larger than a pipe's buffer, so writing meets the closed pipe.
  const resources = Array.from({ length: 400 }, (_, i) => ({ type: 'Microsoft.Web/sites', apiVersion: '2023-12-01', name: `app-${i}`, properties: { clientCertEnabled: false } }));
  writeFileSync(join(dir, 'apps.json'), JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources }, null, 2));
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** The real entry in a fresh Node, its standard output a pipe that is closed after `keep` bytes (all when undefined). */
function run(args: string[], keep?: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const main = pathToFileURL(join(repoRoot, 'src', 'cli', 'main.ts')).href;
  const script = `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(${JSON.stringify(args)});`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (keep !== undefined && stdout.length >= keep) child.stdout.destroy();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

test('a reader that closes the pipe early (| head) gets no stack trace, and the exit code is still the scan\'s', async () => {
  const whole = await run(['scan', dir, '--format', 'json']);
  assert.equal(whole.stderr, '');
  assert.equal(whole.code, 1);
  assert.equal((JSON.parse(whole.stdout) as { results: unknown[] }).results.length, 400);
  const cut = await run(['scan', dir, '--format', 'json'], 100);
  assert.equal(cut.stderr, '');
  assert.equal(cut.code, 1);
  assert.ok(cut.stdout.length < whole.stdout.length, `${cut.stdout.length} of ${whole.stdout.length} bytes read`);
});
