import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Expr } from './ast.js';
import { MAX_NESTING, parseHclText } from './parser.js';

const diags = (text: string, kind?: 'TfvarsSyntax') =>
  parseHclText('f.tf', text, kind).diagnostics.map((d) => `${d.code} ${d.message}${d.ref ? ` @${d.ref.start}-${d.ref.end}` : ''}`);
const attrs = (text: string) => parseHclText('f.tf', text).file.body.attributes.map((a) => `${a.name}:${a.expr.k}`);
const expr = (text: string): Expr => parseHclText('f.tf', `a = ${text}\n`).file.body.attributes[0]!.expr;

describe('HCL syntax errors', () => {
  test('at the exact span of the offending token, and the statements around it are kept', () => {
    assert.deepEqual(diags('a = 1 2\nb = 3\n'), ["AZM1201 syntax error: unexpected '2' @6-7"]);
    assert.deepEqual(attrs('a = 1 2\nb = 3\n'), ['a:lit', 'b:lit']);
    assert.deepEqual(diags('a = [1, }\n'), ["AZM1201 syntax error: unexpected '}' @8-9"]);
  });

  test('an attribute whose expression is broken keeps a bad expression spanning what was written', () => {
    const { file, diagnostics } = parseHclText('f.tf', 'x = 1\ny = f(1,, 2)\nz = 3\n');
    assert.equal(diagnostics.length, 1);
    const y = file.body.attributes[1]!;
    assert.equal(y.expr.k, 'bad');
    assert.equal(file.text.slice(y.expr.start, y.expr.end), 'f(1,, 2)');
    assert.deepEqual(file.body.attributes.map((a) => a.name), ['x', 'y', 'z']);
  });

  test('an argument set twice in one body is an error at the second; bodies are separate, and blocks may repeat', () => {
    assert.deepEqual(diags('a = 1\nb = 2\na = 3\n'), ['AZM1201 syntax error: "a" is set twice in this block; an argument may be set only once @12-13']);
    assert.deepEqual(attrs('a = 1\nb = 2\na = 3\n'), ['a:lit', 'b:lit', 'a:lit'], 'both are kept; the first is the one read');
    assert.deepEqual(diags('a = 1\nr {\n  a = 2\n}\nr {\n  a = 3\n}\n'), []);
    // Past sixteen arguments the names are kept in a set: the same error, found the same way.
    const many = Array.from({ length: 20 }, (_, i) => `a${i} = ${i}`).join('\n');
    assert.deepEqual(diags(`${many}\na3 = 0\na19 = 0\n`), [
      `AZM1201 syntax error: "a3" is set twice in this block; an argument may be set only once @${many.length + 1}-${many.length + 3}`,
      `AZM1201 syntax error: "a19" is set twice in this block; an argument may be set only once @${many.length + 8}-${many.length + 11}`,
    ]);
    assert.deepEqual(diags('v = 1\nv = 2\n', 'TfvarsSyntax'), ['AZM1202 syntax error: "v" is set twice in this block; an argument may be set only once @6-7']);
  });

  test('a missing closing brace at the end of the input: the block is kept', () => {
    const { file, diagnostics } = parseHclText('f.tf', 'r "x" {\n  a = 1\n');
    assert.deepEqual(diagnostics.map((d) => [d.message, d.ref?.start]), [["syntax error: missing '}'", 16]]);
    assert.deepEqual(file.body.blocks[0]!.body.attributes.map((a) => a.name), ['a']);
  });

  test('a quoted string ends at the end of its line; the next line is read', () => {
    assert.deepEqual(diags('a = "abc\nb = 1\n'), ['AZM1201 syntax error: missing \'"\' @8-8']);
    assert.deepEqual(attrs('a = "abc\nb = 1\n'), ['a:lit', 'b:lit']);
  });

  test('newlines end statements in bodies and are ignored inside brackets', () => {
    assert.deepEqual(diags('a = b ?\n  c : d\n'), ['AZM1201 syntax error: unexpected newline @7-8', "AZM1201 syntax error: unexpected ':' @12-13"]);
    assert.deepEqual(diags('a = (b ?\n  c : d)\nx = [\n  1,\n  2\n]\n'), []);
    assert.deepEqual(diags('a = 1 b = 2\n'), ["AZM1201 syntax error: unexpected 'b' @6-7"]);
    assert.deepEqual(diags('o = {\n  a = 1\n  b = 2, c = 3\n}\n'), []);
  });

  test('five errors are reported, then a count; variable files use AZM1202', () => {
    assert.deepEqual(diags('}\n}\n}\n}\n}\n}\n}\n').slice(4), ["AZM1201 syntax error: unexpected '}' @8-9", 'AZM1201 2 more syntax errors in this file']);
    assert.deepEqual(diags('a = \n', 'TfvarsSyntax'), ['AZM1202 syntax error: unexpected newline @4-5']);
  });

  test('escapes, empty interpolations and characters HCL does not allow', () => {
    assert.deepEqual(diags('a = "\\q"\n'), ["AZM1201 syntax error: unexpected '\\q' (not a valid escape sequence) @5-7"]);
    assert.deepEqual(diags('a = "\\UFFFFFFFF"\n'), ["AZM1201 syntax error: unexpected '\\UFFFFFFFF' (not a valid escape sequence) @5-15"]);
    assert.deepEqual(diags('a = "${}"\n'), ["AZM1201 syntax error: unexpected '}' @7-8"]);
    assert.deepEqual(diags('a = 1\u2028\n'), ['AZM1201 syntax error: unexpected character U+2028 @5-6']);
    assert.deepEqual(diags('a = b::c\n'), ["AZM1201 syntax error: unexpected 'b::c' @4-8"]);
  });

  test('unterminated comments, heredocs and templates', () => {
    assert.deepEqual(diags('a = 1 /* open\n'), ["AZM1201 syntax error: missing '*/' @14-14"]);
    assert.deepEqual(diags('a = <<EOT\ntext\n'), ["AZM1201 syntax error: missing 'EOT' @15-15"]);
    assert.deepEqual(diags('a = "%{ if x }y"\n'), ["AZM1201 syntax error: missing '%{ endif }' @15-15"]);
    assert.deepEqual(diags('a = "%{ endif }"\n'), ["AZM1201 syntax error: unexpected 'endif' @8-13"]);
  });
});

