import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { joinChunks, jsonChunks, lines, type StreamPath } from './chunks.js';

const keys = fc.constantFrom('results', 'runs', 'errors', 'a', '0', '1', '*', 'toolExecutionNotifications');
// JSON values and the undefined members reporters leave out (JSON.stringify drops them, or writes null in lists).
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }),
    fc.constant(undefined),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(keys, tie('node'), { maxKeys: 4 }),
  ),
})).node;
const paths = fc.array(fc.array(fc.oneof(keys, fc.constant('*')), { maxLength: 4 }), { maxLength: 3 });

let tried = 0;

test('the pieces of any value and any lists to stream, joined, are JSON.stringify(value, null, 2)', () => {
  fc.assert(
    fc.property(fc.oneof(fc.array(value, { maxLength: 4 }), fc.dictionary(keys, value, { maxKeys: 5 })), paths, (v, streamed: StreamPath[]) => {
      tried++;
      assert.equal(joinChunks(jsonChunks(v, streamed)), JSON.stringify(v, null, 2));
    }),
    { numRuns: 1000 },
  );
});

test('a streamed list is written one item per piece', () => {
  const v = { summary: { n: 3 }, results: [{ a: [1, 2] }, { b: 'x\ny' }, []], errors: [] };
  const pieces = [...jsonChunks(v, [['results']])];
  assert.equal(pieces.join(''), JSON.stringify(v, null, 2));
  assert.ok(pieces.includes('{\n      "a": [\n        1,\n        2\n      ]\n    }'), JSON.stringify(pieces));
  assert.ok(pieces.includes('{\n      "b": "x\\ny"\n    }'), JSON.stringify(pieces));
  assert.deepEqual([...lines(['a', 'b'], '\r\n')], ['a\r\n', 'b\r\n']);
  console.log(`# report pieces: ${tried} values tried`);
});
