/**
 * Shared pieces of the robustness suite: the seeds (files that ship with the repository and small
 * templates written here), the invariants every frontend must keep on any input, and counters that
 * the suite prints so a run says how many inputs it tried.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import type { FrontendOutput } from '../../src/frontends/types.js';
import { parseHclText } from '../../src/frontends/terraform/hcl/parser.js';
import { repoRoot } from '../harness/fixtures.js';
import { TRICKY } from '../support/hcl-reference/inputs.js';
import { hclSyntaxFile } from './generators.js';

export interface Seed {
  name: string;
  text: string;
}

function walk(dir: string, out: string[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true }).map((d) => (d.isDirectory() ? `${d.name}/` : d.name));
  } catch {
    return out;
  }
  for (const n of names.sort()) {
    if (n === 'node_modules/' || n.startsWith('.')) continue;
    if (n.endsWith('/')) walk(join(dir, n), out);
    else out.push(join(dir, n));
  }
  return out;
}

/** Repository files with one of these extensions under examples/ and every `fixtures` folder of src/. */
export function repositorySeeds(extensions: string[]): Seed[] {
  const files = [...walk(join(repoRoot, 'examples'), []), ...walk(join(repoRoot, 'src'), []).filter((f) => /[\\/]fixtures[\\/]/.test(f))];
  return files
    .filter((f) => extensions.some((e) => f.endsWith(e)))
    .map((f) => ({ name: relative(repoRoot, f).split('\\').join('/'), text: readFileSync(f, 'utf8') }));
}

/**
 * Seeds for the HCL parser: the repository's Terraform files, the hand-written tricky inputs the reference
 * comparison uses, and generated well-formed files.
 */
export function hclSeeds(): Seed[] {
  return [
    ...repositorySeeds(['.tf', '.tfvars']),
    ...Object.entries(TRICKY).map(([name, text]) => ({ name, text })),
    ...fc.sample(hclSyntaxFile, { numRuns: 30, seed: 0x53454544 }).map((text, i) => ({ name: `generated ${i}`, text })),
  ];
}

/**
 * Parses `text` with every top-level body deferred that can be (ParseOptions.deferBody) and at once, and
 * compares the diagnostics, the trees and the comments (serializing reads every deferred body). Returns
 * how many blocks were deferred and what differs first, if anything.
 */
export function deferralDifference(text: string): { deferred: number; blocks: number; difference?: string } {
  const eager = parseHclText('m.tf', text);
  const lazy = parseHclText('m.tf', text, 'HclSyntax', { deferBody: () => true });
  const blocks = lazy.file.body.blocks.length;
  const deferred = lazy.file.body.blocks.filter((b) => Object.getPrototypeOf(b) !== Object.prototype).length;
  const compared: [string, unknown, unknown][] = [
    ['diagnostics', lazy.diagnostics, eager.diagnostics],
    ['tree', lazy.file.body, eager.file.body],
    ['comments', lazy.file.comments, eager.file.comments],
  ];
  for (const [what, a, b] of compared) {
    const sa = JSON.stringify(a);
    const sb = JSON.stringify(b);
    if (sa !== sb) {
      let at = 0;
      while (sa[at] === sb[at]) at++;
      return { deferred, blocks, difference: `${what} differ: deferred …${sa.slice(Math.max(0, at - 80), at + 80)}… built at once …${sb.slice(Math.max(0, at - 80), at + 80)}…` };
    }
  }
  return { deferred, blocks };
}

/** Codes of internal faults: a frontend that threw. None may appear on any input. */
export function internalFaults(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.code.startsWith('AZM9'));
}

/**
 * The invariants of a frontend's output: no internal fault, and every diagnostic that carries a range
 * points inside a file the output read (start <= end <= length).
 */
