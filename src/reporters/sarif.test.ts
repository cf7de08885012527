import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Report } from '../engine/result.js';
import { FINGERPRINT_KEY, renderSarif, SARIF_SCHEMA_URI, toSarif, type SarifLog } from './sarif.js';
import { emptyReport, sampleContext, sampleReport, SAMPLE_RESULTS } from './fixtures/sample-report.js';

const require = createRequire(import.meta.url);
// The SARIF 2.1.0 schema ships inside Microsoft's multitool package.
const SCHEMA_PATH = require.resolve('@microsoft/sarif-multitool-linux/sarif-2.1.0.json');
const MULTITOOL = require('@microsoft/sarif-multitool') as string;
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

function schemaValidator(): (doc: unknown) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

const richContext = sampleContext({
  informationUri: 'https://example.org/azmtls',
  docsBaseUri: 'https://example.org/azmtls/blob/main/',
});

function run(log: SarifLog): SarifLog['runs'][number] {
  assert.equal(log.runs.length, 1);
  return log.runs[0]!;
}

describe('sarif reporter', () => {
  test('Microsoft SARIF validator (SARIF and GitHub rules) reports no error or warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'azmtls-sarif-'));
    try {
      const input = join(dir, 'report.sarif');
      const output = join(dir, 'validation.sarif');
      writeFileSync(input, renderSarif(sampleReport(), richContext));
      const res = spawnSync(MULTITOOL, ['validate', input, '-o', output, '--log', 'ForceOverwrite', '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning;Note'], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(res.status, 0, `${res.stdout}\n${res.stderr}`);
      const validation = JSON.parse(readFileSync(output, 'utf8').replace(/^\uFEFF/, '')) as { runs: { results?: { ruleId: string; level?: string; message: { arguments?: string[] } }[] }[] };
      const findings = validation.runs[0]!.results ?? [];
      const serious = findings.filter((f) => f.level === 'error' || f.level === 'warning').map((f) => `${f.ruleId} ${f.level} ${(f.message.arguments ?? []).join(' ')}`);
      assert.deepEqual(serious, []);
      // What remains are suggestions azmtls cannot follow without the source text or the VCS
      // (snippets, context regions, versionControlProvenance), style notes on message ids and rule id shape,
      // and the schema URI being unreachable from an offline machine.
      // SARIF2012 (no helpUri) may only concern the rule whose metadata was not handed in.
      const helpNotes = findings.filter((f) => f.ruleId === 'SARIF2012').map((f) => (f.message.arguments ?? []).join(' '));
      for (const n of helpNotes) assert.ok(n.includes('AZM-MTLS-099'), n);
      const notes = new Set(findings.map((f) => f.ruleId).filter((id) => id !== 'SARIF2012'));
      for (const id of notes) assert.ok(['SARIF2002', 'SARIF2003', 'SARIF2006', 'SARIF2009', 'SARIF2010', 'SARIF2011'].includes(id), `unexpected note ${id}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('valid against the SARIF 2.1.0 JSON schema, with and without passing results', () => {
    const validate = schemaValidator();
    assert.deepEqual(validate(JSON.parse(renderSarif(sampleReport(), richContext))), []);
    assert.deepEqual(validate(toSarif(sampleReport(), sampleContext({ includePassing: true, uriBase: 'https://github.com/o/r/blob/main' }))), []);
    assert.deepEqual(validate(toSarif(emptyReport(), sampleContext())), []);
    const broken = toSarif(sampleReport(), sampleContext()) as unknown as { runs: { results: { kind: string }[] }[] };
    broken.runs[0]!.results[0]!.kind = 'bogus';
    assert.equal(validate(broken).length, 1, 'the schema check can fail');
  });

  test('tool driver and rule descriptors', () => {
    const log = toSarif(sampleReport(), richContext);
    assert.equal(log.$schema, SARIF_SCHEMA_URI);
    assert.equal(log.version, '2.1.0');
    const driver = run(log).tool.driver;
    assert.equal(driver.name, 'azmtls');
    assert.equal(driver.version, '0.1.0');
    assert.equal(driver.semanticVersion, '0.1.0');
    assert.equal(driver.informationUri, 'https://example.org/azmtls');
    assert.deepEqual(driver.rules.map((r) => [r.id, r.name]), [
      ['AZM-MTLS-001', 'AppServiceClientCertRequired'],
      ['AZM-MTLS-002', 'AppServiceExclusionPaths'],
      ['AZM-MTLS-099', 'AzmMtls099'],
    ]);
    const rule = driver.rules[0]!;
    assert.equal(rule.shortDescription.text, 'App Service apps require client certificates');
    assert.equal(rule.helpUri, 'https://example.org/azmtls/blob/main/src/rules/mtls/app-service-client-cert-required.md');
    assert.deepEqual(rule.defaultConfiguration, { level: 'error' });
    assert.deepEqual(rule.properties, {
      tags: ['security', 'CWE-287', 'CWE-295', 'mtls', 'external/cwe/cwe-287', 'external/cwe/cwe-295'],
      'security-severity': '5.5',
      precision: 'high',
    });
    assert.ok(rule.help.markdown.includes("### Bicep\n\n```bicep\nclientCertEnabled: true\nclientCertMode: 'Required'\n```"));
    assert.ok(rule.help.text.startsWith('App Service apps and slots must set clientCertEnabled'));
    assert.equal(driver.rules[1]!.properties['security-severity'], '3.0');
    assert.deepEqual(driver.rules[1]!.defaultConfiguration, { level: 'warning' });
    assert.equal(driver.rules[2]!.properties['security-severity'], '7.5');
    const plain = run(toSarif(sampleReport(), sampleContext())).tool.driver;
    assert.equal('informationUri' in plain, false);
    assert.equal('helpUri' in plain.rules[0]!, false);
  });

  test('only fail and unknown are emitted by default, each with the right ruleIndex, kind and level', () => {
    const r = run(toSarif(sampleReport(), sampleContext()));
    assert.deepEqual(
      r.results.map((x) => [x.ruleId, x.ruleIndex, x.kind, x.level, x.properties.status]),
      [
        ['AZM-MTLS-001', 0, 'fail', 'error', 'fail'],
        ['AZM-MTLS-001', 0, 'fail', 'warning', 'unknown'],
        ['AZM-MTLS-002', 1, 'fail', 'error', 'fail'],
        ['AZM-MTLS-001', 0, 'fail', 'error', 'fail'],
        ['AZM-MTLS-001', 0, 'fail', 'error', 'fail'],
        ['AZM-MTLS-099', 2, 'fail', 'warning', 'unknown'],
      ],
    );
    const all = run(toSarif(sampleReport(), sampleContext({ includePassing: true })));
    assert.deepEqual(all.results.map((x) => x.kind), ['fail', 'pass', 'fail', 'notApplicable', 'fail', 'fail', 'fail', 'fail']);
  });

  test('locations: relative URI under SRCROOT, exact region, related locations with ids, logical location for live', () => {
    const r = run(toSarif(sampleReport(), sampleContext({ uriBase: 'https://github.com/o/r/blob/main' })));
    assert.deepEqual(r.originalUriBaseIds.SRCROOT!.uri, 'https://github.com/o/r/blob/main/');
    assert.equal(r.columnKind, 'utf16CodeUnits');
    const first = r.results[0]!;
    assert.deepEqual(first.locations, [
      { physicalLocation: { artifactLocation: { uri: 'infra/main.bicep', uriBaseId: 'SRCROOT' }, region: { startLine: 14, startColumn: 5, endLine: 14, endColumn: 29 } } },
    ]);
    assert.deepEqual(first.relatedLocations, [
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'infra/main.bicep', uriBaseId: 'SRCROOT' }, region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 40 } },
        message: { text: "value comes from parameter 'certMode'" },
      },
    ]);
    // Further reasons become related locations too.
    assert.deepEqual(r.results[1]!.relatedLocations?.map((l) => [l.id, l.message?.text]), [[1, "parameter 'certMode' has no default"]]);
    const live = r.results[3]!;
    assert.deepEqual(live.locations, [
      {
        logicalLocations: [
          { fullyQualifiedName: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.Web/sites/live-app', name: 'live-app', kind: 'resource' },
        ],
      },
    ]);
    assert.equal(r.results[4]!.locations[0]!.physicalLocation!.artifactLocation.uri, 'infra/odd%20dir/a,b.bicep');
  });

  test('partial fingerprints ignore line numbers but follow rule, resource and file', () => {
    const base = toSarif(sampleReport(), sampleContext()).runs[0]!.results[0]!.partialFingerprints[FINGERPRINT_KEY]!;
    assert.match(base, /^[0-9a-f]{64}$/);
    const moved: Report = { ...emptyReport(), results: [{ ...SAMPLE_RESULTS.fail, message: 'reworded', location: { file: 'infra/main.bicep', startLine: 90, startColumn: 1, endLine: 91, endColumn: 2 } }] };
    assert.equal(toSarif(moved, sampleContext()).runs[0]!.results[0]!.partialFingerprints[FINGERPRINT_KEY], base);
    const renamed: Report = { ...emptyReport(), results: [{ ...SAMPLE_RESULTS.fail, resource: { ...SAMPLE_RESULTS.fail.resource, address: 'site2' } }] };
    assert.notEqual(toSarif(renamed, sampleContext()).runs[0]!.results[0]!.partialFingerprints[FINGERPRINT_KEY], base);
    const fingerprints = toSarif(sampleReport(), sampleContext()).runs[0]!.results.map((x) => x.partialFingerprints[FINGERPRINT_KEY]);
    assert.equal(new Set(fingerprints).size, fingerprints.length);
  });

  test('suppressions: inline is inSource, config and baseline are external, with justification', () => {
    const r = run(toSarif(sampleReport(), sampleContext()));
    assert.deepEqual(r.results[2]!.suppressions, [
      { kind: 'inSource', status: 'accepted', justification: 'probe endpoint, verified at Application Gateway', properties: { azmtlsKind: 'inline' } },
    ]);
    assert.deepEqual(r.results[5]!.suppressions, [
      { kind: 'external', status: 'accepted', justification: 'legacy pipeline, migrating', properties: { azmtlsKind: 'config', owner: 'platform@contoso.com', expires: '2027-03-31' } },
    ]);
    assert.equal(r.results[0]!.suppressions, undefined);
  });

  test('errors become tool execution notifications and mark the execution unsuccessful', () => {
    const r = run(toSarif(sampleReport(), sampleContext()));
    const inv = r.invocations[0]!;
    assert.equal(inv.executionSuccessful, false);
    assert.deepEqual(inv.toolExecutionNotifications[0], {
      level: 'error',
      message: { text: "Expected '}' but found the end of the file." },
      descriptor: { id: 'AZM1101' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'broken.bicep', uriBaseId: 'SRCROOT' }, region: { startLine: 3, startColumn: 7, endLine: 3, endColumn: 8 } } }],
    });
    assert.deepEqual(inv.toolExecutionNotifications[1]!.locations, [{ physicalLocation: { artifactLocation: { uri: 'templates/big.json', uriBaseId: 'SRCROOT' } } }]);
    assert.equal(inv.toolExecutionNotifications[2]!.locations, undefined);
    assert.deepEqual(inv.toolExecutionNotifications.map((n) => [n.descriptor.id, n.level]), [
      ['AZM1101', 'error'],
      ['AZM1004', 'error'],
      ['AZM4001', 'error'],
      ['AZM3004', 'warning'],
    ]);
    assert.equal(run(toSarif(emptyReport(), sampleContext())).invocations[0]!.executionSuccessful, true);
  });

  test('an absolute path outside cwd becomes a file URI; inside cwd it is made relative', () => {
    const outside: Report = { ...emptyReport(), results: [{ ...SAMPLE_RESULTS.fail, location: { ...SAMPLE_RESULTS.fail.location!, file: '/elsewhere/x y.bicep' } }] };
    assert.deepEqual(run(toSarif(outside, sampleContext({ cwd: '/home/dev/proj' }))).results[0]!.locations[0]!.physicalLocation!.artifactLocation, { uri: 'file:///elsewhere/x%20y.bicep' });
    // As a Windows path arrives once its separators are written `/` (displayPath).
    const windows: Report = { ...emptyReport(), results: [{ ...SAMPLE_RESULTS.fail, location: { ...SAMPLE_RESULTS.fail.location!, file: 'D:/src/infra/main.bicep' } }] };
    assert.deepEqual(run(toSarif(windows, sampleContext())).results[0]!.locations[0]!.physicalLocation!.artifactLocation, { uri: 'file:///D:/src/infra/main.bicep' });
    const scheme: Report = { ...emptyReport(), results: [{ ...SAMPLE_RESULTS.fail, location: { ...SAMPLE_RESULTS.fail.location!, file: 'javascript:alert(1).json' } }] };
    assert.deepEqual(run(toSarif(scheme, sampleContext())).results[0]!.locations[0]!.physicalLocation!.artifactLocation, { uri: './javascript:alert(1).json', uriBaseId: 'SRCROOT' }, 'a first segment with a colon would read as a scheme');
    const inside: Report = { ...emptyReport(), results: [{ ...SAMPLE_RESULTS.fail, location: { ...SAMPLE_RESULTS.fail.location!, file: '/home/dev/proj/infra/main.bicep' } }] };
    assert.deepEqual(run(toSarif(inside, sampleContext({ cwd: '/home/dev/proj' }))).results[0]!.locations[0]!.physicalLocation!.artifactLocation, { uri: 'infra/main.bicep', uriBaseId: 'SRCROOT' });
  });
});
