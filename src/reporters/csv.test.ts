import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CSV_COLUMNS, csvField, renderCsv } from './csv.js';
import { EVIL_NAME, emptyReport, sampleContext, sampleReport } from './fixtures/sample-report.js';

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. Throws on anything malformed. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') {
      i++;
    } else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else {
      throw new Error(`expected , or CRLF at ${i}`);
    }
  }
  return rows;
}

describe('csv reporter', () => {
  test('header and one row per result, every status, in report order', () => {
    const rows = parseCsv(renderCsv(sampleReport(), sampleContext()));
    assert.deepEqual(rows[0], [...CSV_COLUMNS]);
    assert.equal(rows.length, 1 + sampleReport().results.length);
    assert.ok(rows.every((r) => r.length === CSV_COLUMNS.length));
    assert.deepEqual(rows[1], [
      'AZM-MTLS-001', 'fail', 'medium', 'Microsoft.Web/sites', 'contoso-api', 'site', 'bicep', 'infra/main.bicep', '14', '5',
      "Require client certificates: clientCertMode is 'Optional' (portal: Allow).", 'false', '',
    ]);
    assert.deepEqual(rows.slice(1).map((r) => r[1]), ['fail', 'pass', 'unknown', 'not-applicable', 'fail', 'fail', 'fail', 'unknown']);
  });

  test('live results have empty location columns; suppressed results carry the justification', () => {
    const rows = parseCsv(renderCsv(sampleReport(), sampleContext()));
    const live = rows.find((r) => r[6] === 'azure')!;
    assert.deepEqual(live.slice(7, 10), ['', '', '']);
    const suppressed = rows.filter((r) => r[11] === 'true').map((r) => [r[0], r[12]]);
    assert.deepEqual(suppressed, [
      ['AZM-MTLS-002', 'probe endpoint, verified at Application Gateway'],
      ['AZM-MTLS-099', 'legacy pipeline, migrating'],
    ]);
  });

  test('quotes, commas and newlines survive; formulas are neutralised', () => {
    const text = renderCsv(sampleReport(), sampleContext());
    const evil = parseCsv(text).find((r) => r[7] === 'infra/odd dir/a,b.bicep')!;
    assert.equal(evil[4], `'${EVIL_NAME}`);
    assert.equal(evil[5], `site['${EVIL_NAME}']`);
    assert.equal(evil[10], 'Require client certificates | "quoted", <b>bold</b>\nsecond line');
    assert.ok(text.includes('"\'=HYPERLINK(""http://x"",""<script>'));
  });

  test('csvField', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('=1+2'), "'=1+2");
    assert.equal(csvField('+1'), "'+1");
    assert.equal(csvField('-1'), "'-1");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField('\tx'), "'\tx");
    assert.equal(csvField('=a,b'), `"'=a,b"`);
    assert.equal(csvField('a=b'), 'a=b');
    assert.equal(csvField(''), '');
  });

  test('an empty report is the header alone', () => {
    assert.equal(renderCsv(emptyReport(), sampleContext()), `${CSV_COLUMNS.join(',')}\r\n`);
  });
});
