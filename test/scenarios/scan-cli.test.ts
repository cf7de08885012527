import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../harness/cli.js';
import { repoRoot } from '../harness/fixtures.js';
import type { Report } from '../harness/types.js';

const template = (props: string, extra = '') => `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",${extra}
  "resources": [
    {
      "type": "Microsoft.Web/sites",
      "apiVersion": "2023-12-01",
      "name": "orders-api",
      "location": "westeurope",
      "properties": {
${props}
      }
    }
  ]
}
`;

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'azmtls-cli-'));
  mkdirSync(join(dir, 'infra'));
  writeFileSync(join(dir, 'infra', 'good.json'), template(`        "clientCertEnabled": true,\n        "clientCertMode": "Required"`));
  writeFileSync(join(dir, 'infra', 'bad.json'), template(`        "clientCertEnabled": true,\n        "clientCertMode": "Optional"`));
  writeFileSync(join(dir, 'package.json'), '{"name": "not-a-template"}');
});

after(() => rmSync(dir, { recursive: true, force: true }));

function json(stdout: string): Report {
  return JSON.parse(stdout) as Report;
}

describe('azmtls scan (whole CLI)', () => {
  test('JSON report follows the contract and exit code 1 on a failing result', async () => {
    const run = await runCli(['scan', 'infra', '--format', 'json'], dir);
    assert.equal(run.code, 1, run.stderr);
    const report = json(run.stdout);
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.tool.name, 'azmtls');
    assert.equal(report.profile, 'strict');
    assert.equal(report.errors.length, 0);
    const fails = report.results.filter((r) => r.status === 'fail');
    assert.equal(fails.length, 1);
    const f = fails[0]!;
    assert.equal(f.ruleId, 'AZM-MTLS-001');
    assert.equal(f.resource.type, 'Microsoft.Web/sites');
    assert.equal(f.resource.name, 'orders-api');
    assert.equal(f.resource.source, 'arm');
    assert.equal(f.location?.file, 'infra/bad.json');
    // The primary location is the mode property, line 12 of the generated template.
    assert.equal(f.location?.startLine, 12);
    assert.equal(f.location?.startColumn, 9);
    assert.ok(f.remediation.azCli?.includes('orders-api'), f.remediation.azCli);
    const passes = report.results.filter((r) => r.status === 'pass' && r.location?.file === 'infra/good.json');
    assert.equal(passes.length, 1);
    assert.equal(report.summary.fail, 1);
    assert.equal(report.summary.pass, 1);
    assert.equal(report.summary.resources, 2);
  });

  test('a broken file is an error with line and column, exit 2, and the other files are still scanned', async () => {
    const broken = join(dir, 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'ok.json'), template(`        "clientCertEnabled": false`));
    writeFileSync(join(broken, 'truncated.json'), template(`        "clientCertEnabled": true`).slice(0, 300));
    const run = await runCli(['scan', 'broken', '--format', 'json'], dir);
    assert.equal(run.code, 2);
    const report = json(run.stdout);
    const err = report.errors.find((e) => e.file === 'broken/truncated.json');
    assert.ok(err, JSON.stringify(report.errors));
    assert.match(err.code, /^AZM1/);
    assert.ok((err.startLine ?? 0) > 1 && (err.startColumn ?? 0) >= 1, JSON.stringify(err));
    assert.ok(report.results.some((r) => r.location?.file === 'broken/ok.json' && r.status === 'fail'));
  });

  test('--fail-on never exits 0 and --fail-on unknown gates on unknown results', async () => {
    assert.equal((await runCli(['scan', 'infra/bad.json', '--fail-on', 'never', '--format', 'json'], dir)).code, 0);
    const unk = join(dir, 'unknown');
    mkdirSync(unk, { recursive: true });
    writeFileSync(
      join(unk, 'param.json'),
      template(`        "clientCertEnabled": true,\n        "clientCertMode": "[parameters('mode')]"`, `\n  "parameters": { "mode": { "type": "string" } },`),
    );
    const lax = await runCli(['scan', 'unknown', '--format', 'json'], dir);
    assert.equal(lax.code, 0, lax.stdout);
    assert.equal(json(lax.stdout).results.filter((r) => r.status === 'unknown').length, 1);
    assert.equal((await runCli(['scan', 'unknown', '--fail-on', 'unknown'], dir)).code, 1);
  });

  test('an inline suppression with a justification suppresses; without one it is reported and does not', async () => {
    const sup = join(dir, 'suppressed');
    mkdirSync(sup, { recursive: true });
    writeFileSync(
      join(sup, 'a.json'),
      template(`        "clientCertEnabled": true,\n        // azmtls-ignore AZM-MTLS-001 -- verified at the gateway; until=2027-01-31\n        "clientCertMode": "Optional"`),
    );
    writeFileSync(
      join(sup, 'b.json'),
      template(`        "clientCertEnabled": true,\n        // azmtls-ignore AZM-MTLS-001\n        "clientCertMode": "Optional"`),
    );
    const run = await runCli(['scan', 'suppressed', '--format', 'json'], dir);
    const report = json(run.stdout);
    const a = report.results.find((r) => r.location?.file === 'suppressed/a.json')!;
    assert.deepEqual(a.suppression, { kind: 'inline', justification: 'verified at the gateway', expires: '2027-01-31' });
    assert.equal(a.status, 'fail');
    const b = report.results.find((r) => r.location?.file === 'suppressed/b.json')!;
    assert.equal(b.suppression, null);
    assert.ok(report.warnings?.some((w) => w.file === 'suppressed/b.json' && w.code === 'AZM3004' && w.startLine === 12));
    assert.equal(report.summary.suppressed, 1);
    assert.equal(run.code, 1);
  });

  test('configuration exceptions suppress until they expire; a malformed config is exit 2 with file and line', async () => {
    const cfgDir = join(dir, 'cfg');
    mkdirSync(cfgDir, { recursive: true });
    writeFileSync(join(cfgDir, 'bad.json'), template(`        "clientCertEnabled": false`));
    writeFileSync(join(cfgDir, '.azmtls.yml'), 'exceptions:\n  - rule: AZM-MTLS-001\n    resource: "orders-*"\n    reason: accepted\n    expires: 2027-01-01\n');
    const ok = await runCli(['scan', 'cfg', '--format', 'json'], dir);
    assert.equal(ok.code, 0, ok.stdout);
    assert.equal(json(ok.stdout).results[0]!.suppression?.kind, 'config');
    writeFileSync(join(cfgDir, '.azmtls.yml'), 'exceptions:\n  - rule: AZM-MTLS-001\n    resource: "orders-*"\n    reason: accepted\n    expires: 2026-01-01\n');
    const expired = await runCli(['scan', 'cfg', '--format', 'json'], dir);
    assert.equal(expired.code, 1);
    assert.ok(json(expired.stdout).warnings?.some((w) => w.code === 'AZM3005'));
    writeFileSync(join(cfgDir, '.azmtls.yml'), 'profile: strict\nfailon: fail\n');
    const bad = await runCli(['scan', 'cfg'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /cfg\/\.azmtls\.yml:2:1: unknown key 'failon'/);
  });

  test('a baseline suppresses known results and new ones still fail', async () => {
    const first = await runCli(['scan', 'infra', '--format', 'json', '-o', 'baseline.json'], dir);
    assert.equal(first.code, 1);
    const again = await runCli(['scan', 'infra', '--baseline', 'baseline.json', '--format', 'json'], dir);
    assert.equal(again.code, 0, again.stdout);
    assert.equal(json(again.stdout).results.find((r) => r.status === 'fail')!.suppression?.kind, 'baseline');
    writeFileSync(join(dir, 'infra', 'new.json'), template(`        "clientCertEnabled": false`));
    const withNew = await runCli(['scan', 'infra', '--baseline', 'baseline.json', '--format', 'json'], dir);
    assert.equal(withNew.code, 1);
    rmSync(join(dir, 'infra', 'new.json'));
  });

  test('usage errors exit 2: missing path, unknown format, bad --var', async () => {
    const missing = await runCli(['scan', 'nope', '--format', 'json'], dir);
    assert.equal(missing.code, 2);
    assert.equal(json(missing.stdout).errors[0]!.code, 'AZM3003');
    assert.equal((await runCli(['scan', 'infra', '--format', 'yaml'], dir)).code, 2);
    assert.equal((await runCli(['scan', 'infra', '--var', 'novalue'], dir)).code, 2);
  });

  test('--version prints the package version; rules --format json lists nine rules', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const v = await runCli(['--version'], dir);
    assert.equal(v.code, 0);
    assert.equal(v.stdout.trim(), pkg.version);
    const rules = await runCli(['rules', '--format', 'json'], dir);
    const parsed = JSON.parse(rules.stdout) as { rules: { id: string }[] };
    assert.deepEqual(
      parsed.rules.map((r) => r.id),
      ['001', '002', '003', '004', '005', '006', '007', '008', '009'].map((n) => `AZM-MTLS-${n}`),
    );
  });

  test('the console report names the file, line and rule and ends with a summary', async () => {
    const run = await runCli(['scan', 'infra', '--no-color'], dir);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /infra\/bad\.json/);
    assert.match(run.stdout, /12:9/);
    assert.match(run.stdout, /AZM-MTLS-001/);
    assert.equal(run.stdout.includes('\u001b['), false, 'no ANSI escapes with --no-color');
  });
});

