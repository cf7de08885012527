import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBicep } from './parser.js';
import type { Decl, Expr, ModuleDecl, ObjectExpr, ResourceDecl } from './syntax.js';

function only<K extends Decl['kind']>(text: string, kind: K): Extract<Decl, { kind: K }> {
  const f = parseBicep(text);
  assert.deepEqual(f.errors, [], JSON.stringify(f.errors));
  const d = f.declarations.find((x) => x.kind === kind);
  assert.ok(d, `no ${kind}`);
  return d as Extract<Decl, { kind: K }>;
}

const slice = (text: string, n: { start: number; end: number }) => text.slice(n.start, n.end);

describe('bicep parser: declarations', () => {
  test('every kind of top-level declaration parses without errors', () => {
    const text = [
      "targetScope = 'resourceGroup'",
      "metadata owner = 'team'",
      "import { helper, other as alias } from './lib.bicep'",
      "import * as ns from './lib2.bicep'",
      'extension microsoftGraphV1',
      "extension 'br:mcr.microsoft.com/ext:1.0' with { a: 1 } as ext",
      "@description('mode')",
      "@allowed(['Required', 'Optional'])",
      "param certMode string = 'Required'",
      '@secure()',
      'param secret string',
      'param opt string?',
      "param derived resourceInput<'Microsoft.Web/sites@2024-04-01'>.properties.clientCertMode = 'Optional'",
      'param union',
      "  | 'a'",
      "  | 'b'",
      'var typed string = certMode',
      'type pair = {',
      '  @minValue(1)',
      '  a: int, b: string[]?, *: bool',
      '}',
      "func greet(name string) string => 'Hi ${name}'",
      "resource site 'Microsoft.Web/sites@2024-04-01-preview' = { name: 'x' }",
      "resource old 'Microsoft.Web/sites@2022-03-01' existing = { name: 'y' }",
      "module mod './m.bicep' = if (certMode == 'Required') { name: 'm' }",
      "output out string = site.properties.defaultHostName",
      "@batchSize(2)",
      "resource many 'Microsoft.Web/sites@2022-03-01' = [for (s, i) in ['a']: if (i > 0) { name: s }]",
      '#disable-next-line no-unused-vars',
      'var x = 1',
    ].join('\n');
    const f = parseBicep(text);
    assert.deepEqual(f.errors, []);
    assert.deepEqual(
      f.declarations.map((d) => d.kind),
      ['targetScope', 'metadata', 'import', 'import', 'extension', 'extension', 'param', 'param', 'param', 'param', 'param', 'var', 'type', 'func', 'resource', 'resource', 'module', 'output', 'resource', 'var'],
    );
    assert.equal(f.directives.length, 1);
    const p = f.declarations[6]!;
    assert.equal(p.kind, 'param');
    assert.deepEqual(p.decorators.map((d) => d.name), ['description', 'allowed']);
    const res = f.declarations[14] as ResourceDecl;
    assert.equal(slice(text, res.typeString), "'Microsoft.Web/sites@2024-04-01-preview'");
    assert.equal((f.declarations[15] as ResourceDecl).existing, true);
    assert.equal((f.declarations[16] as ModuleDecl).body.kind, 'if');
    const loop = f.declarations[18] as ResourceDecl;
    assert.equal(loop.body.kind, 'for');
    assert.equal(loop.decorators[0]!.name, 'batchSize');
  });

  test('node ranges are exact: a resource and its properties', () => {
    const text = "resource site 'Microsoft.Web/sites@2022-03-01' = {\r\n  name: 'app'\r\n  properties: {\r\n    clientCertEnabled: true\r\n  }\r\n}\r\n";
    const r = only(text, 'resource');
    assert.equal(r.start, 0);
    assert.equal(r.end, text.length - 2);
    assert.equal(slice(text, r.name), 'site');
    const body = r.body as ObjectExpr;
    const props = body.items.map((i) => slice(text, i));
    assert.deepEqual(props, ["name: 'app'", 'properties: {\r\n    clientCertEnabled: true\r\n  }']);
    const inner = (body.items[1] as Extract<ObjectExpr['items'][number], { kind: 'property' }>).value as ObjectExpr;
    assert.equal(slice(text, inner.items[0]!), 'clientCertEnabled: true');
  });

  test('expressions: precedence, ternary, coalesce, safe access, non-null, lambdas, spread', () => {
    const text = "var v = a || b && c == d ? x.?y ?? z[?0] : [...w, (p, q) => p + q * 2, r!, -1, !s, t::u]";
    const d = only(text, 'var');
    const e = d.value;
    assert.equal(e.kind, 'ternary');
    if (e.kind !== 'ternary') return;
    assert.equal(e.test.kind, 'binary');
    if (e.test.kind === 'binary') {
      assert.equal(e.test.op, '||');
      assert.equal(slice(text, e.test.right), 'b && c == d');
    }
    assert.equal(e.then.kind, 'binary');
    if (e.then.kind === 'binary') {
      assert.equal(e.then.op, '??');
      assert.equal(e.then.left.kind, 'member');
      assert.equal(e.then.left.kind === 'member' && e.then.left.safe, true);
      assert.equal(e.then.right.kind === 'index' && e.then.right.safe, true);
    }
    const arr = e.else;
    assert.equal(arr.kind, 'array');
    if (arr.kind !== 'array') return;
    assert.deepEqual(
      arr.items.map((i) => i.kind),
      ['spread', 'lambda', 'nonNull', 'number', 'unary', 'child'],
    );
    const lam = arr.items[1] as Extract<Expr, { kind: 'lambda' }>;
    assert.deepEqual(lam.params.map((p) => p.name), ['p', 'q']);
    assert.equal(slice(text, lam.body), 'p + q * 2');
  });

  test('objects and arrays separated by newlines, commas or both', () => {
    const text = "var o = { a: 1, b: 2\n c: 3,\n 'd-e': [1, 2\n 3,]\n '${k}x': 4 }";
    const d = only(text, 'var');
    const o = d.value as ObjectExpr;
    assert.equal(o.items.length, 5);
    const arr = (o.items[3] as Extract<ObjectExpr['items'][number], { kind: 'property' }>).value;
    assert.equal(arr.kind === 'array' && arr.items.length, 3);
  });

  test('multi-line function calls and ternaries', () => {
    const text = "var v = concat(\n  'a',\n  'b'\n)\nvar w = c\n  ? 1\n  : 2";
    const f = parseBicep(text);
    assert.deepEqual(f.errors, []);
    assert.equal(f.declarations.length, 2);
    assert.equal((f.declarations[1] as Extract<Decl, { kind: 'var' }>).value.kind, 'ternary');
  });

  test('nested child resources and a `parent` property', () => {
    const text = [
      "resource site 'Microsoft.Web/sites@2022-03-01' = {",
      "  name: 'app'",
      "  resource slot 'slots' = {",
      "    name: 'staging'",
      '  }',
      '}',
      "resource cfg 'Microsoft.Web/sites/config@2022-03-01' = {",
      "  parent: site",
      "  name: 'web'",
      '}',
    ].join('\n');
    const f = parseBicep(text);
    assert.deepEqual(f.errors, []);
    const site = f.declarations[0] as ResourceDecl;
    const nested = (site.body as ObjectExpr).items.find((i) => i.kind === 'resource') as ResourceDecl;
    assert.equal(nested.name.name, 'slot');
    assert.equal(slice(text, nested), "resource slot 'slots' = {\n    name: 'staging'\n  }");
  });

  test('.bicepparam: using, param assignments and vars', () => {
    const text = "using './main.bicep'\nvar base = 'x'\nparam certMode = 'Required'\nparam name = '${base}-app'";
    const f = parseBicep(text, { paramsFile: true });
    assert.deepEqual(f.errors, []);
    assert.deepEqual(
      f.declarations.map((d) => d.kind),
      ['using', 'var', 'paramAssign', 'paramAssign'],
    );
  });
});

