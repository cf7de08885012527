import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeText, readTextBounded } from './read.js';

const text = '{\n  "name": "café ✓ 𝄞"\n}\n';

function utf16be(s: string): Buffer {
  return Buffer.from(s, 'utf16le').swap16();
}

test('UTF-8 with or without its mark, and UTF-16 of either byte order with its mark, decode to the same text', () => {
  const forms: [string, Buffer, string][] = [
    ['UTF-8', Buffer.from(text, 'utf8'), text],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), `\ufeff${text}`],
    ['UTF-16 LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), `\ufeff${text}`],
    ['UTF-16 BE', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]), `\ufeff${text}`],
  ];
  for (const [name, bytes, expected] of forms) {
    assert.equal(decodeText(bytes, 0, bytes.length), expected, name);
    // Within a larger buffer (the read-ahead arena), by offsets.
    const padded = Buffer.concat([Buffer.from('xyz'), bytes, Buffer.from('!')]);
    assert.equal(decodeText(padded, 3, 3 + bytes.length), expected, `${name} at an offset`);
  }
  // A UTF-16 file cut at an odd byte loses the half character, nothing else.
  const cut = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ab', 'utf16le'), Buffer.from([0x63])]);
  assert.equal(decodeText(cut, 0, cut.length), '\ufeffab');
  // Two bytes that only look like a mark further in are text.
  assert.equal(decodeText(Buffer.from([0x61, 0xff, 0xfe]), 0, 3), 'a\ufffd\ufffd');
});

test('files are read in either encoding, under the size limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'azmtls-read-'));
  try {
    const le = join(dir, 'le.json');
    writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    assert.equal(readTextBounded(le, 1 << 20), `\ufeff${text}`);
    const be = join(dir, 'be.json');
    writeFileSync(be, Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]));
    assert.equal(readTextBounded(be, 1 << 20), `\ufeff${text}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
