import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lex } from './lexer.js';

const kinds = (text: string) => lex(text).tokens.map((t) => t.kind);

describe('bicep lexer', () => {
  test('strings decode escapes', () => {
    const { tokens, errors } = lex(String.raw`'a\'b\\c\n\t\$\u{1F600}'`);
    assert.deepEqual(errors, []);
    assert.equal(tokens[0]!.kind, 'string');
    assert.equal(tokens[0]!.value, "a'b\\c\n\t$\u{1F600}");
    assert.equal(tokens[0]!.end, 24);
  });

  test('an unknown escape and an unterminated string are errors with exact spans', () => {
    const { errors } = lex("'a\\qb'\n'open");
    assert.deepEqual(
      errors.map((e) => [e.start, e.end]),
      [
        [2, 4],
        [7, 12],
      ],
    );
  });

  test('interpolation splits a string into pieces, with nested braces inside a hole', () => {
    const { tokens } = lex("'a${ {x: 1}.x }b${c}d'");
    assert.deepEqual(
      tokens.map((t) => [t.kind, t.value]),
      [
        ['stringLeft', 'a'],
        ['lbrace', '{'],
        ['ident', 'x'],
        ['colon', ':'],
        ['number', '1'],
        ['rbrace', '}'],
        ['dot', '.'],
        ['ident', 'x'],
        ['stringMiddle', 'b'],
        ['ident', 'c'],
        ['stringRight', 'd'],
        ['eof', ''],
      ],
    );
  });

  test('nested interpolated strings', () => {
    assert.deepEqual(kinds("'${'${a}'}'"), ['stringLeft', 'stringLeft', 'ident', 'stringRight', 'stringRight', 'eof']);
  });

  test('multi-line strings keep text verbatim and drop the first line break', () => {
    const { tokens } = lex("'''\nline1 \\n ${x}\r\nline2'''");
    assert.equal(tokens[0]!.kind, 'multiline');
    assert.equal(tokens[0]!.value, 'line1 \\n ${x}\r\nline2');
  });

  test('interpolated multi-line strings need as many dollars as opened them', () => {
    const { tokens } = lex("$$'''a${x}b$${y}c'''");
    assert.deepEqual(
      tokens.map((t) => [t.kind, t.value]),
      [
        ['stringLeft', 'a${x}b'],
        ['ident', 'y'],
        ['stringRight', 'c'],
        ['eof', ''],
      ],
    );
  });

  test('numbers, operators and the safe-access forms', () => {
    assert.deepEqual(kinds('12 a.?b c[?0] d ?? e =~ f != g ... h::i => j[^1]'), [
      'number', 'ident', 'questionDot', 'ident', 'ident', 'lbracket', 'question', 'number', 'rbracket', 'ident', 'doubleQuestion',
      'ident', 'eqi', 'ident', 'neq', 'ident', 'ellipsis', 'ident', 'doubleColon', 'ident', 'arrow', 'ident', 'lbracket', 'hat',
      'number', 'rbracket', 'eof',
    ]);
  });

  test('CRLF is one newline token; comments are trivia with positions', () => {
    const r = lex('a // note\r\n/* block\r\n */ b');
    assert.deepEqual(r.tokens.map((t) => t.kind), ['ident', 'newline', 'ident', 'eof']);
    assert.deepEqual(r.tokens[1]!, { kind: 'newline', start: 9, end: 11, value: '\r\n' });
    assert.deepEqual(
      r.comments.map((c) => [c.start, c.end, c.line]),
      [
        [2, 9, true],
        [11, 24, false],
      ],
    );
    assert.equal(r.tokens[2]!.start, 25);
  });

  test('offsets are UTF-16 code units after non-ASCII text', () => {
    const r = lex("var s = '日本😀'\nvar t = 1");
    const t = r.tokens.find((x) => x.value === 't')!;
    // 'var s = ' (8) + quote + 2 BMP chars + 1 surrogate pair (2) + quote + newline = 15, then 'var '.
    assert.equal(t.start, 19);
    assert.equal(r.tokens[3]!.value, '日本😀');
  });

  test('a stray character is one bad token and lexing goes on', () => {
    const r = lex('a ; b');
    assert.deepEqual(r.tokens.map((t) => t.kind), ['ident', 'bad', 'ident', 'eof']);
    assert.equal(r.errors[0]!.message, "The character ';' is not valid here.");
  });
});
