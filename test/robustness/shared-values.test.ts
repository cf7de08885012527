// Values that share their parts (sixty variables, each the previous one twice: a few hundred bytes of
// template, 2^62 values written out) and strings that double on every variable, in every frontend, and a
// configuration file that the `yaml` package alone would chew on for seconds. Every input here hangs or
// exhausts memory when handled whole; each must end in its exact diagnostic after bounded work.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { loadArm } from '../../src/frontends/arm/index.js';
import { loadBicep } from '../../src/frontends/bicep/index.js';
import { loadTerraformModule } from '../../src/frontends/terraform/index.js';
import { memFs } from '../../src/frontends/terraform/testing/memfs.js';
import { runCli } from '../harness/cli.js';
import type { Report } from '../harness/types.js';
import { assertWellFormed } from './support.js';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const LEVELS = 60;
const noFiles = (p: string): string => {
  throw new Error(`ENOENT: no such file '${p}'`);
};
const codes = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.code} ${d.message}`);

function armTemplate(): string {
  const variables: Record<string, unknown> = { v0: "[createArray('x', 'y')]", w0: ['x', 'y'], s0: 'ab' };
  for (let i = 1; i <= LEVELS; i++) {
    variables[`v${i}`] = `[createArray(variables('v${i - 1}'), variables('v${i - 1}'))]`;
    // Built by the ARM frontend itself, not by a template function.
    variables[`w${i}`] = [`[variables('w${i - 1}')]`, `[variables('w${i - 1}')]`];
    variables[`s${i}`] = `[concat(variables('s${i - 1}'), variables('s${i - 1}'))]`;
  }
  const v = `variables('v${LEVELS}')`;
  const tags = {
    union: `[union(${v}, ${v})]`,
    base64: `[base64(string(${v}))]`,
    unique: `[uniqueString(string(${v}))]`,
    guid: `[guid(string(${v}))]`,
    format: `[format('{0}', ${v})]`,
    contains: `[contains(${v}, 'x')]`,
    json: `[json(string(${v}))]`,
    replace: `[replace(string(${v}), 'x', 'y')]`,
    lower: `[toLower(string(${v}))]`,
    length: `[length(string(${v}))]`,
    literal: `[string(variables('w${LEVELS}'))]`,
    text: `[length(variables('s${LEVELS}'))]`,
  };
  return JSON.stringify(
    { $schema: SCHEMA, variables, resources: [{ type: 'Microsoft.Web/sites', apiVersion: '2023-12-01', name: 'shared', tags, properties: { clientCertEnabled: true, clientCertMode: `[string(${v})]` } }] },
    null,
    1,
  );
}

function bicepFile(): string {
  let text = "var v0 = ['x', 'y']\nvar o0 = { a: 'x' }\nvar s0 = 'ab'\n";
  for (let i = 1; i <= LEVELS; i++) {
    text += `var v${i} = [v${i - 1}, v${i - 1}]\nvar o${i} = { l: o${i - 1}, r: o${i - 1} }\nvar s${i} = '\${s${i - 1}}\${s${i - 1}}'\n`;
  }
  const v = `v${LEVELS}`;
  const o = `o${LEVELS}`;
  return `${text}resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: 'shared'
  tags: {
    a: string(${v})
    b: '\${${v}}'
    c: ${v} == ${v} ? 'same' : 'different'
    d: string(union(${o}, ${o}))
    e: uniqueString(string(${o}))
    f: s${LEVELS}
  }
  properties: {
    clientCertEnabled: true
    clientCertMode: ${v}
  }
}
`;
}

function terraformFile(): string {
  let text = 'locals {\n  v0 = ["x", "y"]\n  s0 = "ab"\n';
  for (let i = 1; i <= LEVELS; i++) text += `  v${i} = [local.v${i - 1}, local.v${i - 1}]\n  s${i} = "\${local.s${i - 1}}\${local.s${i - 1}}"\n`;
  const v = `local.v${LEVELS}`;
  return `${text}}
