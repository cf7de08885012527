import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SourceText, stripBom } from './source.js';

describe('SourceText positions', () => {
  test('LF, CRLF and lone CR each end a line; columns count UTF-16 code units', () => {
    for (const [text, offset, expected] of [
      ['a\nbc\nd', 4, { line: 2, column: 3 }],
      ['a\r\nbc\r\nd', 7, { line: 3, column: 1 }],
      ['a\rbc\rd', 5, { line: 3, column: 1 }],
      ['😀x\ny', 2, { line: 1, column: 3 }],
      ['', 0, { line: 1, column: 1 }],
    ] as const) {
      assert.deepEqual(new SourceText('f', text).position(offset), expected, JSON.stringify(text));
    }
  });

  test('offsetAt inverts position, lineText drops the line break, locate is end-exclusive', () => {
    const s = new SourceText('f', 'one\r\ntwo\nthree');
    assert.equal(s.lineCount(), 3);
    assert.equal(s.lineText(1), 'one');
    assert.equal(s.lineText(2), 'two');
    assert.equal(s.lineText(3), 'three');
    assert.equal(s.offsetAt(2, 2), 6);
    assert.deepEqual(s.position(s.offsetAt(3, 4)), { line: 3, column: 4 });
    assert.deepEqual(s.locate({ start: 5, end: 8 }), { file: 'f', startLine: 2, startColumn: 1, endLine: 2, endColumn: 4 });
  });

  test('a byte order mark is stripped once', () => {
    assert.equal(stripBom('\ufeff{}'), '{}');
    assert.equal(stripBom('{}'), '{}');
  });
});
