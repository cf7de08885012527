/** What one `loadArm` call shares across the template and every nested or linked template: limits, caches, diagnostics. */
import { diagnostic, type Diagnostic, type DiagnosticKind } from '../../core/diagnostics.js';
import type { SourceRef, SourceSet } from '../../core/source.js';
import type { ReadFile } from '../types.js';
import { parseArmString, type ParsedString } from './expression.js';
import { refOf, type JNode } from './jsonc.js';

/** A template read through `templateLink.relativePath`. */
export interface LinkedTemplate {
  file: string;
  text: string;
  root: JNode;
}

export interface ArmLimits {
  /** Expression evaluation steps per loaded unit. */
  maxSteps: number;
  /** Wall-clock milliseconds per loaded unit. */
  maxMillis: number;
  /** Instances per copy loop. */
  maxCopy: number;
  /** Nested and linked deployments inside each other. */
  maxDeploymentDepth: number;
  /** Variables, parameters and user functions evaluating each other. */
  maxEvalDepth: number;
}

export const DEFAULT_LIMITS: ArmLimits = {
  maxSteps: 5_000_000,
  maxMillis: 10_000,
  maxCopy: 10_000,
  maxDeploymentDepth: 16,
  maxEvalDepth: 1_000,
};

export class ArmContext {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  steps = 0;
  private deadline: number;
  /** Set once a budget is exhausted; from then on every expression is unresolved, quickly. */
  exhausted: string | undefined;
  /** While evaluating on demand after the load (see `detached`), diagnostics are not collected. */
  private muted = false;
  readonly addresses = new Set<string>();
  /** Parameters, variables and functions being evaluated, outermost first: for cycle messages and the depth limit. */
  readonly evalStack: string[] = [];
  /** Linked templates by path; null when unreadable or unparsable (reported once). */
  readonly linked = new Map<string, LinkedTemplate | null>();
  /**
   * Lower resources of every type. Otherwise a resource no rule judges, with no child resources, is not
   * lowered at all (its name, copy count and condition decide nothing): see `relevance.ts`.
   */
  lowerEveryResource = false;

  constructor(
    readonly sources: SourceSet,
    readonly readFile: ReadFile,
    readonly limits: ArmLimits,
    readonly rootFile: string,
  ) {
    this.deadline = Date.now() + limits.maxMillis;
  }

  /** Adds a diagnostic once: copy instances re-evaluate the same text and would repeat it. */
  report(kind: DiagnosticKind, file: string, message: string, ref?: SourceRef): void {
    if (this.muted) return;
    const key = `${kind}|${ref ? `${ref.file}:${ref.start}:${ref.end}` : file}|${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(diagnostic(kind, file, message, ref));
  }

  /** Reads a string node as a template-language string, once per node: copies evaluate the same node again. */
  parseString(node: JNode): ParsedString {
    return (node.parsed ??= parseArmString(node.value as string));
  }

  /** Counts one evaluation step at the string `node` of `file`; false once the step or time budget is spent. */
  tick(file: string, node: JNode): boolean {
    if (this.exhausted) return false;
    this.steps++;
    if (this.steps > this.limits.maxSteps) {
      this.exhausted = `evaluation stopped after ${this.limits.maxSteps} steps`;
      this.report('LimitExceeded', this.rootFile, `The template needs more than ${this.limits.maxSteps} evaluation steps; the rest is not evaluated`, refOf(file, node));
      return false;
    }
    if ((this.steps & 4095) === 0 && Date.now() > this.deadline) {
      this.exhausted = `evaluation stopped after ${this.limits.maxMillis} ms`;
      this.report('TimeBudget', this.rootFile, `Evaluating the template took longer than ${this.limits.maxMillis} ms; the rest is not evaluated`, refOf(file, node));
      return false;
    }
    return true;
  }

  /** Runs `f` without collecting diagnostics (the budget still counts). */
  silently<T>(f: () => T): T {
    const muted = this.muted;
    this.muted = true;
    try {
      return f();
    } finally {
      this.muted = muted;
    }
  }

  /**
   * Evaluates on demand after the load (a resource body no rule judged during the load), with a budget of
   * its own. Faults found then are not reported: the load has returned its diagnostics already.
   */
  detached<T>(f: () => T): T {
    const saved = { steps: this.steps, exhausted: this.exhausted, deadline: this.deadline, muted: this.muted };
    this.steps = 0;
    this.exhausted = undefined;
    this.deadline = Date.now() + this.limits.maxMillis;
    this.muted = true;
    try {
      return f();
    } finally {
      this.steps = saved.steps;
      this.exhausted = saved.exhausted;
      this.deadline = saved.deadline;
      this.muted = saved.muted;
    }
  }

  /** A unique address within the unit; a repeated one (a template fault ARM would reject) gets a suffix. */
  uniqueAddress(address: string): string {
    if (!this.addresses.has(address)) {
      this.addresses.add(address);
      return address;
    }
    for (let i = 2; ; i++) {
      const a = `${address}#${i}`;
      if (!this.addresses.has(a)) {
        this.addresses.add(a);
        return a;
      }
    }
  }
}
