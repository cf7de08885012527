// Files saved as UTF-16 (what Windows PowerShell 5 writes with `>` and Out-File) are read as the az CLI and
// the Bicep compiler read them: a plan or template in UTF-16 was garbage as UTF-8, recognised by no frontend
// and passed over in silence.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../harness/cli.js';
import { repoRoot } from '../harness/fixtures.js';
import type { Report } from '../harness/types.js';

const plan = JSON.stringify(
  {
    format_version: '1.2',
    resource_changes: [
      { address: 'azurerm_linux_web_app.a', mode: 'managed', type: 'azurerm_linux_web_app', name: 'a', change: { actions: ['create'], after: { name: 'a', client_certificate_enabled: true, client_certificate_mode: 'Optional' } } },
    ],
  },
  null,
  2,
);

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'azmtls-encodings-'));
  for (const form of ['utf8', 'utf16le', 'utf16be']) {
    const target = join(dir, form);
    cpSync(join(repoRoot, 'examples', 'arm'), target, { recursive: true });
    cpSync(join(repoRoot, 'examples', 'bicep'), join(target, 'bicep'), { recursive: true });
    mkdirSync(join(target, 'plan'));
    writeFileSync(join(target, 'plan', 'plan.json'), plan);
    if (form !== 'utf8') reencode(target, form === 'utf16be');
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

function reencode(folder: string, bigEndian: boolean): void {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      reencode(path, bigEndian);
      continue;
    }
    const le = Buffer.from(`\ufeff${readFileSync(path, 'utf8')}`, 'utf16le');
    writeFileSync(path, bigEndian ? le.swap16() : le);
  }
}

/** What a result says and where, without the folder it was scanned from. */
function judged(report: Report): string[] {
  return report.results.map((r) => `${r.location?.file.replace(/^utf\w+\//, '')}:${r.location?.startLine}:${r.location?.startColumn} ${r.ruleId} ${r.status} ${r.resource.address}`);
}

test('ARM templates and parameter files, Bicep files and their modules, and plans in UTF-16 are judged as in UTF-8', async () => {
  const reports: Record<string, Report> = {};
  for (const form of ['utf8', 'utf16le', 'utf16be']) {
    const run = await runCli(['scan', form, '--format', 'json', '--parameters', `${form}/web-app.parameters.json`], dir);
    assert.equal(run.stderr, '', form);
    reports[form] = JSON.parse(run.stdout) as Report;
  }
  const expected = judged(reports.utf8!);
  assert.ok(expected.some((r) => r.startsWith('web-app.json:')) && expected.some((r) => r.startsWith('bicep/')) && expected.some((r) => r.startsWith('plan/plan.json:')), expected.join('\n'));
  assert.deepEqual(reports.utf8!.errors, []);
  for (const form of ['utf16le', 'utf16be']) {
    assert.deepEqual(judged(reports[form]!), expected, form);
    assert.deepEqual(reports[form]!.errors, [], form);
  }
});