export function assertWellFormed(out: FrontendOutput, label: string): void {
  const faults = internalFaults(out.diagnostics);
  assert.deepEqual(faults, [], `${label}: internal fault ${JSON.stringify(faults[0])}`);
  for (const d of out.diagnostics) {
    assert.match(d.code, /^AZM[1-4]\d{3}$/, `${label}: unexpected code ${d.code}`);
    assert.ok(d.message.length > 0, `${label}: empty message for ${d.code}`);
    if (!d.ref) continue;
    const src = out.sources.get(d.ref.file);
    assert.ok(src, `${label}: ${d.code} points at '${d.ref.file}', which was not read`);
    const { start, end } = d.ref;
    assert.ok(Number.isInteger(start) && Number.isInteger(end), `${label}: ${d.code} has a non-integer range ${start}..${end}`);
    assert.ok(start >= 0 && start <= end && end <= src.text.length, `${label}: ${d.code} range ${start}..${end} is outside 0..${src.text.length} (${d.message})`);
  }
  for (const r of out.resources) {
    if (!r.ref) continue;
    const src = out.sources.get(r.ref.file);
    assert.ok(src, `${label}: resource ${r.address} points at '${r.ref.file}', which was not read`);
    assert.ok(r.ref.start >= 0 && r.ref.start <= r.ref.end && r.ref.end <= src.text.length, `${label}: resource ${r.address} range outside the text`);
  }
}

/** Counts inputs per property so the suite can say how many it tried. */
export class Tally {
  private readonly counts = new Map<string, number>();
  add(name: string, n = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }
  private slowest: { name: string; millis: number; input: unknown } | undefined;
  time(name: string, millis: number, input: unknown): void {
    if (!this.slowest || millis > this.slowest.millis) this.slowest = { name, millis, input };
  }
  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
  summary(suite: string): string {
    const parts = [...this.counts].map(([k, v]) => `${k}: ${v}`);
    const slow = this.slowest ? `; slowest ${this.slowest.millis.toFixed(0)} ms (${this.slowest.name}: ${preview(this.slowest.input, 160)})` : '';
    return `${suite}: ${this.total()} inputs tried (${parts.join('; ')})${slow}`;
  }
}

/** Resident memory growth sanity bound for pathological inputs. */
export const RSS_BOUND_BYTES = 1.5 * 1024 * 1024 * 1024;

/** Short printable form of a fuzz input: long texts are cut, so a failure report stays readable. */
export function preview(value: unknown, max = 600): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}…(${v.length} chars)` : v));
  return s.length > max ? `${s.slice(0, max)}…(${s.length} chars)` : s;
}

export interface Slowest {
  millis: number;
  input: string;
}

/**
 * Runs a property with a fixed seed and, on failure, throws an error that carries the property's own
 * message and a cut-down counterexample (node's runner does not print an error's `cause`).
 * Returns the slowest input seen, so the suite can report it.
 */
export function checkProperty<T>(name: string, tally: Tally, arb: fc.Arbitrary<T>, body: (value: T) => void, params: { seed: number; numRuns: number }): Slowest {
  const slowest: Slowest = { millis: 0, input: '' };
  const details = fc.check(
    fc.property(arb, (value) => {
      tally.add(name);
      const t0 = performance.now();
      body(value);
      const ms = performance.now() - t0;
      if (ms > slowest.millis) {
        slowest.millis = ms;
        slowest.input = preview(value, 300);
      }
      tally.time(name, ms, value);
    }),
    params,
  );
  if (details.failed) {
    const err = details.errorInstance;
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${name}: property failed (seed ${params.seed}, path ${details.counterexamplePath ?? '?'}): ${why}\ncounterexample: ${preview(details.counterexample)}`);
  }
  return slowest;
}

/** `checkProperty` for asynchronous frontends (Terraform loads its grammar and evaluates asynchronously). */
export async function checkAsyncProperty<T>(name: string, tally: Tally, arb: fc.Arbitrary<T>, body: (value: T) => Promise<void>, params: { seed: number; numRuns: number }): Promise<void> {
  const details = await fc.check(
    fc.asyncProperty(arb, async (value) => {
      tally.add(name);
      const t0 = performance.now();
      await body(value);
      tally.time(name, performance.now() - t0, value);
    }),
    params,
  );
  if (details.failed) {
    const err = details.errorInstance;
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`${name}: property failed (seed ${params.seed}, path ${details.counterexamplePath ?? '?'}): ${why}\ncounterexample: ${preview(details.counterexample)}`);
  }
}
