/**
 * CSV (RFC 4180): a header row, CRLF line ends, a field quoted when it holds a comma, quote, CR or LF, with
 * quotes doubled. Every result is a row whatever its status, so the file is a complete inventory for
 * spreadsheets and compliance evidence; scan errors are not rows (they have no rule or resource).
 *
 * Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and tab or CR, which some treat alike) as
 * a formula, and resource names come from the scanned files: such a field gets a leading apostrophe
 * (OWASP "CSV injection").
 */
import type { Report, Result } from '../engine/result.js';
import { displayPath } from './common.js';
import type { ReportContext } from './context.js';
import { joinChunks } from './chunks.js';

export const CSV_COLUMNS = [
  'ruleId',
  'status',
  'severity',
  'resourceType',
  'resourceName',
  'address',
  'source',
  'file',
  'startLine',
  'startColumn',
  'message',
  'suppressed',
  'justification',
] as const;

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function row(r: Result, ctx: ReportContext): string[] {
  return [
    r.ruleId,
    r.status,
    r.severity,
    r.resource.type,
    r.resource.name,
    r.resource.address,
    r.resource.source,
    r.location ? displayPath(r.location.file, ctx) : '',
    r.location ? String(r.location.startLine) : '',
    r.location ? String(r.location.startColumn) : '',
    r.message,
    r.suppression ? 'true' : 'false',
    r.suppression?.justification ?? '',
  ];
}

export function renderCsv(report: Report, ctx: ReportContext): string {
  return joinChunks(csvChunks(report, ctx));
}

export function* csvChunks(report: Report, ctx: ReportContext): Generator<string> {
  yield `${CSV_COLUMNS.join(',')}\r\n`;
  for (const r of report.results) yield `${row(r, ctx).map(csvField).join(',')}\r\n`;
}