describe('templates over Azure Resource Manager limits', () => {
  test('a template over 4 MB (without white space) is scanned and reported as an error at 1:1', async () => {
    const big = join(dir, 'big');
    mkdirSync(big, { recursive: true });
    const filler = Array.from({ length: 60_000 }, (_, i) => `"tag${i}": "${'x'.repeat(64)}"`).join(',\n');
    writeFileSync(join(big, 'big.json'), template(`        "clientCertEnabled": false`).replace('"location": "westeurope",', `"location": "westeurope",\n      "tags": {\n${filler}\n      },`));
    const run = await runCli(['scan', 'big', '--format', 'json'], dir);
    assert.equal(run.code, 2);
    const report = json(run.stdout);
    const err = report.errors.find((e) => e.code === 'AZM1004');
    assert.ok(err, JSON.stringify(report.errors));
    assert.equal(err.file, 'big/big.json');
    assert.equal(err.startLine, 1);
    assert.equal(err.startColumn, 1);
    assert.match(err.message, /rejects templates over 4 MB/);
    assert.equal(report.results.filter((r) => r.status === 'fail').length, 1);
  });

  test('a report that cannot be written is exit 2 with one line: a bad --output before scanning, a failed write after', async () => {
    const toFolder = await runCli(['scan', 'infra', '--format', 'json', '-o', 'infra'], dir);
    assert.equal(toFolder.code, 2);
    assert.equal(toFolder.stderr, 'azmtls: --output: infra is a directory\n');
    const noFolder = await runCli(['scan', 'infra', '-o', 'missing/report.txt'], dir);
    assert.equal(noFolder.code, 2);
    assert.equal(noFolder.stderr, 'azmtls: --output: the folder of missing/report.txt does not exist\n');
    if (existsSync('/dev/full')) {
      const full = await runCli(['scan', 'infra', '--format', 'sarif', '-o', '/dev/full'], dir);
      assert.equal(full.code, 2);
      assert.equal(full.stderr, 'azmtls: cannot write the report to /dev/full: ENOSPC: no space left on device, write\n');
    }
  });

  test('a file over --max-file-size is not parsed and is an error', async () => {
    const run = await runCli(['scan', 'big', '--format', 'json', '--max-file-size', '1'], dir);
    assert.equal(run.code, 2);
    const report = json(run.stdout);
    assert.equal(report.results.length, 0);
    assert.match(report.errors[0]!.message, /over the 1 MiB limit \(--max-file-size\); it was not scanned/);
  });
});

