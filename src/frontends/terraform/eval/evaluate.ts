/**
 * Evaluates HCL expressions the way Terraform does at plan time, in the shared `Value` domain. Anything
 * Terraform would only know during apply, or that azmtls cannot know (a variable without a value, a
 * sensitive value), is an `Unresolved` marker that says why; operations propagate it, and a conditional
 * whose test is unknown keeps both candidates when they are plain values.
 */
import type { Diagnostic, DiagnosticKind } from '../../../core/diagnostics.js';
import { diagnostic } from '../../../core/diagnostics.js';
import type { SourceRef } from '../../../core/source.js';
import { arrayNode, fromValue, getKey, hasKey, objectNode, setKey, setProp, unresolved, Unresolved, type Scalar, type Value, type VNode } from '../../../model/value.js';
import { MAX_RESULT_CHARS, MAX_RESULT_ELEMENTS, treeSize } from '../../expressions/size.js';
import type { Expr, HclFile, Span, TemplatePart, TraversalStep } from '../hcl/ast.js';
import { callTfFunction, isKnownTfFunction } from './functions.js';
import { BudgetExceeded, EvalError, equal, firstUnresolved, isObj, toBool, toNum, toStr, typeName, type Obj } from './values.js';

export type Scope = ReadonlyMap<string, Value>;

export interface Resolved {
  value: Value;
  /** How many traversal steps after the root the namespace consumed. */
  used: number;
}

/** Resolves the names a module defines: var, local, module, data, resource types, count, each, path, terraform, self. */
export interface Namespace {
  resolve(root: string, steps: TraversalStep[], ev: Evaluator, whole: Expr, scope: Scope): Resolved | undefined;
}

export class Budget {
  private steps = 0;
  private readonly deadline: number;
  constructor(
    private readonly maxSteps: number,
    timeMs: number,
  ) {
    this.deadline = Date.now() + timeMs;
  }
  tick(): void {
    this.steps++;
    if (this.steps > this.maxSteps) throw new BudgetExceeded('steps');
    if ((this.steps & 1023) === 0 && Date.now() > this.deadline) throw new BudgetExceeded('time');
  }
}

export interface EvalHost {
  workDir: string;
  readFile(path: string): string | undefined;
  budget: Budget;
  report(d: Diagnostic): void;
}

const MAX_COLLECTION = 100_000;

const TOO_LARGE = `the value is too large (more than ${MAX_RESULT_ELEMENTS} values, nested ones included)`;
const TOO_LONG = `the string is too long (more than ${MAX_RESULT_CHARS} characters)`;

/** What is left of the size limit while one literal is lowered element by element. */
interface Room {
  left: number;
  reported: boolean;
}

export class Evaluator {
  constructor(
    readonly file: HclFile,
    private readonly ns: Namespace,
    private readonly host: EvalHost,
  ) {}

  text(s: Span): string {
    return this.file.text.slice(s.start, s.end);
  }

  ref(s: Span): SourceRef {
    return { file: this.file.path, start: s.start, end: s.end };
  }

  warn(kind: DiagnosticKind, message: string, s: Span): void {
    this.host.report(diagnostic(kind, this.file.path, message, this.ref(s)));
  }

  /** Evaluates, turning evaluation errors into an AZM2001 diagnostic and an Unresolved value. */
  evaluate(e: Expr, scope: Scope = EMPTY): Value {
    try {
      return this.eval(e, scope);
    } catch (err) {
      if (err instanceof EvalError) {
        this.host.report(diagnostic('EvaluationError', this.file.path, `${err.message} in ${clip(this.text(e))}`, err.ref ?? this.ref(e)));
        return new Unresolved(this.text(e), `could not be evaluated: ${err.message}`, this.ref(e));
      }
      throw err;
    }
  }

