import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compare, parseExpectations } from './expectations.js';
import type { Result } from './types.js';

function result(line: number, status: Result['status'], message: string, ruleId = 'AZM-MTLS-001'): Result {
  return {
    ruleId,
    status,
    severity: 'medium',
    message,
    resource: { type: 'Microsoft.Web/sites', name: 'a', address: 'a', source: 'arm' },
    location: { file: 'f.json', startLine: line, startColumn: 1, endLine: line, endColumn: 2 },
    relatedLocations: [],
    remediation: { summary: '' },
    suppression: null,
  };
}

describe('inline expectations', () => {
  test('parses keyword, offset, rule id and message in // and # comments', () => {
    const text = ['{', '  // Noncompliant@+2 AZM-MTLS-002 {{paths: /health}}', '', '  "x": 1', '# Unknown@-1', '"y" // Pass'].join('\n');
    assert.deepEqual(parseExpectations('f.json', text), [
      { file: 'f.json', commentLine: 2, line: 4, status: 'fail', ruleId: 'AZM-MTLS-002', message: 'paths: /health' },
      { file: 'f.json', commentLine: 5, line: 4, status: 'unknown' },
      { file: 'f.json', commentLine: 6, line: 6, status: 'pass' },
    ]);
  });

  test('a result on the wrong line or with another message does not satisfy an expectation', () => {
    const e = parseExpectations('f.json', '// Noncompliant@+1 {{m}}\n');
    assert.equal(compare(e, [result(2, 'fail', 'm')], new Set(['f.json'])).missing.length, 0);
    assert.equal(compare(e, [result(3, 'fail', 'm')], new Set(['f.json'])).missing.length, 1);
    assert.equal(compare(e, [result(2, 'fail', 'other')], new Set(['f.json'])).missing.length, 1);
  });

  test('an unannotated failing result is reported as unexpected, a pass is not', () => {
    const m = compare([], [result(4, 'fail', 'x'), result(5, 'pass', 'ok')], new Set(['f.json']));
    assert.equal(m.unexpected.length, 1);
    assert.equal(m.unexpected[0]!.location!.startLine, 4);
  });
});
