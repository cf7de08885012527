import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import { ReadAhead, type ReadAheadOptions } from './read-ahead.js';

const root = mkdtempSync(join(tmpdir(), 'azmtls-read-ahead-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Files of varied sizes and encodings: ASCII, multi-byte UTF-8, a BOM, CRLF, empty. */
function makeTree(name: string, count: number, size: (i: number) => number): { key: string; path: string }[] {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const files: { key: string; path: string }[] = [];
  for (let i = 0; i < count; i++) {
    const unit = i % 3 === 0 ? 'é€𝄞 ' : i % 3 === 1 ? '{"a": 1}\r\n' : 'x';
    let text = i % 7 === 0 ? '\ufeff' : '';
    while (text.length < size(i)) text += unit;
    const key = `${name}/f${String(i).padStart(4, '0')}.json`;
    writeFileSync(join(root, key), text);
    files.push({ key, path: join(root, key) });
  }
  return files;
}

function started(files: { key: string; path: string }[], opts: ReadAheadOptions = {}): ReadAhead {
  const ra = ReadAhead.spawn(opts);
  assert.ok(ra, 'the read-ahead thread starts');
  ra.begin();
  for (const f of files) ra.add(f.key, f.path);
  ra.end();
  return ra;
}

/** Waits until the thread has gone through `n` files of its list (its start-up from the sources is slow). */
async function until(ra: ReadAhead, n: number): Promise<void> {
  for (let i = 0; i < 1000 && ra.reached < n; i++) await sleep(10);
  assert.ok(ra.reached >= n, `the read-ahead thread reached ${ra.reached} of ${n} files`);
}

test('texts read ahead are the files exactly (UTF-8, BOM, CRLF), each served once, in any order', async () => {
  const files = makeTree('exact', 300, (i) => (i * 37) % 3000);
  const ra = started(files);
  try {
    await until(ra, files.length);
    const order = [...files].reverse();
    let served = 0;
    for (const f of order) {
      const text = ra.take(f.key);
      const want = readFileSync(f.path, 'utf8');
      if (text === undefined) assert.equal(want, '', `${f.key}: only empty files are left to the caller`);
      else {
        served++;
        assert.equal(text, want, f.key);
      }
      assert.equal(ra.take(f.key), undefined, 'a second take reads the file again (not served twice)');
    }
    assert.equal(served, files.filter((f) => readFileSync(f.path).length > 0).length);
    assert.equal(ra.served, served);
    assert.equal(ra.take('not/in/the/list.json'), undefined);
  } finally {
    ra.close();
  }
});

test('files it cannot or must not read are left to the caller: missing, a directory, over a block, over the size limit', async () => {
  const files = makeTree('declined', 12, (i) => 100 * (i + 1));
  mkdirSync(join(root, 'declined', 'a-directory.json'));
  const list = [
    ...files,
    { key: 'declined/missing.json', path: join(root, 'declined', 'missing.json') },
    { key: 'declined/a-directory.json', path: join(root, 'declined', 'a-directory.json') },
  ];
  const ra = started(list, { blockBytes: 800, maxFileBytes: 600 });
  try {
    await until(ra, list.length);
    for (const [i, f] of files.entries()) {
      const size = readFileSync(f.path).length;
      const text = ra.take(f.key);
      if (size > 600) assert.equal(text, undefined, `${f.key} (${size} bytes) is over the limit: the caller's read reports it`);
      else assert.equal(text, readFileSync(f.path, 'utf8'), `file ${i}`);
    }
    assert.equal(ra.take('declined/missing.json'), undefined);
    assert.equal(ra.take('declined/a-directory.json'), undefined);
  } finally {
    ra.close();
  }
});

test('memory in flight is bounded by its blocks; files never asked for do not stall the rest', async () => {
  const files = makeTree('bounded', 200, () => 1000);
  // Two blocks of at most four of these files each: the thread must stop by about the ninth until some are taken.
  const ra = started(files, { blocks: 2, blockBytes: 4096 });
  try {
    await until(ra, 4);
    await sleep(100);
    assert.ok(ra.reached <= 10, `stopped with two blocks full (reached ${ra.reached})`);
    let served = 0;
    // Every third file is never asked for: blocks holding one stay in use, and the scan reads the rest itself.
    for (const [i, f] of files.entries()) {
      if (i % 3 === 2) continue;
      const text = ra.take(f.key) ?? readFileSync(f.path, 'utf8');
      assert.equal(text, readFileSync(f.path, 'utf8'), f.key);
      if (ra.served > served) served = ra.served;
    }
    assert.ok(served >= 4, `some files came from the read-ahead thread (${served})`);
  } finally {
    ra.close();
  }
});

test('the thread serves one scan after another; what an ended scan left unread never reaches the next', async () => {
  const first = makeTree('first', 200, () => 700);
  const ra1 = started(first);
  await until(ra1, 40);
  for (const f of first.slice(0, 10)) assert.equal(ra1.take(f.key) ?? readFileSync(f.path, 'utf8'), readFileSync(f.path, 'utf8'));
  ra1.close();
  assert.ok(ReadAhead.waiting(), 'the thread waits for the next scan');
  // Same keys, other files: a batch of the first scan still queued must not be served as the second's.
  const second = first.map((f, i) => ({ key: f.key, path: join(root, 'second', `g${i}.json`) }));
  mkdirSync(join(root, 'second'), { recursive: true });
  for (const [i, f] of second.entries()) writeFileSync(f.path, `second ${i} `.repeat(20));
  const ra2 = started(second);
  try {
    await until(ra2, second.length);
    for (const f of second) assert.equal(ra2.take(f.key) ?? readFileSync(f.path, 'utf8'), readFileSync(f.path, 'utf8'), f.key);
    assert.ok(ra2.served > 0);
  } finally {
    ra2.close();
  }
});

test('closing before the list is handed over, or twice, is harmless; a closed read-ahead serves nothing', () => {
  const ra = ReadAhead.spawn();
  assert.ok(ra);
  ra.close();
  ra.close();
  ra.begin();
  ra.add('x', join(root, 'x'));
  ra.end();
  assert.equal(ra.take('x'), undefined);
});

test('files are read while the list grows: a file listed before the walk ends is served without waiting for the rest', async () => {
  const files = makeTree('growing', 60, (i) => 200 + i);
  const ra = ReadAhead.spawn();
  assert.ok(ra);
  try {
    await ra.ready();
    ra.begin();
    for (const f of files.slice(0, 20)) ra.add(f.key, f.path);
    // The list is still open: the thread reads the first twenty, posts them and waits for more.
    await until(ra, 20);
    for (const f of files.slice(0, 20)) assert.equal(ra.take(f.key), readFileSync(f.path, 'utf8'), f.key);
    assert.equal(ra.served, 20);
    for (const f of files.slice(20)) ra.add(f.key, f.path);
    ra.end();
    await until(ra, files.length);
    for (const f of files.slice(20)) assert.equal(ra.take(f.key), readFileSync(f.path, 'utf8'), f.key);
    assert.equal(ra.served, files.length);
  } finally {
    ra.close();
  }
});

test('a list holds so many files and so many bytes of paths; the files past either are left to the caller', async () => {
  const files = makeTree('room', 12, () => 100);
  const byCount = started(files, { listFiles: 5 });
  try {
    await until(byCount, 5);
    for (const [i, f] of files.entries()) assert.equal(byCount.take(f.key), i < 5 ? readFileSync(f.path, 'utf8') : undefined, f.key);
  } finally {
    byCount.close();
  }
  // The paths are ASCII, of one length; room is checked for three bytes per character (the most UTF-8 takes):
  // the third path fits in 5 lengths, the fourth would need 6.
  const length = files[0]!.path.length;
  assert.ok(files.every((f) => f.path.length === length && Buffer.byteLength(f.path) === length));
  const byBytes = started(files, { listBytes: 6 * length - 1 });
  try {
    await until(byBytes, 3);
    for (const [i, f] of files.entries()) assert.equal(byBytes.take(f.key), i < 3 ? readFileSync(f.path, 'utf8') : undefined, f.key);
  } finally {
    byBytes.close();
  }
});

test('a list that grows more slowly than the thread reads still fills each block before posting it', async () => {
  // Two blocks of 4 KiB hold these forty files of 100 to 200 bytes (5 KiB in all). Posting each time the thread
  // caught up with the list would spend a block on one file: it would stop after two until the scan took some.
  const files = makeTree('trickle', 40, () => 100);
  const ra = ReadAhead.spawn({ blocks: 2, blockBytes: 4096 });
  assert.ok(ra);
  try {
    await ra.ready();
    ra.begin();
    for (const f of files) {
      ra.add(f.key, f.path);
      await sleep(2);
    }
    await until(ra, files.length);
    ra.end();
    for (const f of files) assert.equal(ra.take(f.key), readFileSync(f.path, 'utf8'), f.key);
    assert.equal(ra.served, files.length);
  } finally {
    ra.close();
  }
});
