import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedMessage, boundedName, MAX_MESSAGE_CHARS, MAX_NAME_CHARS } from './locate.js';

test('messages past the bound are cut with the count of what was left out, never inside a surrogate pair', () => {
  assert.equal(boundedMessage('short'), 'short');
  const exact = 'x'.repeat(MAX_MESSAGE_CHARS);
  assert.equal(boundedMessage(exact), exact);
  const long = boundedMessage('y'.repeat(MAX_MESSAGE_CHARS + 10));
  assert.equal(long, `${'y'.repeat(MAX_MESSAGE_CHARS)}… (10 more characters)`);
  // An emoji (two UTF-16 units) straddling the bound is left out whole.
  const straddling = boundedMessage(`${'z'.repeat(MAX_MESSAGE_CHARS - 1)}😀tail`);
  assert.equal(straddling, `${'z'.repeat(MAX_MESSAGE_CHARS - 1)}… (6 more characters)`);
});

test('names past the bound are shortened with a digest of the whole, so distinct names stay distinct', () => {
  assert.equal(boundedName('app'), 'app');
  const a = boundedName(`${'n'.repeat(5000)}a`);
  const b = boundedName(`${'n'.repeat(5000)}b`);
  assert.ok(a.length <= MAX_NAME_CHARS && b.length <= MAX_NAME_CHARS);
  assert.notEqual(a, b);
  assert.match(a, /^n+…#[0-9a-f]{16}$/);
  assert.equal(boundedName(`${'n'.repeat(5000)}a`), a);
});
