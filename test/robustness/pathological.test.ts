// Pathological inputs: each ends in bounded time and memory with a clear diagnostic, never a crash, a
// hang or a stack overflow.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { scan } from '../../src/cli/scan/pipeline.js';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { loadArm } from '../../src/frontends/arm/index.js';
import { loadBicep } from '../../src/frontends/bicep/index.js';
import { loadTerraformModule, loadTerraformPlan } from '../../src/frontends/terraform/index.js';
import { parseHclText } from '../../src/frontends/terraform/hcl/parser.js';
import { memFs } from '../../src/frontends/terraform/testing/memfs.js';
import { assertWellFormed, RSS_BOUND_BYTES } from './support.js';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const noFiles = (p: string): string => {
  throw new Error(`ENOENT: no such file '${p}'`);
};
const site = (name: string, properties: Record<string, unknown>) => ({ type: 'Microsoft.Web/sites', apiVersion: '2023-12-01', name, properties });
const codes = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.code} ${d.message}`);
const tf = (text: string) => loadTerraformModule('m', { ...memFs({ 'm/main.tf': text }), env: {} });

let rssBefore = 0;
let tried = 0;
before(() => {
  rssBefore = process.memoryUsage().rss;
});
after(() => {
  const growth = process.memoryUsage().rss - rssBefore;
  console.log(`pathological inputs: ${tried} tried; resident memory grew by ${(growth / 1048576).toFixed(0)} MiB`);
  assert.ok(growth < RSS_BOUND_BYTES, `resident memory grew by ${growth} bytes`);
});

describe('10,000 levels of nesting', () => {
  test('ARM: AZM1003 at the bracket that goes too deep', () => {
    tried++;
    const text = `{"$schema":"${SCHEMA}","variables":{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}},"resources":[]}`;
    const out = loadArm('deep.json', text, { readFile: noFiles });
    assertWellFormed(out, 'deep.json');
    assert.deepEqual(codes(out.diagnostics), ['AZM1003 JSON is nested more than 512 levels deep; the file is not evaluated']);
    assert.equal(out.diagnostics[0]!.ref?.start, text.indexOf('[') + 510);
  });

  test('Bicep: AZM1003, and the declarations around it are still read', () => {
    tried++;
    const text = `var x = ${'['.repeat(10_000)}${']'.repeat(10_000)}\nresource s 'Microsoft.Web/sites@2023-12-01' = {\n  name: 'after'\n}\n`;
    const out = loadBicep('deep.bicep', text, { readFile: noFiles });
    assertWellFormed(out, 'deep.bicep');
    assert.deepEqual(codes(out.diagnostics), ['AZM1003 The input is nested more than 200 levels deep.']);
    assert.deepEqual(out.resources.map((r) => r.name), ['after']);
  });

  test('HCL: AZM1003, and the resource after it is still read', async () => {
    tried++;
    const out = await tf(`locals {\n  x = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n}\nresource "azurerm_linux_web_app" "w" {\n  name = "after"\n}\n`);
    assertWellFormed(out, 'deep.tf');
    assert.deepEqual(codes(out.diagnostics), ['AZM1003 nested more than 300 levels deep; the deeper part is not read']);
    assert.deepEqual(out.resources.map((r) => r.name), ['after']);
  });

  test('ARM: a string left open before the brackets (the parser ends it at the line break and reads them)', () => {
    tried++;
    const text = `{"$schema":"${SCHEMA}","variables":{"x":["open\n${'['.repeat(10_000)}${']'.repeat(10_000)}]},"resources":[]}`;
    const out = loadArm('open.json', text, { readFile: noFiles });
    assertWellFormed(out, 'open.json');
    assert.deepEqual(codes(out.diagnostics), ['AZM1003 JSON is nested more than 512 levels deep; the file is not evaluated']);
  });

  test('Terraform variables file (.tfvars.json): AZM1003, and the module is still judged', async () => {
    tried++;
    const deep = `{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const main = 'variable "x" {}\nresource "azurerm_linux_web_app" "w" {\n  name = "after"\n}\n';
    const out = await loadTerraformModule('m', { ...memFs({ 'm/main.tf': main, 'm/terraform.tfvars.json': deep }), env: {} });
    assertWellFormed(out, 'm/terraform.tfvars.json');
    assert.deepEqual(codes(out.diagnostics), ['AZM1003 the variables file is nested more than 512 levels deep; it is not read']);
    assert.deepEqual(out.resources.map((r) => r.name), ['after']);
  });

  test('Bicep parameters file (JSON): AZM1003, and the file is still judged', () => {
    tried++;
    const params = `{"parameters":{"p":{"value":${'['.repeat(10_000)}${']'.repeat(10_000)}}}}`;
    const text = "param p array = []\nresource s 'Microsoft.Web/sites@2023-12-01' = {\n  name: 'after'\n}\n";
    const out = loadBicep('main.bicep', text, { readFile: (p) => (p === 'main.parameters.json' ? params : noFiles(p)), parameterFiles: ['main.parameters.json'] });
    assertWellFormed(out, 'main.bicep');
    assert.deepEqual(codes(out.diagnostics), ['AZM1003 The parameters file is nested more than 512 levels deep; it is not read.']);
    assert.deepEqual(out.resources.map((r) => r.name), ['after']);
  });

  test('Terraform plan JSON: AZM1003 instead of a stack overflow', async () => {
    tried++;
    const text = `{"format_version":"1.2","resource_changes":[],"x":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    const out = await loadTerraformPlan('plan.json', text, memFs({}));
    assertWellFormed(out, 'plan.json');
    assert.deepEqual(codes(out.diagnostics), ['AZM1003 the plan JSON is nested more than 512 levels deep; it is not read']);
  });

  test('Terraform plan JSON broken by mismatched closers: `[},` skipped by the parser nests it one level more each time', async () => {
    tried++;
    const text = `{"format_version":"1.2","resource_changes":[${'[}, '.repeat(10_000)}]}`;
    const out = await loadTerraformPlan('plan.json', text, memFs({}));
    assertWellFormed(out, 'plan.json');
    assert.deepEqual(codes(out.diagnostics), ['AZM1003 the plan JSON is nested more than 512 levels deep; it is not read']);
  });
});

