// Expected values are the documented outputs of
// https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string
// unless a comment says otherwise.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call } from './test-helpers.js';

describe('encoding', () => {
  test('base64, base64ToString, base64ToJson', () => {
    assert.equal(call('base64', 'one, two, three'), 'b25lLCB0d28sIHRocmVl');
    assert.equal(call('base64ToString', 'b25lLCB0d28sIHRocmVl'), 'one, two, three');
    const json = call('base64', "{'one': 'a', 'two': 'b'}") as string;
    assert.deepEqual(call('base64ToJson', json), { one: 'a', two: 'b' });
    assert.throws(() => call('base64ToString', 'not base64!'), /cannot decode 'not base64!': it is not valid base64/);
  });

  test('dataUri and dataUriToString', () => {
    assert.equal(call('dataUri', 'Hello'), 'data:text/plain;charset=utf8;base64,SGVsbG8=');
    assert.equal(call('dataUriToString', 'data:;base64,SGVsbG8sIFdvcmxkIQ=='), 'Hello, World!');
    assert.equal(call('dataUriToString', 'data:text/plain,a%20b'), 'a b');
    assert.throws(() => call('dataUriToString', 'hello'), /expects a data URI/);
  });

  test('uri, uriComponent, uriComponentToString', () => {
    assert.equal(call('uri', 'http://contoso.com/resources/', 'nested/azuredeploy.json'), 'http://contoso.com/resources/nested/azuredeploy.json');
    // Relative resolution replaces the last path segment when the base does not end with '/'.
    assert.equal(call('uri', 'http://contoso.org/firstpath', 'myscript.sh'), 'http://contoso.org/myscript.sh');
    const encoded = 'http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json';
    assert.equal(call('uriComponent', 'http://contoso.com/resources/nested/azuredeploy.json'), encoded);
    assert.equal(call('uriComponentToString', encoded), 'http://contoso.com/resources/nested/azuredeploy.json');
    // .NET EscapeDataString also escapes the characters encodeURIComponent keeps.
    assert.equal(call('uriComponent', "a!b'(c)*"), 'a%21b%27%28c%29%2A');
    assert.equal(call('uriComponentToString', '100%'), '100%');
    assert.throws(() => call('uri', 'not-absolute', 'x'), /the base URI must be absolute/);
  });
});

describe('searching and slicing', () => {
  test('startsWith and endsWith ignore case', () => {
    assert.equal(call('startsWith', 'abcdef', 'ab'), true);
    assert.equal(call('startsWith', 'abcdef', 'A'), true);
    assert.equal(call('startsWith', 'abcdef', 'e'), false);
    assert.equal(call('endsWith', 'abcdef', 'ef'), true);
    assert.equal(call('endsWith', 'abcdef', 'F'), true);
    assert.equal(call('endsWith', 'abcdef', 'e'), false);
  });

  test('indexOf and lastIndexOf on strings ignore case', () => {
    assert.equal(call('indexOf', 'test', 't'), 0);
    assert.equal(call('lastIndexOf', 'test', 't'), 3);
    assert.equal(call('indexOf', 'abcdef', 'CD'), 2);
    assert.equal(call('lastIndexOf', 'abcdef', 'AB'), 0);
    assert.equal(call('indexOf', 'abcdef', 'z'), -1);
  });

  test('substring, skip, take', () => {
    assert.equal(call('substring', 'one two three', 4, 3), 'two');
    assert.equal(call('substring', 'one two three', 8), 'three');
    assert.equal(call('skip', 'one two three', 4), 'two three');
    assert.equal(call('take', 'one two three', 2), 'on');
    assert.equal(call('take', 'abc', 10), 'abc');
    assert.equal(call('skip', 'abc', -1), 'abc');
    assert.throws(
      () => call('substring', 'hello', 1, 5),
      /The template function 'substring' was given a start index \(1\) and length \(5\) outside the string 'hello' \(length 5\)\./,
    );
    assert.throws(() => call('substring', 'hello', -1), /start index \(-1\)/);
  });

  test('first and last of a string', () => {
    assert.equal(call('first', 'One Two Three'), 'O');
    assert.equal(call('last', 'One Two Three'), 'e');
    assert.equal(call('first', ''), '');
  });
});

