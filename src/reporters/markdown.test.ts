import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mdCell, renderMarkdown } from './markdown.js';
import { emptyReport, sampleContext, sampleReport } from './fixtures/sample-report.js';

describe('markdown reporter', () => {
  test('summary table, open results per rule, suppressed, errors and warnings', () => {
    const out = renderMarkdown(sampleReport(), sampleContext());
    assert.equal(
      out,
      [
        '# azmtls report',
        '',
        'Profile: strict · azmtls 0.1.0',
        '',
        '| resources | pass | fail | unknown | not applicable | suppressed | errors |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        '| 8 | 1 | 4 | 2 | 1 | 2 | 3 |',
        '',
        '## Failing and unknown results',
        '',
        '### AZM-MTLS-001 App Service apps require client certificates',
        '',
        '| Status | Resource | Location | Message |',
        '| --- | --- | --- | --- |',
        "| **fail** | contoso-api (Microsoft.Web/sites) | [infra/main.bicep:14](infra/main.bicep#L14) | Require client certificates: clientCertMode is 'Optional' (portal: Allow). |",
        "| unknown | \\[concat('api-', parameters('env'))\\] (Microsoft.Web/sites) | [templates/app.json:22](templates/app.json#L22) | Client certificate mode depends on parameter 'certMode', which has no value. |",
        '| **fail** | live-app (Microsoft.Web/sites) | /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.Web/sites/live-app | Require client certificates: client certificates are ignored (portal: Ignore). |',
        '| **fail** | =HYPERLINK("http://x","&lt;script&gt;alert(1)&lt;/script&gt;"), café &amp; ünïcödé 🚀 \\\\u001b\\[31mred (Microsoft.Web/sites) | [infra/odd dir/a,b.bicep:2](infra/odd%20dir/a,b.bicep#L2) | Require client certificates \\| "quoted", &lt;b&gt;bold&lt;/b&gt;<br>second line |',
        '',
        '## Suppressed',
        '',
        '| Rule | Status | Resource | Location | Suppression |',
        '| --- | --- | --- | --- | --- |',
        '| AZM-MTLS-002 | fail | contoso-api (Microsoft.Web/sites) | [infra/main.bicep:16](infra/main.bicep#L16) | suppressed (inline): probe endpoint, verified at Application Gateway |',
        '| AZM-MTLS-099 | unknown | ci-token (Microsoft.ContainerRegistry/registries/tokens) | [infra/acr.bicep:8](infra/acr.bicep#L8) | suppressed (config): legacy pipeline, migrating; owner platform@contoso.com; until 2027-03-31 |',
        '',
        '## Errors',
        '',
        '| Where | Code | Message |',
        '| --- | --- | --- |',
        "| broken.bicep:3:7 | `AZM1101` | Expected '}' but found the end of the file. |",
        '| templates/big.json | `AZM1004` | The file is larger than 10 MB. |',
        '| (scan) | `AZM4001` | Azure authentication failed: no credential available. |',
        '',
        '## Warnings',
        '',
        '| Where | Code | Message |',
        '| --- | --- | --- |',
        '| infra/main.bicep:50:1 | `AZM3004` | This inline suppression matches nothing. |',
        '',
      ].join('\n'),
    );
  });

  test('every row of a table has as many cells as its header', () => {
    const cells = (line: string): number => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 2;
    const tables: string[][] = [];
    let current: string[] | undefined;
    for (const line of renderMarkdown(sampleReport(), sampleContext()).split('\n')) {
      if (line.startsWith('|')) {
        if (!current) tables.push((current = []));
        current.push(line);
      } else {
        current = undefined;
      }
    }
    assert.equal(tables.length, 5);
    for (const table of tables) {
      const width = cells(table[0]!);
      for (const row of table) assert.equal(cells(row), width, row);
    }
  });

  test('links use the base URI when given', () => {
    const out = renderMarkdown(sampleReport(), sampleContext({ uriBase: 'https://github.com/o/r/blob/main' }));
    assert.ok(out.includes('[infra/main.bicep:14](https://github.com/o/r/blob/main/infra/main.bicep#L14)'));
    assert.ok(out.includes('(https://github.com/o/r/blob/main/infra/odd%20dir/a,b.bicep#L2)'));
  });

  test('a file whose name reads as a scheme links to itself, not to script', () => {
    const at = (file: string) => {
      const report = sampleReport();
      return { ...report, results: report.results.map((r) => (r.location ? { ...r, location: { ...r.location, file } } : r)) };
    };
    const out = renderMarkdown(at('javascript:alert(1).json'), sampleContext());
    assert.ok(out.includes('](./javascript:alert%281%29.json#L14)'), out);
    assert.ok(renderMarkdown(at('data:text/x.json'), sampleContext()).includes('](./data:text/x.json#L14)'));
    assert.ok(renderMarkdown(at('infra/a:b.json'), sampleContext()).includes('](infra/a:b.json#L14)'), 'a colon after the first segment is plain');
    assert.ok(renderMarkdown(at('a)b.json'), sampleContext()).includes('[a)b.json:14](a%29b.json#L14)'), 'an unbalanced parenthesis would end the link');
  });

  test('a clean report says so', () => {
    const out = renderMarkdown(emptyReport(), sampleContext());
    assert.ok(out.endsWith('| 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n\nNo failing or unknown results.\n'));
    const withErrors = renderMarkdown({ ...emptyReport(), errors: [{ file: 'x.bicep', code: 'AZM1101', message: 'broken' }] }, sampleContext());
    assert.ok(withErrors.includes('No failing or unknown results in the files that could be read.'));
    assert.ok(withErrors.includes('| x.bicep | `AZM1101` | broken |'));
  });

  test('mdCell escapes table, markup and emphasis characters', () => {
    assert.equal(mdCell('a|b'), 'a\\|b');
    assert.equal(mdCell('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert(1)&gt;');
    assert.equal(mdCell('*bold* _it_ `code` [l](u) ~s~ #h !x \\'), '\\*bold\\* \\_it\\_ \\`code\\` \\[l\\](u) \\~s\\~ \\#h \\!x \\\\');
    assert.equal(mdCell('a &amp; b'), 'a &amp;amp; b');
    assert.equal(mdCell('one\r\ntwo\nthree'), 'one<br>two<br>three');
    assert.equal(mdCell('app\u202egnp.exe'), 'app\\\\u202egnp.exe', 'a bidirectional override is shown, not applied');
  });
});