describe('values that double on every variable (2^60 elements if evaluated)', () => {
  test('ARM: the size limit stops concat with AZM2001, the process survives', () => {
    tried++;
    const variables: Record<string, string> = { v0: "[createArray('x', 'y')]" };
    for (let i = 1; i <= 60; i++) variables[`v${i}`] = `[concat(variables('v${i - 1}'), variables('v${i - 1}'))]`;
    const text = JSON.stringify({ $schema: SCHEMA, variables, resources: [site('s', { clientCertEnabled: "[equals(length(variables('v60')), 0)]" })] });
    const out = loadArm('exp.json', text, { readFile: noFiles });
    assertWellFormed(out, 'exp.json');
    assert.deepEqual(codes(out.diagnostics), [
      "AZM2001 Cannot evaluate 'concat(variables('v18'), variables('v18'))': The result of 'concat' has 1048576 elements, more than the limit of 1000000.",
    ]);
    assert.equal(out.resources.length, 1);
  });

  test('Bicep: the same limit through the shared function library', () => {
    tried++;
    let text = "var v0 = ['x', 'y']\n";
    for (let i = 1; i <= 60; i++) text += `var v${i} = concat(v${i - 1}, v${i - 1})\n`;
    text += "resource s 'Microsoft.Web/sites@2023-12-01' = {\n  name: 's'\n  properties: {\n    clientCertEnabled: length(v60) == 0\n  }\n}\n";
    const out = loadBicep('exp.bicep', text, { readFile: noFiles });
    assertWellFormed(out, 'exp.bicep');
    assert.deepEqual(codes(out.diagnostics), ["AZM2001 concat(v18, v18): The result of 'concat' has 1048576 elements, more than the limit of 1000000."]);
  });

  test('Terraform locals: concat stops with AZM2001 (no stack overflow from a 2^17-element spread)', async () => {
    tried++;
    let text = 'locals {\n  v0 = ["x", "y"]\n';
    for (let i = 1; i <= 60; i++) text += `  v${i} = concat(local.v${i - 1}, local.v${i - 1})\n`;
    text += '}\nresource "azurerm_linux_web_app" "w" {\n  name = "w"\n  client_certificate_enabled = length(local.v60) == 0\n}\n';
    const out = await tf(text);
    assertWellFormed(out, 'exp.tf');
    assert.deepEqual(codes(out.diagnostics), ['AZM2001 concat: the result has more than 1000000 elements in concat(local.v18, local.v18)']);
  });
});