resource "azurerm_linux_web_app" "shared" {
  name                       = "shared"
  client_certificate_enabled = true
  client_certificate_mode    = jsonencode(${v})
  tags = {
    a = ${v} == ${v} ? "same" : "different"
    b = length(flatten(${v}))
    c = length(distinct(${v}))
    d = format("%v", ${v})
    e = local.s${LEVELS}
    f = ${v}
  }
}
`;
}

const ARM_ERRORS = [
  ...[17, 36, 55].map((i) => `AZM2001 Cannot evaluate 'createArray(variables('v${i}'), variables('v${i}'))': The result of 'createArray' is too large: more than 1000000 values, nested ones included.`),
  // The frontend's own arrays are measured as they are built: w18, w37 and w56 are each too large once the
  // one before them is known, so string(w60) has unknown parts and no size error of its own.
  ...[18, 37, 56].map(() => 'AZM2001 The array is too large: more than 1000000 values, nested ones included.'),
  "AZM2001 Cannot evaluate 'concat(variables('s22'), variables('s22'))': The result of 'concat' is too large: more than 16000000 characters.",
];
const BICEP_ERRORS = [
  ...[17, 36, 55].map((i) => `AZM2001 [v${i}, v${i}]: the value is too large: more than 1000000 values, nested ones included.`),
  ...[18, 37, 56].map((i) => `AZM2001 { l: o${i}, r: o${i} }: the value is too large: more than 1000000 values, nested ones included.`),
  "AZM2001 '${s22}${s22}': the string is too long: more than 16000000 characters.",
];
const TERRAFORM_ERRORS = [
  ...[17, 36, 55].map((i) => `AZM2001 the value is too large (more than 1000000 values, nested ones included) in [local.v${i}, local.v${i}]`),
  'AZM2001 the string is too long (more than 16000000 characters) in "${local.s22}${local.s22}"',
];

describe('values that double on every variable, in each frontend', () => {
  test('ARM: template functions and the frontend\'s own arrays end in their size errors', () => {
    const out = loadArm('shared.json', armTemplate(), { readFile: noFiles });
    assertWellFormed(out, 'shared.json');
    assert.deepEqual(codes(out.diagnostics), ARM_ERRORS);
    assert.equal(out.resources.length, 1);
  });

  test('Bicep: array and object literals, interpolation, == and the shared library', () => {
    const out = loadBicep('shared.bicep', bicepFile(), { readFile: noFiles });
    assertWellFormed(out, 'shared.bicep');
    assert.deepEqual(codes(out.diagnostics), BICEP_ERRORS);
    assert.deepEqual(out.resources.map((r) => r.name), ['shared']);
  });

  test('Terraform: tuples, templates, jsonencode, equality, flatten, distinct, format', async () => {
    const out = await loadTerraformModule('m', { ...memFs({ 'm/main.tf': terraformFile() }), env: {} });
    assertWellFormed(out, 'main.tf');
    assert.deepEqual(codes(out.diagnostics), TERRAFORM_ERRORS);
    assert.deepEqual(out.resources.map((r) => r.name), ['shared']);
  });
});

describe('values written out whole', () => {
  test('Bicep: a JSON module argument of a thousand references to a 10 MB string is passed as unknown', () => {
    const files: Record<string, string> = {
      'big.txt': 'x'.repeat(10_000_000),
      'module.json': JSON.stringify({
        $schema: SCHEMA,
        parameters: { names: { type: 'array' } },
        resources: [{ type: 'Microsoft.Web/sites', apiVersion: '2023-12-01', name: 'inner', properties: { clientCertEnabled: true, clientCertMode: "[first(parameters('names'))]" } }],
      }),
    };
    const text = "var big = loadTextContent('big.txt')\nvar names = [for i in range(0, 1000): big]\nmodule m 'module.json' = {\n  name: 'm'\n  params: {\n    names: names\n  }\n}\n";
    const out = loadBicep('main.bicep', text, {
      readFile: (p: string) => {
        const name = p.split('/').pop()!;
        if (files[name] !== undefined) return files[name];
        return noFiles(p);
      },
    });
    assertWellFormed(out, 'main.bicep');
    assert.deepEqual(codes(out.diagnostics), []);
    const mode = out.resources[0]!.body.props.get('properties')?.value;
    assert.equal(mode?.t, 'object');
    const value = mode.t === 'object' ? mode.props.get('clientcertmode')?.value : undefined;
    assert.equal(value?.t, 'unresolved');
    assert.equal(value?.t === 'unresolved' && value.reason, "the module argument 'names' is not known: it is more than 16000000 characters written as JSON, which is not passed to the template");
  });
});

describe('through the whole CLI', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'azmtls-shared-values-'));
    writeFileSync(join(dir, 'shared.json'), armTemplate());
    writeFileSync(join(dir, 'shared.bicep'), bicepFile());
    writeFileSync(join(dir, 'main.tf'), terraformFile());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the scan finishes, reports every size error and judges every resource; reports stay small', async () => {
    const run = await runCli(['scan', '.', '--format', 'json'], dir);
    assert.equal(run.code, 2, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    const errors = (file: string) => report.errors.filter((e) => e.file === file).map((e) => `${e.code} ${e.message}`).sort();
    assert.deepEqual(errors('shared.json'), [...ARM_ERRORS].sort());
    assert.deepEqual(errors('shared.bicep'), [...BICEP_ERRORS].sort());
    assert.deepEqual(errors('main.tf'), [...TERRAFORM_ERRORS].sort());
    assert.deepEqual(
      report.results.filter((r) => r.ruleId === 'AZM-MTLS-001').map((r) => [r.location?.file, r.resource.name, r.status]).sort(),
      // What is left of v60 once v18, v37 and v56 are unknown is still an array, which is not a mode.
      [['main.tf', 'shared', 'unknown'], ['shared.bicep', 'shared', 'fail'], ['shared.json', 'shared', 'unknown']],
    );
    assert.match(report.results.find((r) => r.location?.file === 'main.tf')!.message, /could not be evaluated: the value is too large \(more than 1000000 values, nested ones included\)/);
    // No value is written whole into a report: the three reports are a few KB each.
    assert.ok(run.stdout.length < 64 * 1024, `JSON report of ${run.stdout.length} characters`);
    const sarif = await runCli(['scan', '.', '--format', 'sarif'], dir);
    assert.equal(sarif.code, 2, sarif.stderr);
    assert.ok(sarif.stdout.length < 256 * 1024, `SARIF report of ${sarif.stdout.length} characters`);
  });

  test('a 260 KB configuration of { is a configuration error with its line and column, exit 2', async () => {
    writeFileSync(join(dir, 'nested.yml'), '{'.repeat(260_000));
    const run = await runCli(['scan', '.', '--config', 'nested.yml'], dir);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'azmtls: configuration error: nested.yml:1:64: YAML nested more than 64 levels deep; a configuration is at most 4 levels deep\n');
  });

  test('a configuration of a million flow items, found upward from the scanned path', async () => {
    writeFileSync(join(dir, '.azmtls.yml'), `exceptions: [${new Array(500_000).fill('a').join(',')}]\n`);
    try {
      const run = await runCli(['scan', '.'], dir);
      assert.equal(run.code, 2);
      assert.equal(run.stderr, 'azmtls: configuration error: .azmtls.yml:1:200010: more than 100000 YAML nodes (values, anchors, tags); a configuration holds far fewer\n');
    } finally {
      rmSync(join(dir, '.azmtls.yml'));
    }
  });

  test('a configuration over 1 MiB is not read', async () => {
    writeFileSync(join(dir, 'big.yml'), `# ${'x'.repeat(3 * 1024 * 1024)}\n`);
    const run = await runCli(['scan', '.', '--config', 'big.yml'], dir);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'azmtls: configuration error: big.yml:1:1: the configuration file is 3.0 MiB, over the limit of 1 MiB; a configuration is a few KB\n');
  });
});
