// Values the frontends build themselves, not through a template function: JSON arrays of a template that
// hold the previous variable twice (2^61 values written out from a few KB), a body lowered once per copy,
// values nested 10,000 levels deep by json(), jsondecode() and loadJsonContent, and arrays and calls of a
// few hundred thousand elements. Each of these once hung, exhausted memory or overflowed the stack; each
// must end in its exact outcome after bounded work.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { loadArm } from '../../src/frontends/arm/index.js';
import { loadBicep } from '../../src/frontends/bicep/index.js';
import { loadTerraformModule } from '../../src/frontends/terraform/index.js';
import { memFs } from '../../src/frontends/terraform/testing/memfs.js';
import type { Resource } from '../../src/model/resource.js';
import type { VNode } from '../../src/model/value.js';
import { runCli } from '../harness/cli.js';
import type { Report } from '../harness/types.js';
import { assertWellFormed } from './support.js';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const LEVELS = 60;
const DEPTH = 10_000;
const codes = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.code} ${d.message}`);
const files = (map: Record<string, string>) => (p: string): string => {
  const name = p.split('/').pop()!;
  if (map[name] !== undefined) return map[name];
  throw new Error(`ENOENT: no such file '${p}'`);
};
const site = (name: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'Microsoft.Web/sites', apiVersion: '2023-12-01', name, properties, ...extra });

/** The node at a dotted path of a resource body (keys lower-cased). */
function at(r: Resource, path: string): VNode | undefined {
  let n: VNode | undefined = r.body;
  for (const k of path.split('.')) n = n?.t === 'object' ? n.props.get(k)?.value : undefined;
  return n;
}

/** How deep a chain of one-element arrays and one-key objects goes before its leaf. */
function chainDepth(n: VNode | undefined): number {
  let depth = 0;
  while (n && (n.t === 'array' || n.t === 'object')) {
    n = n.t === 'array' ? n.items[0] : [...n.props.values()][0]?.value;
    depth++;
  }
  return depth;
}

/** The leaves of a lowered value (iteratively: the tree may be deep). */
function leaves(n: VNode): VNode[] {
  const out: VNode[] = [];
  const stack = [n];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.t === 'array') stack.push(...x.items);
    else if (x.t === 'object') for (const p of x.props.values()) stack.push(p.value);
    else out.push(x);
  }
  return out;
}

const TOO_LARGE = 'is too large: more than 1000000 values, nested ones included';

describe("variables that hold the previous one twice, written as the frontend's own arrays and objects", () => {
  function armTemplate(): string {
    const variables: Record<string, unknown> = { w0: 'x', o0: 'x' };
    for (let i = 1; i <= LEVELS; i++) {
      variables[`w${i}`] = [`[variables('w${i - 1}')]`, `[variables('w${i - 1}')]`];
      variables[`o${i}`] = { l: `[variables('o${i - 1}')]`, r: `[variables('o${i - 1}')]` };
    }
    return JSON.stringify({
      $schema: SCHEMA,
      parameters: { p: { type: 'string' } },
      variables,
      resources: [
        site('shared', {
          clientCertEnabled: true,
          siteConfig: {
            direct: `[variables('w${LEVELS}')]`,
            object: `[variables('o${LEVELS}')]`,
            branch: `[if(equals(parameters('p'), 'a'), variables('w${LEVELS}'), 'b')]`,
          },
        }),
      ],
    });
  }

  test('ARM: each array and object is measured as it is built; the properties hold what is left, never a hang', () => {
    const text = armTemplate();
    const out = loadArm('shared.json', text, { readFile: files({}) });
    assertWellFormed(out, 'shared.json');
    // 'x' twice is 3 values; w19 is the first past a million, then w38 and w57 once w19 and w38 are unknown.
    const expected = [19, 38, 57].flatMap((i) => [
      [`AZM2001 The array ${TOO_LARGE}.`, text.indexOf(`"w${i}":`) + `"w${i}":`.length],
      [`AZM2001 The object ${TOO_LARGE}.`, text.indexOf(`"o${i}":`) + `"o${i}":`.length],
    ]);
    assert.deepEqual(
      out.diagnostics.map((d) => [`${d.code} ${d.message}`, d.ref?.start]).sort(),
      expected.sort(),
    );
    const r = out.resources[0]!;
    const direct = at(r, 'properties.siteconfig.direct')!;
    assert.equal(direct.t, 'array');
    assert.equal(chainDepth(direct), 3);
    const parts = leaves(direct);
    assert.equal(parts.length, 8);
    assert.ok(parts.every((p) => p.t === 'unresolved' && p.reason === `the value ${TOO_LARGE}` && p.expression === `["[variables('w56')]","[variables('w56')]"]`));
    assert.equal(leaves(at(r, 'properties.siteconfig.object')!).length, 8);
    const branch = at(r, 'properties.siteconfig.branch');
    assert.equal(branch?.t, 'unresolved');
    assert.equal(branch.t === 'unresolved' && branch.reason, "depends on the condition 'equals(parameters('p'), 'a')': parameter 'p' has no default and no value was supplied");
  });

  test('ARM: a variable copy loop is measured as the array it builds', () => {
    const variables: Record<string, unknown> = { w0: 'x' };
    for (let i = 1; i <= 18; i++) variables[`w${i}`] = [`[variables('w${i - 1}')]`, `[variables('w${i - 1}')]`];
    // Three copies of w18 (524,287 values each).
    variables.copy = [{ name: 'copies', count: 3, input: "[variables('w18')]" }];
    const out = loadArm('copy.json', JSON.stringify({ $schema: SCHEMA, variables, resources: [site('s', { clientCertEnabled: true, siteConfig: { x: "[variables('copies')]" } })] }), { readFile: files({}) });
    assertWellFormed(out, 'copy.json');
    assert.deepEqual(codes(out.diagnostics), [`AZM2001 The copy loop 'copies' ${TOO_LARGE}.`]);
    const x = at(out.resources[0]!, 'properties.siteconfig.x');
    assert.equal(x?.t === 'unresolved' && x.reason, `the value ${TOO_LARGE}`);
  });

  test("ARM: if() measures both branches before comparing them (a parameters file of 1,100,000 values)", () => {
    const big = `{"parameters":{"big":{"value":[${new Array(1_100_000).fill('0').join(',')}]}}}`;
    const text = JSON.stringify({
      $schema: SCHEMA,
      parameters: { p: { type: 'string' }, big: { type: 'array' } },
      resources: [site('s', { clientCertEnabled: true, clientCertMode: "[if(equals(parameters('p'), 'a'), parameters('big'), 'b')]" })],
    });
    const out = loadArm('if.json', text, { readFile: files({ 'big.json': big }), parameterFiles: ['big.json'] });
    assertWellFormed(out, 'if.json');
    assert.deepEqual(codes(out.diagnostics), [
      `AZM2001 Cannot evaluate 'if(equals(parameters('p'), 'a'), parameters('big'), 'b')': The second argument of 'if' ${TOO_LARGE}.`,
    ]);
    const mode = at(out.resources[0]!, 'properties.clientcertmode');
    assert.equal(mode?.t === 'unresolved' && mode.reason, `The second argument of 'if' ${TOO_LARGE}.`);
  });

  test('Bicep: array literals are measured where they are written (verified, unchanged)', () => {
    let text = "param p string\nvar w0 = 'x'\n";
    for (let i = 1; i <= LEVELS; i++) text += `var w${i} = [w${i - 1}, w${i - 1}]\n`;
    text += `resource s 'Microsoft.Web/sites@2023-12-01' = {\n  name: 'shared'\n  properties: {\n    siteConfig: {\n      direct: w${LEVELS}\n      branch: p == 'a' ? w${LEVELS} : 'b'\n    }\n  }\n}\n`;
    const out = loadBicep('shared.bicep', text, { readFile: files({}) });
    assertWellFormed(out, 'shared.bicep');
    assert.deepEqual(codes(out.diagnostics), [18, 37, 56].map((i) => `AZM2001 [w${i}, w${i}]: the value ${TOO_LARGE}.`));
    const r = out.resources[0]!;
    assert.equal(leaves(at(r, 'properties.siteconfig.direct')!).length, 8);
    const branch = at(r, 'properties.siteconfig.branch');
    assert.equal(branch?.t === 'unresolved' && branch.reason, "the condition p == 'a' is not known: parameter 'p' has no default and no value was supplied");
  });

  test('Terraform: a locals chain of tuples used directly as an attribute (verified, unchanged)', async () => {
    let text = 'variable "p" {\n  type = string\n}\nlocals {\n  w0 = "x"\n';
    for (let i = 1; i <= LEVELS; i++) text += `  w${i} = [local.w${i - 1}, local.w${i - 1}]\n`;
    text += `}\nresource "azurerm_linux_web_app" "w" {\n  name = "shared"\n  client_certificate_mode = local.w${LEVELS}\n  tags = { b = var.p == "a" ? local.w${LEVELS} : "b" }\n}\n`;
    const out = await loadTerraformModule('m', { ...memFs({ 'm/main.tf': text }), env: {} });
    assertWellFormed(out, 'main.tf');
    assert.deepEqual(
      codes(out.diagnostics),
      [18, 37, 56].map((i) => `AZM2001 the value is too large (more than 1000000 values, nested ones included) in [local.w${i}, local.w${i}]`),
    );
    const mode = at(out.resources[0]!, 'properties.clientcertmode')!;
    assert.equal(mode.t, 'array');
    assert.equal(leaves(mode).length, 8);
  });

  test('Terraform: literals of 200,000 elements written in a resource (a tuple, a call) do not overflow the stack', async () => {
    const items = new Array(200_000).fill('"a"').join(', ');
    const text = `resource "azurerm_linux_web_app" "w" {\n  name = "big"\n  client_certificate_mode = "Required"\n  client_certificate_enabled = true\n  tags = { t = [${items}], c = concat([${items}]) }\n}\n`;
    const out = await loadTerraformModule('m', { ...memFs({ 'm/main.tf': text }), env: {} });
    assertWellFormed(out, 'main.tf');
    assert.deepEqual(codes(out.diagnostics), []);
    assert.equal(out.resources.length, 1);
    assert.equal(out.resources[0]!.name, 'big');
  });
});

describe('a large value lowered once per instance', () => {
  // w18 is 524,287 values: each copy of a body that holds it adds that many nodes to the model.
  const chain = (): Record<string, unknown> => {
    const variables: Record<string, unknown> = { w0: 'x' };
    for (let i = 1; i <= 18; i++) variables[`w${i}`] = [`[variables('w${i - 1}')]`, `[variables('w${i - 1}')]`];
    return variables;
  };

  test('ARM copy of 10,000: the template stops at 4,000,000 lowered values with AZM2006, every instance still judged', () => {
    const text = JSON.stringify({
      $schema: SCHEMA,
      variables: chain(),
      resources: [site("[concat('s', copyIndex())]", { clientCertEnabled: true, siteConfig: { x: "[variables('w18')]" } }, { copy: { name: 'c', count: 10_000 } })],
    });
    const out = loadArm('copies.json', text, { readFile: files({}) });
    assertWellFormed(out, 'copies.json');
    assert.deepEqual(codes(out.diagnostics), ['AZM2006 The resources of this deployment add up to more than 4000000 values; the rest are left unresolved']);
    assert.equal(out.resources.length, 10_000);
    const kinds = out.resources.map((r) => at(r, 'properties.siteconfig.x')?.t);
    assert.equal(kinds.filter((k) => k === 'array').length, 7);
    // Once the allowance is spent, whole properties are left unresolved, not lowered and then dropped.
    const last = at(out.resources[9_999]!, 'properties');
    assert.equal(last?.t === 'unresolved' && last.reason, 'the resources of this deployment add up to more than 4000000 values');
  });

  test('Bicep loop of 800: the same allowance, AZM2006', () => {
    let text = "var w0 = 'x'\n";
    for (let i = 1; i <= 18; i++) text += `var w${i} = [w${i - 1}, w${i - 1}]\n`;
    text += "resource s 'Microsoft.Web/sites@2023-12-01' = [for i in range(0, 800): {\n  name: 's${i}'\n  properties: {\n    siteConfig: {\n      x: w18\n    }\n  }\n}]\n";
    const out = loadBicep('loop.bicep', text, { readFile: files({}) });
    assertWellFormed(out, 'loop.bicep');
    assert.deepEqual(codes(out.diagnostics), ['AZM2006 The resources of this deployment add up to more than 4000000 values; the rest are left unresolved.']);
    assert.equal(out.resources.length, 800);
    assert.equal(out.resources.filter((r) => at(r, 'properties.siteconfig.x')?.t === 'array').length, 7);
    const last = at(out.resources[799]!, 'properties');
    assert.equal(last?.t === 'unresolved' && last.reason, 'the resources of this deployment add up to more than 4000000 values');
  });

  test('Bicep loop of 800 JSON modules (each lowered with an allowance of its own): the loop shares one, AZM2006', () => {
    const moduleJson = JSON.stringify({ $schema: SCHEMA, variables: chain(), resources: [site('inner', { clientCertEnabled: true, siteConfig: { x: "[variables('w18')]" } })] });
    const text = "module m 'module.json' = [for i in range(0, 800): {\n  name: 'm${i}'\n}]\n";
    const out = loadBicep('main.bicep', text, { readFile: files({ 'module.json': moduleJson }) });
    assertWellFormed(out, 'main.bicep');
    assert.deepEqual(codes(out.diagnostics), ["AZM2006 The resources of this deployment add up to more than 4000000 values; the module 'module.json' is not evaluated."]);
    assert.deepEqual(out.diagnostics[0]!.ref, { file: 'main.bicep', start: 0, end: text.indexOf(' = [') });
    assert.equal(out.resources.length, 8);
  });

  test('Terraform count of 1,000: the root stops at 4,000,000 lowered values with AZM2006, every instance still judged', async () => {
    let text = 'locals {\n  w0 = "x"\n';
    for (let i = 1; i <= 18; i++) text += `  w${i} = [local.w${i - 1}, local.w${i - 1}]\n`;
    text += '}\nresource "azurerm_linux_web_app" "w" {\n  count = 1000\n  name = "w${count.index}"\n  client_certificate_enabled = true\n  client_certificate_mode = "Required"\n  tags = { big = local.w18 }\n}\n';
    const out = await loadTerraformModule('m', { ...memFs({ 'm/main.tf': text }), env: {} });
    assertWellFormed(out, 'main.tf');
    assert.deepEqual(codes(out.diagnostics), ['AZM2006 The resources of this configuration add up to more than 4000000 values; the rest are left unresolved']);
    assert.equal(out.resources.length, 1000);
    const last = out.resources[999]!;
    assert.equal(last.name, 'w999');
    assert.equal(at(last, 'tags')?.t, 'unresolved');
    assert.equal(at(last, 'properties.clientcertmode')?.t, 'scalar');
  });
});

describe(`values nested ${DEPTH} levels deep, through the real loaders`, () => {
  const deepJson = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;

  test('ARM json(): lowered whole, and if() compares both branches without recursing', () => {
    const text = JSON.stringify({
      $schema: SCHEMA,
      parameters: { p: { type: 'string' } },
      variables: { d: deepJson },
      resources: [site('deep', { clientCertEnabled: true, clientCertMode: "[json(variables('d'))]", same: "[if(equals(parameters('p'), 'a'), json(variables('d')), json(variables('d')))]" })],
    });
    const out = loadArm('deep.json', text, { readFile: files({}) });
    assertWellFormed(out, 'deep.json');
    assert.deepEqual(codes(out.diagnostics), []);
    assert.equal(chainDepth(at(out.resources[0]!, 'properties.clientcertmode')), DEPTH);
    // Both branches are the same value, so the unknown condition does not matter.
    assert.equal(chainDepth(at(out.resources[0]!, 'properties.same')), DEPTH);
  });

  test('Bicep json(), loadJsonContent, == and ?:', () => {
    const text = `param p string