  /**
   * Like `evaluate`, but object and tuple literals keep the position of every element, so a finding about
   * `properties.clientCertMode` inside an azapi body points at that line.
   */
  node(e: Expr, scope: Scope = EMPTY, room: Room = { left: MAX_RESULT_ELEMENTS, reported: false }): VNode {
    // Each element is bounded by eval, but a literal of many elements could still add up past the limit.
    if (--room.left < 0) return this.tooLargeNode(e, room);
    if (e.k === 'paren') return this.node(e.expr, scope, room);
    if (e.k === 'object') {
      const o = objectNode(this.ref(e));
      for (const el of e.elems) {
        const key = el.bareKey ?? this.evaluate(el.key, scope);
        if (typeof key !== 'string') return this.valueNode(e, this.evaluate(e, scope), room);
        setProp(o, key, this.node(el.value, scope, room), this.ref(el));
      }
      return o;
    }
    if (e.k === 'tuple') return arrayNode(e.items.map((x) => this.node(x, scope, room)), this.ref(e));
    return this.valueNode(e, this.evaluate(e, scope), room);
  }

  private valueNode(e: Expr, v: Value, room: Room): VNode {
    room.left -= treeSize(v) - 1;
    if (room.left < 0) return this.tooLargeNode(e, room);
    return fromValue(v, this.ref(e));
  }

  private tooLargeNode(e: Expr, room: Room): VNode {
    if (!room.reported) {
      room.reported = true;
      this.warn('EvaluationError', `${TOO_LARGE} in ${clip(this.text(e))}`, e);
    }
    return unresolved(this.text(e), TOO_LARGE, this.ref(e));
  }

  eval(e: Expr, scope: Scope): Value {
    this.host.budget.tick();
    const v = this.evalExpr(e, scope);
    // `[local.v, local.v]` on every local costs nothing to build but doubles the value written out, and
    // whatever walks it later (equality, jsonencode, lowering into the model) would walk 2^n nodes.
    if (typeof v === 'string') {
      if (v.length > MAX_RESULT_CHARS) throw new EvalError(TOO_LONG, this.ref(e));
    } else if (typeof v === 'object' && v !== null && !(v instanceof Unresolved) && treeSize(v) > MAX_RESULT_ELEMENTS) {
      throw new EvalError(TOO_LARGE, this.ref(e));
    }
    return v;
  }

  private evalExpr(e: Expr, scope: Scope): Value {
    switch (e.k) {
      case 'lit':
        return e.value;
      case 'paren':
        return this.eval(e.expr, scope);
      case 'bad':
        throw new EvalError(e.reason, this.ref(e));
      case 'template':
        return this.template(e, e.parts, scope);
      case 'tuple':
        return e.items.map((x) => this.eval(x, scope));
      case 'object': {
        const o: Obj = {};
        for (const el of e.elems) {
          const k = el.bareKey ?? this.eval(el.key, scope);
          if (k instanceof Unresolved) return new Unresolved(this.text(e), k.reason, this.ref(e));
          setKey(o, keyString(k, this.ref(el.key)), this.eval(el.value, scope));
        }
        return o;
      }
      case 'var':
      case 'attr':
      case 'index':
        return this.traversal(e, scope);
      case 'splat':
        return this.splat(e, scope);
      case 'call':
        return this.call(e, scope);
      case 'cond':
        return this.conditional(e, scope);
      case 'unary':
        return this.unary(e, scope);
      case 'binary':
        return this.binary(e, scope);
      case 'forTuple':
      case 'forObject':
        return this.forExpr(e, scope);
    }
  }

  // ----- references -----

  private traversal(e: Expr, scope: Scope): Value {
    const steps: TraversalStep[] = [];
    let cur: Expr = e;
    while (cur.k === 'attr' || cur.k === 'index') {
      steps.push(cur.k === 'attr' ? { k: 'attr', name: cur.name, span: cur } : { k: 'index', key: cur.key, span: cur });
      cur = cur.obj;
    }
    steps.reverse();
    let value: Value;
    let used = 0;
    if (cur.k === 'var') {
      if (scope.has(cur.name)) value = scope.get(cur.name)!;
      else {
        const r = this.ns.resolve(cur.name, steps, this, e, scope);
        if (!r) throw new EvalError(`unknown reference '${cur.name}'`, this.ref(cur));
        value = r.value;
        used = r.used;
      }
    } else value = this.eval(cur, scope);
    const baseEnd = used > 0 ? steps[used - 1]!.span.end : cur.end;
    return this.applySteps(value, steps.slice(used), scope, cur.start, baseEnd);
  }

