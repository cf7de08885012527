import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LruCache } from './lru.js';

test('the least recently used entries go first once the weight passes the bound', () => {
  const c = new LruCache<string>(10);
  c.set('a', 'A', 4);
  c.set('b', 'B', 4);
  assert.equal(c.get('a'), 'A'); // a is now the most recently used
  c.set('c', 'C', 4); // 12 > 10: b goes
  assert.equal(c.get('b'), undefined);
  assert.equal(c.get('a'), 'A');
  assert.equal(c.get('c'), 'C');
  assert.deepEqual([c.size, c.weight], [2, 8]);
});

test('an entry heavier than the bound is not kept, and replacing a key replaces its weight', () => {
  const c = new LruCache<number>(10);
  c.set('big', 1, 11);
  assert.equal(c.get('big'), undefined);
  c.set('k', 1, 6);
  c.set('k', 2, 3);
  assert.deepEqual([c.get('k'), c.weight], [2, 3]);
  c.set('k', 3, 20);
  assert.deepEqual([c.get('k'), c.size, c.weight], [undefined, 0, 0]);
});
