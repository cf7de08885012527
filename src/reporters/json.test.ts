import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sep } from 'node:path';
import type { Report } from '../engine/result.js';
import { withForwardSlashes } from '../core/paths.js';
import { renderJson } from './json.js';
import { emptyReport, sampleContext, sampleReport, SAMPLE_RESULTS } from './fixtures/sample-report.js';

describe('json reporter', () => {
  test('parses back to exactly the report', () => {
    const out = renderJson(sampleReport(), sampleContext());
    assert.deepEqual(JSON.parse(out), sampleReport());
    assert.ok(out.endsWith('}\n'));
    assert.ok(out.startsWith('{\n  "schemaVersion": 1,\n  "tool": {\n    "name": "azmtls",\n    "version": "0.1.0"\n  },\n  "profile": "strict",\n'));
  });

  test('keys follow the contract order whatever order the engine built them in', () => {
    const r = SAMPLE_RESULTS.fail;
    const shuffled = {
      suppression: null,
      remediation: { fix: { safe: true }, azCli: r.remediation.azCli, summary: r.remediation.summary },
      relatedLocations: r.relatedLocations.map((l) => ({ message: l.message, endColumn: l.endColumn, endLine: l.endLine, startColumn: l.startColumn, startLine: l.startLine, file: l.file })),
      location: { endColumn: 29, endLine: 14, startColumn: 5, startLine: 14, file: 'infra/main.bicep' },
      resource: { source: 'bicep' as const, address: 'site', name: 'contoso-api', type: 'Microsoft.Web/sites' },
      message: r.message,
      severity: r.severity,
      status: r.status,
      ruleId: r.ruleId,
    };
    const report: Report = { ...emptyReport(), results: [shuffled] };
    const parsed = JSON.parse(renderJson(report, sampleContext())) as { results: Record<string, unknown>[] };
    const result = parsed.results[0]!;
    assert.deepEqual(Object.keys(parsed), ['schemaVersion', 'tool', 'profile', 'summary', 'results', 'errors']);
    assert.deepEqual(Object.keys(result), ['ruleId', 'status', 'severity', 'message', 'resource', 'location', 'relatedLocations', 'remediation', 'suppression']);
    assert.deepEqual(Object.keys(result.resource as object), ['type', 'name', 'address', 'source']);
    assert.deepEqual(Object.keys(result.location as object), ['file', 'startLine', 'startColumn', 'endLine', 'endColumn']);
    assert.deepEqual(Object.keys((result.relatedLocations as object[])[0]!), ['file', 'startLine', 'startColumn', 'endLine', 'endColumn', 'message']);
    assert.deepEqual(Object.keys(result.remediation as object), ['summary', 'azCli', 'fix']);
  });

  test('summary keys and error keys are in contract order; live results have no location', () => {
    const parsed = JSON.parse(renderJson(sampleReport(), sampleContext())) as {
      summary: object;
      errors: object[];
      warnings: object[];
      results: { resource: { source: string }; location?: unknown; suppression: unknown }[];
    };
    assert.deepEqual(Object.keys(parsed.summary), ['resources', 'pass', 'fail', 'unknown', 'notApplicable', 'suppressed', 'errors']);
    assert.deepEqual(Object.keys(parsed.errors[0]!), ['file', 'code', 'message', 'startLine', 'startColumn', 'endLine', 'endColumn']);
    assert.deepEqual(Object.keys(parsed.errors[2]!), ['file', 'code', 'message']);
    assert.deepEqual(Object.keys(parsed.warnings[0]!), ['file', 'code', 'message', 'severity', 'startLine', 'startColumn']);
    const live = parsed.results.find((r) => r.resource.source === 'azure')!;
    assert.equal('location' in live, false);
    assert.equal(live.suppression, null);
  });

  test('fields outside the contract do not leak into the output', () => {
    const extra = { ...SAMPLE_RESULTS.pass, internalState: { env: 'SECRET' } };
    const report: Report = { ...emptyReport(), results: [extra] };
    const out = renderJson(report, sampleContext());
    assert.ok(!out.includes('internalState'));
    assert.ok(!out.includes('SECRET'));
  });

  test('an empty report has empty arrays and no warnings key', () => {
    assert.equal(
      renderJson(emptyReport(), sampleContext()),
      `${JSON.stringify(
        {
          schemaVersion: 1,
          tool: { name: 'azmtls', version: '0.1.0' },
          profile: 'strict',
          summary: { resources: 0, pass: 0, fail: 0, unknown: 0, notApplicable: 0, suppressed: 0, errors: 0 },
          results: [],
          errors: [],
        },
        null,
        2,
      )}\n`,
    );
  });

  test('paths are relative with forward slashes; a backslash is a separator only on Windows', () => {
    const report: Report = {
      ...emptyReport(),
      results: [{ ...SAMPLE_RESULTS.fail, location: { ...SAMPLE_RESULTS.fail.location!, file: '/home/dev/proj/infra/main.bicep' } }],
      errors: [{ file: 'infra\\win\\x.bicep', code: 'AZM1101', message: 'm' }],
    };
    const parsed = JSON.parse(renderJson(report, sampleContext({ cwd: '/home/dev/proj' }))) as { results: { location: { file: string } }[]; errors: { file: string }[] };
    assert.equal(parsed.results[0]!.location.file, 'infra/main.bicep');
    // On Linux and macOS `infra\win\x.bicep` is one file name, and `infra/win/x.bicep` would be another file.
    assert.equal(parsed.errors[0]!.file, sep === '\\' ? 'infra/win/x.bicep' : 'infra\\win\\x.bicep');
    assert.equal(withForwardSlashes('infra\\win\\x.bicep', '\\'), 'infra/win/x.bicep');
    assert.equal(withForwardSlashes('infra\\win\\x.bicep', '/'), 'infra\\win\\x.bicep');
  });
});
