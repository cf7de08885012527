import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HEAP_GROWING_PERCENT, heapPolicyFlags } from './heap-policy.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const mainUrl = pathToFileURL(join(repo, 'src', 'cli', 'main.ts')).href;

interface Observed {
  /** Growing factors V8 used when it set an old-generation limit ("[HeapController] Limit: … (1.5)"). */
  factors: string[];
  /**
   * Young collections at which V8 weighed its allocation sites ("pretenuring: … mementos=4100 tenured=0 …"):
   * it prints that line only while pretenuring is on and a collection found objects of tracked literals.
   */
  weighed: number;
}

/**
 * Runs one command through the real entry in a fresh Node, then a workload of two million object literals
 * kept alive (what V8 pretenures when it may), then a full collection, and reads V8's own traces of what
 * followed the command.
 */
function observe(command: string[], nodeFlags: string[] = []): Observed {
  const script = [
    `const { main } = await import(${JSON.stringify(mainUrl)});`,
    `const io = { stdout: () => {}, stderr: () => {}, cwd: ${JSON.stringify(repo)}, env: {}, isTTY: false, stderrIsTTY: false };`,
    `await main(${JSON.stringify(command)}, io);`,
    // Traced from here on: collections during start-up came before any policy could be set.
    "(await import('node:v8')).setFlagsFromString('--trace-pretenuring-statistics');",
    'const keep = [];',
    'const make = (i) => ({ a: i, b: [i] });',
    'for (let i = 0; i < 2_000_000; i++) keep.push(make(i));',
    'globalThis.gc();',
  ].join('\n');
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', '--trace-gc-verbose', ...nodeFlags, '--input-type=module', '-e', script],
    { cwd: repo, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  return {
    factors: [...out.matchAll(/\[HeapController\] Limit: .*\(([\d.]+)\)\s*$/gm)].map((m) => m[1]!),
    weighed: [...out.matchAll(/pretenuring: .*\bmementos=[1-9]\d*/gm)].length,
  };
}

const SCAN = ['scan', 'examples', '--format', 'json'];

describe('the heap policy of `azmtls scan`', () => {
  test('without it (a command that scans nothing), V8 pretenures and grows by its own factor: the probe can tell', () => {
    const o = observe(['rules']);
    assert.ok(o.weighed > 0, 'V8 weighs the literals for pretenuring by default');
    assert.ok(o.factors.length > 0);
    assert.notEqual(o.factors.at(-1), (1 + HEAP_GROWING_PERCENT / 100).toFixed(1));
  });

  test('after a scan, nothing is pretenured and the next old-generation limit is live size × 1.5', () => {
    const o = observe(SCAN);
    assert.equal(o.weighed, 0);
    assert.ok(o.factors.length > 0, 'the forced collection set a limit');
    assert.equal(o.factors.at(-1), (1 + HEAP_GROWING_PERCENT / 100).toFixed(1));
  });

  test('values the user gave Node are kept', () => {
    const o = observe(SCAN, ['--heap-growing-percent=30', '--allocation-site-pretenuring']);
    assert.equal(o.factors.at(-1), '1.3');
    assert.ok(o.weighed > 0);
    assert.deepEqual(heapPolicyFlags(['--heap_growing_percent=30', '--no-allocation_site_pretenuring']), []);
    assert.deepEqual(heapPolicyFlags(['--max-old-space-size=512']), ['--no-allocation-site-pretenuring', `--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
  });
});