describe('Terraform plans', () => {
  test('a plan cut short is an error at the line and column where it breaks (exit 2), not some other JSON passed over', async () => {
    const plans = join(dir, 'plans');
    mkdirSync(plans, { recursive: true });
    const change = { address: 'azurerm_linux_web_app.a', mode: 'managed', type: 'azurerm_linux_web_app', name: 'a', change: { actions: ['create'], after: { name: 'a', client_certificate_enabled: true } } };
    const whole = JSON.stringify({ format_version: '1.2', terraform_version: '1.9.0', resource_changes: [change, change] }, null, 2);
    writeFileSync(join(plans, 'plan.json'), whole.slice(0, whole.lastIndexOf('"client_certificate_enabled"')));
    const run = await runCli(['scan', 'plans', '--format', 'json'], dir);
    assert.equal(run.code, 2, run.stderr);
    const report = json(run.stdout);
    const lines = whole.slice(0, whole.lastIndexOf('"client_certificate_enabled"')).split('\n');
    assert.deepEqual(
      report.errors.map((e) => `${e.file} ${e.code} ${e.startLine}:${e.startColumn} ${e.message}`),
      [`plans/plan.json AZM1001 ${lines.length}:${lines.at(-1)!.length + 1} the plan is not valid JSON`],
    );
  });
});

