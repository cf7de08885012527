// The files a scan reads besides the infrastructure itself: the --baseline report, --parameters files and
// the .azmtls.yml exceptions. A malformed one is refused with its exact message and exit code 2 (contract:
// configuration error), never an internal error with a stack trace.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../harness/cli.js';
import type { Report } from '../harness/types.js';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const site = (mode: string) =>
  JSON.stringify({ $schema: SCHEMA, parameters: { mode: { type: 'string', defaultValue: 'Optional' } }, resources: [{ type: 'Microsoft.Web/sites', apiVersion: '2023-12-01', name: 'orders-api', properties: { clientCertEnabled: true, clientCertMode: mode } }] });

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'azmtls-input-files-'));
  mkdirSync(join(dir, 'infra'));
  writeFileSync(join(dir, 'infra', 'app.json'), site("[parameters('mode')]"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` as `name` in the scan directory. */
const put = (name: string, text: string) => writeFileSync(join(dir, name), text);
const INVALID = (file: string, problem: string) => `azmtls: configuration error: ${file}: AZM3006 The baseline file is not valid: ${problem}\n`;

describe('--baseline: every entry is checked when the file is read', () => {
  let good: Report;
  before(async () => {
    const first = await runCli(['scan', 'infra', '--format', 'json', '-o', 'baseline.json'], dir);
    assert.equal(first.code, 1, first.stderr);
    good = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')) as Report;
  });

  /** The first result of a real report with `change` applied to it. */
  const withFirst = (change: (r: Record<string, unknown>) => void): string => {
    const copy = JSON.parse(JSON.stringify(good)) as { results: Record<string, unknown>[] };
    change(copy.results[0]!);
    return JSON.stringify(copy);
  };

  const cases: [string, () => string, string][] = [
    ['resource null', () => '{"schemaVersion":1,"results":[{"status":"fail","ruleId":"x","resource":null}]}', 'results[0].resource must be an object, found null'],
    ['ruleId a number', () => withFirst((r) => (r.ruleId = 7)), 'results[0].ruleId must be a string, found the number 7'],
    ['status missing', () => withFirst((r) => delete r.status), 'results[0].status must be a string, found nothing'],
    ['resource.type null', () => withFirst((r) => ((r.resource as Record<string, unknown>).type = null)), 'results[0].resource.type must be a string, found null'],
    ['resource.address an object', () => withFirst((r) => ((r.resource as Record<string, unknown>).address = { a: 1 })), 'results[0].resource.address must be a string, found an object'],
    ['location a string', () => withFirst((r) => (r.location = 'infra/app.json')), 'results[0].location must be an object, found the string "infra/app.json"'],
    ['location.file a bool', () => withFirst((r) => ((r.location as Record<string, unknown>).file = true)), 'results[0].location.file must be a string, found the bool true'],
    ['an entry that is a list', () => '{"schemaVersion":1,"results":[[]]}', 'results[0] must be an object, found a list'],
    ['schemaVersion 2', () => '{"schemaVersion":2,"results":[]}', "'schemaVersion' must be 1, found the number 2; it is not an azmtls JSON report of this version"],
    ['no results', () => '{"schemaVersion":1}', "'results' must be a list, found nothing"],
    ['a list, not a report', () => '[]', 'the file holds a list, not an azmtls JSON report'],
    // Nested far deeper than anything that walks a value recursively survives.
    ['an address nested 100,000 lists deep', () => `{"schemaVersion":1,"results":[{"status":"fail","ruleId":"x","resource":{"type":"t","address":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}`, 'results[0].resource.address must be a string, found a list'],
  ];

  for (const [name, text, problem] of cases) {
    test(name, async () => {
      put('bad-baseline.json', text());
      const run = await runCli(['scan', 'infra', '--baseline', 'bad-baseline.json', '--format', 'json'], dir);
      assert.equal(run.stderr, INVALID('bad-baseline.json', problem));
      assert.equal(run.stdout, '');
      assert.equal(run.code, 2);
    });
  }

  /** The fields of the real result that the matcher reads: a long baseline of whole results is mostly messages. */
  const entry = () => {
    const r = good.results[0]!;
    return { ruleId: r.ruleId, status: r.status, resource: { type: r.resource.type, address: r.resource.address }, location: { file: r.location!.file } };
  };

  test('a baseline saved by Windows PowerShell, UTF-16 or UTF-8 with a byte order mark, suppresses as the plain one', async () => {
    const text = JSON.stringify(good);
    const forms: [string, Buffer][] = [
      ['plain', Buffer.from(text)],
      ['utf8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
      ['utf16', Buffer.from(`\ufeff${text}`, 'utf16le')],
    ];
    for (const [form, bytes] of forms) {
      writeFileSync(join(dir, `baseline-${form}.json`), bytes);
      const run = await runCli(['scan', 'infra', '--baseline', `baseline-${form}.json`, '--format', 'json'], dir);
      assert.equal(run.stderr, '', form);
      assert.equal(run.code, 0, form);
      const report = JSON.parse(run.stdout) as Report;
      assert.ok(report.results.every((r) => r.status === 'pass' || r.suppression?.kind === 'baseline'), form);
    }
  });

  test('the first bad entry of 100,000 is named by its index', async () => {
    const results: unknown[] = new Array(100_000).fill(entry());
    results.push({ ...entry(), resource: { type: 't', address: 12 } }, null);
    put('long-baseline.json', JSON.stringify({ schemaVersion: 1, results }));
    const run = await runCli(['scan', 'infra', '--baseline', 'long-baseline.json'], dir);
    assert.equal(run.stderr, INVALID('long-baseline.json', 'results[100000].resource.address must be a string, found the number 12'));
    assert.equal(run.code, 2);
  });

  test('100,000 good entries suppress as one does', async () => {
    put('long-baseline.json', JSON.stringify({ schemaVersion: 1, results: new Array(100_000).fill(entry()) }));
    const run = await runCli(['scan', 'infra', '--baseline', 'long-baseline.json', '--format', 'json'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((JSON.parse(run.stdout) as Report).results.map((r) => [r.status, r.suppression?.kind]), [['fail', 'baseline']]);
  });

  test('not JSON: the parser message is passed on', async () => {
    put('bad-baseline.json', '{"schemaVersion":1,');
    const run = await runCli(['scan', 'infra', '--baseline', 'bad-baseline.json'], dir);
    assert.match(run.stderr, /^azmtls: configuration error: bad-baseline\.json: AZM3006 The baseline file is not valid: it is not JSON \(.+\)\n$/);
    assert.equal(run.code, 2);
  });

  test('a missing file is a usage error, as before', async () => {
    const run = await runCli(['scan', 'infra', '--baseline', 'nowhere.json'], dir);
    assert.match(run.stderr, /^azmtls: cannot read the baseline nowhere\.json: ENOENT/);
    assert.equal(run.code, 2);
  });

  test('a baseline over --max-file-size is refused before it is read', async () => {
    // 100,000 entries are about 15 MB; with a 1 MiB limit the file is not read whole.
    put('long-baseline.json', JSON.stringify({ schemaVersion: 1, results: new Array(100_000).fill(entry()) }));
    const run = await runCli(['scan', 'infra', '--baseline', 'long-baseline.json', '--max-file-size', '1'], dir);
    assert.match(run.stderr, /^azmtls: cannot read the baseline long-baseline\.json: the file is \d+\.\d MiB, over the 1 MiB limit \(--max-file-size\)\n/);
    assert.equal(run.stdout, '');
    assert.equal(run.code, 2);
  });
});

describe('values of any length in the input', () => {
  test('a 1,000,000-character value is quoted shortened in the message; the result is judged as usual', async () => {
    const huge = `Opt${'i'.repeat(1_000_000)}onal`;
    put('infra/huge.json', site(huge));
    try {
      const run = await runCli(['scan', 'infra/huge.json', '--format', 'json'], dir);
      assert.equal(run.code, 1, run.stderr);
      assert.ok(run.stdout.length < 20_000, `report of ${run.stdout.length} characters`);
      const [result] = (JSON.parse(run.stdout) as Report).results;
      assert.equal(result!.status, 'fail');
      assert.match(result!.message, /clientCertMode is 'Optiii+… \(1000007 characters\)'/);
    } finally {
      rmSync(join(dir, 'infra/huge.json'));
    }
  });

  test('a 100,000-character name in a copy loop of 800 gives 800 distinct shortened names, not 240 MB of report', async () => {
    const template = {
      $schema: SCHEMA,
      parameters: { prefix: { type: 'string', defaultValue: 'p'.repeat(100_000) } },
      resources: [
        {
          type: 'Microsoft.Web/sites',
          apiVersion: '2023-12-01',
          name: "[concat(parameters('prefix'), copyIndex())]",
          copy: { name: 'apps', count: 800 },
          properties: { clientCertEnabled: false },
        },
      ],
    };
    put('infra/loop.json', JSON.stringify(template));
    try {
      const run = await runCli(['scan', 'infra/loop.json', '--format', 'json'], dir);
      assert.equal(run.code, 1, run.stderr);
      assert.ok(run.stdout.length < 10_000_000, `report of ${run.stdout.length} characters`);
      const results = (JSON.parse(run.stdout) as Report).results;
      assert.equal(results.length, 800);
      assert.equal(new Set(results.map((r) => r.resource.name)).size, 800);
      assert.ok(results.every((r) => r.resource.name.length <= 1024 && /^p+…#[0-9a-f]{16}$/.test(r.resource.name)));
      assert.ok(results.every((r) => r.remediation.azCli === undefined));
    } finally {
      rmSync(join(dir, 'infra/loop.json'));
    }
  });
});

describe('--parameters: a malformed ARM parameters file is an error of that file, the template still judged', () => {
  const cases: [string, string, string][] = [
    ['null', 'null', "1:1 AZM1006 A parameters file needs a 'parameters' object"],
    ['parameters a list', '{"parameters": []}', "1:16 AZM1006 A parameters file needs a 'parameters' object"],
    ['a parameter that is null', '{"parameters": {"mode": null}}', "1:25 AZM1006 The parameter 'mode' must be an object with a 'value' or a 'reference'"],
    ['a parameter that is a number', '{"parameters": {"mode": 5}}', "1:25 AZM1006 The parameter 'mode' must be an object with a 'value' or a 'reference'"],
    ['no value', '{"parameters": {"mode": {}}}', "1:25 AZM1006 The parameter 'mode' has neither a 'value' nor a 'reference'"],
    ['a value nested 100,000 lists deep', `{"parameters": {"mode": {"value": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`, '1:544 AZM1003 JSON is nested more than 512 levels deep; the file is not evaluated'],
  ];
  for (const [name, text, error] of cases) {
    test(name, async () => {
      put('params.json', text);
      const run = await runCli(['scan', 'infra', '--parameters', 'params.json', '--format', 'json'], dir);
      assert.equal(run.stderr, '');
      const report = JSON.parse(run.stdout) as Report;
      assert.deepEqual(report.errors.map((e) => `${e.file} ${e.startLine}:${e.startColumn} ${e.code} ${e.message}`), [`params.json ${error}`]);
      // The default of 'mode' is used instead.
      assert.deepEqual(report.results.map((r) => [r.resource.name, r.status]), [['orders-api', 'fail']]);
      assert.equal(run.code, 2);
    });
  }
});

describe('.azmtls.yml exceptions with fields of the wrong type', () => {
  const exception = (fields: string) => `exceptions:\n  - rule: AZM-MTLS-001\n    resource: orders-*\n    reason: accepted\n    expires: 2027-01-01\n${fields}`;
  const cases: [string, string, string][] = [
    ['rule a number', 'exceptions:\n  - rule: 5\n    resource: a\n    reason: r\n    expires: 2027-01-01\n', "2:11: exception: 'rule' must be a string"],
    ['resource a list', 'exceptions:\n  - rule: AZM-MTLS-001\n    resource: [a]\n    reason: r\n    expires: 2027-01-01\n', "3:15: exception: 'resource' must be a string"],
    ['reason a mapping', 'exceptions:\n  - rule: AZM-MTLS-001\n    resource: a\n    reason: {a: 1}\n    expires: 2027-01-01\n', "4:13: exception: 'reason' must be a string"],
    ['reason a bool', 'exceptions:\n  - rule: AZM-MTLS-001\n    resource: a\n    reason: true\n    expires: 2027-01-01\n', "4:13: exception: 'reason' must be a string"],
    ['owner a list', exception('    owner: [x]\n'), "6:12: exception: 'owner' must be a string"],
    ['expires a number', 'exceptions:\n  - rule: AZM-MTLS-001\n    resource: a\n    reason: r\n    expires: 20270101\n', "5:14: exception: 'expires' must be a string"],
    ['expires a day that does not exist', 'exceptions:\n  - rule: AZM-MTLS-001\n    resource: a\n    reason: r\n    expires: 2027-02-30\n', "5:14: exception: 'expires' must be a date YYYY-MM-DD, not '2027-02-30'"],
    ['an exception that is null', 'exceptions:\n  - null\n', '2:5: each exception must be a mapping with rule, resource, reason, expires'],
    ['exceptions a mapping', 'exceptions: {a: 1}\n', "1:13: 'exceptions' must be a list"],
    ['a key that is a list', 'exceptions:\n  - ? [rule]\n    : AZM-MTLS-001\n', '2:7: exception: a key must be a plain name, not a list or a mapping'],
    ['a top-level key that is a list', '? [profile]\n: strict\n', '1:3: a key must be a plain name, not a list or a mapping'],
  ];
  for (const [name, text, message] of cases) {
    test(name, async () => {
      put('cfg.yml', text);
      const run = await runCli(['scan', 'infra', '--config', 'cfg.yml'], dir);
      assert.equal(run.stderr, `azmtls: configuration error: cfg.yml:${message}\n`);
      assert.equal(run.stdout, '');
      assert.equal(run.code, 2);
    });
  }

  test('a leap day is a date', async () => {
    put('cfg.yml', 'exceptions:\n  - rule: AZM-MTLS-001\n    resource: orders-*\n    reason: accepted\n    expires: 2028-02-29\n');
    const run = await runCli(['scan', 'infra', '--config', 'cfg.yml', '--format', 'json'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as Report).results[0]!.suppression?.kind, 'config');
  });
});
