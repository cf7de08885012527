// Expected values are the documented outputs of
// https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-array,
// .../template-functions-object and .../template-functions-lambda unless a comment says otherwise.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Value } from '../../model/value.js';
import { call, fn } from './test-helpers.js';

describe('arrays', () => {
  test('array, createArray, concat', () => {
    assert.deepEqual(call('array', 1), [1]);
    assert.deepEqual(call('array', 'efgh'), ['efgh']);
    assert.deepEqual(call('array', { a: 'b', c: 'd' }), [{ a: 'b', c: 'd' }]);
    assert.deepEqual(call('array', [1, 2]), [1, 2]);
    assert.deepEqual(call('createArray', 1, 2, 3), [1, 2, 3]);
    assert.deepEqual(call('createArray'), []);
    assert.deepEqual(call('concat', ['1-1', '1-2', '1-3'], ['2-1', '2-2', '2-3']), ['1-1', '1-2', '1-3', '2-1', '2-2', '2-3']);
    assert.equal(call('concat', 'prefix', '-', 'suffix'), 'prefix-suffix');
    assert.equal(call('concat', 'vm', 1), 'vm1');
    assert.throws(() => call('concat', ['a'], 'b'), /cannot combine arrays with a value of type string \(its second argument\)/);
  });

  test('contains', () => {
    assert.equal(call('contains', 'OneTwoThree', 'e'), true);
    assert.equal(call('contains', 'OneTwoThree', 'z'), false);
    assert.equal(call('contains', { one: 'a', two: 'b', three: 'c' }, 'two'), true);
    assert.equal(call('contains', { one: 'a', two: 'b', three: 'c' }, 'TWO'), true);
    assert.equal(call('contains', { one: 'a' }, 'four'), false);
    assert.equal(call('contains', ['one', 'two', 'three'], 'three'), true);
    assert.equal(call('contains', ['one', 'two', 'three'], 'Three'), false);
    assert.equal(call('contains', [[1], { a: 1 }], { A: 1 }), true);
  });

  test('empty, first, last, length', () => {
    assert.equal(call('empty', []), true);
    assert.equal(call('empty', {}), true);
    assert.equal(call('empty', ''), true);
    assert.equal(call('empty', null), true);
    assert.equal(call('empty', [null]), false);
    assert.equal(call('first', ['one', 'two', 'three']), 'one');
    assert.equal(call('last', ['one', 'two', 'three']), 'three');
    assert.equal(call('first', []), null);
    assert.equal(call('length', ['a', 'b', 'c']), 3);
    assert.equal(call('length', 'One Two Three'), 13);
    assert.equal(call('length', { propA: 'one', propB: 'two', propC: 'three', propD: { 'propD-1': 'sub', 'propD-2': 'sub' } }), 4);
    assert.throws(() => call('length', 5), /expects its first argument to be a string, an array or an object, but got an int/);
  });

  test('flatten, indexOf, lastIndexOf, skip, take', () => {
    assert.deepEqual(call('flatten', [['one', 'two'], ['three'], ['four', 'five']]), ['one', 'two', 'three', 'four', 'five']);
    assert.equal(call('indexOf', ['one', 'two', 'three'], 'two'), 1);
    assert.equal(call('indexOf', [4, 5, 6], 5), 1);
    assert.equal(call('lastIndexOf', ['a', 'b', 'a'], 'a'), 2);
    assert.equal(call('indexOf', [[1, 2], [3]], [3]), 1);
    assert.equal(call('indexOf', ['one'], 'ONE'), -1);
    assert.deepEqual(call('skip', ['one', 'two', 'three'], 2), ['three']);
    assert.deepEqual(call('take', ['one', 'two', 'three'], 2), ['one', 'two']);
    assert.throws(() => call('flatten', [['a'], 'b']), /expects an array of arrays/);
  });

  test('intersection and union', () => {
    assert.deepEqual(call('intersection', ['one', 'two', 'three'], ['two', 'three']), ['two', 'three']);
    assert.deepEqual(call('intersection', { one: 'a', two: 'b', three: 'c' }, { one: 'a', two: 'z', three: 'c' }), { one: 'a', three: 'c' });
    assert.deepEqual(call('union', ['one', 'two', 'three'], ['three', 'four']), ['one', 'two', 'three', 'four']);
    assert.deepEqual(call('union', { one: 'a', two: 'b', three: 'c1' }, { three: 'c2', four: 'd', five: 'e' }), {
      one: 'a',
      two: 'b',
      three: 'c2',
      four: 'd',
      five: 'e',
    });
    // Nested objects merge; nested arrays are replaced; arrays of arrays are deduplicated by value.
    assert.deepEqual(
      call(
        'union',
        { property: { one: 'a', two: 'b', three: 'c1' }, nestedArray: [1, 2] },
        { property: { three: 'c2', four: 'd', five: 'e' }, nestedArray: [3, 4] },
      ),
      { property: { one: 'a', two: 'b', three: 'c2', four: 'd', five: 'e' }, nestedArray: [3, 4] },
    );
    assert.deepEqual(call('union', [['one', 'two'], ['three']], [['three'], ['four', 'two']]), [['one', 'two'], ['three'], ['four', 'two']]);
    assert.throws(() => call('union', ['a'], { a: 1 }), /expects all arguments to be arrays or all to be objects/);
  });

  test('union does not modify its arguments', () => {
    const first = { nested: { a: 1 } };
    call('union', first, { nested: { b: 2 } });
    assert.deepEqual(first, { nested: { a: 1 } });
  });

  test('join, max, min, range', () => {
    assert.equal(call('join', ['one', 'two', 'three'], ','), 'one,two,three');
    assert.equal(call('join', ['one', 2, true], ';'), 'one;2;True');
    assert.equal(call('max', [0, 3, 2, 5, 4]), 5);
    assert.equal(call('max', 0, 3, 2, 5, 4), 5);
    assert.equal(call('min', [0, 3, 2, 5, 4]), 0);
    assert.deepEqual(call('range', 1, 3), [1, 2, 3]);
    assert.deepEqual(call('range', 5, 0), []);
    assert.throws(() => call('range', 0, 10001), /expects a count between 0 and 10000, but got 10001/);
    assert.throws(() => call('max', []), /expects at least one value/);
  });

  test('tryGet, indexFromEnd, tryIndexFromEnd', () => {
    const o = { a: { b: [10, 20] } };
    assert.deepEqual(call('tryGet', o, 'A'), { b: [10, 20] });
    assert.equal(call('tryGet', o, 'a', 'b', 1), 20);
    assert.equal(call('tryGet', o, 'missing', 'b'), null);
    assert.equal(call('tryGet', [1, 2], 5), null);
    assert.equal(call('indexFromEnd', [1, 2, 3], 1), 3);
    assert.equal(call('tryIndexFromEnd', [1, 2, 3], 4), null);
    assert.throws(() => call('indexFromEnd', [1, 2, 3], 4), /cannot take item 4 from the end of an array of length 3/);
  });
});

