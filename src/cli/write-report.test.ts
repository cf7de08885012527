import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeInBatches, writeReportFile } from './write-report.js';

function* pieces(n: number): Generator<string> {
  for (let i = 0; i < n; i++) yield i % 3 === 0 ? '' : `line ${i}\n`;
}

test('pieces are written in order, in batches of about a mebibyte, and the last character written is returned', () => {
  const writes: string[] = [];
  const last = writeInBatches(pieces(300_000), (t) => writes.push(t));
  assert.equal(writes.join(''), [...pieces(300_000)].join(''));
  assert.ok(writes.length > 1, `${writes.length} writes`);
  for (const w of writes.slice(0, -1)) assert.ok(w.length >= 1 << 20 && w.length < (1 << 20) + 64, `a batch of ${w.length}`);
  assert.equal(last, '\n');
  assert.equal(writeInBatches(['a', 'b', ''], () => undefined), 'b');
  assert.equal(writeInBatches([], () => assert.fail('nothing to write')), '');
});

test('the report file replaces what was there', () => {
  const dir = mkdtempSync(join(tmpdir(), 'azmtls-write-'));
  try {
    const file = join(dir, 'report.json');
    writeFileSync(file, 'x'.repeat(5000));
    writeReportFile(file, ['{', '"a": 1', '}\n']);
    assert.equal(readFileSync(file, 'utf8'), '{"a": 1}\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