var d = '${deepJson}'
resource s 'Microsoft.Web/sites@2023-12-01' = {
  name: 'deep'
  properties: {
    clientCertMode: json(d)
    loaded: loadJsonContent('deep.json')
    equal: json(d) == loadJsonContent('deep.json')
    branch: p == 'a' ? json(d) : loadJsonContent('deep.json')
  }
}
`;
    const out = loadBicep('deep.bicep', text, { readFile: files({ 'deep.json': deepJson }) });
    assertWellFormed(out, 'deep.bicep');
    assert.deepEqual(codes(out.diagnostics), []);
    const r = out.resources[0]!;
    assert.equal(chainDepth(at(r, 'properties.clientcertmode')), DEPTH);
    assert.equal(chainDepth(at(r, 'properties.loaded')), DEPTH);
    const equal = at(r, 'properties.equal');
    assert.equal(equal?.t === 'scalar' && equal.value, true);
    assert.equal(at(r, 'properties.branch')?.t, 'unresolved');
  });

  test('Terraform jsondecode(): lowered whole; ==, ?: and jsonencode', async () => {
    const text = `variable "p" {
  type = string
}
locals {
  d = jsondecode(file("deep.json"))
}
resource "azurerm_linux_web_app" "w" {
  name                    = "deep"
  client_certificate_mode = local.d
  tags = {
    equal  = local.d == jsondecode(file("deep.json"))
    branch = var.p == "a" ? local.d : local.d
    length = length(jsonencode(local.d))
  }
}
`;
    const out = await loadTerraformModule('m', { ...memFs({ 'm/main.tf': text, 'm/deep.json': deepJson }), env: {} });
    assertWellFormed(out, 'main.tf');
    assert.deepEqual(codes(out.diagnostics), []);
    const r = out.resources[0]!;
    assert.equal(chainDepth(at(r, 'properties.clientcertmode')), DEPTH);
    const tags = at(r, 'tags');
    assert.equal(tags?.t, 'object');
    const tag = (k: string) => (tags?.t === 'object' ? tags.props.get(k)?.value : undefined);
    const equal = tag('equal');
    assert.equal(equal?.t === 'scalar' && equal.value, true);
    assert.equal(chainDepth(tag('branch')), DEPTH);
    const length = tag('length');
    assert.equal(length?.t === 'scalar' && length.value, deepJson.length);
  });

  describe('through the whole CLI, on one thread and on two', () => {
    let dir = '';
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'azmtls-deep-values-'));
      writeFileSync(join(dir, 'deep.json'), JSON.stringify({ $schema: SCHEMA, variables: { d: deepJson }, resources: [site('arm', { clientCertEnabled: true, clientCertMode: "[json(variables('d'))]" })] }));
      writeFileSync(join(dir, 'data.json'), deepJson);
      writeFileSync(join(dir, 'deep.bicep'), "resource s 'Microsoft.Web/sites@2023-12-01' = {\n  name: 'bicep'\n  properties: {\n    clientCertEnabled: true\n    clientCertMode: loadJsonContent('data.json')\n  }\n}\n");
      mkdirSync(join(dir, 'tf'));
      writeFileSync(join(dir, 'tf', 'data.json'), deepJson);
      writeFileSync(join(dir, 'tf', 'main.tf'), 'resource "azurerm_linux_web_app" "w" {\n  name                       = "tf"\n  client_certificate_enabled = true\n  client_certificate_mode    = jsondecode(file("data.json"))\n}\n');
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    for (const jobs of ['1', '2']) {
      test(`--jobs ${jobs}: every resource judged, no error`, async () => {
        const run = await runCli(['scan', '.', '--format', 'json', '--jobs', jobs], dir);
        assert.equal(run.stderr, '');
        const report = JSON.parse(run.stdout) as Report;
        assert.deepEqual(report.errors, []);
        assert.deepEqual(
          report.results.filter((r) => r.ruleId === 'AZM-MTLS-001').map((r) => [r.resource.name, r.status, r.message]).sort(),
          [
            ['arm', 'fail', 'Require client certificates: clientCertMode is an object, not a string.'],
            ['bicep', 'fail', 'Require client certificates: clientCertMode is an object, not a string.'],
            ['tf', 'fail', 'Require client certificates: client_certificate_mode is an object, not a string.'],
          ],
        );
        assert.equal(run.code, 1);
      });
    }
  });
});

describe('arrays and calls of a few hundred thousand elements (once spread as arguments)', () => {
  test('ARM: a call of 200,000 arguments', () => {
    const args = new Array(200_000).fill("'a'").join(',');
    const out = loadArm('args.json', JSON.stringify({ $schema: SCHEMA, resources: [site('s', { clientCertEnabled: true, clientCertMode: `[concat(${args})]` })] }), { readFile: files({}) });
    assertWellFormed(out, 'args.json');
    assert.deepEqual(codes(out.diagnostics), []);
    const mode = at(out.resources[0]!, 'properties.clientcertmode');
    assert.equal(mode?.t === 'scalar' && mode.value, 'a'.repeat(200_000));
  });

  test('Bicep: a JSON module given an array of 300,000 elements', () => {
    const moduleJson = JSON.stringify({
      $schema: SCHEMA,
      parameters: { names: { type: 'array' } },
      resources: [site('inner', { clientCertEnabled: true, clientCertMode: "[parameters('names')]" })],
    });
    const text = "module m 'module.json' = {\n  name: 'm'\n  params: {\n    names: loadJsonContent('list.json')\n  }\n}\n";
    const out = loadBicep('main.bicep', text, { readFile: files({ 'module.json': moduleJson, 'list.json': `[${new Array(300_000).fill('0').join(',')}]` }) });
    assertWellFormed(out, 'main.bicep');
    assert.deepEqual(codes(out.diagnostics), []);
    const mode = at(out.resources[0]!, 'properties.clientcertmode');
    assert.equal(mode?.t === 'array' && mode.items.length, 300_000);
  });
});