  applySteps(value: Value, steps: TraversalStep[], scope: Scope, start: number, _end: number): Value {
    let v = value;
    for (const st of steps) {
      const span = { start, end: st.span.end };
      if (v instanceof Unresolved) return new Unresolved(this.text({ start, end: steps[steps.length - 1]!.span.end }), v.reason, v.ref ?? this.ref(span));
      if (st.k === 'attr') {
        if (isObj(v)) {
          if (!hasKey(v, st.name)) throw new EvalError(`this object has no attribute "${st.name}"`, this.ref(st.span));
          v = v[st.name]!;
        } else if (v === null) throw new EvalError(`cannot read "${st.name}" of a null value`, this.ref(st.span));
        else throw new EvalError(`cannot read "${st.name}" of a ${typeName(v)}`, this.ref(st.span));
      } else {
        const k = this.eval(st.key, scope);
        if (k instanceof Unresolved) return new Unresolved(this.text({ start, end: steps[steps.length - 1]!.span.end }), k.reason, this.ref(span));
        v = indexValue(v, k, this.ref(st.span));
      }
    }
    return v;
  }

  private splat(e: Extract<Expr, { k: 'splat' }>, scope: Scope): Value {
    const base = this.eval(e.obj, scope);
    if (base instanceof Unresolved) return new Unresolved(this.text(e), base.reason, base.ref ?? this.ref(e));
    if (base === null) return [];
    const items = Array.isArray(base) ? base : isObj(base) && e.full ? Object.values(base) : [base];
    return items.map((x) => this.applySteps(x, e.steps, scope, e.start, e.end));
  }

  // ----- functions -----

  private call(e: Extract<Expr, { k: 'call' }>, scope: Scope): Value {
    if (e.name.includes('::')) return new Unresolved(this.text(e), `provider function ${e.name} is not evaluated by azmtls`, this.ref(e));
    if (e.name === 'try') {
      for (const a of e.args) {
        try {
          return this.eval(a, scope);
        } catch (err) {
          if (!(err instanceof EvalError)) throw err;
        }
      }
      throw new EvalError('try(): no argument could be evaluated', this.ref(e));
    }
    if (e.name === 'can') {
      try {
        const v = this.eval(e.args[0] ?? { k: 'lit', value: null, start: e.start, end: e.end }, scope);
        const u = firstUnresolved(v);
        return u ? new Unresolved(this.text(e), u.reason, this.ref(e)) : true;
      } catch (err) {
        if (!(err instanceof EvalError)) throw err;
        return false;
      }
    }
    if (!isKnownTfFunction(e.name)) {
      this.warn('UnknownFunction', `unknown function ${e.name}()`, e);
      return new Unresolved(this.text(e), `function ${e.name}() is not known to azmtls`, this.ref(e));
    }
    let args = e.args.map((a) => this.eval(a, scope));
    if (e.expandLast && args.length > 0) {
      const last = args[args.length - 1]!;
      if (last instanceof Unresolved) return new Unresolved(this.text(e), last.reason, this.ref(e));
      if (!Array.isArray(last)) throw new EvalError('the argument before ... must be a list', this.ref(e));
      args = [...args.slice(0, -1), ...last];
    }
    try {
      const v = callTfFunction(e.name, args, { workDir: this.host.workDir, readFile: this.host.readFile, expression: this.text(e) });
      return v instanceof Unresolved && !v.ref ? new Unresolved(v.expression, v.reason, this.ref(e)) : v;
    } catch (err) {
      if (err instanceof EvalError && !err.ref) throw new EvalError(err.message, this.ref(e));
      throw err;
    }
  }

