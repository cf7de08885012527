// Logical, comparison, numeric and date functions. Expected values are the documented outputs of
// https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-{logical,comparison,numeric,date}
// unless a comment says otherwise.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call } from './test-helpers.js';

describe('logical', () => {
  test('and, or, not, true, false', () => {
    assert.equal(call('and', true, false), false);
    assert.equal(call('and', true, true, true), true);
    assert.equal(call('or', true, false), true);
    assert.equal(call('or', false, false), false);
    assert.equal(call('not', true), false);
    assert.equal(call('true'), true);
    assert.equal(call('false'), false);
    assert.throws(() => call('and', true), /expects at least 2 arguments, but got 1/);
    assert.throws(() => call('or', true, 'yes'), /expects its second argument to be a bool, but got a string/);
  });

  test('bool converts strings and ints', () => {
    assert.equal(call('bool', 'true'), true);
    assert.equal(call('bool', 'False'), false);
    assert.equal(call('bool', 0), false);
    assert.equal(call('bool', 1), true);
    assert.throws(() => call('bool', 'yes'), /cannot convert the string 'yes' to a bool/);
  });

  test('if on evaluated branches', () => {
    assert.equal(call('if', true, 'a', 'b'), 'a');
    assert.equal(call('if', false, 'a', 'b'), 'b');
    assert.throws(() => call('if', 'true', 'a', 'b'), /expects its first argument to be a bool/);
  });
});

describe('comparison', () => {
  test('coalesce and equals', () => {
    assert.equal(call('coalesce', null, null, 'default'), 'default');
    assert.deepEqual(call('coalesce', null, { first: 'default' }), { first: 'default' });
    assert.equal(call('coalesce', null, null), null);
    assert.equal(call('equals', 1, 1), true);
    assert.equal(call('equals', 'a', 'A'), false);
    assert.equal(call('equals', ['a', 'b'], ['a', 'b']), true);
    assert.equal(call('equals', { a: 'b' }, { a: 'b' }), true);
    assert.equal(call('equals', { a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }), false);
    assert.equal(call('equals', 1, '1'), false);
  });

  test('greater, greaterOrEquals, less, lessOrEquals: ints, and strings ordinally', () => {
    assert.equal(call('greater', 10, 5), true);
    assert.equal(call('greater', 'A', 'a'), false);
    assert.equal(call('greaterOrEquals', 5, 5), true);
    assert.equal(call('greaterOrEquals', 'A', 'a'), false);
    assert.equal(call('less', 10, 5), false);
    assert.equal(call('less', 'A', 'a'), true);
    assert.equal(call('lessOrEquals', 10, 10), true);
    assert.equal(call('lessOrEquals', 'b', 'a'), false);
    assert.throws(() => call('less', 1, 'a'), /expects two ints or two strings, but got int and string/);
  });
});

describe('numeric', () => {
  test('arithmetic on ints', () => {
    assert.equal(call('add', 5, 3), 8);
    assert.equal(call('sub', 7, 3), 4);
    assert.equal(call('mul', 5, 3), 15);
    assert.equal(call('div', 8, 3), 2);
    assert.equal(call('mod', 7, 3), 1);
    // .NET semantics: truncation toward zero, remainder takes the dividend's sign.
    assert.equal(call('div', -7, 2), -3);
    assert.equal(call('mod', -7, 2), -1);
    assert.throws(() => call('div', 1, 0), /The template function 'div' cannot divide by zero\./);
    assert.throws(() => call('mod', 1, 0), /cannot divide by zero/);
    assert.throws(() => call('add', 1, '2'), /expects its second argument to be an int, but got a string/);
    assert.throws(() => call('add', 1.5, 2), /expects its first argument to be an int, but got a float/);
  });

  test('int and float', () => {
    assert.equal(call('int', '4'), 4);
    assert.equal(call('int', ' -12 '), -12);
    assert.equal(call('float', '3.5'), 3.5);
    assert.equal(call('float', 2), 2);
    assert.throws(() => call('int', '4.5'), /cannot convert '4.5' to an int/);
    assert.throws(() => call('float', 'abc'), /cannot convert 'abc' to a float/);
  });
});

describe('dates', () => {
  test('dateTimeAdd', () => {
    // The documented example: a space-separated input comes back in .NET's general format.
    assert.equal(call('dateTimeAdd', '2020-04-07 14:53:14Z', 'P3Y'), '4/7/2023 2:53:14 PM');
    assert.equal(call('dateTimeAdd', '2020-04-07 14:53:14Z', '-P9D'), '3/29/2020 2:53:14 PM');
    assert.equal(call('dateTimeAdd', '2020-04-07 14:53:14Z', 'PT1H'), '4/7/2020 3:53:14 PM');
    assert.equal(call('dateTimeAdd', '2020-04-07T14:53:14Z', 'P1DT30M'), '2020-04-08T15:23:14Z');
    // Month arithmetic clamps to the end of a shorter month, as .NET AddMonths.
    assert.equal(call('dateTimeAdd', '2024-01-31T00:00:00Z', 'P1M'), '2024-02-29T00:00:00Z');
    assert.equal(call('dateTimeAdd', '2024-01-31T08:05:09Z', 'PT0S', 'yyyyMMdd-HHmmss'), '20240131-080509');
    assert.equal(call('dateTimeAdd', '2024-01-31T08:05:09Z', 'P1D', 'u'), '2024-02-01 08:05:09Z');
    assert.throws(() => call('dateTimeAdd', '2024-01-31', '1 day'), /cannot read '1 day' as an ISO 8601 duration/);
    assert.throws(() => call('dateTimeAdd', 'yesterday', 'P1D'), /cannot read 'yesterday' as a date and time/);
  });

  test('dateTimeFromEpoch and dateTimeToEpoch', () => {
    assert.equal(call('dateTimeFromEpoch', 1683040573), '2023-05-02T15:16:13Z');
    assert.equal(call('dateTimeToEpoch', '2023-05-02T15:16:13Z'), 1683040573);
    assert.equal(call('dateTimeToEpoch', '2023-05-02T17:16:13+02:00'), 1683040573);
  });

  test('utcNow is known only at deployment time', () => {
    const v = call('utcNow', 'u');
    assert.ok(v instanceof Object && 'unresolved' in v);
  });
});
