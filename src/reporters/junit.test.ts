import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJunit } from './junit.js';
import { parseXml, type XmlElement } from './fixtures/xml-check.js';
import { EVIL_NAME, emptyReport, sampleContext, sampleReport } from './fixtures/sample-report.js';

function suite(root: XmlElement, name: string): XmlElement {
  const s = root.children.find((c) => c.attrs.name === name);
  assert.ok(s, `suite ${name}`);
  return s;
}

describe('junit reporter', () => {
  const xml = renderJunit(sampleReport(), sampleContext());
  const root = parseXml(xml);

  test('is well-formed XML with one suite per rule and one for scan errors', () => {
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites '));
    assert.equal(root.name, 'testsuites');
    assert.deepEqual(
      root.children.map((s) => s.attrs.name),
      ['AZM-MTLS-001 App Service apps require client certificates', 'AZM-MTLS-002 App Service client-certificate exclusion paths', 'AZM-MTLS-099', 'azmtls.errors'],
    );
    assert.deepEqual(root.attrs, { name: 'azmtls', tests: '11', failures: '3', errors: '4', skipped: '3' });
  });

  test('fail is a failure, unknown an error, not-applicable and suppressed are skipped, pass is empty', () => {
    const s = suite(root, 'AZM-MTLS-001 App Service apps require client certificates');
    assert.deepEqual(s.attrs, { name: 'AZM-MTLS-001 App Service apps require client certificates', tests: '6', failures: '3', errors: '1', skipped: '1' });
    const byName = new Map(s.children.map((c) => [c.attrs.name, c]));
    const fail = byName.get('site')!;
    assert.deepEqual(fail.attrs, { name: 'site', classname: 'AZM-MTLS-001', file: 'infra/main.bicep', line: '14' });
    assert.equal(fail.children.length, 1);
    assert.equal(fail.children[0]!.name, 'failure');
    assert.deepEqual(fail.children[0]!.attrs, { message: "Require client certificates: clientCertMode is 'Optional' (portal: Allow).", type: 'fail' });
    assert.equal(
      fail.children[0]!.text,
      [
        'infra/main.bicep:14:5',
        "Require client certificates: clientCertMode is 'Optional' (portal: Allow).",
        'Resource: contoso-api (Microsoft.Web/sites)',
        "  infra/main.bicep:3:1: value comes from parameter 'certMode'",
        'Remediation: Set clientCertMode to Required.',
        'az CLI: az webapp update --resource-group <resource-group> --name contoso-api --client-cert-mode Required',
      ].join('\n'),
    );
    const unknown = byName.get("Microsoft.Web/sites/[concat('api-', parameters('env'))]")!;
    assert.equal(unknown.children[0]!.name, 'error');
    assert.equal(unknown.children[0]!.attrs.type, 'unknown');
    assert.deepEqual(byName.get('okSite')!.children, []);
    assert.equal(byName.get('azurerm_linux_function_app.func')!.children[0]!.name, 'skipped');
    const live = byName.get('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.Web/sites/live-app')!;
    assert.equal(live.attrs.file, undefined);
    assert.equal(live.children[0]!.name, 'failure');
    const suppressed = suite(root, 'AZM-MTLS-002 App Service client-certificate exclusion paths').children[0]!;
    assert.deepEqual(suppressed.children[0], {
      name: 'skipped',
      attrs: { message: 'suppressed (inline): probe endpoint, verified at Application Gateway' },
      children: [],
      text: '',
    });
  });

  test('escapes markup, quotes, newlines in attributes and invalid control characters', () => {
    const s = suite(root, 'AZM-MTLS-001 App Service apps require client certificates');
    const visibleName = EVIL_NAME.replace('\u001b', '\\u001b');
    const evil = s.children.find((c) => c.attrs.file === 'infra/odd dir/a,b.bicep')!;
    assert.equal(evil.attrs.name, `site['${visibleName}']`);
    assert.equal(evil.children[0]!.attrs.message, 'Require client certificates | "quoted", <b>bold</b>\nsecond line');
    assert.ok(evil.children[0]!.text.includes(`Resource: ${visibleName} (Microsoft.Web/sites)`));
    assert.ok(!xml.includes('\u001b'));
    assert.ok(xml.includes('&lt;script&gt;'));
    assert.ok(!xml.includes('<script'));
  });

  test('scan errors: one testcase per file with one error', () => {
    const s = suite(root, 'azmtls.errors');
    assert.deepEqual(s.attrs, { name: 'azmtls.errors', tests: '3', failures: '0', errors: '3', skipped: '0' });
    assert.deepEqual(
      s.children.map((c) => [c.attrs.name, c.attrs.file, c.children.length, c.children[0]!.attrs.type, c.children[0]!.text]),
      [
        ['(scan)', undefined, 1, 'AZM4001', '(scan) AZM4001 Azure authentication failed: no credential available.'],
        ['broken.bicep', 'broken.bicep', 1, 'AZM1101', "broken.bicep:3:7 AZM1101 Expected '}' but found the end of the file."],
        ['templates/big.json', 'templates/big.json', 1, 'AZM1004', 'templates/big.json AZM1004 The file is larger than 10 MB.'],
      ],
    );
  });

  test('several errors in one file stay in one testcase', () => {
    const report = { ...emptyReport(), errors: [
      { file: 'a.bicep', code: 'AZM1101', message: 'first', startLine: 1, startColumn: 2 },
      { file: 'a.bicep', code: 'AZM2007', message: 'second', startLine: 9, startColumn: 1 },
    ] };
    const cases = suite(parseXml(renderJunit(report, sampleContext())), 'azmtls.errors').children;
    assert.equal(cases.length, 1);
    assert.equal(cases[0]!.children[0]!.attrs.message, '2 errors, first: AZM1101 first');
    assert.equal(cases[0]!.children[0]!.text, 'a.bicep:1:2 AZM1101 first\na.bicep:9:1 AZM2007 second');
  });

  test('an empty report is an empty, valid testsuites element', () => {
    const out = renderJunit(emptyReport(), sampleContext());
    assert.equal(out, '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="azmtls" tests="0" failures="0" errors="0" skipped="0"></testsuites>\n');
    assert.equal(parseXml(out).children.length, 0);
  });

  test('the checker itself rejects broken XML', () => {
    assert.throws(() => parseXml('<a><b></a></b>'));
    assert.throws(() => parseXml('<a>x & y</a>'));
    assert.throws(() => parseXml('<a x="1" x="2"/>'));
    assert.throws(() => parseXml('<a>\u001b</a>'));
    assert.throws(() => parseXml('<a/><b/>'));
  });
});