  // ----- operators -----

  private conditional(e: Extract<Expr, { k: 'cond' }>, scope: Scope): Value {
    const t = this.eval(e.test, scope);
    if (t instanceof Unresolved) {
      const a = this.eval(e.then, scope);
      const b = this.eval(e.else, scope);
      if (equal(a, b)) return a;
      const reason = `depends on ${clip(this.text(e.test))}: ${t.reason}`;
      const cands = [a, b].flatMap((x) => (x instanceof Unresolved ? (x.candidates ?? [undefined]) : isScalar(x) ? [x] : [undefined]));
      const candidates = cands.every((x) => x !== undefined) ? (cands as Scalar[]) : undefined;
      return new Unresolved(this.text(e), reason, this.ref(e), candidates);
    }
    const b = toBool(t, 'the condition');
    return this.eval(b ? e.then : e.else, scope);
  }

  private unary(e: Extract<Expr, { k: 'unary' }>, scope: Scope): Value {
    const v = this.eval(e.operand, scope);
    if (v instanceof Unresolved) return new Unresolved(this.text(e), v.reason, this.ref(e));
    if (e.op === '!') return !(toBool(v, "the operand of '!'") as boolean);
    return -(toNum(v, "the operand of '-'") as number);
  }

  private binary(e: Extract<Expr, { k: 'binary' }>, scope: Scope): Value {
    const l = this.eval(e.left, scope);
    if (e.op === '&&' || e.op === '||') {
      const lb = l instanceof Unresolved ? l : toBool(l, `the left operand of '${e.op}'`);
      if (lb === (e.op === '||')) return lb;
      const r = this.eval(e.right, scope);
      const rb = r instanceof Unresolved ? r : toBool(r, `the right operand of '${e.op}'`);
      if (rb === (e.op === '||')) return rb;
      const u = lb instanceof Unresolved ? lb : rb instanceof Unresolved ? rb : undefined;
      if (u) return new Unresolved(this.text(e), u.reason, this.ref(e));
      return rb;
    }
    const r = this.eval(e.right, scope);
    const u = firstUnresolved(l) ?? firstUnresolved(r);
    if (u) return new Unresolved(this.text(e), u.reason, this.ref(e));
    switch (e.op) {
      case '==':
        return equal(l, r);
      case '!=':
        return !equal(l, r);
    }
    const a = toNum(l, `the left operand of '${e.op}'`) as number;
    const b = toNum(r, `the right operand of '${e.op}'`) as number;
    switch (e.op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        if (b === 0) throw new EvalError('division by zero', this.ref(e));
        return a / b;
      case '%':
        if (b === 0) throw new EvalError('division by zero', this.ref(e));
        return a % b;
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
    }
    throw new EvalError(`unknown operator ${e.op}`, this.ref(e));
  }

  // ----- for expressions and templates -----

  private entries(coll: Value, where: Span): [Value, Value][] {
    if (Array.isArray(coll)) return coll.map((v, i) => [i, v]);
    if (isObj(coll))
      return Object.keys(coll)
        .sort()
        .map((k) => [k, coll[k]!]);
    if (coll === null) throw new EvalError('cannot iterate over a null value', this.ref(where));
    throw new EvalError(`cannot iterate over a ${typeName(coll)}`, this.ref(where));
  }

