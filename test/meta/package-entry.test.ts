import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { runCli } from '../harness/cli.js';

interface PackageJson {
  exports: Record<string, string>;
  bin: Record<string, string>;
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as PackageJson;

/** `./dist/src/x.js` is built from `src/x.ts`. */
function sourceOf(target: string): string {
  return target.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts');
}

test('every entry point the package exports is built from a source file that exists', () => {
  const targets = Object.entries(pkg.exports).filter(([key]) => key !== './package.json');
  assert.deepEqual(targets.map(([key]) => key).sort(), ['.', './middleware']);
  for (const [key, target] of targets) {
    assert.match(target, /^\.\/dist\/src\/.+\.js$/, key);
    assert.ok(existsSync(sourceOf(target)), `${key} -> ${target}: ${sourceOf(target)} does not exist`);
  }
});

test('the library scans as the command line does and renders the same JSON report', async () => {
  const lib = (await import(`../../${sourceOf(pkg.exports['.']!)}`)) as typeof import('../../src/index.js');
  const report = await lib.scan(lib.scanRequest(process.cwd(), ['examples'], { today: '2026-11-23', version: lib.VERSION }));
  assert.ok(report.summary.fail > 0, 'the bundled examples hold findings');
  assert.equal(lib.exitCodeFor(report, 'fail'), 1);
  assert.ok(lib.FORMATS.includes('sarif'));
  const text = lib.render('json', report, { rules: lib.ruleMetadata, color: false, toolVersion: lib.VERSION, cwd: process.cwd() });
  const cli = await runCli(['scan', 'examples', '--format', 'json'], process.cwd());
  assert.equal(cli.code, 1);
  assert.deepEqual(JSON.parse(text), JSON.parse(cli.stdout));
  assert.equal([...lib.renderChunks('json', report, { rules: lib.ruleMetadata, color: false, toolVersion: lib.VERSION, cwd: process.cwd() })].join(''), text);
});