describe("Terraform's JSON syntax", () => {
  test('a *.tf.json file is said not to be read (AZM1204, a warning), once, and the HCL beside it is judged', async () => {
    const cdk = join(dir, 'cdktf');
    mkdirSync(cdk, { recursive: true });
    const resource = { azurerm_linux_web_app: { app: { name: 'orders', client_certificate_enabled: false } } };
    writeFileSync(join(cdk, 'cdk.tf.json'), JSON.stringify({ resource }, null, 2));
    writeFileSync(join(cdk, 'main.tf'), 'resource "azurerm_linux_web_app" "hcl" {\n  name = "hcl"\n  client_certificate_enabled = false\n}\n');
    const run = await runCli(['scan', 'cdktf', '--format', 'json'], dir);
    const report = json(run.stdout);
    assert.deepEqual(
      (report.warnings ?? []).map((w) => `${w.file} ${w.code} ${w.startLine}:${w.startColumn}`),
      ['cdktf/cdk.tf.json AZM1204 1:1'],
    );
    assert.match(report.warnings![0]!.message, /not read, so the resources this file declares are not judged.*terraform show -json/);
    assert.deepEqual(report.results.map((r) => r.resource.address), ['azurerm_linux_web_app.hcl']);
    assert.equal(run.code, 1, 'the HCL resource fails; the warning does not change the exit code');
  });
});

describe('file names', () => {
  // Outside Windows a backslash is a character of a file's name: reported as a separator, the result would
  // point at another file (here one that exists).
  test('a backslash in a file name is kept in the JSON report and percent-encoded in SARIF', { skip: process.platform === 'win32' }, async () => {
    const names = join(dir, 'names');
    mkdirSync(join(names, 'a'), { recursive: true });
    writeFileSync(join(names, 'a\\b.json'), template(`        "clientCertEnabled": false`));
    writeFileSync(join(names, 'a', 'b.json'), template(`        "clientCertEnabled": true,\n        "clientCertMode": "Required"`));
    const run = await runCli(['scan', 'names', '--format', 'json'], dir);
    const report = json(run.stdout);
    assert.deepEqual(report.results.map((r) => `${r.location?.file} ${r.status}`).sort(), ['names/a/b.json pass', 'names/a\\b.json fail']);
    const sarif = await runCli(['scan', 'names', '--format', 'sarif'], dir);
    const uris = (JSON.parse(sarif.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]!.results.map(
      (r) => r.locations[0]!.physicalLocation.artifactLocation.uri,
    );
    assert.deepEqual(uris, ['names/a%5Cb.json']);
  });

  test('a Terraform file whose name holds a backslash is read under that name', { skip: process.platform === 'win32' }, async () => {
    const tf = join(dir, 'tf-names');
    mkdirSync(tf, { recursive: true });
    writeFileSync(
      join(tf, 'web\\app.tf'),
      ['resource "azurerm_linux_web_app" "app" {', '  name                = "app"', '  client_certificate_enabled = false', '}', ''].join('\n'),
    );
    const run = await runCli(['scan', 'tf-names', '--format', 'json'], dir);
    const report = json(run.stdout);
    assert.deepEqual(report.errors, []);
    assert.deepEqual(
      report.results.filter((r) => r.status === 'fail').map((r) => `${r.location?.file}:${r.location?.startLine}`),
      ['tf-names/web\\app.tf:3'],
    );
  });
});
