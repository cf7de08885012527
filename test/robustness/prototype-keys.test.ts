// Keys and names that are also members of every JavaScript object: `constructor`, `toString`,
// `hasOwnProperty`, `__proto__`. Values are plain objects keyed by the user's text, so a lookup that asks
// `key in object` finds an inherited function, and an assignment to `__proto__` sets the prototype instead of
// a key. Each app below sets client_certificate_enabled to an expression that is true when such keys are
// ordinary keys; before, most of the Terraform ones read a function and failed the app, and one crashed the scan.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli } from '../harness/cli.js';
import { scanPaths } from '../harness/fixtures.js';
import type { Report } from '../harness/types.js';

const root = mkdtempSync(join(tmpdir(), 'azmtls-prototype-keys-'));
after(() => rmSync(root, { recursive: true, force: true }));

function notPassing(report: Report): string[] {
  return report.results.filter((r) => r.status !== 'pass').map((r) => `${r.resource.name}: ${r.status}: ${r.message}`);
}

test('Terraform: map and object keys, attribute names and declarations named after JavaScript members', async () => {
  const truths = [
    'lookup({ a = 1 }, "toString", true)',
    'lookup({ a = 1 }, "constructor", true)',
    'lookup({ a = 1 }, "__proto__", true)',
    'lookup(local.p, "__proto__", 0) == 1',
    'try(local.o.constructor, true)',
    'try(local.o.toString, true)',
    'try(local.o["hasOwnProperty"], true)',
    'try(local.o.__proto__, true)',
    'can(local.o.constructor) == false',
    '!contains(keys(local.o), "constructor")',
    'contains(keys(local.p), "__proto__")',
    'length(local.p) == 2',
    'local.p["__proto__"] == 1',
    'local.p.__proto__ == 1',
    'local.q.__proto__.x == 1',
    'jsondecode("{\\"__proto__\\": 7}")["__proto__"] == 7',
    'merge({ "__proto__" = 1 }, { b = 2 })["__proto__"] == 1',
    'length(merge({ "__proto__" = 1 }, { b = 2 })) == 2',
    'zipmap(["__proto__", "x"], [1, 2])["__proto__"] == 1',
    'length({ for k in ["__proto__", "constructor"] : k => k }) == 2',
    '{ for k in ["__proto__", "constructor"] : k => k }["__proto__"] == "__proto__"',
    'length({ for k in ["constructor", "constructor"] : k => k... }["constructor"]) == 2',
    'length(transpose({ a = ["__proto__"], b = ["constructor"] })) == 2',
    'length(regex("(?P<__proto__>a)(?P<constructor>b)", "ab")) == 2',
    'jsonencode(local.p) == "{\\"__proto__\\":1,\\"k\\":2}"',
    'local.toString == "ok"',
    'var.constructor == "v"',
    'var.typed.__proto__ == "t"',
    'module.m.constructor == "out"',
    'try(module.m.toString, true)',
    'local.blocky.constructor[0].__proto__ == true',
  ];
  const dir = join(root, 'terraform');
  mkdirSync(join(dir, 'm'), { recursive: true });
  const apps = truths.map(
    (t, i) => `resource "azurerm_linux_web_app" "a${i}" {\n  name = "a${i}"\n  client_certificate_enabled = ${t}\n  client_certificate_mode = "Required"\n  site_config {}\n}`,
  );
  writeFileSync(
    join(dir, 'main.tf'),
    [
      'locals {',
      '  o = { a = 1 }',
      '  p = { "__proto__" = 1, k = 2 }',
      '  q = { "__proto__" = { x = 1 } }',
      '  toString = "ok"',
      '  blocky = { constructor = [{ __proto__ = true }] }',
      '}',
      'variable "constructor" { default = "v" }',
      'variable "typed" {',
      '  type = object({ __proto__ = string })',
      '  default = { "__proto__" = "t" }',
      '}',
      'module "m" { source = "./m" }',
      // Resource types the frontend does not lower, named after members of its own lookup table.
      'resource "constructor" "x" {}',
      'resource "toString" "__proto__" {}',
      ...apps,
    ].join('\n'),
  );
  writeFileSync(join(dir, 'm', 'main.tf'), 'output "constructor" { value = "out" }\n');
  const report = await scanPaths([dir], { cwd: root });
  assert.deepEqual(report.errors, []);
  assert.deepEqual(notPassing(report), []);
  assert.equal(report.results.length, truths.length, 'one result per app, none for the unknown resource types');
});

