/** Helpers every reporter shares: rule lookup, path display, ordering and grouping of results. */
import { isAbsolute, relative } from 'node:path';
import { withForwardSlashes } from '../core/paths.js';
import type { Location } from '../core/source.js';
import type { RelatedLocation, Report, ReportError, Result } from '../engine/result.js';
import type { RuleMeta, Status } from '../engine/rule.js';
import type { ReportContext } from './context.js';

export function ruleLookup(ctx: ReportContext): (id: string) => RuleMeta | undefined {
  const byId = new Map<string, RuleMeta>();
  for (const r of ctx.rules) byId.set(r.id, r);
  return (id) => byId.get(id);
}

/**
 * Report paths use `/` and are relative to the working directory (CONTRACT.md). A path that arrives
 * absolute but lies under `cwd` is made relative; anything else is only given forward slashes (on Windows:
 * see withForwardSlashes).
 */
export function displayPath(file: string, ctx: Pick<ReportContext, 'cwd'>): string {
  let p = file;
  if (ctx.cwd && isAbsolute(p)) {
    const rel = relative(ctx.cwd, p);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) p = rel;
  }
  return withForwardSlashes(p);
}

export function isPassing(status: Status): boolean {
  return status === 'pass' || status === 'not-applicable';
}

/** Results that gate: fail or unknown and not suppressed. */
export function isOpenProblem(r: Result): boolean {
  return !isPassing(r.status) && r.suppression === null;
}

const statusRank: Record<Status, number> = { fail: 0, unknown: 1, pass: 2, 'not-applicable': 3 };

/** Source order within a file; results without location keep their order after the located ones. */
export function compareByPosition(a: Result, b: Result): number {
  const la = a.location;
  const lb = b.location;
  if (la && lb) {
    if (la.startLine !== lb.startLine) return la.startLine - lb.startLine;
    if (la.startColumn !== lb.startColumn) return la.startColumn - lb.startColumn;
  } else if (la || lb) {
    return la ? -1 : 1;
  }
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return statusRank[a.status] - statusRank[b.status];
}

export interface ResultGroup {
  /** The file, or for results without a location a label naming their source. */
  key: string;
  /** True when the group holds results without a location (live Azure, or a resource with no position). */
  unlocated: boolean;
  results: Result[];
}

/** Live results have no file: they are grouped under their source so they still read as one block. */
export function unlocatedLabel(source: string): string {
  return source === 'azure' ? 'live Azure' : `${source} (no location)`;
}

/** Groups by file (sorted by path), results without location last, each group in source order. */
export function groupByFile(results: readonly Result[], ctx: Pick<ReportContext, 'cwd'>): ResultGroup[] {
  const located = new Map<string, Result[]>();
  const unlocated = new Map<string, Result[]>();
  for (const r of results) {
    const [map, key] = r.location ? [located, displayPath(r.location.file, ctx)] : [unlocated, unlocatedLabel(r.resource.source)];
    const list = map.get(key);
    if (list) list.push(r);
    else map.set(key, [r]);
  }
  const groups: ResultGroup[] = [];
  for (const key of [...located.keys()].sort(comparePaths)) {
    groups.push({ key, unlocated: false, results: [...located.get(key)!].sort(compareByPosition) });
  }
  for (const key of [...unlocated.keys()].sort(comparePaths)) {
    groups.push({ key, unlocated: true, results: [...unlocated.get(key)!].sort(compareByPosition) });
  }
  return groups;
}

/** Code-point order, so the output does not depend on the machine's locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Results grouped by rule id, rules in id order. */
export function groupByRule(results: readonly Result[]): Map<string, Result[]> {
  const byRule = new Map<string, Result[]>();
  for (const r of results) {
    const list = byRule.get(r.ruleId);
    if (list) list.push(r);
    else byRule.set(r.ruleId, [r]);
  }
  return new Map([...byRule.entries()].sort(([a], [b]) => comparePaths(a, b)));
}

/** `file:line:col` (or `file`, or the given fallback when there is no file). */
export function formatPosition(file: string, line: number | undefined, column: number | undefined, ctx: Pick<ReportContext, 'cwd'>): string {
  const f = file === '' ? '(scan)' : displayPath(file, ctx);
  if (line === undefined) return f;
  return column === undefined ? `${f}:${line}` : `${f}:${line}:${column}`;
}

export function errorPosition(e: ReportError, ctx: Pick<ReportContext, 'cwd'>): string {
  return formatPosition(e.file, e.startLine, e.startColumn, ctx);
}

export function locationPosition(l: Location, ctx: Pick<ReportContext, 'cwd'>): string {
  return formatPosition(l.file, l.startLine, l.startColumn, ctx);
}

/**
 * The secondary locations of a result: its related locations, then every further reason (the first reason
 * is the primary location) that has a location of its own, without repeating a spot already listed.
 */
export function secondaryLocations(r: Result): RelatedLocation[] {
  const out: RelatedLocation[] = [...r.relatedLocations];
  for (const reason of (r.reasons ?? []).slice(1)) {
    if (!reason.location) continue;
    const l = reason.location;
    const dup = out.some((x) => x.file === l.file && x.startLine === l.startLine && x.startColumn === l.startColumn && x.message === reason.message);
    if (!dup) out.push({ ...l, message: reason.message });
  }
  return out;
}

/** `contoso-api (Microsoft.Web/sites)`: the name users recognise first, the type to disambiguate. */
export function resourceLabel(r: Result): string {
  const type = r.resource.sourceType ?? r.resource.type;
  return `${r.resource.name} (${type})`;
}

export function suppressionLabel(r: Result): string {
  const s = r.suppression;
  if (!s) return '';
  const parts = [`suppressed (${s.kind}): ${s.justification}`];
  if (s.owner) parts.push(`owner ${s.owner}`);
  if (s.expires) parts.push(`until ${s.expires}`);
  return parts.join('; ');
}

/** The summary phrase every human-readable format ends with. */
export function summaryCounts(report: Report): [label: string, value: number][] {
  const s = report.summary;
  return [
    ['resources', s.resources],
    ['pass', s.pass],
    ['fail', s.fail],
    ['unknown', s.unknown],
    ['not applicable', s.notApplicable],
    ['suppressed', s.suppressed],
    ['errors', s.errors],
  ];
}

/** `AppServiceClientCertRequired` from `app-service-client-cert-required` (SARIF rule names, JUnit suites). */
export function pascalCase(slug: string): string {
  return slug
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/**
 * A relative path as a URI reference: percent-encodes what a URI path cannot carry (spaces, `%`, non-ASCII,
 * and `?`/`#`, which would start a query or fragment) and keeps `/` and the sub-delimiters readable.
 */
export function uriPath(path: string): string {
  return encodeURI(path).replace(/[?#]/g, (c) => encodeURIComponent(c));
}

/**
 * A relative path as a URI reference. A first segment with a colon would be read as a scheme, so a file
 * named `javascript:alert(1).json` would link to script: it is written `./javascript:alert(1).json`
 * (RFC 3986, section 4.2).
 */
export function relativeUri(path: string): string {
  const encoded = uriPath(path);
  const slash = encoded.indexOf('/');
  return (slash < 0 ? encoded : encoded.slice(0, slash)).includes(':') ? `./${encoded}` : encoded;
}

/** Joins a relative path to a base URI. */
export function joinUri(base: string, path: string): string {
  const encoded = uriPath(path);
  return base.endsWith('/') ? base + encoded : `${base}/${encoded}`;
}