describe('HCL nesting', () => {
  test(`past ${MAX_NESTING} levels: one AZM1003 with the span of the part not read, and the rest of the file is read`, () => {
    const text = `a = ${'['.repeat(10_000)}${']'.repeat(10_000)}\nb = ${'{x = '.repeat(5_000)}1${'}'.repeat(5_000)}\nc = 1\n`;
    const { file, diagnostics } = parseHclText('f.tf', text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.ref?.start, d.ref?.end]), [['AZM1003', 4 + MAX_NESTING, 4 + 20_000 - MAX_NESTING]]);
    assert.deepEqual(file.body.attributes.map((a) => a.name), ['a', 'b', 'c']);
  });

  test('long operator, traversal and unary chains count as nesting too', () => {
    for (const text of [`${'1 + '.repeat(5_000)}1`, `a${'.b'.repeat(5_000)}`, `${'!'.repeat(5_000)}true`, `${'a ? b : '.repeat(5_000)}c`]) {
      const { diagnostics } = parseHclText('f.tf', `x = ${text}\ny = 1\n`);
      assert.deepEqual(diagnostics.map((d) => d.code), ['AZM1003'], text.slice(0, 20));
    }
  });
});

describe('HCL expressions as the spec reads them', () => {
  test('numbers, including exponents', () => {
    assert.deepEqual([expr('1e5'), expr('1.5E-2'), expr('007')].map((e) => (e.k === 'lit' ? e.value : e.k)), [100000, 0.015, 7]);
  });

  test('conditionals are right-associative; operators bind by HCL precedence', () => {
    const c = expr('a ? 1 : b ? 2 : 3');
    assert.ok(c.k === 'cond' && c.else.k === 'cond');
    const b = expr('a || b && c == d < e + f * g');
    assert.ok(b.k === 'binary' && b.op === '||' && b.right.k === 'binary' && b.right.op === '&&');
  });

  test('`.*` takes attribute steps; an index after it applies to the result', () => {
    const e = expr('x.*.id[0].name');
    assert.ok(e.k === 'attr' && e.obj.k === 'index' && e.obj.obj.k === 'splat' && !e.obj.obj.full);
    const f = expr('x[*].id[0].name');
    assert.ok(f.k === 'splat' && f.full && f.steps.length === 3);
  });

  test('a heredoc may close on the last line of the input', () => {
    const { file, diagnostics } = parseHclText('f.tf', 'a = <<EOT\nhello\nEOT');
    assert.deepEqual(diagnostics, []);
    const e = file.body.attributes[0]!.expr;
    assert.ok(e.k === 'template' && e.parts[0]?.k === 'text' && e.parts[0].text === 'hello\n');
  });

  test('a comment between two statements of a body precedes the second', () => {
    const { file } = parseHclText('f.tf', 'a = 1\n# about b\nb = 2\n');
    assert.deepEqual(file.comments[0]!.next, { start: file.body.attributes[1]!.start, end: file.body.attributes[1]!.end });
  });
});