describe('bicep parser: recovery', () => {
  test('a broken declaration is reported and the next resource is still parsed', () => {
    const text = "param 123 string\nresource site 'Microsoft.Web/sites@2022-03-01' = {\n  name: 'ok'\n}\n";
    const f = parseBicep(text);
    assert.deepEqual(f.errors, [{ start: 6, end: 9, message: 'Expected a parameter identifier at this location.' }]);
    assert.equal(f.declarations.length, 1);
    assert.equal(f.declarations[0]!.kind, 'resource');
  });

  test('an unknown word at the top level', () => {
    const f = parseBicep("bad\nvar ok = 1");
    assert.equal(f.errors[0]!.message, 'This declaration type is not recognized. Specify a metadata, parameter, variable, resource, or output declaration.');
    assert.deepEqual([f.errors[0]!.start, f.errors[0]!.end], [0, 3]);
    assert.equal(f.declarations[0]!.kind, 'var');
  });

  test('a broken property does not lose the rest of the object', () => {
    const text = "resource site 'Microsoft.Web/sites@2022-03-01' = {\n  name: \n  properties: {\n    clientCertEnabled: true\n  }\n}\nvar after = 1";
    const f = parseBicep(text);
    assert.equal(f.errors.length, 1);
    assert.equal(f.errors[0]!.message, 'Expected an expression at this location.');
    assert.equal(f.errors[0]!.start, text.indexOf('name: ') + 6);
    const site = f.declarations[0] as ResourceDecl;
    const keys = (site.body as ObjectExpr).items.map((i) => (i.kind === 'property' && !('kind' in i.key) ? i.key.name : '?'));
    assert.deepEqual(keys, ['properties']);
    assert.equal(f.declarations[1]!.kind, 'var');
  });

  test('a missing closing brace is reported at the end of the file', () => {
    const text = "var o = {\n  a: 1\n";
    const f = parseBicep(text);
    assert.equal(f.errors.length, 1);
    assert.equal(f.errors[0]!.message, 'Expected the "}" character at this location.');
    assert.equal(f.errors[0]!.start, text.length);
  });

  test('interpolation in a resource type is rejected', () => {
    const f = parseBicep("resource r 'Microsoft.${p}/x@2020-01-01' = {}");
    assert.equal(f.errors[0]!.message, 'String interpolation is not supported in a resource type.');
  });

  test('never throws on arbitrary garbage', () => {
    const inputs = ['}{][)(', "'${", "'''", '@', 'resource', 'param x', 'var = ', '[for', "module m 'x' = [for x in y: if", '\u0000\uffff', '${}'];
    for (const t of inputs) {
      const f = parseBicep(t);
      assert.ok(f.errors.length > 0, t);
    }
  });
});

