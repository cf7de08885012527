/**
 * Reporters: pure functions from a `Report` (the JSON contract) and the rules' metadata to text.
 * They read nothing but their arguments (no environment, no clock, no file system), so the same report
 * always renders to the same bytes and nothing about the machine leaks into a shared artifact.
 */
import type { Report } from '../engine/result.js';
import type { ReportContext } from './context.js';
import { joinChunks } from './chunks.js';
import { consoleChunks } from './console.js';
import { csvChunks } from './csv.js';
import { htmlChunks } from './html.js';
import { jsonReportChunks } from './json.js';
import { junitChunks } from './junit.js';
import { markdownChunks } from './markdown.js';
import { sarifChunks } from './sarif.js';

export type { ReportContext } from './context.js';
export { renderConsole, terminalSafe } from './console.js';
export { renderCsv, CSV_COLUMNS } from './csv.js';
export { renderHtml } from './html.js';
export { renderJson, reportToJson } from './json.js';
export { renderJunit } from './junit.js';
export { renderMarkdown } from './markdown.js';
export { renderSarif, toSarif, fingerprint, FINGERPRINT_KEY, SARIF_SCHEMA_URI } from './sarif.js';

export type Format = 'console' | 'json' | 'sarif' | 'junit' | 'csv' | 'markdown' | 'html';

export const FORMATS: readonly Format[] = ['console', 'json', 'sarif', 'junit', 'csv', 'markdown', 'html'];

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

/** The usual file extension of each format, for `--output` defaults and CI artifact names. */
export const FORMAT_EXTENSIONS: Readonly<Record<Format, string>> = {
  console: '.txt',
  json: '.json',
  sarif: '.sarif',
  junit: '.xml',
  csv: '.csv',
  markdown: '.md',
  html: '.html',
};

const renderers: Readonly<Record<Format, (report: Report, ctx: ReportContext) => Iterable<string>>> = {
  console: consoleChunks,
  json: jsonReportChunks,
  sarif: sarifChunks,
  junit: junitChunks,
  csv: csvChunks,
  markdown: markdownChunks,
  html: htmlChunks,
};

/** The report's text in pieces of modest size, to be written one after another (see chunks.ts). */
export function renderChunks(format: Format, report: Report, ctx: ReportContext): Iterable<string> {
  return renderers[format](report, ctx);
}

export function render(format: Format, report: Report, ctx: ReportContext): string {
  return joinChunks(renderChunks(format, report, ctx));
}
