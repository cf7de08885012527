/**
 * Writes a report's pieces (see reporters/chunks.ts) in batches of about a mebibyte: few system calls,
 * and the report is never one string, which could exceed what a string may hold.
 */
import { accessSync, closeSync, constants, openSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError, type CliIO } from './io.js';

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

/** A report that could not be written: said in one line (exit 2), not as an internal error. */
export class ReportWriteError extends Error {}

/** The report file, replaced as `writeFileSync` replaces it. `display` is the path as the user gave it. */
export function writeReportFile(path: string, chunks: Iterable<string>, display = path): void {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    throw new ReportWriteError(`cannot write the report to ${display}: ${(err as Error).message}`);
  }
  try {
    writeInBatches(chunks, (text) => {
      writeSync(fd, text);
    });
  } catch (err) {
    throw new ReportWriteError(`cannot write the report to ${display}: ${(err as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Why the report cannot be written to `path`, asked before the work that produces it: a long scan should not
 * end in an error about its output. Undefined when the path looks writable (the write may still fail).
 */
export function reportPathProblem(path: string, display = path): string | undefined {
  try {
    if (statSync(path).isDirectory()) return `${display} is a directory`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return `cannot write the report to ${display}: ${(err as Error).message}`;
  }
  try {
    accessSync(dirname(path), constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `the folder of ${display} does not exist` : `cannot write the report to ${display}: ${(err as Error).message}`;
  }
  return undefined;
}

/** A command's `--output`, checked before its work: a usage error naming the problem. */
export function checkOutputPath(io: CliIO, output: string): void {
  const problem = reportPathProblem(resolve(io.cwd, output), output);
  if (problem) throw new UsageError(`--output: ${problem}`);
}

/** Writes a command's report to its `--output`; false, said on standard error, when it could not be written. */
export function writeOutput(io: CliIO, output: string, chunks: Iterable<string>): boolean {
  try {
    writeReportFile(resolve(io.cwd, output), chunks, output);
    return true;
  } catch (err) {
    if (!(err instanceof ReportWriteError)) throw err;
    io.stderr(`azmtls: ${err.message}\n`);
    return false;
  }
}
