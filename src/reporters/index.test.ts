import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FORMATS, FORMAT_EXTENSIONS, isFormat, render, renderConsole, renderCsv, renderHtml, renderJson, renderJunit, renderMarkdown, renderSarif } from './index.js';
import { sampleContext, sampleReport } from './fixtures/sample-report.js';

describe('render', () => {
  test('dispatches to the reporter of each format', () => {
    const report = sampleReport();
    const ctx = sampleContext();
    const direct = { console: renderConsole, json: renderJson, sarif: renderSarif, junit: renderJunit, csv: renderCsv, markdown: renderMarkdown, html: renderHtml };
    assert.deepEqual([...FORMATS], ['console', 'json', 'sarif', 'junit', 'csv', 'markdown', 'html']);
    for (const format of FORMATS) assert.equal(render(format, report, ctx), direct[format](report, ctx), format);
    assert.equal(FORMAT_EXTENSIONS.sarif, '.sarif');
    assert.equal(isFormat('junit'), true);
    assert.equal(isFormat('xml'), false);
  });

  test('output is deterministic and does not alter the report', () => {
    const report = sampleReport();
    const before = JSON.stringify(report);
    for (const format of FORMATS) assert.equal(render(format, report, sampleContext()), render(format, sampleReport(), sampleContext()), format);
    assert.equal(JSON.stringify(report), before);
  });

  test('nothing from the machine leaks in: no environment values, no working directory', () => {
    const marker = 'azmtls-env-marker-7f3a';
    process.env.AZMTLS_REPORTER_TEST = marker;
    try {
      const report = sampleReport();
      report.results[0] = { ...report.results[0]!, location: { ...report.results[0]!.location!, file: '/home/builder/checkout/infra/main.bicep' } };
      for (const format of FORMATS) {
        const out = render(format, report, sampleContext({ cwd: '/home/builder/checkout' }));
        assert.equal(out.includes(marker), false, format);
        assert.equal(out.includes('/home/builder'), false, format);
        assert.equal(out.includes(process.cwd()), false, format);
        assert.ok(out.includes('infra/main.bicep'), format);
      }
    } finally {
      delete process.env.AZMTLS_REPORTER_TEST;
    }
  });
});
