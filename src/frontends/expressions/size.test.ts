// Values that share their parts: small in memory, exponentially large as trees. Every input here would
// hang or exhaust memory if a function walked or wrote it out whole; each must end in its size error.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Unresolved, type Value } from '../../model/value.js';
import { ExpressionError } from './functions.js';
import { MAX_RESULT_ELEMENTS, treeSize } from './size.js';
import { call, fn, q } from './test-helpers.js';

/** `levels` arrays, each holding the previous one twice: 2^(levels + 2) - 1 values as a tree. */
function doubling(levels: number): Value {
  let v: Value = ['x', 'y'];
  for (let i = 0; i < levels; i++) v = [v, v];
  return v;
}

function doublingObject(levels: number): Value {
  let v: Value = { a: 'x' };
  for (let i = 0; i < levels; i++) v = { left: v, right: v };
  return v;
}

const HUGE = doubling(60);
const tooLarge = (name: string, which: string) => (e: unknown) =>
  e instanceof ExpressionError && e.message === `The ${which} argument of '${name}' is too large: more than 1000000 values, nested ones included.`;
const resultTooLarge = (name: string) => (e: unknown) =>
  e instanceof ExpressionError && e.message === `The result of '${name}' is too large: more than 1000000 values, nested ones included.`;
const tooLong = (name: string) => (e: unknown) => e instanceof ExpressionError && e.message === `The result of '${name}' is too large: more than 16000000 characters.`;

describe('treeSize', () => {
  test('counts shared parts once per use, and stops past the limit', () => {
    assert.equal(treeSize('x'), 1);
    assert.equal(treeSize([]), 1);
    assert.equal(treeSize({ a: [1, 2], b: null }), 5);
    assert.equal(treeSize(doubling(17)), 2 ** 19 - 1);
    assert.equal(treeSize(doubling(18)), MAX_RESULT_ELEMENTS + 1);
    assert.equal(treeSize(HUGE), MAX_RESULT_ELEMENTS + 1);
    assert.equal(treeSize(doublingObject(60)), MAX_RESULT_ELEMENTS + 1);
    // Measured again from what is remembered.
    assert.equal(treeSize([HUGE]), MAX_RESULT_ELEMENTS + 1);
  });

  test('a value that contains itself is too large, not an endless walk', () => {
    const a: Value[] = [1];
    a.push(a);
    assert.equal(treeSize(a), MAX_RESULT_ELEMENTS + 1);
    const o: { [k: string]: Value } = { x: 1 };
    o['self'] = [o];
    assert.equal(treeSize(o), MAX_RESULT_ELEMENTS + 1);
  });

  test('unresolved values and lambdas are single values', () => {
    assert.equal(treeSize([q('a'), fn(['x'], (x) => x)]), 3);
  });
});

describe('functions given a value of 2^62 values', () => {
  const cases: [string, Value[], string][] = [
    ['string', [HUGE], 'first'],
    ['json', [HUGE], 'first'],
    ['length', [HUGE], 'first'],
    ['empty', [HUGE], 'first'],
    ['first', [HUGE], 'first'],
    ['concat', [HUGE, ['z']], 'first'],
    ['union', [['z'], HUGE], 'second'],
    ['intersection', [HUGE, HUGE], 'first'],
    ['contains', [HUGE, 'x'], 'first'],
    ['indexOf', [HUGE, 'x'], 'first'],
    ['equals', [HUGE, doubling(60)], 'first'],
    ['if', [true, HUGE, null], 'second'],
    ['coalesce', [null, HUGE], 'second'],
    ['createArray', [HUGE], 'first'],
    ['createObject', ['a', HUGE], 'second'],
    ['format', ['{0}', HUGE], 'second'],
    ['dataUri', [HUGE], 'first'],
    ['base64', [HUGE], 'first'],
    ['uniqueString', ['a', HUGE], 'second'],
    ['guid', [HUGE], 'first'],
    ['join', [HUGE, ','], 'first'],
    ['replace', [HUGE, 'a', 'b'], 'first'],
    ['toLower', [HUGE], 'first'],
    ['items', [doublingObject(60)], 'first'],
    ['map', [HUGE, fn(['x'], (x) => x)], 'first'],
  ];
  for (const [name, args, which] of cases) {
    test(`${name}: the ${which} argument is too large`, () => {
      assert.throws(() => call(name, ...args), tooLarge(name, which));
    });
  }
});

