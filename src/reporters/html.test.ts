import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from './html.js';
import { htmlEscape, xmlAttr, xmlText } from './escape.js';
import { emptyReport, sampleContext, sampleReport } from './fixtures/sample-report.js';

describe('html reporter', () => {
  const html = renderHtml(sampleReport(), sampleContext());

  test('one self-contained page: inline CSS, no script, no external asset', () => {
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'));
    assert.ok(html.endsWith('</body>\n</html>\n'));
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`));
    assert.equal(/<script/i.test(html), false);
    assert.equal(/<link|<img|\ssrc=|@import|url\(/i.test(html), false);
    assert.equal(/href="http/.test(html), false, 'no links without a base URI');
  });

  test('summary, one table per file (live results last), badges and dimmed suppressed rows', () => {
    assert.ok(html.includes('<li><b>8</b>resources</li>\n<li><b>1</b>pass</li>\n<li><b>4</b>fail</li>\n<li><b>2</b>unknown</li>\n<li><b>1</b>not applicable</li>\n<li><b>2</b>suppressed</li>\n<li><b>3</b>errors</li>'));
    assert.deepEqual(
      [...html.matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1]),
      ['infra/acr.bicep', 'infra/main.bicep', 'infra/odd dir/a,b.bicep', 'templates/app.json', 'tf/main.tf', 'live Azure'],
    );
    assert.equal((html.match(/<td><span class="badge (?:fail|unknown|pass|not-applicable)">/g) ?? []).length, 8);
    assert.equal((html.match(/<tr class="suppressed">/g) ?? []).length, 2);
    assert.ok(
      html.includes(
        '<tr><td class="pos">14:5</td><td><span class="badge fail">fail</span></td><td class="rule">AZM-MTLS-001</td><td>contoso-api<div class="note">Microsoft.Web/sites</div></td>' +
          '<td>Require client certificates: clientCertMode is &#39;Optional&#39; (portal: Allow).<ul class="related"><li>infra/main.bicep:3:1: value comes from parameter &#39;certMode&#39;</li></ul><div class="note">Fix: Set clientCertMode to Required.</div></td></tr>',
      ),
    );
    assert.ok(html.includes('<span class="badge not-applicable">not-applicable</span>'));
    assert.ok(html.includes('<div class="note">suppressed (inline): probe endpoint, verified at Application Gateway</div>'));
    assert.ok(html.includes('<td class="pos">&#8212;</td>'), 'a live result has no position');
    assert.ok(html.includes('<br>/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-prod/providers/Microsoft.Web/sites/live-app</div>'));
  });

  test('a resource named <script> cannot inject markup', () => {
    assert.ok(html.includes('<td>=HYPERLINK(&quot;http://x&quot;,&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;), café &amp; ünïcödé 🚀 \\u001b[31mred<div class="note">'));
    assert.ok(html.includes('Require client certificates | &quot;quoted&quot;, &lt;b&gt;bold&lt;/b&gt;\nsecond line'));
    assert.equal(html.includes('\u001b'), false);
    assert.equal(html.includes('<b>bold'), false);
  });

  test('errors and warnings tables', () => {
    assert.ok(html.includes('<tr><td class="pos">broken.bicep:3:7</td><td><span class="badge error">error</span></td><td class="rule">AZM1101</td><td>Expected &#39;}&#39; but found the end of the file.</td></tr>'));
    assert.ok(html.includes('<tr><td class="pos">(scan)</td><td><span class="badge error">error</span></td><td class="rule">AZM4001</td>'));
    assert.ok(html.includes('<h2>Warnings</h2>'));
    assert.ok(html.includes('<td class="rule">AZM3004</td>'));
  });

  test('links to lines and rule docs only with base URIs', () => {
    const linked = renderHtml(sampleReport(), sampleContext({ uriBase: 'https://github.com/o/r/blob/main/', docsBaseUri: 'https://example.org/docs/' }));
    assert.ok(linked.includes('<td class="pos"><a href="https://github.com/o/r/blob/main/infra/odd%20dir/a,b.bicep#L2">2:3</a></td>'));
    assert.ok(linked.includes('<a href="https://example.org/docs/src/rules/mtls/app-service-client-cert-required.md">App Service apps require client certificates</a>'));
  });

  test('an empty report says there are no results', () => {
    const out = renderHtml(emptyReport(), sampleContext());
    assert.ok(out.includes('<h2>Results</h2>\n<p>No results.</p>\n</body>'));
  });

  test('escape helpers', () => {
    assert.equal(htmlEscape(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    assert.equal(xmlText('a<b>&c\u0000d\u001fe\ud800f\tg\nh'), 'a&lt;b&gt;&amp;c\\u0000d\\u001fe\\ud800f\tg\nh');
    assert.equal(xmlAttr(`"'\t\r\n<&>`), '&quot;&apos;&#9;&#13;&#10;&lt;&amp;&gt;');
    assert.equal(xmlText('🚀'), '🚀', 'a valid surrogate pair stays');
  });
});
