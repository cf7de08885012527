import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Tok, tokenize } from './lexer.js';
import { MAX_NESTING, parseHclText } from './parser.js';
import { wellFormedBody } from './well-formed.js';

/** The body of `resource "t" "n" { … }` checked, and what the parser reports on the same file. */
function judge(body: string): { wellFormed: boolean; errors: string[] } {
  const text = `resource "t" "n" {\n${body}\n}\n`;
  const tokens = tokenize(text);
  let open = 0;
  while (tokens.kind[open] !== Tok.OBRACE) open++;
  const wellFormed = wellFormedBody(text, tokens, open, tokens.pair[open]!, 1, MAX_NESTING);
  return { wellFormed, errors: parseHclText('m.tf', text).diagnostics.map((d) => d.message) };
}

const WELL_FORMED = [
  'name = "x"',
  'n = 1.5e3\nm = 0',
  'b = true\nc = null',
  'r = azurerm_resource_group.example.name',
  'i = var.list[0].id\nl = var.list.0',
  's = var.items[*].id\nt = var.items.*.name[0]\nu = var.m[*][*]',
  'f = format("%s-%s", var.a, local.b)',
  'e = concat(var.a, var.b...)\ng = f()\nh = f(1,)',
  'p = provider::azurerm::normalise_resource_id(var.id)',
  't = [1, 2,\n 3,\n]\nu = []',
  'o = {\n  a = 1\n  "b" = 2, c: 3\n  (var.k) = 4\n}\nq = {}',
  'c = var.a ? var.b ? 1 : 2 : var.c ? 3 : 4',
  'k = { a = x ? 1 : 2, b: y ? 3 : 4 }',
  'u = -1 + !var.x\nv = - - 2',
  'm = (1 + 2) * 3 % 4 / 5 - 6\ncmp = a == b || c != d && e < f && g <= h || i > j || k >= l',
  'tpl = "${var.prefix}-${lower(var.name)}"\nlit = "a \\"b\\" \\u00e9"',
  'multi = "${\n  var.a\n}"',
  'h = <<EOT\nline ${var.x}\nEOT\nh2 = <<-EOT\n  {"a": 1}\n  EOT',
  'nested { a = 1 }\nempty {}',
  'nested "label" other {\n  inner {\n    x = 1\n  }\n}',
  'dynamic "x" {\n  for_each = var.list\n  content {\n    y = x.value\n  }\n}',
  'call = foo(\n  1,\n  2\n)\nparen = (\n  1\n  +\n  2\n)',
  'a = 1 # comment\n/* block\ncomment */ b = 2 // comment',
  'x = 1\ninner {\n  x = 2\n}\nother {\n  x = 3\n}',
  'a = [for x in var.l : x]\nb = [for i, x in var.l : "${i}-${x}" if x != ""]',
  'a = { for k, v in var.m : k => v }\nb = {\n  for k, v in var.m :\n  k => v...\n  if v != null\n}',
  'a = [for x in c ? var.a : var.b : x]\nb = { for x in var.l : x.name => x if x.on ? true : false }',
  'a = "%{ if var.x }y%{ else }z%{ endif }"\nb = "${~ var.x ~}"\nc = "%{~ for i, x in var.l ~}${x}%{~ endfor ~}"',
  'a = <<EOT\n%{ for x in var.l }\n  ${x}\n  %{ if x != "" }one%{ endif }\n%{ endfor }\nEOT',
];

const ERRORS = [
  'a = ',
  'a = 1 2',
  'a = 1 b = 2',
  'a = x.y::z',
  'a = foo\n(1)',
  'a = x.\ny',
  'a = x[\n*]',
  'a = (1',
  'a = 1\nb = 2\na = 3',
  'a = [1 2]',
  'a = {b = 1 c = 2}',
  'a = x.0.1',
  'a = x::y',
  'a = x.',
  'a = x.(y)',
  'a = x ? 1',
  'a = x ? 1 : 2 : 3',
  'a = f(1,,2)',
  'a = f(x..., y)',
  'a\n= 1',
  '"s" = 1',
  'b "${x}" {}',
  'b {} c = 1',
  'a = {\n  b =\n  1\n}',
  'a = [*]',
  'a = x[]',
  'a = b ?\n  c : d',
  'a = 1 +',
  'a = "${}"',
  'a = "${x y}"',
  'a = !',
  'a = x.*.',
  `a = ${'('.repeat(400)}1${')'.repeat(400)}`,
  `a = ${'x + '.repeat(300)}1`,
  `a = x${'.b'.repeat(300)}`,
  `a = ${'- '.repeat(300)}1`,
  'inner {\n  x = 1\n  x = 2\n}',
  'a = [for x in var.l]',
  'a = [for x in var.l : x...]',
  'a = [for x, in var.l : x]',
  'a = [for x::y in var.l : x]',
  'a = [for x of var.l : x]',
  'a = { for k in var.m : k }',
  'a = { for k in var.m : k => k if }',
  'a = { for k in var.m : k => k, }',
  'a = [for x in var.l : x if x y]',
  'a = [for x, 1 in var.l : x]',
  'a = [for x in var.l, x]',
  'a = { for k in var.m : k, k }',
  'a = "%{ if var.x }y"',
  'a = "%{ endif }"',
  'a = "%{ else }"',
  'a = "%{ for x in var.l }y%{ endif }"',
  'a = "%{ if var.x }%{ endfor }"',
  'a = "%{ if var.x }%{ else }%{ else }%{ endif }"',
  'a = "%{ if }y%{ endif }"',
  'a = "%{ unless var.x }y%{ endif }"',
  'a = "%{ unless }y"',
  'a = "%{ for 1 in var.l }y%{ endfor }"',
  'a = "${~}"',
  'a = "${x ~ y}"',
  'a = "%{ if x y }z%{ endif }"',
];