describe('building strings', () => {
  test('format: composite formatting in the invariant culture', () => {
    assert.equal(call('format', '{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133), 'Hello, User. Formatted number: 8,175,133');
    assert.equal(call('format', '{0:D3}-{1}', 7, 'x'), '007-x');
    assert.equal(call('format', '{{literal}} {0}', 'a'), '{literal} a');
    assert.equal(call('format', '{0:N2}|{0:F1}|{0:P0}', 0.5), '0.50|0.5|50 %');
    assert.equal(call('format', '{0:X}|{0:x4}', 255), 'FF|00ff');
    assert.equal(call('format', '[{0,5}][{0,-5}]', 'ab'), '[   ab][ab   ]');
    assert.equal(call('format', '{0:000}|{1:#,##0.00}', 5, 1234.5), '005|1,234.50');
    assert.equal(call('format', '{0:E2}', 12345), '1.23E+004');
    assert.equal(call('format', '{0} {1}', true, null), 'True ');
    assert.throws(() => call('format', '{1}', 'a'), /'\{1\}' refers to argument 1 but only 1 is given/);
    assert.throws(() => call('format', 'a } b'), /'}' at position 2 is not escaped/);
  });

  test('padLeft', () => {
    assert.equal(call('padLeft', '123', 10, '0'), '0000000123');
    assert.equal(call('padLeft', 7, 3, '0'), '007');
    assert.equal(call('padLeft', 'abc', 2), 'abc');
    assert.equal(call('padLeft', 'a', 3), '  a');
    assert.throws(() => call('padLeft', 'a', 3, 'xy'), /expects a single padding character, but got 'xy'/);
  });

  test('replace is ordinal and case-sensitive', () => {
    assert.equal(call('replace', '123-123-1234', '-', ''), '1231231234');
    assert.equal(call('replace', '123-123-1234', '1234', 'xxxx'), '123-123-xxxx');
    assert.equal(call('replace', 'Aa', 'a', 'b'), 'Ab');
    assert.throws(() => call('replace', 'a', '', 'b'), /cannot replace an empty string/);
  });

  test('split with one or several delimiters keeps empty parts', () => {
    assert.deepEqual(call('split', 'one,two,three', ','), ['one', 'two', 'three']);
    assert.deepEqual(call('split', 'one;two,three', [',', ';']), ['one', 'two', 'three']);
    assert.deepEqual(call('split', 'a,,b', ','), ['a', '', 'b']);
    // .NET tries the separators in order at each position.
    assert.deepEqual(call('split', 'a--b-c', ['--', '-']), ['a', 'b', 'c']);
    assert.throws(() => call('split', 'a', 1), /a string or an array of strings/);
  });

  test('string() renders JSON compactly and booleans as .NET does', () => {
    assert.equal(call('string', { valueA: 10, valueB: 'Example Text' }), '{"valueA":10,"valueB":"Example Text"}');
    assert.equal(call('string', ['a', 'b', 'c']), '["a","b","c"]');
    assert.equal(call('string', 5), '5');
    assert.equal(call('string', true), 'True');
    assert.equal(call('string', null), '');
    assert.equal(call('string', { a: [1, { b: null, c: false }] }), '{"a":[1,{"b":null,"c":false}]}');
  });

  test('toLower, toUpper, trim', () => {
    assert.equal(call('toLower', 'One Two Three'), 'one two three');
    assert.equal(call('toUpper', 'One Two Three'), 'ONE TWO THREE');
    assert.equal(call('trim', '    one two three   '), 'one two three');
  });

  test('json() accepts what Newtonsoft accepts', () => {
    assert.deepEqual(call('json', '{"a": "b"}'), { a: 'b' });
    assert.deepEqual(call('json', "{'a': 'b'}"), { a: 'b' });
    assert.deepEqual(call('json', "{a: 'b', /* c */ 'list': [1, 2,], }"), { a: 'b', list: [1, 2] });
    assert.equal(call('json', 'null'), null);
    assert.equal(call('json', '"text"'), 'text');
    assert.equal(call('json', '5'), 5);
    assert.throws(() => call('json', '{"a": }'), /The template function 'json' cannot parse its argument as JSON: unexpected character at position 6\./);
    assert.throws(() => call('json', '{"a": 1} x'), /unexpected text after the JSON value/);
  });

  test('json() keeps a __proto__ key as data', () => {
    const v = call('json', "{'__proto__': {'polluted': true}}") as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.deepEqual(Object.keys(v), ['__proto__']);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});