describe('objects', () => {
  test('createObject, objectKeys, items, null', () => {
    assert.deepEqual(call('createObject', 'intProp', 1, 'stringProp', 'abc', 'boolProp', true, 'arrayProp', ['a', 'b', 'c'], 'objectProp', { key1: 'value1' }), {
      intProp: 1,
      stringProp: 'abc',
      boolProp: true,
      arrayProp: ['a', 'b', 'c'],
      objectProp: { key1: 'value1' },
    });
    assert.deepEqual(call('objectKeys', { a: 1, b: 2 }), ['a', 'b']);
    assert.deepEqual(
      call('items', {
        item002: { enabled: false, displayName: 'Example item 2', number: 200 },
        item001: { enabled: true, displayName: 'Example item 1', number: 300 },
      }),
      [
        { key: 'item001', value: { enabled: true, displayName: 'Example item 1', number: 300 } },
        { key: 'item002', value: { enabled: false, displayName: 'Example item 2', number: 200 } },
      ],
    );
    assert.equal(call('null'), null);
    assert.throws(() => call('createObject', 'a'), /expects pairs of property names and values, but got 1 arguments/);
  });

  test('shallowMerge replaces nested objects', () => {
    assert.deepEqual(call('shallowMerge', [{ one: 'a' }, { two: 'b' }]), { one: 'a', two: 'b' });
    assert.deepEqual(call('shallowMerge', [{ one: 'a', nested: { a: 1, nested: { c: 3 } } }, { two: 'b', nested: { b: 2 } }]), {
      one: 'a',
      nested: { b: 2 },
      two: 'b',
    });
  });
});

