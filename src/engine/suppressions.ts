/**
 * Suppressions, in every format the same: an inline comment on the line before the resource or the
 * offending property, a configured exception, or a baseline. A suppressed result keeps its status and does
 * not count towards the exit code. A directive with no justification, an expired one, or one that matches
 * nothing is reported rather than silently accepted.
 */
import picomatch from 'picomatch';
import type { SourceText } from '../core/source.js';
import type { Result, Suppression } from './result.js';

export interface InlineDirective {
  file: string;
  /** 1-based line of the comment. */
  line: number;
  column: number;
  /** The line it governs: the next line that is not blank, a comment, or a decorator. */
  targetLine: number;
  rules: string[];
  justification?: string;
  until?: string;
  used: boolean;
}

const DIRECTIVE = /^(\s*)(?:\/\/|#|\/\*)\s*azmtls-ignore\b(.*?)(?:\*\/\s*)?$/;
const SKIPPABLE = /^\s*(?:$|\/\/|#|\/\*|\*|@)/;

export function findInlineDirectives(source: SourceText): InlineDirective[] {
  const text = source.text;
  if (!text.includes('azmtls-ignore')) return [];
  const out: InlineDirective[] = [];
  const lines = source.lineCount();
  for (let line = 1; line <= lines; line++) {
    const t = source.lineText(line);
    if (!t.includes('azmtls-ignore')) continue;
    const m = DIRECTIVE.exec(t);
    if (!m) continue;
    const body = m[2]!;
    const dash = body.indexOf('--');
    const head = dash >= 0 ? body.slice(0, dash) : body;
    let justification = dash >= 0 ? body.slice(dash + 2).trim() : undefined;
    let until: string | undefined;
    if (justification) {
      const u = /(?:^|[;,\s])until=(\d{4}-\d{2}-\d{2})\s*$/.exec(justification);
      if (u) {
        until = u[1];
        justification = justification.slice(0, u.index).replace(/[;,\s]+$/, '').trim();
      }
    }
    const rules = head.split(/[\s,]+/).filter((s) => s.length > 0);
    let target = line + 1;
    while (target <= lines && SKIPPABLE.test(source.lineText(target)) && !source.lineText(target).includes('azmtls-ignore')) target++;
    const d: InlineDirective = { file: source.path, line, column: m[1]!.length + 1, targetLine: target, rules, used: false };
    if (justification) d.justification = justification;
    if (until) d.until = until;
    out.push(d);
  }
  return out;
}

export interface DirectiveProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Problems with a directive itself (no rule, no justification, expired): it then suppresses nothing. */
export function directiveProblem(d: InlineDirective, today: string): string | undefined {
  if (d.rules.length === 0) return 'azmtls-ignore names no rule (e.g. "azmtls-ignore AZM-MTLS-001 -- reason")';
  const bad = d.rules.find((r) => r !== '*' && !/^AZM-[A-Z]+-\d{3}$/i.test(r));
  if (bad) return `azmtls-ignore: '${bad}' is not a rule id`;
  if (!d.justification) return 'azmtls-ignore needs a justification after "--"; it does not suppress anything without one';
  if (d.until && d.until < today) return `azmtls-ignore expired on ${d.until}; it no longer suppresses`;
  return undefined;
}

export function matchInline(
  directives: readonly InlineDirective[],
  result: Result,
  resourceLine: number | undefined,
  today: string,
): Suppression | undefined {
  const loc = result.location;
  for (const d of directives) {
    if (directiveProblem(d, today)) continue;
    if (!loc || d.file !== loc.file) continue;
    if (d.targetLine !== loc.startLine && d.targetLine !== resourceLine) continue;
    if (!d.rules.some((r) => r === '*' || r.toUpperCase() === result.ruleId)) continue;
    d.used = true;
    return { kind: 'inline', justification: d.justification!, ...(d.until ? { expires: d.until } : {}) };
  }
  return undefined;
}

export interface ExceptionRule {
  rule: string;
  resource: string;
  reason: string;
  owner?: string;
  expires: string;
}

export class ExceptionMatcher {
  private readonly compiled: { ex: ExceptionRule; match: (s: string) => boolean; used: boolean }[];

  constructor(
    exceptions: readonly ExceptionRule[],
    private readonly today: string,
  ) {
    this.compiled = exceptions.map((ex) => ({ ex, match: picomatch(ex.resource, { nocase: true, dot: true }), used: false }));
  }

  match(result: Result): Suppression | undefined {
    for (const c of this.compiled) {
      if (c.ex.rule !== '*' && c.ex.rule.toUpperCase() !== result.ruleId) continue;
      const r = result.resource;
      if (!c.match(r.name) && !c.match(r.address)) continue;
      c.used = true;
      if (c.ex.expires < this.today) continue;
      return { kind: 'config', justification: c.ex.reason, ...(c.ex.owner ? { owner: c.ex.owner } : {}), expires: c.ex.expires };
    }
    return undefined;
  }

  /** Exceptions that matched a result but have expired: each is reported once. */
  expired(): ExceptionRule[] {
    return this.compiled.filter((c) => c.used && c.ex.expires < this.today).map((c) => c.ex);
  }
}

/** What the baseline matcher reads of each result of a previous report. */
export interface BaselineEntry {
  ruleId: string;
  status: string;
  resource: { address: string; type: string };
  location?: { file: string };
}

/**
 * The entries of a parsed baseline (a previous `--format json` report), keeping only what the matcher
 * reads, or the first entry that does not have that shape: a hand-edited or foreign file must be refused
 * with its index and field, not fail somewhere inside the scan. No walk here descends into a value, so
 * however deep a field is nested, it costs one look.
 */
export function baselineEntries(report: unknown): BaselineEntry[] | { problem: string } {
  if (!isRecord(report)) return { problem: `the file holds ${kindOf(report)}, not an azmtls JSON report` };
  if (report.schemaVersion !== 1) return { problem: `'schemaVersion' must be 1, found ${kindOf(report.schemaVersion)}; it is not an azmtls JSON report of this version` };
  const results = report.results;
  if (!Array.isArray(results)) return { problem: `'results' must be a list, found ${kindOf(results)}` };
  const out: BaselineEntry[] = [];
  for (let i = 0; i < results.length; i++) {
    const r: unknown = results[i];
    const at = `results[${i}]`;
    if (!isRecord(r)) return { problem: `${at} must be an object, found ${kindOf(r)}` };
    for (const field of ['ruleId', 'status'] as const) {
      if (typeof r[field] !== 'string') return { problem: `${at}.${field} must be a string, found ${kindOf(r[field])}` };
    }
    const resource = r.resource;
    if (!isRecord(resource)) return { problem: `${at}.resource must be an object, found ${kindOf(resource)}` };
    for (const field of ['address', 'type'] as const) {
      if (typeof resource[field] !== 'string') return { problem: `${at}.resource.${field} must be a string, found ${kindOf(resource[field])}` };
    }
    const entry: BaselineEntry = { ruleId: r.ruleId as string, status: r.status as string, resource: { address: resource.address as string, type: resource.type as string } };
    const location = r.location;
    if (location !== undefined && location !== null) {
      if (!isRecord(location)) return { problem: `${at}.location must be an object, found ${kindOf(location)}` };
      if (typeof location.file !== 'string') return { problem: `${at}.location.file must be a string, found ${kindOf(location.file)}` };
      entry.location = { file: location.file };
    }
    out.push(entry);
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return v.length > 40 ? 'a string' : `the string ${JSON.stringify(v)}`;
  return `${typeof v === 'number' ? 'the number' : 'the bool'} ${String(v)}`;
}

/** A baseline is a previous JSON report: its fail and unknown results are accepted as known debt. */
export class Baseline {
  private readonly keys = new Set<string>();

  constructor(
    previous: readonly BaselineEntry[],
    private readonly file: string,
  ) {
    for (const r of previous) {
      if (r.status === 'fail' || r.status === 'unknown') this.keys.add(Baseline.key(r));
    }
  }

  static key(r: Pick<BaselineEntry, 'ruleId' | 'resource' | 'location'>): string {
    return `${r.ruleId}\u0000${r.resource.address}\u0000${r.resource.type.toLowerCase()}\u0000${r.location?.file ?? ''}`;
  }

  match(result: Result): Suppression | undefined {
    if (result.status !== 'fail' && result.status !== 'unknown') return undefined;
    if (!this.keys.has(Baseline.key(result))) return undefined;
    return { kind: 'baseline', justification: `present in the baseline ${this.file}` };
  }
}
