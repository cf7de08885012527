/** Turns findings (offsets) into contract results (lines and columns), once per reported item. */
import type { Diagnostic } from '../core/diagnostics.js';
import type { Location, SourceSet } from '../core/source.js';
import type { Finding } from './run.js';
import type { RelatedLocation, ReportError, Result } from './result.js';

/**
 * Messages quote values and expressions from the input, which can be of any length (a 16-million-character
 * property would otherwise be copied into every result, every format and every baseline built from it).
 */
export const MAX_MESSAGE_CHARS = 4000;

export function boundedMessage(text: string): string {
  if (text.length <= MAX_MESSAGE_CHARS) return text;
  let cut = MAX_MESSAGE_CHARS;
  const c = text.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--; // never split a surrogate pair
  return `${text.slice(0, cut)}… (${text.length - cut} more characters)`;
}

export function toResult(f: Finding, sources: SourceSet): Result {
  const r = f.resource;
  const location: Location | undefined = f.primary ? sources.locate(f.primary) : undefined;
  const seen = new Set<string>();
  const relatedLocations: RelatedLocation[] = [];
  for (const rel of f.related) {
    const loc = sources.locate(rel.ref);
    const key = `${loc.file}:${loc.startLine}:${loc.startColumn}:${rel.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    relatedLocations.push({ ...loc, message: boundedMessage(rel.message) });
  }
  const result: Result = {
    ruleId: f.rule.meta.id,
    status: f.status,
    severity: f.severity,
    message: boundedMessage(f.message),
    resource: {
      type: r.type,
      name: r.name,
      ...(r.nameResolved ? {} : { nameResolved: false }),
      address: r.address,
      source: r.source,
      ...(r.sourceType ? { sourceType: r.sourceType } : {}),
    },
    relatedLocations,
    remediation: { summary: f.rule.meta.remediation.summary },
    suppression: null,
  };
  if (location) result.location = location;
  if (f.reasons.length > 0) {
    result.reasons = f.reasons.map((x) => (x.ref ? { message: boundedMessage(x.message), location: sources.locate(x.ref) } : { message: boundedMessage(x.message) }));
  }
  if (f.status === 'fail' || f.status === 'unknown') {
    const cmd = f.rule.meta.remediation.azCli?.(r);
    if (cmd) result.remediation.azCli = cmd;
    if (f.fixes.length > 0) {
      result.remediation.fix = { safe: f.fixes.every((x) => x.safe), description: f.fixes.map((x) => x.description).join('; ') };
    }
  }
  return result;
}

export function toReportError(d: Diagnostic, sources: SourceSet): ReportError {
  const e: ReportError = { file: d.file, code: d.code, message: boundedMessage(d.message), severity: d.severity };
  if (d.ref && sources.has(d.ref.file)) {
    const loc = sources.locate(d.ref);
    e.startLine = loc.startLine;
    e.startColumn = loc.startColumn;
    e.endLine = loc.endLine;
    e.endColumn = loc.endColumn;
  }
  return e;
}