  private forExpr(e: Extract<Expr, { k: 'forTuple' | 'forObject' }>, scope: Scope): Value {
    const coll = this.eval(e.coll, scope);
    if (coll instanceof Unresolved) return new Unresolved(this.text(e), coll.reason, this.ref(e));
    const list: Value[] = [];
    const obj: Obj = {};
    const groups: Obj = {};
    const entries = this.entries(coll, e.coll);
    if (entries.length > MAX_COLLECTION) throw new EvalError('collection too large', this.ref(e));
    for (const [k, v] of entries) {
      const inner = new Map(scope);
      if (e.keyVar) inner.set(e.keyVar, k);
      inner.set(e.valVar, v);
      if (e.cond) {
        const c = this.eval(e.cond, inner);
        if (c instanceof Unresolved) return new Unresolved(this.text(e), c.reason, this.ref(e));
        if (!toBool(c, 'the for condition')) continue;
      }
      if (e.k === 'forTuple') list.push(this.eval(e.value, inner));
      else {
        const key = this.eval(e.key, inner);
        if (key instanceof Unresolved) return new Unresolved(this.text(e), key.reason, this.ref(e));
        const ks = keyString(key, this.ref(e.key));
        const val = this.eval(e.value, inner);
        if (e.group) {
          const group = getKey(groups, ks) as Value[] | undefined;
          if (group) group.push(val);
          else setKey(groups, ks, [val]);
        } else {
          if (hasKey(obj, ks)) throw new EvalError(`duplicate key "${ks}" in for expression (use ... to group)`, this.ref(e.key));
          setKey(obj, ks, val);
        }
      }
    }
    if (e.k === 'forTuple') return list;
    return e.k === 'forObject' && e.group ? groups : obj;
  }

  private template(whole: Expr, parts: TemplatePart[], scope: Scope): Value {
    if (parts.length === 1 && parts[0]!.k === 'interp') return this.eval(parts[0]!.expr, scope);
    const out = this.render(whole, parts, scope);
    return out;
  }

  private render(whole: Expr, parts: TemplatePart[], scope: Scope): string | Unresolved {
    let s = '';
    for (const p of parts) {
      if (p.k === 'text') s += p.text;
      else if (p.k === 'interp') {
        const v = this.eval(p.expr, scope);
        const u = firstUnresolved(v);
        if (u) return new Unresolved(this.text(whole), u.reason, this.ref(whole));
        const t = toStr(v, 'an interpolation');
        s += t as string;
      } else if (p.k === 'if') {
        const c = this.eval(p.cond, scope);
        if (c instanceof Unresolved) return new Unresolved(this.text(whole), c.reason, this.ref(whole));
        const r = this.render(whole, toBool(c, 'the %{if} condition') ? p.then : p.else, scope);
        if (r instanceof Unresolved) return r;
        s += r;
      } else {
        const coll = this.eval(p.coll, scope);
        if (coll instanceof Unresolved) return new Unresolved(this.text(whole), coll.reason, this.ref(whole));
        for (const [k, v] of this.entries(coll, whole)) {
          const inner = new Map(scope);
          if (p.keyVar) inner.set(p.keyVar, k);
          inner.set(p.valVar, v);
          const r = this.render(whole, p.body, inner);
          if (r instanceof Unresolved) return r;
          s += r;
          if (s.length > MAX_RESULT_CHARS) throw new EvalError(TOO_LONG, this.ref(whole));
        }
      }
      // Checked on every part: '${local.s}${local.s}' doubles on every local and V8 strings stop at 2^29.
      if (s.length > MAX_RESULT_CHARS) throw new EvalError(TOO_LONG, this.ref(whole));
    }
    return s;
  }
}

const EMPTY: Scope = new Map();

function isScalar(v: Value): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function keyString(k: Value, ref: SourceRef): string {
  const s = toStr(k, 'an object key');
  if (s instanceof Unresolved) throw new EvalError('unknown object key', ref);
  return s;
}

export function indexValue(v: Value, k: Value, ref: SourceRef): Value {
  if (Array.isArray(v)) {
    const i = toNum(k, 'a list index');
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= v.length) throw new EvalError(`index ${String(k)} is out of range (length ${v.length})`, ref);
    return v[i]!;
  }
  if (isObj(v)) {
    const key = toStr(k, 'a map key') as string;
    if (!hasKey(v, key)) throw new EvalError(`the map has no key "${key}"`, ref);
    return v[key]!;
  }
  throw new EvalError(`cannot index a ${typeName(v)}`, ref);
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 80 ? one.slice(0, 77) + '...' : one;
}
