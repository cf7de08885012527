// Unknown names, hostile inputs, deep values and the cost of hot calls.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Value } from '../../model/value.js';
import { ExpressionError, isKnownFunction, knownFunctionNames } from './functions.js';
import { call } from './test-helpers.js';

describe('names', () => {
  test('isKnownFunction is case-insensitive and covers list* functions', () => {
    assert.equal(isKnownFunction('uniqueString'), true);
    assert.equal(isKnownFunction('UNIQUESTRING'), true);
    assert.equal(isKnownFunction('listKeys'), true);
    assert.equal(isKnownFunction('list'), false);
    assert.equal(isKnownFunction('parameters'), false);
    assert.equal(isKnownFunction('noSuchFunction'), false);
  });

  test('every documented ARM function is in the library', () => {
    const documented = [
      'base64', 'base64ToJson', 'base64ToString', 'concat', 'contains', 'dataUri', 'dataUriToString', 'empty', 'endsWith',
      'first', 'format', 'guid', 'indexOf', 'join', 'json', 'last', 'lastIndexOf', 'length', 'newGuid', 'padLeft', 'replace',
      'skip', 'split', 'startsWith', 'string', 'substring', 'take', 'toLower', 'toUpper', 'trim', 'uniqueString', 'uri',
      'uriComponent', 'uriComponentToString', 'utcNow', 'dateTimeAdd', 'dateTimeFromEpoch', 'dateTimeToEpoch', 'array',
      'createArray', 'flatten', 'intersection', 'items', 'max', 'min', 'range', 'tryGet', 'indexFromEnd', 'tryIndexFromEnd',
      'union', 'createObject', 'null', 'objectKeys', 'shallowMerge', 'filter', 'groupBy', 'map', 'mapValues', 'reduce', 'sort',
      'toObject', 'and', 'bool', 'false', 'not', 'or', 'true', 'if', 'coalesce', 'equals', 'greater', 'greaterOrEquals', 'less',
      'lessOrEquals', 'add', 'div', 'float', 'int', 'mod', 'mul', 'sub', 'resourceId', 'subscriptionResourceId',
      'tenantResourceId', 'extensionResourceId', 'managementGroupResourceId', 'resourceGroup', 'subscription', 'tenant',
      'managementGroup', 'deployment', 'environment', 'deployer', 'reference', 'pickZones', 'providers', 'parseCidr',
      'cidrSubnet', 'cidrHost',
    ];
    const missing = documented.filter((n) => !isKnownFunction(n));
    assert.deepEqual(missing, []);
    assert.equal(knownFunctionNames().length, documented.length);
  });

  test('an unknown function is an ExpressionError', () => {
    assert.throws(() => call('noSuchFunction', 1), (e: unknown) => e instanceof ExpressionError && e.message === "'noSuchFunction' is not a known template function.");
  });
});

describe('deep and large values', () => {
  function nestedArray(depth: number): Value {
    let v: Value = 'leaf';
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  }
  function nestedObject(depth: number, leaf: Value): Value {
    let v: Value = leaf;
    for (let i = 0; i < depth; i++) v = { n: v };
    return v;
  }

  test('10,000 levels: string(), equals(), union(), json() do not overflow the stack', () => {
    const deep = nestedArray(10_000);
    const text = call('string', deep) as string;
    assert.equal(text.length, 10_000 * 2 + '"leaf"'.length);
    assert.equal(call('equals', deep, nestedArray(10_000)), true);
    assert.equal(call('equals', deep, nestedArray(9_999)), false);
    const merged = call('union', nestedObject(10_000, { a: 1 }), nestedObject(10_000, { b: 2 }));
    let cursor = merged as Record<string, Value>;
    for (let i = 0; i < 10_000; i++) cursor = cursor['n'] as Record<string, Value>;
    assert.deepEqual(cursor, { a: 1, b: 2 });
    const lenient = `${"{'n':".repeat(10_000)}1${'}'.repeat(10_000)}`;
    assert.equal(call('length', call('json', lenient)), 1);
  });

  // A quadratic implementation would not finish on these sizes; speed itself is measured by `npm run bench`.
  test('large inputs are handled whole', { timeout: 60_000 }, () => {
    const big = Array.from({ length: 200_000 }, (_, i) => i);
    assert.equal(call('length', call('concat', big, big)), 400_000);
    assert.equal(call('indexOf', big, 199_999), 199_999);
    assert.equal((call('string', big) as string).length > 1_000_000, true);
    assert.equal((call('split', 'a,'.repeat(100_000), ',') as Value[]).length, 100_001);
  });

  test('results too large to build are unresolved, not allocated', () => {
    const v = call('padLeft', 'x', 2_000_000_000);
    assert.ok(v instanceof Object && 'reason' in v);
  });

});
