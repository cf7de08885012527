/**
 * Runs the real scan pipeline over fixture files and checks their inline expectations, so a wrong line
 * or a wrong message fails the test, not only a wrong count.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProfileName } from '../../src/engine/rule.js';
import { scan, scanRequest, type ScanRequest } from '../../src/cli/scan/pipeline.js';
import { compare, describeMismatch, parseExpectations } from './expectations.js';
import type { Report } from './types.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface FixtureOptions {
  profile?: ProfileName;
  parameters?: string[];
  vars?: Record<string, string>;
  varFiles?: string[];
  /** Files whose annotations count (default: every file scanned that has annotations, plus the given paths). */
  annotated?: string[];
  cwd?: string;
  /** Worker threads (default 1: fixtures are small, and one thread keeps failures simple to read). */
  workers?: number;
  readAhead?: ScanRequest['readAhead'];
  maxFileBytes?: number;
}

export async function scanPaths(paths: string[], options: FixtureOptions = {}): Promise<Report> {
  const cwd = options.cwd ?? repoRoot;
  return scan(
    scanRequest(cwd, paths.map((p) => relative(cwd, resolve(cwd, p)) || '.'), {
      version: '0.0.0-test',
      profile: options.profile ?? 'strict',
      parameterFiles: options.parameters ?? [],
      vars: options.vars ?? {},
      varFiles: options.varFiles ?? [],
      today: '2026-11-23',
      maxFileBytes: options.maxFileBytes ?? 64 * 1024 * 1024,
      workers: options.workers ?? 1,
      ...(options.readAhead !== undefined ? { readAhead: options.readAhead } : {}),
    }),
  );
}

/** Scans `paths` and asserts every annotation in the annotated files; returns the report for more checks. */
export async function checkFixture(paths: string | string[], options: FixtureOptions = {}): Promise<Report> {
  const list = Array.isArray(paths) ? paths : [paths];
  const cwd = options.cwd ?? repoRoot;
  const report = await scanPaths(list, options);
  const annotatedFiles = (options.annotated ?? list).map((p) => relative(cwd, resolve(cwd, p)).split('\\').join('/'));
  const expectations = annotatedFiles.flatMap((f) => parseExpectations(f, readFileSync(join(cwd, f), 'utf8')));
  assert.ok(expectations.length > 0, `no annotations found in ${annotatedFiles.join(', ')}`);
  const mismatch = compare(expectations, report.results, new Set(annotatedFiles));
  if (mismatch.missing.length > 0 || mismatch.unexpected.length > 0) {
    assert.fail(`fixture expectations not met:\n${describeMismatch(mismatch, report.results)}`);
  }
  return report;
}
