/** Turns findings (offsets) into contract results (lines and columns), once per reported item. */
import { createHash } from 'node:crypto';
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
  const cut = cutAt(text, MAX_MESSAGE_CHARS);
  return `${text.slice(0, cut)}… (${text.length - cut} more characters)`;
}

/**
 * Names and addresses come from the input too, and a copy loop repeats them in every instance's result.
 * No Azure resource name comes near this length, so a longer one is shortened; a digest of the whole keeps
 * distinct names distinct (baselines and exceptions match on them).
 */
export const MAX_NAME_CHARS = 1024;

export function boundedName(name: string): string {
  if (name.length <= MAX_NAME_CHARS) return name;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 16);
  return `${name.slice(0, cutAt(name, MAX_NAME_CHARS - 24))}…#${digest}`;
}

/** `limit`, or one less when that would split a surrogate pair. */
function cutAt(text: string, limit: number): number {
  const c = text.charCodeAt(limit - 1);
  return c >= 0xd800 && c <= 0xdbff ? limit - 1 : limit;
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
      name: boundedName(r.name),
      ...(r.nameResolved ? {} : { nameResolved: false }),
      address: boundedName(r.address),
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
    // A shortened name would make a command for another resource: none is given.
    const cmd = r.name.length <= MAX_NAME_CHARS ? f.rule.meta.remediation.azCli?.(r) : undefined;
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
