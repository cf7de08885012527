import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HEAP_GROWING_PERCENT, heapGrowthFlag } from './heap-growth.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const mainUrl = pathToFileURL(join(repo, 'src', 'cli', 'main.ts')).href;

/**
 * Runs `azmtls scan examples` through the real entry in a fresh Node, forces a full collection after it,
 * and returns the growing factors V8 used when it set the next old-generation limit (`--trace-gc-verbose`
 * prints "[HeapController] Limit: old size: … KB, new limit: … KB (factor)").
 */
function factorsAfterScan(nodeFlags: string[], command: 'scan' | 'rules'): string[] {
  const script = [
    `const { main } = await import(${JSON.stringify(mainUrl)});`,
    `const io = { stdout: () => {}, stderr: () => {}, cwd: ${JSON.stringify(repo)}, env: {}, isTTY: false, stderrIsTTY: false };`,
    `const args = ${JSON.stringify(command)} === 'scan' ? ['scan', 'examples', '--format', 'json'] : ['rules'];`,
    `await main(args, io);`,
    `globalThis.gc();`,
  ].join('\n');
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', '--trace-gc-verbose', ...nodeFlags, '--input-type=module', '-e', script],
    { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return [...out.matchAll(/\[HeapController\] Limit: .*\(([\d.]+)\)\s*$/gm)].map((m) => m[1]!);
}

describe('the command line bounds heap growth', () => {
  test('after `azmtls scan`, the next old-generation limit is live size × 1.5', () => {
    const factors = factorsAfterScan([], 'scan');
    assert.ok(factors.length > 0, 'the forced collection set a limit');
    assert.equal(factors.at(-1), (1 + HEAP_GROWING_PERCENT / 100).toFixed(1));
  });

  test('a value the user gave Node is kept', () => {
    assert.equal(factorsAfterScan(['--heap-growing-percent=30'], 'scan').at(-1), '1.3');
    assert.equal(heapGrowthFlag(['--heap_growing_percent=30']), undefined);
    assert.equal(heapGrowthFlag(['--max-old-space-size=512']), `--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  });

  test('commands that scan nothing leave V8 its own policy', () => {
    const factors = factorsAfterScan([], 'rules');
    assert.ok(factors.length > 0);
    assert.notEqual(factors.at(-1), (1 + HEAP_GROWING_PERCENT / 100).toFixed(1));
  });
});
