/**
 * Inline suppressions: `// azmtls-ignore AZM-MTLS-001 -- justification; until=2027-01-31` on the line
 * before a resource declaration or one of its properties. The comment applies to the statement that
 * starts on the next line (the whole declaration or the whole property, even when it spans lines).
 */
import type { InlineSuppression } from '../../model/resource.js';
import type { BicepFile, Expr, ObjectExpr, ResourceDecl, Span } from './syntax.js';

export interface SuppressionSite {
  suppression: InlineSuppression;
}

const MARKER = /^\/\/\s*azmtls-ignore\b(.*)$/;

/** Parses the text after `azmtls-ignore`: rule ids, then an optional `-- justification; until=DATE`. */
export function parseSuppression(rest: string): { rules: string[]; justification?: string; until?: string } {
  const dash = rest.indexOf('--');
  const head = dash >= 0 ? rest.slice(0, dash) : rest;
  const rules = head.split(/[\s,]+/).filter((x) => x.length > 0);
  if (dash < 0) return { rules };
  let justification = rest.slice(dash + 2).trim();
  let until: string | undefined;
  const m = /;?\s*until=(\S+)\s*$/.exec(justification);
  if (m) {
    until = m[1];
    justification = justification.slice(0, m.index).trim();
  }
  return { rules, ...(justification ? { justification } : {}), ...(until ? { until } : {}) };
}

export function collectSuppressions(ast: BicepFile, text: string, file: string): SuppressionSite[] {
  const candidates = ast.comments.filter((c) => c.line && MARKER.test(c.text));
  if (candidates.length === 0) return [];
  // Statements a comment can apply to: declarations and object properties (walked iteratively).
  const statements: Span[] = [];
  const stack: Expr[] = [];
  for (const d of ast.declarations) {
    statements.push({ start: d.start, end: d.end });
    if (d.kind === 'resource' || d.kind === 'module') stack.push(d.body);
  }
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e.kind === 'object') pushObject(e, statements, stack);
    else if (e.kind === 'if') stack.push(e.body);
    else if (e.kind === 'for') stack.push(e.body);
    else if (e.kind === 'array') for (const i of e.items) stack.push(i.kind === 'spread' ? i.value : i);
  }
  statements.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: SuppressionSite[] = [];
  for (const c of candidates) {
    const parsed = parseSuppression(MARKER.exec(c.text)![1]!);
    // The next line's first statement.
    let lineEnd = c.end;
    while (lineEnd < text.length && text.charCodeAt(lineEnd) !== 10) lineEnd++;
    const nextStart = lineEnd + 1;
    let nextEnd = nextStart;
    while (nextEnd < text.length && text.charCodeAt(nextEnd) !== 10 && text.charCodeAt(nextEnd) !== 13) nextEnd++;
    const stmt = statements.find((s) => s.start >= nextStart && s.start <= nextEnd);
    const appliesTo = stmt ?? { start: nextStart, end: nextEnd };
    out.push({
      suppression: {
        rules: parsed.rules,
        ...(parsed.justification ? { justification: parsed.justification } : {}),
        ...(parsed.until ? { until: parsed.until } : {}),
        ref: { file, start: c.start, end: c.end },
        appliesTo: { file, start: appliesTo.start, end: Math.max(appliesTo.start, appliesTo.end) },
      },
    });
  }
  return out;
}

function pushObject(o: ObjectExpr, statements: Span[], stack: Expr[]): void {
  for (const item of o.items) {
    if (item.kind === 'resource') {
      statements.push({ start: item.start, end: item.end });
      stack.push(item.body);
    } else if (item.kind === 'property') {
      statements.push({ start: item.start, end: item.end });
      stack.push(item.value);
    }
  }
}

/** The suppressions whose statement lies inside the declaration (its own head or one of its properties). */
export function suppressionsFor(sites: SuppressionSite[], d: ResourceDecl): InlineSuppression[] {
  const out: InlineSuppression[] = [];
  for (const s of sites) {
    const a = s.suppression.appliesTo;
    if (a.start >= d.start && a.start < d.end) {
      // A comment before a nested resource belongs to that resource, not to its parent.
      const nested = d.body.kind === 'object' ? d.body.items.find((i) => i.kind === 'resource' && a.start >= i.start && a.start < i.end) : undefined;
      if (!nested) out.push(s.suppression);
    }
  }
  return out;
}