describe('cycles', () => {
  test('ARM variables', () => {
    tried++;
    const text = JSON.stringify({ $schema: SCHEMA, variables: { a: "[variables('b')]", b: "[variables('a')]" }, resources: [site('s', { clientCertMode: "[variables('a')]" })] });
    const out = loadArm('cycle.json', text, { readFile: noFiles });
    assertWellFormed(out, 'cycle.json');
    assert.deepEqual(codes(out.diagnostics), ['AZM2002 The variables reference each other in a cycle: a -> b -> a']);
  });

  test('Bicep variables', () => {
    tried++;
    const out = loadBicep('cycle.bicep', "var a = b\nvar b = a\nresource s 'Microsoft.Web/sites@2023-12-01' = {\n  name: a\n}\n", { readFile: noFiles });
    assertWellFormed(out, 'cycle.bicep');
    assert.deepEqual(codes(out.diagnostics), ["AZM2002 'a' refers to itself through a cycle of declarations."]);
  });

  test('Terraform locals', async () => {
    tried++;
    const out = await tf('locals {\n  a = local.b\n  b = local.a\n}\nresource "azurerm_linux_web_app" "w" {\n  name = local.a\n}\n');
    assertWellFormed(out, 'cycle.tf');
    assert.deepEqual(codes(out.diagnostics), ['AZM2002 local value "a" refers to itself through local.a -> local.b']);
  });
});

describe('loops of 100,000', () => {
  test('ARM copy: capped at 10,000 instances with AZM2006', () => {
    tried++;
    const text = JSON.stringify({ $schema: SCHEMA, resources: [{ ...site("[concat('s', copyIndex())]", { clientCertEnabled: true }), copy: { name: 'c', count: 100_000 } }] });
    const out = loadArm('copy.json', text, { readFile: noFiles });
    assertWellFormed(out, 'copy.json');
    assert.deepEqual(codes(out.diagnostics), ['AZM2006 The copy count 100000 exceeds the limit of 10000; only the first 10000 are evaluated']);
    assert.equal(out.resources.length, 10_000);
    assert.equal(out.resources[9_999]!.name, 's9999');
  });

  test('Bicep for-loop over range(0, 100000): the range limit is a clear AZM2001', () => {
    tried++;
    const text = "resource s 'Microsoft.Web/sites@2023-12-01' = [for i in range(0, 100000): {\n  name: 's${i}'\n  properties: {\n    clientCertEnabled: true\n  }\n}]\n";
    const out = loadBicep('loop.bicep', text, { readFile: noFiles });
    assertWellFormed(out, 'loop.bicep');
    assert.deepEqual(codes(out.diagnostics), ["AZM2001 range(0, 100000): The template function 'range' expects a count between 0 and 10000, but got 100000."]);
  });

  test('Terraform count = 100000: AZM2006', async () => {
    tried++;
    const out = await tf('resource "azurerm_linux_web_app" "w" {\n  count = 100000\n  name = "w${count.index}"\n}\n');
    assertWellFormed(out, 'count.tf');
    assert.deepEqual(codes(out.diagnostics), ['AZM2006 count = 100000 is more than 10000 instances']);
  });
});

describe('budgets', () => {
  test('ARM step budget: AZM2006 once the steps are spent, the rest unresolved', () => {
    tried++;
    const text = JSON.stringify({ $schema: SCHEMA, resources: [{ ...site("[concat('s', copyIndex())]", { clientCertEnabled: "[equals(toLower(concat('a', 'b', 'c')), 'abc')]" }), copy: { name: 'c', count: 5_000 } }] });
    const out = loadArm('steps.json', text, { readFile: noFiles, limits: { maxSteps: 2_000 } });
    assertWellFormed(out, 'steps.json');
    assert.deepEqual(codes(out.diagnostics), ['AZM2006 The template needs more than 2000 evaluation steps; the rest is not evaluated']);
  });

  test('ARM time budget: AZM2005 when evaluation outlasts maxMillis', () => {
    tried++;
    const text = JSON.stringify({
      $schema: SCHEMA,
      resources: [{ ...site("[concat('s', copyIndex())]", { clientCertMode: "[string(range(0, 2000))]" }), copy: { name: 'c', count: 10_000 } }],
    });
    const out = loadArm('time.json', text, { readFile: noFiles, limits: { maxMillis: 1 } });
    assertWellFormed(out, 'time.json');
    assert.deepEqual(codes(out.diagnostics), ['AZM2005 Evaluating the template took longer than 1 ms; the rest is not evaluated']);
  });

});

