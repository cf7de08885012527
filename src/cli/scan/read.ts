/**
 * Reads a file as UTF-8 text with a size limit checked on the open file, so discovery needs no `stat`
 * per file and no read (a module, a linked template, a tfvars file) can pull in a file of any size.
 * One open, one fstat, one read into a buffer sized from the fstat: measured over the ARM corpus, this
 * costs less than `stat` plus `readFileSync(path, 'utf8')`, and less than `readFileSync` alone.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export class FileTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`the file is ${(bytes / 1048576).toFixed(1)} MiB, over the ${(limit / 1048576).toFixed(0)} MiB limit (--max-file-size)`);
  }
}

/**
 * One reusable buffer per thread for the bytes of the file being read (they are decoded into a string
 * at once): a fresh buffer per file is memory outside the heap that the collector must account for and
 * free, thousands of times per scan. Files larger than the cap get a buffer of their own.
 */
const SCRATCH_CAP = 16 * 1024 * 1024;
let scratch = Buffer.allocUnsafe(0);

function scratchFor(size: number): Buffer {
  if (size > SCRATCH_CAP) return Buffer.allocUnsafe(size);
  if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, 64 * 1024));
  return scratch;
}

/**
 * A file's text from its bytes: UTF-8, or UTF-16 when the bytes begin with its byte order mark. Windows
 * PowerShell 5 writes UTF-16 with `>` and `Out-File`, so `terraform show -json > plan.json` or a template
 * saved from a script there is UTF-16; the az CLI and the Bicep compiler read such files, and read as UTF-8
 * they would be garbage that no frontend recognises (a plan or template passed over in silence). The mark
 * is kept, as a UTF-8 one is: readers strip it. Terraform itself reads only UTF-8 `.tf` files.
 */
export function decodeText(bytes: Buffer, start: number, end: number): string {
  if (end - start >= 2) {
    const even = end - ((end - start) % 2);
    if (bytes[start] === 0xff && bytes[start + 1] === 0xfe) return bytes.toString('utf16le', start, even);
    if (bytes[start] === 0xfe && bytes[start + 1] === 0xff) return Buffer.from(bytes.subarray(start, even)).swap16().toString('utf16le');
  }
  return bytes.toString('utf8', start, end);
}

export function readTextBounded(path: string, limit: number): string {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > limit) throw new FileTooLargeError(size, limit);
    // Some files report no size (pipes, /proc): read them to their end, bounded like the rest.
    if (size === 0) return boundedToEnd(fd, limit);
    const buf = scratchFor(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, null);
      if (n === 0) break;
      got += n;
    }
    return decodeText(buf, 0, got);
  } finally {
    closeSync(fd);
  }
}

function boundedToEnd(fd: number, limit: number): string {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    total += n;
    if (total > limit) throw new FileTooLargeError(total, limit);
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
  }
  return decodeText(Buffer.concat(chunks, total), 0, total);
}