describe('lambdas', () => {
  const dogs = [
    { name: 'Evie', age: 5, interests: ['Ball', 'Frisbee'] },
    { name: 'Casper', age: 3, interests: ['Other dogs'] },
    { name: 'Indy', age: 2, interests: ['Butter'] },
    { name: 'Kira', age: 8, interests: ['Rubs'] },
  ];
  const get = (v: Value, k: string): Value => (v as Record<string, Value>)[k]!;

  test('filter, map, reduce', () => {
    assert.deepEqual(
      call('filter', dogs, fn(['dog'], (d) => (get(d, 'age') as number) >= 5)),
      [dogs[0], dogs[3]],
    );
    assert.deepEqual(call('map', dogs, fn(['dog'], (d) => get(d, 'name'))), ['Evie', 'Casper', 'Indy', 'Kira']);
    assert.deepEqual(call('map', ['a', 'b'], fn(['x', 'i'], (x, i) => `${x as string}${i as number}`)), ['a0', 'b1']);
    assert.equal(call('reduce', [5, 3, 2, 8], 0, fn(['cur', 'next'], (c, n) => (c as number) + (n as number))), 18);
    assert.throws(() => call('filter', [1], fn(['x'], () => 'yes')), /expects its lambda to return a bool, but it returned string/);
  });

  test('sort is stable and follows the lambda', () => {
    const sorted = call('sort', dogs, fn(['a', 'b'], (a, b) => (get(a, 'age') as number) < (get(b, 'age') as number))) as Value[];
    assert.deepEqual(sorted.map((d) => get(d, 'name')), ['Indy', 'Casper', 'Evie', 'Kira']);
    const pairs = [{ k: 1, n: 'a' }, { k: 0, n: 'b' }, { k: 1, n: 'c' }, { k: 0, n: 'd' }];
    const stable = call('sort', pairs, fn(['x', 'y'], (x, y) => (get(x, 'k') as number) < (get(y, 'k') as number))) as Value[];
    assert.deepEqual(stable.map((p) => get(p, 'n')), ['b', 'd', 'a', 'c']);
  });

  test('groupBy, mapValues, toObject', () => {
    assert.deepEqual(call('groupBy', ['foo', 'bar', 'baz'], fn(['x'], (x) => (x as string).slice(0, 1))), { f: ['foo'], b: ['bar', 'baz'] });
    assert.deepEqual(call('mapValues', { foo: 'foo', bar: 'bar' }, fn(['v'], (v) => (v as string).toUpperCase())), { foo: 'FOO', bar: 'BAR' });
    assert.deepEqual(call('toObject', dogs.slice(0, 2), fn(['e'], (e) => get(e, 'name'))), { Evie: dogs[0], Casper: dogs[1] });
    assert.deepEqual(call('toObject', dogs.slice(0, 2), fn(['e'], (e) => get(e, 'name')), fn(['e'], (e) => get(e, 'age'))), { Evie: 5, Casper: 3 });
    assert.throws(() => call('map', [1], 'not a lambda'), /expects its second argument to be a lambda expression, but got a string/);
  });
});
