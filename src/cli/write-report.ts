/**
 * Writes a report's pieces (see reporters/chunks.ts) in batches of about a mebibyte: few system calls,
 * and the report is never one string, which could exceed what a string may hold.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const BATCH_CHARS = 1 << 20;

/** Writes every piece through `write`; returns the last character written ('' when nothing was). */
export function writeInBatches(chunks: Iterable<string>, write: (text: string) => void): string {
  let batch = '';
  let last = '';
  for (const chunk of chunks) {
    if (chunk.length === 0) continue;
    batch += chunk;
    last = chunk[chunk.length - 1]!;
    if (batch.length >= BATCH_CHARS) {
      write(batch);
      batch = '';
    }
  }
  if (batch.length > 0) write(batch);
  return last;
}

/** The report file, replaced as `writeFileSync` replaces it. */
export function writeReportFile(path: string, chunks: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    writeInBatches(chunks, (text) => {
      writeSync(fd, text);
    });
  } finally {
    closeSync(fd);
  }
}