describe('results built from shared parts', () => {
  const half = doubling(17);

  test('createArray, createObject, union, map, array literal through a lambda', () => {
    assert.equal(treeSize(call('createArray', half)), 2 ** 19);
    assert.throws(() => call('createArray', half, half), resultTooLarge('createArray'));
    assert.throws(() => call('createObject', 'a', half, 'b', half), resultTooLarge('createObject'));
    assert.throws(() => call('union', { a: half }, { b: half }), resultTooLarge('union'));
    assert.throws(() => call('map', [1, 2, 3], fn(['x'], () => half)), resultTooLarge('map'));
    assert.throws(() => call('reduce', [1, 2], ['x'], fn(['acc', 'x'], (acc) => [acc, acc, half])), resultTooLarge('reduce'));
  });

  test('concat of arrays is refused before it copies', () => {
    const big = new Array<Value>(600_000).fill('x');
    assert.throws(() => call('concat', big, big, big, big, big), (e: unknown) => e instanceof ExpressionError && e.message === "The result of 'concat' has 3000000 elements, more than the limit of 1000000.");
  });
});

describe('text past the limit is refused as it is written', () => {
  const long = 'a'.repeat(8_000_000);

  test('string() and dataUri() of many references to one long string', () => {
    const refs = new Array<Value>(100_000).fill('b'.repeat(10_000));
    assert.throws(() => call('string', refs), tooLong('string'));
    assert.throws(() => call('dataUri', refs), tooLong('dataUri'));
    assert.throws(() => call('string', [long, long, long]), tooLong('string'));
  });

  test('concat and join of strings', () => {
    assert.throws(() => call('concat', ...new Array<Value>(100).fill(long)), tooLong('concat'));
    assert.throws(() => call('join', new Array<Value>(100_000).fill('b'.repeat(10_000)), ','), tooLong('join'));
    assert.equal(call('join', ['a', 'b', 'c'], ', '), 'a, b, c');
  });

  test('replace that multiplies the text', () => {
    assert.throws(() => call('replace', 'a'.repeat(1_000_000), 'a', 'b'.repeat(1_000)), tooLong('replace'));
    assert.equal(call('replace', 'a-b-c', '-', '--'), 'a--b--c');
  });

  test('format with a huge alignment or huge arguments', () => {
    assert.throws(() => call('format', '{0,2000000000}', 'x'), tooLong('format'));
    assert.throws(() => call('format', '{0}{0}{0}', long), tooLong('format'));
    assert.equal(call('format', '{0,5}|{1,-3}|{{x}}', 'ab', 1), '   ab|1  |{x}');
  });

  test('uniqueString and guid hash at most the limit', () => {
    const message = (name: string) => `The template function '${name}' cannot hash more than 16000000 characters of arguments.`;
    assert.throws(() => call('uniqueString', long, long, long), (e: unknown) => e instanceof ExpressionError && e.message === message('uniqueString'));
    assert.throws(() => call('guid', long, long, long), (e: unknown) => e instanceof ExpressionError && e.message === message('guid'));
  });
});

describe('union and intersection', () => {
  test('same answers as comparing item by item', () => {
    assert.deepEqual(call('union', ['a', 'b', 1], ['b', 'c', 1, null], [null, true, 'a']), ['a', 'b', 1, 'c', null, true]);
    assert.deepEqual(call('union', [{ a: 1 }], [{ A: 1 }, [1]], [[1]]), [{ a: 1 }, [1]]);
    assert.deepEqual(call('intersection', ['a', 'b', 'c', 'b'], ['c', 'b', 'd'], ['b', 'c']), ['b', 'c']);
    assert.deepEqual(call('intersection', [{ a: 1 }, 'x'], [{ A: 1 }]), [{ a: 1 }]);
    // An unknown item may equal anything, so the union is unknown; intersection takes no unknown input at all.
    const p = q('p');
    assert.equal(call('union', [p], ['a']), p);
    assert.equal(call('union', ['a'], ['a', p]), p);
    assert.equal(call('union', ['a', p], ['b']), p);
    assert.equal(call('intersection', ['a', 'b'], [p]), p);
    assert.ok(call('union', [[p]], [['z']]) instanceof Unresolved);
  });

  test('two hundred thousand names each are looked up, not compared pairwise', () => {
    const a = Array.from({ length: 200_000 }, (_, i) => `name-${i}`);
    const b = Array.from({ length: 200_000 }, (_, i) => `name-${i + 100_000}`);
    assert.equal((call('union', a, b) as Value[]).length, 300_000);
    assert.equal((call('intersection', a, b) as Value[]).length, 100_000);
  });

  test('large items that differ only at the end stop at the comparison budget', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => [...new Array<Value>(40).fill(0), i]);
    const budget = (name: string) => (e: unknown) => e instanceof ExpressionError && e.message === `The template function '${name}' needs more than 10000000 value comparisons, the limit.`;
    assert.throws(() => call('union', items, []), budget('union'));
    assert.throws(() => call('intersection', items, items), budget('intersection'));
  });
});