describe("HCL inputs on which tree-sitter's error recovery was quadratic are read in one pass", () => {
  const after = 'resource "azurerm_linux_web_app" "w" {\n  name = "after"\n}\n';
  const blocks = (p: ReturnType<typeof parseHclText>) => p.file.body.blocks.map((b) => `${b.type} ${b.body.attributes.map((a) => `${a.name}:${a.expr.k}`).join(' ')}`);

  test('a run of 200,000 quotes (once cancelled after a 5 s budget): one syntax error, the statements around it kept', () => {
    tried++;
    const parsed = parseHclText('slow.tf', `locals {\n  a = -${'"'.repeat(200_000)}1\n}\n${after}`);
    assert.deepEqual(codes(parsed.diagnostics), [`AZM1201 syntax error: unexpected '"'`]);
    assert.equal(parsed.diagnostics[0]!.ref?.start, 18);
    assert.deepEqual(blocks(parsed), ['locals a:unary', 'resource name:lit']);
  });

  test('the same input through the loader: the resource after it is lowered', async () => {
    tried++;
    const out = await tf(`locals {\n  a = -${'"'.repeat(64_000)}1\n}\n${after}`);
    assertWellFormed(out, 'slow.tf');
    assert.deepEqual(codes(out.diagnostics), [`AZM1201 syntax error: unexpected '"'`]);
    assert.deepEqual(out.resources.map((r) => r.name), ['after']);
  });

  test('a run of 100,000 heredoc openers `<<`: one syntax error, the resource after it kept', () => {
    tried++;
    const parsed = parseHclText('h.tf', `locals {\n  a = ${'<<'.repeat(100_000)}\n}\n${after}`);
    assert.deepEqual(codes(parsed.diagnostics), [`AZM1201 syntax error: unexpected '<<'`]);
    assert.deepEqual(blocks(parsed), ['locals a:bad', 'resource name:lit']);
  });

  test('50,000 heredocs that never close: the first holds the rest of the file as its text', () => {
    tried++;
    const parsed = parseHclText('u.tf', `locals {\n${'  a = <<EOT\n'.repeat(50_000)}}\n`);
    assert.deepEqual(codes(parsed.diagnostics), ["AZM1201 syntax error: missing 'EOT'", "AZM1201 syntax error: missing '}'"]);
    assert.deepEqual(blocks(parsed), ['locals a:template']);
  });

  test('a run of 200,000 `{` and one of 100,000 `${`: the nesting limit, errors, no crash', () => {
    tried++;
    const braces = parseHclText('b.tf', `locals {\n  a = ${'{'.repeat(200_000)}\n}\n${after}`);
    assert.equal(braces.diagnostics[0]!.code, 'AZM1003');
    assert.ok(braces.diagnostics.slice(1).every((d) => d.code === 'AZM1201') && braces.diagnostics.length > 1);
    assert.deepEqual(blocks(braces), ['locals a:bad']);
    const interpolations = parseHclText('i.tf', `a = "${'${'.repeat(100_000)}"\nb = 1\n`);
    assert.ok(interpolations.diagnostics.length > 0 && interpolations.diagnostics.every((d) => d.code === 'AZM1201'));
    assert.deepEqual(interpolations.file.body.attributes.map((a) => `${a.name}:${a.expr.k}`), ['a:bad']);
  });

  test('100,000 stray `}`: five errors reported and a count, the attributes around them kept', () => {
    tried++;
    const parsed = parseHclText('c.tf', `x = 1\n${'}'.repeat(100_000)}\ny = 2\n`);
    assert.deepEqual(codes(parsed.diagnostics), [...Array(5).fill("AZM1201 syntax error: unexpected '}'"), 'AZM1201 99995 more syntax errors in this file']);
    assert.deepEqual(parsed.file.body.attributes.map((a) => a.name), ['x', 'y']);
  });

  test('Bicep work of 9,000,000 steps stops at the step limit with AZM2006, which names it (not the time budget)', async () => {
    tried++;
    const text = "var x = [for i in range(0, 3000): length([for j in range(0, 3000): j])]\nresource s 'Microsoft.Web/sites@2023-12-01' = {\n  name: 'a${length(x)}'\n}\n";
    const out = await loadBicep('steps.bicep', text, { readFile: noFiles });
    assertWellFormed(out, 'steps.bicep');
    assert.deepEqual(codes(out.diagnostics), ['AZM2006 Evaluation stopped after 2000000 steps; the remaining values are unresolved.']);
  });

  test('100,000 broken lines in a template and in a Bicep file: five errors each and a count, as in HCL', async () => {
    tried++;
    const json = `{\n  "$schema": "${SCHEMA}",\n${'  "k": ,\n'.repeat(100_000)}  "resources": [${JSON.stringify(site('after', { clientCertEnabled: false }))}]\n}\n`;
    const arm = loadArm('broken.json', json, { readFile: noFiles });
    assertWellFormed(arm, 'broken.json');
    assert.deepEqual(codes(arm.diagnostics), [...Array(5).fill('AZM1001 JSON syntax error: value expected'), 'AZM1001 99995 more syntax errors in this file']);
    assert.deepEqual(arm.resources.map((r) => r.name), ['after']);
    const bicep = loadBicep('broken.bicep', `${'var v = = ]\n'.repeat(100_000)}resource s 'Microsoft.Web/sites@2023-12-01' = {\n  name: 'after'\n}\n`, { readFile: noFiles });
    const out = await bicep;
    assertWellFormed(out, 'broken.bicep');
    assert.equal(out.diagnostics.length, 6);
    assert.match(codes(out.diagnostics).at(-1)!, /^AZM1101 \d+ more syntax errors in this file$/);
    assert.deepEqual(out.resources.map((r) => r.name), ['after']);
  });
});

