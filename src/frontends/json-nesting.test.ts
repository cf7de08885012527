import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { visit } from 'jsonc-parser';
import { findExcessiveNesting } from './json-nesting.js';

/** How deep jsonc-parser's parser recurses on `text` (its visitor runs the same parser). */
function parserDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  const down = () => void (deepest = Math.max(deepest, ++depth));
  const up = () => void depth--;
  visit(text, { onObjectBegin: down, onArrayBegin: down, onObjectEnd: up, onArrayEnd: up });
  return deepest;
}

test('brackets in strings and comments do not count', () => {
  const text = '{"a": "[[[[[", /* [[[[ */ "b": [[1]] // [[[[\n}';
  assert.equal(findExcessiveNesting(text, 3), -1);
  assert.equal(findExcessiveNesting(text, 2), text.indexOf('[[1') + 1);
});

test('texts that overflowed the parser behind a check that passed them', () => {
  // A string left open ends at the line break for the parser, which then reads the brackets after it.
  const open = '["unterminated\n' + '['.repeat(20) + ']'.repeat(20) + ']';
  assert.equal(parserDepth(open), 21);
  assert.equal(findExcessiveNesting(open, 10), open.indexOf('[', 1) + 9);
  // A mismatched closer is skipped by the parser: `[}` then `,` nests one level more each time.
  const skipped = '[}, '.repeat(20);
  assert.equal(parserDepth(skipped), 20);
  assert.equal(findExcessiveNesting(skipped, 10), 4 * 10);
  // An escaped line break does not end a string.
  assert.equal(findExcessiveNesting('"a\\\n[[[[[[', 3), -1);
});

test('property: a text that passes the check never takes the parser deeper than the limit', () => {
  const piece = fc.constantFrom('[', ']', '{', '}', '"', '\\', '\n', '\r', ',', ':', '/', '*', '//', '/*', '*/', 'a', '1', ' ', '"k":');
  let tried = 0;
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 80 }), fc.integer({ min: 1, max: 6 }), (pieces, limit) => {
      tried++;
      const text = pieces.join('');
      if (findExcessiveNesting(text, limit) === -1) assert.ok(parserDepth(text) <= limit, JSON.stringify(text));
    }),
    { numRuns: 5000, seed: 0x4a534f4e },
  );
  console.log(`json nesting: ${tried} generated texts checked against jsonc-parser's depth`);
});
