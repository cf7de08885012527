// Three-valued evaluation: an unknown argument makes a result unknown only where the answer depends on it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Unresolved, type Value } from '../../model/value.js';
import { call, fn, q } from './test-helpers.js';

function assertUnknown(v: Value, reason: string): void {
  assert.ok(v instanceof Unresolved, `expected an unresolved value, got ${JSON.stringify(v)}`);
  assert.equal(v.reason, reason);
}

describe('known answers despite unknown arguments', () => {
  test('and/or decided by one known argument', () => {
    assert.equal(call('and', false, q('x')), false);
    assert.equal(call('and', q('x'), false), false);
    assert.equal(call('or', true, q('x')), true);
    assertUnknown(call('and', true, q('x')), "parameter 'x' has no value");
    assertUnknown(call('or', false, q('x')), "parameter 'x' has no value");
    assertUnknown(call('not', q('x')), "parameter 'x' has no value");
  });

  test('coalesce stops at the first known non-null value', () => {
    assert.equal(call('coalesce', null, 'x', q('y')), 'x');
    assertUnknown(call('coalesce', null, q('y'), 'x'), "parameter 'y' has no value");
  });

  test('collections whose shape is known', () => {
    assert.equal(call('length', [q('a'), q('b')]), 2);
    assert.equal(call('length', { a: q('a') }), 1);
    assert.equal(call('empty', [q('a')]), false);
    assert.equal(call('contains', { k: q('v') }, 'k'), true);
    assert.equal(call('contains', { k: q('v') }, 'other'), false);
    assert.equal(call('contains', [1, q('v')], 1), true);
    assertUnknown(call('contains', [q('v'), 1], 2), "parameter 'v' has no value");
    assert.equal(call('contains', [], q('v')), false);
    assert.equal(call('first', ['a', q('b')]), 'a');
    assert.deepEqual(call('objectKeys', { a: q('a'), b: 1 }), ['a', 'b']);
    assert.equal(call('tryGet', { a: q('a'), b: 1 }, 'b'), 1);
    assert.equal(call('indexOf', ['a', q('b')], 'a'), 0);
    assertUnknown(call('indexOf', [q('b'), 'a'], 'a'), "parameter 'b' has no value");
  });

  test('union keeps known properties and merges around unknown values', () => {
    const v = call('union', { a: q('a') }, { b: 1 }) as Record<string, Value>;
    assert.equal(v['b'], 1);
    assertUnknown(v['a']!, "parameter 'a' has no value");
    const replaced = call('union', { a: q('a') }, { a: 'x' }) as Record<string, Value>;
    assert.equal(replaced['a'], 'x');
    const merged = call('union', { a: q('a') }, { a: { b: 1 } }) as Record<string, Value>;
    assertUnknown(merged['a']!, "parameter 'a' has no value");
  });

  test('concat, createArray, createObject keep unknown parts inside', () => {
    const arr = call('concat', [q('a'), 1], [2]) as Value[];
    assert.equal(arr.length, 3);
    assert.ok(arr[0] instanceof Unresolved);
    assert.deepEqual(arr.slice(1), [1, 2]);
    assert.ok((call('createArray', q('a'), 'b') as Value[])[0] instanceof Unresolved);
    const o = call('createObject', 'k', q('v')) as Record<string, Value>;
    assert.ok(o['k'] instanceof Unresolved);
    assertUnknown(call('concat', [1], q('rest')), "parameter 'rest' has no value");
    assertUnknown(call('concat', 'app-', q('env')), "parameter 'env' has no value");
  });

  test('equals: a known difference decides false', () => {
    assert.equal(call('equals', [q('a')], [1, 2]), false);
    assert.equal(call('equals', { a: q('a'), b: 1 }, { a: 'x', b: 2 }), false);
    assertUnknown(call('equals', 'a', q('x')), "parameter 'x' has no value");
    assertUnknown(call('equals', { a: q('a'), b: 1 }, { a: 'x', b: 1 }), "parameter 'a' has no value");
  });

  test('if with an unknown condition is known when both branches agree', () => {
    assert.equal(call('if', q('c'), 'same', 'same'), 'same');
    assertUnknown(call('if', q('c'), 'a', 'b'), "parameter 'c' has no value");
  });

  test('lambdas see unknown items; the result is unknown only where they are needed', () => {
    const mapped = call('map', [1, q('x')], fn(['v'], (v) => v)) as Value[];
    assert.equal(mapped[0], 1);
    assert.ok(mapped[1] instanceof Unresolved);
    assertUnknown(call('filter', [1, q('x')], fn(['v'], (v) => (v instanceof Unresolved ? v : v === 1))), "parameter 'x' has no value");
    assertUnknown(call('map', q('list'), fn(['v'], (v) => v)), "parameter 'list' has no value");
  });
});

describe('unknown results', () => {
  test('strict functions propagate the first unknown argument', () => {
    assertUnknown(call('toUpper', q('name')), "parameter 'name' has no value");
    assertUnknown(call('format', '{0}-{1}', q('a'), q('b')), "parameter 'a' has no value");
    assertUnknown(call('string', { nested: [q('deep')] }), "parameter 'deep' has no value");
    assertUnknown(call('uniqueString', 'x', q('seed')), "parameter 'seed' has no value");
    assertUnknown(call('empty', q('x')), "parameter 'x' has no value");
    assertUnknown(call('length', q('x')), "parameter 'x' has no value");
  });

  test('arity is checked even when arguments are unknown', () => {
    assert.throws(() => call('toUpper', q('a'), q('b')), /The template function 'toUpper' expects 1 argument, but got 2\./);
  });
});
