/**
 * The human report for terminals and CI logs, in the shape of ESLint's "stylish": one block per file,
 * one line per result, an errors section and a one-line summary.
 *
 * Pass and not-applicable results are only counted in the summary, not listed, unless `includePassing`:
 * a clean repository should print one line, and a failing one should show its problems without scrolling.
 * Suppressed results are listed (dimmed, with their justification) so an exception never goes unseen,
 * except under `quiet`, which keeps only what gates the exit code: open fail/unknown results and errors.
 */
import type { Report, ReportError, Result } from '../engine/result.js';
import type { Status } from '../engine/rule.js';
import { displayPath, errorPosition, groupByFile, isPassing, resourceLabel, summaryCounts, suppressionLabel , secondaryLocations } from './common.js';
import type { ReportContext } from './context.js';
import { maxOf } from '../core/arrays.js';
import { joinChunks, lines } from './chunks.js';

interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  underline(s: string): string;
  status(status: Status, s: string): string;
  red(s: string): string;
  yellow(s: string): string;
}

function sgr(open: number, close: number): (s: string) => string {
  return (s) => `\u001b[${open}m${s}\u001b[${close}m`;
}

function painter(color: boolean): Paint {
  if (!color) {
    const id = (s: string): string => s;
    return { bold: id, dim: id, underline: id, red: id, yellow: id, status: (_st, s) => s };
  }
  const red = sgr(31, 39);
  const yellow = sgr(33, 39);
  const green = sgr(32, 39);
  const gray = sgr(90, 39);
  const byStatus: Record<Status, (s: string) => string> = { fail: red, unknown: yellow, pass: green, 'not-applicable': gray };
  return { bold: sgr(1, 22), dim: sgr(2, 22), underline: sgr(4, 24), red, yellow, status: (st, s) => byStatus[st](s) };
}

/**
 * Resource names, messages and paths come from scanned files: a control character (an ANSI escape in a
 * resource name) must not be able to rewrite the terminal, so C0/C1 controls are shown as `\u001b`-style text.
 * So are the bidirectional controls, which reorder what the terminal shows (`app\u202Egnp.exe` reads as
 * `appexe.png`; see CVE-2021-42574), and the Unicode line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
export function terminalSafe(s: string): string {
  return s.replace(/\r\n|[\r\n\t]/g, ' ').replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function visible(r: Result, ctx: ReportContext): boolean {
  if (ctx.quiet) return !isPassing(r.status) && r.suppression === null;
  if (isPassing(r.status)) return ctx.includePassing === true;
  return true;
}

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

function renderGroups(results: readonly Result[], ctx: ReportContext, paint: Paint, out: string[]): void {
  for (const group of groupByFile(results, ctx)) {
    const posOf = (r: Result): string => (r.location ? `${r.location.startLine}:${r.location.startColumn}` : '-');
    const posWidth = maxOf(group.results.map((r) => posOf(r).length));
    const statusWidth = maxOf(group.results.map((r) => r.status.length));
    const ruleWidth = maxOf(group.results.map((r) => r.ruleId.length));
    out.push(paint.underline(terminalSafe(group.key)));
    for (const r of group.results) {
      const cells = [
        pad(posOf(r), posWidth),
        paint.status(r.status, pad(r.status, statusWidth)),
        pad(terminalSafe(r.ruleId), ruleWidth),
        terminalSafe(r.message),
        // Live results have no file to point at: their ARM id is how the user finds them.
        terminalSafe(group.unlocated && r.resource.address !== r.resource.name ? r.resource.address : resourceLabel(r)),
      ];
      const line = `  ${cells.join('  ')}`;
      out.push(r.suppression ? paint.dim(line) : line);
      const indent = ' '.repeat(2 + posWidth + 2);
      for (const rel of secondaryLocations(r)) {
        const where = displayPath(rel.file, ctx) === group.key ? `${rel.startLine}:${rel.startColumn}` : `${displayPath(rel.file, ctx)}:${rel.startLine}:${rel.startColumn}`;
        out.push(paint.dim(`${indent}${terminalSafe(where)}  ${terminalSafe(rel.message)}`));
      }
      if (r.suppression) out.push(paint.dim(`${indent}${terminalSafe(suppressionLabel(r))}`));
    }
    out.push('');
  }
}

function renderDiagnostics(title: string, list: readonly ReportError[], ctx: ReportContext, colour: (s: string) => string, paint: Paint, out: string[]): void {
  if (list.length === 0) return;
  out.push(paint.bold(colour(`${title} (${list.length})`)));
  for (const e of list) out.push(`  ${terminalSafe(errorPosition(e, ctx))}  ${colour(e.code)}  ${terminalSafe(e.message)}`);
  out.push('');
}

export function renderConsole(report: Report, ctx: ReportContext): string {
  return joinChunks(consoleChunks(report, ctx));
}

export function consoleChunks(report: Report, ctx: ReportContext): Iterable<string> {
  const paint = painter(ctx.color);
  const out: string[] = [];
  renderGroups(report.results.filter((r) => visible(r, ctx)), ctx, paint, out);
  renderDiagnostics('Errors', report.errors, ctx, paint.red, paint, out);
  if (!ctx.quiet) renderDiagnostics('Warnings', report.warnings ?? [], ctx, paint.yellow, paint, out);
  if (!ctx.quiet) {
    const counts = summaryCounts(report);
    const [, resources] = counts[0]!;
    const parts = counts.slice(1).map(([label, n]) => {
      const text = `${n} ${label}`;
      if (n === 0) return text;
      if (label === 'fail' || label === 'errors') return paint.red(text);
      if (label === 'unknown') return paint.yellow(text);
      return text;
    });
    out.push(paint.bold(`${resources} ${resources === 1 ? 'resource' : 'resources'}`) + `: ${parts.join(', ')} (profile ${terminalSafe(report.profile)})`);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return lines(out);
}
