// Terraform values that share their parts, or that functions would multiply past what memory holds: each
// input here would hang, overflow the stack or exhaust memory if handled whole, and must end in its error.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Value } from '../../../model/value.js';
import { callTfFunction, type FunctionEnv } from './functions.js';
import { equal, EvalError, setOf, TextBudget, valueKey, writeJson } from './values.js';

const env: FunctionEnv = { workDir: 'm', readFile: () => undefined, expression: 'f(...)' };
const call = (name: string, ...args: Value[]): Value => callTfFunction(name, args, env);
const evalError = (message: string) => (e: unknown) => e instanceof EvalError && e.message === message;

function doubling(levels: number, leaf = 'x'): Value {
  let v: Value = [leaf, 'y'];
  for (let i = 0; i < levels; i++) v = [v, v];
  return v;
}

function nested(depth: number, leaf: Value): Value {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

describe('equality and JSON text', () => {
  test('equal: 100,000 levels deep, without recursion', () => {
    assert.equal(equal(nested(100_000, 'a'), nested(100_000, 'a')), true);
    assert.equal(equal(nested(100_000, 'a'), nested(100_000, 'b')), false);
    assert.equal(equal({ a: 1, b: [2] }, { b: [2], a: 1 }), true);
    assert.equal(equal({ a: 1 }, { a: 1, b: 2 }), false);
    // A part shared by both sides is equal without walking it.
    const huge = doubling(60);
    assert.equal(equal([huge, 1], [huge, 1]), true);
  });

  test('writeJson writes what JSON.stringify writes, and sorted keys on request', () => {
    const v: Value = { b: [1, 2.5, -0, true, null, 'q"\n'], a: { z: {}, y: [] }, c: 1e21 };
    assert.equal(writeJson(v, new TextBudget('t')), JSON.stringify(v));
    assert.equal(writeJson(v, new TextBudget('t'), true), '{"a":{"y":[],"z":{}},"b":[1,2.5,0,true,null,"q\\"\\n"],"c":1e+21}');
    assert.equal(valueKey({ a: 1, b: 2 }), valueKey({ b: 2, a: 1 }));
    assert.deepEqual(setOf([{ a: 1, b: 2 }, { b: 2, a: 1 }, 'x', 'x']), [{ a: 1, b: 2 }, 'x']);
  });

  test('writeJson stops at the budget on a value that shares its parts', () => {
    const huge = doubling(60, 'x'.repeat(10_000));
    assert.throws(() => writeJson(huge, new TextBudget('jsonencode()')), evalError('jsonencode(): the result would be longer than 16000000 characters'));
    assert.throws(() => valueKey(huge), evalError('a set: the result would be longer than 16000000 characters'));
  });
});

describe('functions', () => {
  test('an argument of 2^62 values is refused before anything walks it', () => {
    const huge = doubling(60);
    for (const name of ['jsonencode', 'tostring', 'length', 'flatten', 'distinct', 'contains', 'concat', 'format']) {
      const args = name === 'format' ? ['%v', huge] : name === 'contains' ? [huge, 'x'] : [huge];
      const which = name === 'format' ? 2 : 1;
      assert.throws(() => call(name, ...args), evalError(`${name}(): argument ${which} is too large (more than 1000000 values, nested ones included)`), name);
    }
  });

  test('text that would pass the limit is refused before it is built', () => {
    const long = 'b'.repeat(10_000);
    const refs = new Array<Value>(100_000).fill(long);
    assert.throws(() => call('jsonencode', refs), evalError('jsonencode(): the result would be longer than 16000000 characters'));
    assert.throws(() => call('join', ',', refs), evalError('join(): the result would be longer than 16000000 characters'));
    assert.throws(() => call('format', '%v', refs), evalError('format(): the result would be longer than 16000000 characters'));
    assert.throws(() => call('format', '%2000000000s', 'x'), evalError('format(): the result would be longer than 16000000 characters'));
    assert.throws(() => call('formatlist', '%s-%s', refs, refs), evalError('formatlist(): the result would be longer than 16000000 characters'));
    assert.throws(() => call('distinct', refs.map((_, i) => [long, i])), evalError('distinct(): the result would be longer than 16000000 characters'));
    assert.throws(() => call('replace', 'a'.repeat(1_000_000), 'a', long), evalError('replace(): the result would be longer than 16000000 characters'));
    assert.throws(() => call('replace', 'a'.repeat(1_000_000), '/a/', long), evalError('replace(): the result would be longer than 16000000 characters'));
    assert.throws(() => call('replace', 'a'.repeat(1_000_000), '/x*/', long), evalError('replace(): the result would be longer than 16000000 characters'));
    assert.throws(() => call('indent', 1_000, '\n'.repeat(1_000_000)), evalError('indent(): the result would be longer than 16000000 characters'));
    assert.throws(() => call('split', '', 'a'.repeat(2_000_000)), evalError('split(): the result would have more than 1000000 elements'));
    assert.throws(() => call('regexall', 'x*', 'a'.repeat(2_000_000)), evalError('regexall(): more than 1000000 matches'));
  });

  test('replace with a pattern expands $ references as before', () => {
    const s = 'app-01, web-22, db-3';
    for (const [pattern, rep] of [
      ['([a-z]+)-(\\d+)', '$2:$1'],
      ['(?P<name>[a-z]+)-(?P<n>\\d+)', '${n}=${name}'],
      ['[a-z]+', '[$&]'],
      ['\\d+', '$$'],
      ['-', "<$`|$'>"],
      ['(\\d)', '$01$10$9'],
      ['x*', '.'],
    ]) {
      const js = new RegExp(pattern!.replace(/\(\?P</g, '(?<'), 'gu');
      assert.equal(call('replace', s, `/${pattern}/`, rep!), s.replace(js, rep!.replace(/\$\{(\w+)\}/g, '$<$1>')), pattern);
    }
  });

  test('set functions look items up: two hundred thousand names each', () => {
    const a = Array.from({ length: 200_000 }, (_, i) => `name-${i}`);
    const b = Array.from({ length: 200_000 }, (_, i) => `name-${i + 100_000}`);
    assert.equal((call('setintersection', a, b) as Value[]).length, 100_000);
    assert.equal((call('setsubtract', a, b) as Value[]).length, 100_000);
    assert.equal((call('setunion', a, b) as Value[]).length, 300_000);
    assert.deepEqual(call('setintersection', [{ a: 1, b: 2 }, 'x'], [{ b: 2, a: 1 }]), [{ a: 1, b: 2 }]);
    assert.deepEqual(call('setsubtract', ['a', 'b', 'a'], ['b']), ['a']);
  });

  test('min and max of a million arguments', () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => i);
    assert.equal(callTfFunction('min', many, env), 0);
    assert.equal(callTfFunction('max', many, env), 999_999);
  });
});