test('ARM: member access, contains and object functions over keys named after JavaScript members', async () => {
  const truths = [
    "[not(contains(parameters('o'), 'toString'))]",
    "[contains(parameters('p'), '__proto__')]",
    "[equals(parameters('p')['__proto__'], 1)]",
    "[equals(parameters('p').__proto__, 1)]",
    "[equals(length(parameters('p')), 2)]",
    "[equals(union(parameters('p'), createObject('__proto__', 5))['__proto__'], 5)]",
    "[empty(intersection(parameters('o'), createObject('constructor', 1)))]",
    "[equals(variables('constructor'), 'v')]",
    "[equals(parameters('toString'), 'p')]",
    "[equals(variables('nested').__proto__.x, 1)]",
    "[equals(tryGet(parameters('o'), 'constructor'), null())]",
  ];
  const site = (name: string, enabled: string) => ({
    type: 'Microsoft.Web/sites',
    apiVersion: '2022-03-01',
    name,
    location: 'westeurope',
    properties: { clientCertEnabled: enabled, clientCertMode: 'Required' },
  });
  const template = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: {
      o: { type: 'object', defaultValue: { a: 1 } },
      p: { type: 'object', defaultValue: JSON.parse('{"__proto__": 1, "k": 2}') as unknown },
      toString: { type: 'string', defaultValue: 'p' },
    },
    variables: { constructor: 'v', nested: JSON.parse('{"__proto__": {"x": 1}}') as unknown },
    resources: [...truths.map((t, i) => site(`a${i}`, t)), site('inherited', "[parameters('o').constructor]")],
  };
  const file = join(root, 'template.json');
  writeFileSync(file, JSON.stringify(template, null, 1));
  const report = await scanPaths([file], { cwd: root });
  assert.deepEqual(notPassing(report), [
    "inherited: unknown: Cannot tell whether client certificates are required: clientCertEnabled comes from [parameters('o').constructor], which cannot be resolved (the property 'constructor' does not exist (properties: a)).",
  ]);
  assert.deepEqual(
    report.errors.map((e) => e.message),
    ["Cannot evaluate 'parameters('o').constructor': the property 'constructor' does not exist (properties: a)"],
  );
});

test('Bicep: the same keys, in object literals, member access and safe access', async () => {
  const truths = [
    "tryGet(o, 'constructor') == null",
    "!contains(o, 'toString')",
    "contains(p, '__proto__')",
    "p['__proto__'] == 1",
    'p.__proto__ == 1',
    'length(p) == 2',
    "union(p, { '__proto__': 5 })['__proto__'] == 5",
    'empty(intersection(o, { constructor: 1 }))',
    "constructor == 'v'",
    "toString == 'p'",
    'o.?constructor == null',
    "o[?'toString'] == null",
    "length({ '__proto__': { x: 1 } }) == 1",
  ];
  const lines = ['param o object = { a: 1 }', "param p object = { '__proto__': 1, k: 2 }", "var constructor = 'v'", "param toString string = 'p'"];
  truths.forEach((t, i) =>
    lines.push(`resource a${i} 'Microsoft.Web/sites@2022-03-01' = {\n  name: 'a${i}'\n  location: 'westeurope'\n  properties: {\n    clientCertEnabled: ${t}\n    clientCertMode: 'Required'\n  }\n}`),
  );
  const file = join(root, 'main.bicep');
  writeFileSync(file, lines.join('\n'));
  const report = await scanPaths([file], { cwd: root });
  assert.deepEqual(report.errors, []);
  assert.deepEqual(notPassing(report), []);
  assert.equal(report.results.length, truths.length);
});

test('command line: --var __proto__=... sets the Terraform variable of that name', async () => {
  const dir = join(root, 'cli-var');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'main.tf'),
    'variable "__proto__" {}\nresource "azurerm_linux_web_app" "a" {\n  name = "a"\n  client_certificate_enabled = var.__proto__\n  client_certificate_mode = "Required"\n  site_config {}\n}\n',
  );
  const run = await runCli(['scan', '.', '--var', '__proto__=true', '--format', 'json'], dir);
  const report = JSON.parse(run.stdout) as Report;
  assert.deepEqual(notPassing(report), []);
  assert.equal(report.results.length, 1);
  assert.equal(run.code, 0);
});
