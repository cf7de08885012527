/**
 * Markdown for pull-request comments and job summaries (GitHub `$GITHUB_STEP_SUMMARY`, Azure DevOps
 * markdown summaries): a summary table, then the open fail/unknown results per rule, the suppressed ones,
 * and the scan errors. Passing results are only counted: a PR comment is read for what needs action.
 *
 * Cell text comes from scanned files, so it is escaped for GFM tables: `|` would split the cell, `<` could
 * start raw HTML, and markdown punctuation could turn a name into a link or emphasis.
 */
import type { Report, ReportError, Result } from '../engine/result.js';
import { displayPath, errorPosition, groupByRule, isOpenProblem, isPassing, joinUri, relativeUri, ruleLookup, summaryCounts, suppressionLabel } from './common.js';
import type { ReportContext } from './context.js';
import { pushAll } from '../core/arrays.js';
import { joinChunks, lines } from './chunks.js';

// Controls, and the bidirectional ones that reorder how a rendered cell reads (as in console.ts).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

export function mdCell(s: string): string {
  return s
    .replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[\\`*_[\]#~!|]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

function link(text: string, target: string): string {
  // encodeURIComponent leaves parentheses as they are: one unbalanced would end the link early.
  return `[${mdCell(text)}](${target.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;
}

/** `file:line` linked to the line: relative when no base URI is known, so it works inside the repository. */
function where(r: Result, ctx: ReportContext): string {
  if (!r.location) return mdCell(r.resource.address);
  const file = displayPath(r.location.file, ctx);
  const label = `${file}:${r.location.startLine}`;
  const target = ctx.uriBase ? joinUri(ctx.uriBase, file) : relativeUri(file);
  return link(label, `${target}#L${r.location.startLine}`);
}

function resource(r: Result): string {
  return `${mdCell(r.resource.name)} (${mdCell(r.resource.type)})`;
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

function errorRows(list: readonly ReportError[], ctx: ReportContext): string[][] {
  return list.map((e) => [mdCell(errorPosition(e, ctx)), `\`${e.code}\``, mdCell(e.message)]);
}

export function renderMarkdown(report: Report, ctx: ReportContext): string {
  return joinChunks(markdownChunks(report, ctx));
}

export function markdownChunks(report: Report, ctx: ReportContext): Iterable<string> {
  const rule = ruleLookup(ctx);
  const out: string[] = ['# azmtls report', ''];
  out.push(`Profile: ${mdCell(report.profile)} · azmtls ${mdCell(report.tool.version)}`, '');
  const counts = summaryCounts(report);
  out.push(...table(counts.map(([label]) => label), [counts.map(([, n]) => String(n))]), '');

  const open = report.results.filter(isOpenProblem);
  if (open.length === 0) {
    out.push(report.errors.length === 0 ? 'No failing or unknown results.' : 'No failing or unknown results in the files that could be read.', '');
  } else {
    out.push('## Failing and unknown results', '');
    for (const [ruleId, results] of groupByRule(open)) {
      const title = rule(ruleId)?.title;
      out.push(`### ${mdCell(ruleId)}${title ? ` ${mdCell(title)}` : ''}`, '');
      const rows = results.map((r) => [r.status === 'fail' ? '**fail**' : 'unknown', resource(r), where(r, ctx), mdCell(r.message)]);
      pushAll(out, table(['Status', 'Resource', 'Location', 'Message'], rows));
      out.push('');
    }
  }

  const suppressed = report.results.filter((r) => r.suppression !== null && !isPassing(r.status));
  if (suppressed.length > 0) {
    out.push('## Suppressed', '');
    const rows = suppressed.map((r) => [mdCell(r.ruleId), r.status, resource(r), where(r, ctx), mdCell(suppressionLabel(r))]);
    pushAll(out, table(['Rule', 'Status', 'Resource', 'Location', 'Suppression'], rows));
    out.push('');
  }

  if (report.errors.length > 0) {
    out.push('## Errors', '');
    pushAll(out, table(['Where', 'Code', 'Message'], errorRows(report.errors, ctx)));
    out.push('');
  }
  const warnings = report.warnings ?? [];
  if (warnings.length > 0) {
    out.push('## Warnings', '');
    pushAll(out, table(['Where', 'Code', 'Message'], errorRows(warnings, ctx)));
    out.push('');
  }
  while (out[out.length - 1] === '') out.pop();
  return lines(out);
}