describe('through the real scan pipeline', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'azmtls-pathological-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const request = (paths: string[]) => ({
    cwd: dir, paths, exclude: [], version: '0.0.0-test', profile: 'strict' as const, internalTag: 'requires-mtls', parameterFiles: [], vars: {}, varFiles: [], env: {},
    exceptions: [], today: '2026-01-01', maxFileBytes: 64 * 1024 * 1024, workers: 1,
  });

  test('a 100 MB template is refused with AZM1004 naming the limit; the other file is still scanned', async () => {
    tried++;
    const big = join(dir, 'big.json');
    const fd = openSync(big, 'w');
    writeSync(fd, `{"$schema":"${SCHEMA}","resources":[],"padding":"`);
    const chunk = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 100; i++) writeSync(fd, chunk);
    writeSync(fd, '"}');
    closeSync(fd);
    writeFileSync(join(dir, 'small.json'), JSON.stringify({ $schema: SCHEMA, resources: [site('small', { clientCertEnabled: true, clientCertMode: 'Required' })] }));
    const report = await scan(request(['big.json', 'small.json']));
    assert.deepEqual(report.errors.map((e) => [e.file, e.code, e.message]), [['big.json', 'AZM1004', 'big.json is 100.0 MiB, over the 64 MiB limit (--max-file-size); it was not scanned']]);
    assert.deepEqual(report.results.map((r) => [r.resource.name, r.status]), [['small', 'pass']]);
    rmSync(big);
  });

  test('100,000 resources in one template: 100,000 results, and the ARM size limit is reported', async () => {
    tried++;
    const resources = Array.from({ length: 100_000 }, (_, i) => site(`s${i}`, i % 2 === 0 ? { clientCertEnabled: true, clientCertMode: 'Required' } : { clientCertEnabled: false }));
    writeFileSync(join(dir, 'many.json'), JSON.stringify({ $schema: SCHEMA, resources }));
    const report = await scan(request(['many.json']));
    // Every resource is judged; the only error is that ARM itself would refuse a template this size.
    assert.deepEqual(report.errors.map((e) => [e.file, e.code]), [['many.json', 'AZM1004']]);
    assert.match(report.errors[0]!.message, /Azure Resource Manager rejects templates over 4 MB/);
    assert.equal(report.summary.resources, 100_000);
    assert.equal(report.results.length, 100_000);
    assert.equal(report.summary.pass, 50_000);
    assert.equal(report.summary.fail, 50_000);
  });
});