/** Well formed, but left to the parser: what the check does not follow. */
const LEFT_TO_THE_PARSER = [
  `a = [${'1, '.repeat(200)}]`,
  `a = ${'['.repeat(70)}1${']'.repeat(70)}`,
  Array.from({ length: 70 }, (_, i) => `a${i} = ${i}`).join('\n'),
  `${'b {\n'.repeat(40)}${'}\n'.repeat(40)}`,
];

describe('HCL bodies checked without building them', () => {
  test('well-formed bodies are found well formed', () => {
    for (const body of WELL_FORMED) assert.deepEqual(judge(body), { wellFormed: true, errors: [] }, body);
  });

  test('a body with an error, or nested past the limit, is never found well formed', () => {
    for (const body of ERRORS) {
      const { wellFormed, errors } = judge(body);
      assert.ok(errors.length > 0, `the parser reports nothing on ${JSON.stringify(body)}`);
      assert.equal(wellFormed, false, body);
    }
  });

  test('constructs the check does not follow are left to the parser', () => {
    for (const body of LEFT_TO_THE_PARSER) assert.deepEqual(judge(body), { wellFormed: false, errors: [] }, body.slice(0, 60));
  });
});

describe('deferred bodies', () => {
  const text = [
    '# leading',
    'resource "azurerm_resource_group" "rg" {',
    '  name     = "rg" # trailing',
    '  # before location',
    '  location = "westeurope"',
    '  tags = { a = 1 }',
    '}',
    'resource "bad" "x" {',
    '  a = 1 2',
    '}',
    'locals {',
    '  n = azurerm_resource_group.rg.name',
    '}',
    '',
  ].join('\n');
  const deferred = (type: string) => type === 'resource';

  test('the same tree, comments and diagnostics as a file parsed at once; a body with an error is parsed at once', () => {
    const eager = parseHclText('m.tf', text);
    const lazy = parseHclText('m.tf', text, 'HclSyntax', { deferBody: deferred });
    assert.deepEqual(lazy.diagnostics, eager.diagnostics);
    assert.equal(eager.diagnostics.length, 1);
    const [rg, bad, locals] = lazy.file.body.blocks;
    assert.notEqual(Object.getPrototypeOf(rg), Object.prototype, 'the well-formed body is deferred');
    assert.equal(Object.getPrototypeOf(bad), Object.prototype, 'the body with an error is built at once');
    assert.equal(Object.getPrototypeOf(locals), Object.prototype, 'only blocks deferBody accepts are deferred');
    // A comment inside a deferred body gets its statement when the body is built.
    assert.equal(lazy.file.comments[2]!.next, undefined);
    assert.deepEqual(rg!.body.attributes.map((a) => a.name), ['name', 'location', 'tags']);
    assert.equal(JSON.stringify(lazy.file), JSON.stringify(eager.file));
    assert.deepEqual(lazy.file.comments[2]!.next, eager.file.comments[2]!.next);
    assert.ok(lazy.file.comments[2]!.next);
  });

  test('a body is built once, and the block keeps its own spans', () => {
    const lazy = parseHclText('m.tf', text, 'HclSyntax', { deferBody: deferred });
    const rg = lazy.file.body.blocks[0]!;
    assert.equal(rg.body, rg.body);
    assert.equal(text.slice(rg.start, rg.end).split('\n')[0], 'resource "azurerm_resource_group" "rg" {');
    assert.ok(text.slice(rg.start, rg.end).endsWith('}'));
    assert.deepEqual(rg.labels, ['azurerm_resource_group', 'rg']);
    assert.deepEqual({ ...rg, body: rg.body }, JSON.parse(JSON.stringify(parseHclText('m.tf', text).file.body.blocks[0])));
  });
});
