/**
 * Three-valued judgement of properties. Each property a rule depends on becomes an `Outcome` (pass,
 * fail or unknown, with the clause the message says and the place it is written); outcomes combine
 * so that known values decide whenever they can (`false AND unknown` is `false`), and an unknown
 * result names every unresolved value it depends on.
 */
import type { SourceRef } from '../../core/source.js';
import type { Attr } from '../../model/access.js';
import type { FixIntent, Reason, Severity, Verdict } from '../../engine/rule.js';
import { scalar, type Related, type Scalar } from '../../model/value.js';
import { clip } from './values.js';

export type State = 'pass' | 'fail' | 'unknown';

export interface Outcome {
  state: State;
  /** The clause for the message, e.g. "clientCertMode is 'Optional' (portal: Allow)". */
  text: string;
  ref?: SourceRef;
  via?: Related[];
}

/** What a classifier returns for a value that is known (written, defaulted or absent). */
export interface Judged {
  state: State;
  text: string;
}

export function outcome(state: State, text: string, at?: { ref?: SourceRef; via?: Related[] }): Outcome {
  const o: Outcome = { state, text };
  if (at?.ref) o.ref = at.ref;
  if (at?.via && at.via.length > 0) o.via = at.via;
  return o;
}

function quote(v: Scalar): string {
  return typeof v === 'string' ? `'${clip(v)}'` : String(v);
}

/**
 * Judges one property. `classify` sees only attrs whose value is known (explicit, default or absent).
 * An unresolved value with `candidates` (a parameter's allowed values) is decided when every candidate
 * gets the same answer; otherwise, and without candidates, the outcome is unknown and says why.
 */
export function judgeAttr(a: Attr, label: string, classify: (known: Attr) => Judged): Outcome {
  const at = { ref: a.ref, via: a.via };
  if (a.origin !== 'unresolved') {
    const j = classify(a);
    return outcome(j.state, j.text, at);
  }
  const expression = clip(a.expression ?? '(an expression)');
  const reason = a.reason ?? 'its value is not known before deployment';
  const candidates = a.node?.t === 'unresolved' ? a.node.candidates : undefined;
  if (candidates && candidates.length > 0) {
    const list = candidates.map(quote).join(', ');
    const judged = candidates.map((c) => classify({ path: a.path, origin: 'explicit', node: scalar(c), ...(a.ref ? { ref: a.ref } : {}) }));
    const first = judged[0]!.state;
    if (first !== 'unknown' && judged.every((j) => j.state === first)) {
      const clauses = [...new Set(judged.map((j) => j.text))].join(', ');
      return outcome(first, `every allowed value of ${expression} (${list}) ${first === 'pass' ? 'passes' : 'fails'}: ${clauses}`, at);
    }
    return outcome('unknown', `${label} comes from ${expression}, which cannot be resolved (${reason}); its allowed values ${list} do not all give the same answer`, at);
  }
  return outcome('unknown', `${label} comes from ${expression}, which cannot be resolved (${reason})`, at);
}

export interface Combined {
  state: State;
  /** The outcomes that decide the state: every failure, else every unknown, else every pass. */
  deciding: Outcome[];
}

/** Pass iff every outcome passes; any known failure decides fail whatever the unknowns are. */
export function allOf(outcomes: readonly Outcome[]): Combined {
  const fails = outcomes.filter((o) => o.state === 'fail');
  if (fails.length > 0) return { state: 'fail', deciding: fails };
  const unknowns = outcomes.filter((o) => o.state === 'unknown');
  if (unknowns.length > 0) return { state: 'unknown', deciding: unknowns };
  return { state: 'pass', deciding: [...outcomes] };
}

/** Pass iff some outcome passes; fail only when every outcome is known to fail. */
export function anyOf(outcomes: readonly Outcome[]): Combined {
  const passes = outcomes.filter((o) => o.state === 'pass');
  if (passes.length > 0) return { state: 'pass', deciding: passes };
  const unknowns = outcomes.filter((o) => o.state === 'unknown');
  if (unknowns.length > 0) return { state: 'unknown', deciding: unknowns };
  return { state: 'fail', deciding: [...outcomes] };
}

export interface Wording {
  /** Imperative, for failures: "Require client certificates". */
  fail: string;
  /** Factual, for passes: "Client certificates are required". */
  pass: string;
  /** For unknowns: "Cannot tell whether client certificates are required". */
  unknown: string;
}

export interface VerdictExtras {
  fixes?: FixIntent[];
  severity?: Severity;
  /** A sentence appended to the message (e.g. a suggestion on a pass). */
  note?: string;
  primary?: SourceRef;
}

/** Turns a combined outcome into a verdict whose message lists every deciding clause. */
export function toVerdict(c: Combined, wording: Wording, extras: VerdictExtras = {}): Verdict {
  const lead = c.state === 'fail' ? wording.fail : c.state === 'pass' ? wording.pass : wording.unknown;
  const clauses = c.deciding.map((o) => o.text).join('; ');
  const message = `${lead}: ${clauses}.${extras.note ? ` ${extras.note}` : ''}`;
  const reasons: Reason[] = c.deciding.map((o) => {
    const r: Reason = { message: o.text };
    if (o.ref) r.ref = o.ref;
    if (o.via) r.via = o.via;
    return r;
  });
  const v: Verdict = { status: c.state, message, reasons };
  if (extras.fixes && extras.fixes.length > 0) v.fixes = extras.fixes;
  if (extras.severity) v.severity = extras.severity;
  if (extras.primary) v.primary = extras.primary;
  return v;
}
