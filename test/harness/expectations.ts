/**
 * Inline expectations in fixtures, the same in every format:
 *   // Noncompliant@+1 {{exact message}}        (JSONC, Bicep; `#` in HCL)
 *   // Unknown@+2 AZM-MTLS-001 {{...}}           (status, optional rule id, optional exact message)
 * `@+N`/`@-N` is relative to the comment's line; without it, the comment's own line (a trailing comment).
 */
import type { Result, Status } from './types.js';

export interface Expectation {
  file: string;
  /** Line of the annotation comment. */
  commentLine: number;
  /** Line the primary location must start on. */
  line: number;
  status: Status;
  ruleId?: string;
  message?: string;
}

const KEYWORDS: Record<string, Status> = {
  Noncompliant: 'fail',
  Unknown: 'unknown',
  Pass: 'pass',
  NotApplicable: 'not-applicable',
};

const ANNOTATION = /(?:\/\/|#)\s*(Noncompliant|Unknown|Pass|NotApplicable)(?:@([+-]\d+))?(?:\s+(AZM-[A-Z]+-\d{3}))?(?:\s*\{\{(.*?)\}\})?/g;

export function parseExpectations(file: string, text: string): Expectation[] {
  const out: Expectation[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    ANNOTATION.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = ANNOTATION.exec(line)) !== null) {
      const commentLine = i + 1;
      const e: Expectation = {
        file,
        commentLine,
        line: commentLine + (m[2] ? Number(m[2]) : 0),
        status: KEYWORDS[m[1]!]!,
      };
      if (m[3]) e.ruleId = m[3];
      if (m[4] !== undefined) e.message = m[4];
      out.push(e);
    }
  }
  return out;
}

export interface Mismatch {
  missing: Expectation[];
  unexpected: Result[];
}

/**
 * Matches results to expectations one to one. Every expectation must be met; every fail or unknown
 * result in an annotated file must be expected (pass and not-applicable only when annotated).
 */
export function compare(expectations: Expectation[], results: Result[], files: Set<string>): Mismatch {
  const remaining = results.filter((r) => r.location && files.has(r.location.file));
  const missing: Expectation[] = [];
  for (const e of expectations) {
    const idx = remaining.findIndex(
      (r) =>
        r.status === e.status &&
        r.location!.file === e.file &&
        r.location!.startLine === e.line &&
        (e.ruleId === undefined || r.ruleId === e.ruleId) &&
        (e.message === undefined || r.message === e.message),
    );
    if (idx < 0) missing.push(e);
    else remaining.splice(idx, 1);
  }
  const unexpected = remaining.filter((r) => r.status === 'fail' || r.status === 'unknown');
  return { missing, unexpected };
}

export function describeMismatch(m: Mismatch, results: Result[]): string {
  const lines: string[] = [];
  for (const e of m.missing) {
    lines.push(`expected ${e.status}${e.ruleId ? ` ${e.ruleId}` : ''} at ${e.file}:${e.line}${e.message !== undefined ? ` {{${e.message}}}` : ''} (annotation on line ${e.commentLine})`);
  }
  for (const r of m.unexpected) {
    lines.push(`unexpected ${r.status} ${r.ruleId} at ${r.location?.file}:${r.location?.startLine} {{${r.message}}}`);
  }
  lines.push('all results:');
  for (const r of results) lines.push(`  ${r.status} ${r.ruleId} ${r.location?.file}:${r.location?.startLine}:${r.location?.startColumn} {{${r.message}}}`);
  return lines.join('\n');
}
