import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReportError, Result } from '../engine/result.js';
import { assemble } from '../cli/scan/pipeline.js';
import { FORMATS, renderChunks } from './index.js';
import { sampleContext, sampleReport } from './fixtures/sample-report.js';

// More results and errors than a call may take arguments (some hundred thousand): each was once spread into
// a call (`push(...)`, `Math.max(...)`), which overflows the call stack, and a scan of one large file ended
// in an internal error instead of its report. Reports are written in pieces, none of them large: a string
// may hold at most about 512 MiB, less than the SARIF of a few hundred thousand results.
const MANY = 150_000;

test(`${MANY} results and ${MANY} errors of one file are assembled and rendered in every format`, () => {
  const [fail] = sampleReport().results;
  const results: Result[] = Array.from({ length: MANY }, (_, i) => ({
    ...fail!,
    resource: { ...fail!.resource, name: `app-${i}`, address: `Microsoft.Web/sites/app-${i}` },
    location: { file: 'big.json', startLine: i + 1, startColumn: 5, endLine: i + 1, endColumn: 30 },
  }));
  const errors: ReportError[] = Array.from({ length: MANY }, (_, i) => ({ file: 'big.json', code: 'AZM1001', message: 'JSON syntax error: value expected', startLine: i + 1, startColumn: 1 }));
  const report = assemble({ profile: 'strict', version: 'test' }, [{ results, errors, warnings: [], resources: MANY, files: 1 }], [], []);
  assert.equal(report.results.length, MANY);
  assert.equal(report.errors.length, MANY);
  assert.equal(report.summary.fail, MANY);
  const last = `app-${MANY - 1}`;
  for (const format of FORMATS) {
    let chars = 0;
    let largest = 0;
    let sawLast = false;
    let sawCount = false;
    for (const chunk of renderChunks(format, report, sampleContext())) {
      chars += chunk.length;
      largest = Math.max(largest, chunk.length);
      sawLast ||= chunk.includes(last);
      sawCount ||= chunk.includes(String(MANY));
    }
    assert.ok(sawLast, `${format} names the last result`);
    assert.ok(sawCount, `${format} gives the counts`);
    assert.ok(largest < 64 * 1024 * 1024, `${format}: a piece of ${largest} characters`);
    assert.ok(largest * 8 < chars, `${format}: a piece of ${largest} of ${chars} characters`);
  }
});
