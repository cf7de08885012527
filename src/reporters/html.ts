/**
 * One self-contained HTML page to attach to a pipeline run or mail to an owner: inline CSS, no script, no
 * external asset, so it renders offline and from an artifact store. Every result is listed (passes too,
 * as an inventory), grouped by file, with status badges; suppressed rows are dimmed with their justification.
 * Every string from the report is HTML-escaped, and a restrictive Content-Security-Policy forbids scripts
 * even if some markup ever slipped through.
 */
import type { Report, ReportError, Result } from '../engine/result.js';
import type { Status } from '../engine/rule.js';
import { displayPath, errorPosition, groupByFile, joinUri, ruleLookup, summaryCounts, suppressionLabel , secondaryLocations } from './common.js';
import type { ReportContext } from './context.js';
import { htmlEscape as h } from './escape.js';
import { pushAll } from '../core/arrays.js';
import { joinChunks, lines } from './chunks.js';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1f2328;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem}h3{font-size:1rem;margin:1.5rem 0 .5rem;font-family:ui-monospace,monospace}
.meta{color:#59636e;margin:0 0 1rem}
.summary{display:flex;flex-wrap:wrap;gap:.5rem;margin:0;padding:0;list-style:none}
.summary li{border:1px solid #d1d9e0;border-radius:6px;padding:.4rem .8rem;min-width:6rem}
.summary b{display:block;font-size:1.3rem}
table{border-collapse:collapse;width:100%;margin:.25rem 0 1rem}
th,td{border:1px solid #d1d9e0;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
td.pos,td.rule{white-space:nowrap;font-family:ui-monospace,monospace}
.badge{display:inline-block;border-radius:1em;padding:0 .6em;font-size:.85em;font-weight:600;color:#fff;white-space:nowrap}
.fail{background:#cf222e}.unknown{background:#9a6700}.pass{background:#1a7f37}.not-applicable{background:#59636e}.error{background:#82071e}.warning{background:#9a6700}
tr.suppressed{opacity:.55}
.note{color:#59636e;font-size:.9em}
ul.related{margin:.25rem 0 0;padding-left:1.2rem;color:#59636e}
`;

function badge(status: Status | 'error' | 'warning'): string {
  return `<span class="badge ${status}">${h(status)}</span>`;
}

function positionCell(r: Result, ctx: ReportContext): string {
  if (!r.location) return '&#8212;';
  const text = `${r.location.startLine}:${r.location.startColumn}`;
  if (!ctx.uriBase) return h(text);
  const href = `${joinUri(ctx.uriBase, displayPath(r.location.file, ctx))}#L${r.location.startLine}`;
  return `<a href="${h(href)}">${h(text)}</a>`;
}

function resultRow(r: Result, ctx: ReportContext): string {
  const notes: string[] = [];
  const secondary = secondaryLocations(r);
  if (secondary.length > 0) {
    const items = secondary.map((l) => `<li>${h(`${displayPath(l.file, ctx)}:${l.startLine}:${l.startColumn}`)}: ${h(l.message)}</li>`);
    notes.push(`<ul class="related">${items.join('')}</ul>`);
  }
  if (r.suppression) notes.push(`<div class="note">${h(suppressionLabel(r))}</div>`);
  if ((r.status === 'fail' || r.status === 'unknown') && r.remediation.summary) notes.push(`<div class="note">Fix: ${h(r.remediation.summary)}</div>`);
  const resource = `${h(r.resource.name)}<div class="note">${h(r.resource.type)}${r.location ? '' : `<br>${h(r.resource.address)}`}</div>`;
  return (
    `<tr${r.suppression ? ' class="suppressed"' : ''}>` +
    `<td class="pos">${positionCell(r, ctx)}</td>` +
    `<td>${badge(r.status)}</td>` +
    `<td class="rule">${h(r.ruleId)}</td>` +
    `<td>${resource}</td>` +
    `<td>${h(r.message)}${notes.join('')}</td>` +
    '</tr>'
  );
}

function diagnosticsTable(title: string, list: readonly ReportError[], level: 'error' | 'warning', ctx: ReportContext): string[] {
  if (list.length === 0) return [];
  const rows = list.map((e) => `<tr><td class="pos">${h(errorPosition(e, ctx))}</td><td>${badge(level)}</td><td class="rule">${h(e.code)}</td><td>${h(e.message)}</td></tr>`);
  return [`<h2>${h(title)}</h2>`, '<table><thead><tr><th>Where</th><th>Level</th><th>Code</th><th>Message</th></tr></thead><tbody>', ...rows, '</tbody></table>'];
}

export function renderHtml(report: Report, ctx: ReportContext): string {
  return joinChunks(htmlChunks(report, ctx));
}

export function htmlChunks(report: Report, ctx: ReportContext): Iterable<string> {
  const rule = ruleLookup(ctx);
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>azmtls report</title>',
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<h1>azmtls report</h1>',
    `<p class="meta">Profile <b>${h(report.profile)}</b> · azmtls ${h(report.tool.version)}</p>`,
    '<ul class="summary">',
    ...summaryCounts(report).map(([label, n]) => `<li><b>${n}</b>${h(label)}</li>`),
    '</ul>',
    '<h2>Results</h2>',
  ];
  const groups = groupByFile(report.results, ctx);
  if (groups.length === 0) out.push('<p>No results.</p>');
  for (const group of groups) {
    out.push(`<h3>${h(group.key)}</h3>`);
    out.push('<table><thead><tr><th>Line</th><th>Status</th><th>Rule</th><th>Resource</th><th>Message</th></tr></thead><tbody>');
    for (const r of group.results) out.push(resultRow(r, ctx));
    out.push('</tbody></table>');
  }
  pushAll(out, diagnosticsTable('Errors', report.errors, 'error', ctx));
  pushAll(out, diagnosticsTable('Warnings', report.warnings ?? [], 'warning', ctx));
  const used = [...new Set(report.results.map((r) => r.ruleId))].sort();
  if (used.length > 0) {
    out.push('<h2>Rules</h2>', '<table><thead><tr><th>Rule</th><th>Title</th><th>Severity</th></tr></thead><tbody>');
    for (const id of used) {
      const meta = rule(id);
      const title = meta ? (ctx.docsBaseUri ? `<a href="${h(joinUri(ctx.docsBaseUri, meta.docs))}">${h(meta.title)}</a>` : h(meta.title)) : '';
      out.push(`<tr><td class="rule">${h(id)}</td><td>${title}</td><td>${h(meta?.severity ?? '')}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  out.push('</body>', '</html>');
  return lines(out);
}
