import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderConsole, terminalSafe } from './console.js';
import { emptyReport, sampleContext, sampleReport } from './fixtures/sample-report.js';

describe('console reporter', () => {
  test('groups by file, lists problems and suppressed results, errors, warnings and the summary', () => {
    const out = renderConsole(sampleReport(), sampleContext());
    assert.equal(
      out,
      [
        'infra/acr.bicep',
        '  8:1  unknown  AZM-MTLS-099  A rule without metadata in the context.  ci-token (Microsoft.ContainerRegistry/registries/tokens)',
        '       suppressed (config): legacy pipeline, migrating; owner platform@contoso.com; until 2027-03-31',
        '',
        'infra/main.bicep',
        "  14:5  fail  AZM-MTLS-001  Require client certificates: clientCertMode is 'Optional' (portal: Allow).  contoso-api (Microsoft.Web/sites)",
        "        3:1  value comes from parameter 'certMode'",
        "  16:5  fail  AZM-MTLS-002  Client certificates are not required on paths starting with '/health'.  contoso-api (Microsoft.Web/sites)",
        '        suppressed (inline): probe endpoint, verified at Application Gateway',
        '',
        'infra/odd dir/a,b.bicep',
        '  2:3  fail  AZM-MTLS-001  Require client certificates | "quoted", <b>bold</b> second line  =HYPERLINK("http://x","<script>alert(1)</script>"), café & ünïcödé 🚀 \\u001b[31mred (Microsoft.Web/sites)',
        '',
        'templates/app.json',
        "  22:9  unknown  AZM-MTLS-001  Client certificate mode depends on parameter 'certMode', which has no value.  [concat('api-', parameters('env'))] (Microsoft.Web/sites)",
        "        5:5  parameter 'certMode' has no default",
        '',
        'live Azure',
        '  -  fail  AZM-MTLS-001  Require client certificates: client certificates are ignored (portal: Ignore).  /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.Web/sites/live-app',
        '',
        'Errors (3)',
        "  broken.bicep:3:7  AZM1101  Expected '}' but found the end of the file.",
        '  templates/big.json  AZM1004  The file is larger than 10 MB.',
        '  (scan)  AZM4001  Azure authentication failed: no credential available.',
        '',
        'Warnings (1)',
        '  infra/main.bicep:50:1  AZM3004  This inline suppression matches nothing.',
        '',
        '8 resources: 1 pass, 4 fail, 2 unknown, 1 not applicable, 2 suppressed, 3 errors (profile strict)',
        '',
      ].join('\n'),
    );
    assert.ok(!out.includes('\u001b'), 'no escape character without colour, not even one from a resource name');
  });

  test('quiet keeps only open fail/unknown results and errors', () => {
    const out = renderConsole(sampleReport(), sampleContext({ quiet: true }));
    const lines = out.split('\n');
    assert.deepEqual(
      lines.filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/\s{2,}/).slice(0, 3).join(' | ')),
      [
        '14:5 | fail | AZM-MTLS-001',
        '2:3 | fail | AZM-MTLS-001',
        '22:9 | unknown | AZM-MTLS-001',
        '- | fail | AZM-MTLS-001',
        "broken.bicep:3:7 | AZM1101 | Expected '}' but found the end of the file.",
        'templates/big.json | AZM1004 | The file is larger than 10 MB.',
        '(scan) | AZM4001 | Azure authentication failed: no credential available.',
      ],
    );
    assert.ok(!out.includes('suppressed'));
    assert.ok(!out.includes('Warnings'));
    assert.ok(!out.includes('resources:'));
  });

  test('quiet on a clean report prints nothing', () => {
    assert.equal(renderConsole(emptyReport(), sampleContext({ quiet: true })), '');
  });

  test('passes are counted, and listed only with includePassing', () => {
    const report = sampleReport();
    assert.ok(!renderConsole(report, sampleContext()).includes('ok-api'));
    const out = renderConsole(report, sampleContext({ includePassing: true }));
    assert.ok(out.includes('  30:3  pass  AZM-MTLS-001  Client certificates are required.  ok-api (Microsoft.Web/sites)\n'));
    assert.ok(out.includes("tf/main.tf\n  1:1  not-applicable  AZM-MTLS-001  Out of scope under the 'internal' profile: public network access is enabled.  func (azurerm_linux_function_app)\n"));
  });

  test('an empty report is one summary line', () => {
    assert.equal(
      renderConsole(emptyReport(), sampleContext()),
      '0 resources: 0 pass, 0 fail, 0 unknown, 0 not applicable, 0 suppressed, 0 errors (profile strict)\n',
    );
  });

  test('colours only when asked, and data cannot inject escape sequences', () => {
    const out = renderConsole(sampleReport(), sampleContext({ color: true }));
    assert.ok(out.includes('\u001b[31mfail\u001b[39m'));
    assert.ok(out.includes('\u001b[33munknown\u001b[39m'));
    assert.ok(out.includes('\u001b[2m  16:5'), 'suppressed results are dimmed');
    assert.ok(out.includes('\\u001b[31mred'));
    // eslint-disable-next-line no-control-regex
    const withoutOwnSgr = out.replace(/\u001b\[(?:1|2|4|22|24|31|32|33|39|90)m/g, '');
    assert.ok(!withoutOwnSgr.includes('\u001b'));
  });

  test('terminalSafe shows control characters and flattens line breaks', () => {
    assert.equal(terminalSafe('a\u001b[2Jb\r\nc\u0007\u009bd\te'), 'a\\u001b[2Jb c\\u0007\\u009bd e');
    // Bidirectional overrides and isolates reorder what the terminal shows; separators break lines.
    assert.equal(terminalSafe('app\u202egnp.exe \u2066x\u2069 a\u2028b'), 'app\\u202egnp.exe \\u2066x\\u2069 a\\u2028b');
  });

  test('absolute paths under cwd are shown relative', () => {
    const report = sampleReport();
    report.results = [{ ...report.results[0]!, location: { ...report.results[0]!.location!, file: '/home/someone/proj/infra/main.bicep' } }];
    const out = renderConsole(report, sampleContext({ cwd: '/home/someone/proj' }));
    assert.ok(out.startsWith('infra/main.bicep\n'));
    assert.ok(!out.includes('/home/someone'));
  });
});