describe('bicep parser: deep nesting', () => {
  test('10,000 nested arrays give one depth diagnostic, no stack overflow', () => {
    const text = `var deep = ${'['.repeat(10_000)}${']'.repeat(10_000)}\nvar after = 1`;
    const f = parseBicep(text);
    const deep = f.errors.filter((e) => e.tooDeep);
    assert.equal(deep.length, 1);
    assert.equal(deep[0]!.message, 'The input is nested more than 200 levels deep.');
    assert.equal(f.declarations.map((d) => d.kind).join(','), 'var,var');
  });

  test('10,000 nested objects and parentheses', () => {
    const objects = `var o = ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`;
    assert.equal(parseBicep(objects).errors.filter((e) => e.tooDeep).length, 1);
    const parens = `var p = ${'('.repeat(10_000)}1${')'.repeat(10_000)}`;
    assert.equal(parseBicep(parens).errors.filter((e) => e.tooDeep).length, 1);
    const nots = `var n = ${'!'.repeat(10_000)}true`;
    assert.ok(parseBicep(nots).errors.some((e) => e.tooDeep));
  });

  test('a long flat operator chain is capped, not recursed', () => {
    const text = `var s = ${Array.from({ length: 50_000 }, () => '1').join(' + ')}`;
    const f = parseBicep(text);
    assert.ok(f.errors.some((e) => e.tooDeep));
  });

});

describe('bicep parser: a property given twice in one object', () => {
  const errors = (text: string) => parseBicep(text).errors.map((e) => `${e.message} @${text.slice(e.start, e.end)}:${e.start}`);

  test('every occurrence is an error, quoted or not; interpolated keys and other objects are not compared', () => {
    const text = "var o = {\n  name: 1\n  other: 2\n  'name': 3\n  '${k}': 4\n  '${k}': 5\n  inner: { name: 6 }\n}\n";
    assert.deepEqual(errors(text), [
      `The property "name" is declared more than once in this object. @name:12`,
      `The property "name" is declared more than once in this object. @'name':33`,
    ]);
  });

  test('in a large object too (compared through a set), and in a resource body', () => {
    const props = Array.from({ length: 12 }, (_, i) => `  p${i}: ${i}`).join('\n');
    const text = `resource r 'Microsoft.Web/sites@2022-03-01' = {\n  name: 'a'\n${props}\n  p11: 0\n}\n`;
    const f = parseBicep(text);
    assert.deepEqual(
      f.errors.map((e) => [e.message, text.slice(e.start, e.end)]),
      [
        ['The property "p11" is declared more than once in this object.', 'p11'],
        ['The property "p11" is declared more than once in this object.', 'p11'],
      ],
    );
    assert.ok(f.errors[0]!.start < f.errors[1]!.start);
  });
});
