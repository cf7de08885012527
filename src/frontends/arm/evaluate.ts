/**
 * Template semantics of the ARM template language: parameters, variables (lazy, memoized, cycle-checked),
 * `copy` loops in variables and properties, `copyIndex()`, `if()` that evaluates only the branch taken,
 * lambdas, user-defined functions, and the deployment-time functions (`reference()`, `list*()`) that a
 * scan cannot know. Everything else is the shared function library's business.
 */
import type { SourceRef } from '../../core/source.js';
import { Unresolved, hasKey, isPlainObject, isUnresolved, containsUnresolved, setKey, type Related, type Scalar, type Value, type ValueFunction } from '../../model/value.js';
import { callFunction, isKnownFunction, ExpressionError, type FunctionContext, type ScopeInfo } from '../expressions/index.js';
import { MAX_RESULT_ELEMENTS, isTooLarge } from '../expressions/size.js';
import { findKey } from '../expressions/values.js';
import type { ArmContext } from './context.js';
import type { ArmExpr } from './expression.js';
import { expand } from './fastjson.js';
import { child, childProp, keyOf, refOf, stringOf, stringValueOffset, type JNode } from './jsonc.js';
import { pushAll } from '../../core/arrays.js';

/** Loop indexes and lambda variables in scope, innermost first. */
export interface Env {
  readonly kind: 'copy' | 'lambda';
  /** Lower-case loop or lambda variable name. */
  readonly name: string;
  readonly value: Value;
  /** A resource `copy` (what `copyIndex()` without a name refers to). */
  readonly resourceLoop: boolean;
  readonly parent: Env | undefined;
}

export function bindCopy(parent: Env | undefined, name: string, index: Value, resourceLoop: boolean): Env {
  return { kind: 'copy', name: name.toLowerCase(), value: index, resourceLoop, parent };
}

/** A value supplied for a parameter (parameter file, nested deployment), with where it was written. */
export interface Supplied {
  value: Value;
  ref?: SourceRef;
}

interface ParamEntry {
  readonly name: string;
  readonly file: string;
  /** The `"name": { ... }` declaration. */
  readonly prop: JNode | undefined;
  state: 0 | 1 | 2;
  value: Value;
}

interface VarEntry {
  readonly name: string;
  /** The `"name": value` declaration, or the `copy` element that declares it. */
  readonly prop: JNode;
  readonly node: JNode | undefined;
  /** Declared by the `copy` array of `variables`: `{ name, count, input }`. */
  readonly copySpec: boolean;
  state: 0 | 1 | 2;
  value: Value;
}

interface UserFunction {
  readonly name: string;
  readonly params: string[];
  readonly output: JNode | undefined;
  readonly scope: TemplateScope;
}

/** The string being evaluated: diagnostics point at it. */
export interface Site {
  readonly node: JNode;
  readonly source: string;
  readonly file: string;
}

const AFTER_DEPLOYMENT = 'known only after deployment';

/** How many variables deep `provenance` follows a chain. */
const MAX_PROVENANCE_DEPTH = 16;

export interface ScopeOptions {
  /** Parameter values from a parameters file or a nested deployment's `parameters`. */
  supplied?: Map<string, Supplied>;
  /** `expressionEvaluationOptions.scope: outer`: the parent's parameters and variables are the ones in effect. */
  delegate?: TemplateScope;
  scopeInfo: ScopeInfo;
}

function lowerName(s: string): string {
  return s.toLowerCase();
}

export class TemplateScope {
  private readonly params = new Map<string, ParamEntry>();
  private readonly vars = new Map<string, VarEntry>();
  private readonly functions = new Map<string, UserFunction>();
  readonly fnCtx: FunctionContext;
  private readonly delegate: TemplateScope | undefined;

  constructor(
    readonly ctx: ArmContext,
    readonly file: string,
    readonly text: string,
    template: JNode | undefined,
    opts: ScopeOptions,
  ) {
    this.fnCtx = { scope: opts.scopeInfo };
    this.delegate = opts.delegate;
    if (template) this.declare(template, opts.supplied);
  }

  private declare(template: JNode, supplied: Map<string, Supplied> | undefined): void {
    const params = child(template, 'parameters');
    if (params) {
      if (params.type !== 'object') {
        this.ctx.report('TemplateShape', this.file, "'parameters' must be an object", refOf(this.file, params));
      } else {
        for (const p of params.children ?? []) {
          const name = keyOf(p);
          const entry: ParamEntry = { name, file: this.file, prop: p, state: 0, value: null };
          const s = supplied?.get(lowerName(name));
          if (s) this.supply(entry, s);
          this.params.set(lowerName(name), entry);
        }
      }
    }
    const vars = child(template, 'variables');
    if (vars) {
      if (vars.type !== 'object') {
        this.ctx.report('TemplateShape', this.file, "'variables' must be an object", refOf(this.file, vars));
      } else {
        for (const p of vars.children ?? []) {
          const name = keyOf(p);
          const node = p.children?.[1];
          if (lowerName(name) === 'copy' && node?.type === 'array') {
            for (const spec of node.children ?? []) {
              const specName = stringOf(child(spec, 'name'));
              if (spec.type !== 'object' || specName === undefined) {
                this.ctx.report('TemplateShape', this.file, "a variable 'copy' element needs a 'name', a 'count' and an 'input'", refOf(this.file, spec));
                continue;
              }
              this.vars.set(lowerName(specName), { name: specName, prop: spec, node: spec, copySpec: true, state: 0, value: null });
            }
            continue;
          }
          this.vars.set(lowerName(name), { name, prop: p, node, copySpec: false, state: 0, value: null });
        }
      }
    }
    const functions = child(template, 'functions');
    if (functions?.type === 'array') {
      for (const ns of functions.children ?? []) {
        const nsName = stringOf(child(ns, 'namespace'));
        const members = child(ns, 'members');
        if (nsName === undefined || members?.type !== 'object') {
          this.ctx.report('TemplateShape', this.file, "a 'functions' element needs a 'namespace' and 'members'", refOf(this.file, ns));
          continue;
        }
        for (const m of members.children ?? []) {
          const def = m.children?.[1];
          const params: string[] = [];
          for (const fp of child(def, 'parameters')?.children ?? []) params.push(stringOf(child(fp, 'name')) ?? '');
          const name = `${nsName}.${keyOf(m)}`;
          this.functions.set(lowerName(name), { name, params, output: child(child(def, 'output'), 'value'), scope: this });
        }
      }
    } else if (functions) {
      this.ctx.report('TemplateShape', this.file, "'functions' must be an array", refOf(this.file, functions));
    }
  }

  private supply(entry: ParamEntry, s: Supplied): void {
    const decl = entry.prop?.children?.[1];
    // ARM treats a null value for a parameter with a default as not given (Bicep passes `null` for omitted optional module arguments).
    if (s.value === null && child(decl, 'defaultvalue')) return;
    const type = lowerName(stringOf(child(decl, 'type')) ?? '');
    entry.state = 2;
    entry.value = type === 'securestring' || type === 'secureobject' ? secureValue(entry.name) : s.value;
  }

  /** A scope for a user-defined function's body: only its own parameters are visible. */
  private functionScope(fn: UserFunction, args: Value[]): TemplateScope {
    const s = new TemplateScope(this.ctx, fn.scope.file, fn.scope.text, undefined, { scopeInfo: fn.scope.fnCtx.scope });
    fn.params.forEach((p, i) => s.params.set(lowerName(p), { name: p, file: fn.scope.file, prop: undefined, state: 2, value: args[i] ?? null }));
    for (const [k, f] of fn.scope.functions) s.functions.set(k, f);
    return s;
  }

  /** The JSON a variable is declared with (not evaluated), for a nested template held in a variable. */
  variableNode(name: string, build = true): { node: JNode; scope: TemplateScope } | undefined {
    const l = lowerName(name);
    if (this.delegate?.hasVariable(l)) return this.delegate.variableNode(name, build);
    const v = this.vars.get(l);
    if (!v || v.copySpec || !v.node) return undefined;
    return { node: build ? expand(this.text, v.node) : v.node, scope: this };
  }

  /** The declaration of a parameter or variable, for "value comes from ..." locations. */
  declarationOf(kind: 'parameter' | 'variable', name: string): SourceRef | undefined {
    const l = lowerName(name);
    if (this.delegate) {
      const d = this.delegate.declarationOf(kind, name);
      if (d) return d;
    }
    if (kind === 'parameter') {
      const e = this.params.get(l);
      return e?.prop ? refOf(e.file, e.prop) : undefined;
    }
    const v = this.vars.get(l);
    return v ? refOf(this.file, v.prop) : undefined;
  }

  /**
   * The declarations an expression reads (parameters and variables named by a literal), in reading order,
   * following a variable whose value is itself an expression: `[variables('x')]` with x =
   * `[parameters('p')]` gives x, then p. This is the chain a finding shows as "value comes from ...".
   */
  provenance(expr: ArmExpr): Related[] {
    const out: Related[] = [];
    const seen = new Set<string>();
    const work: { e: ArmExpr; scope: TemplateScope; depth: number }[] = [{ e: expr, scope: this, depth: 0 }];
    while (work.length > 0) {
      const { e, scope, depth } = work.pop()!;
      const next: ArmExpr[] = [];
      if (e.k === 'call') {
        const arg = e.args[0];
        if ((e.lname === 'parameters' || e.lname === 'variables') && e.args.length === 1 && arg?.k === 'string') {
          const kind = e.lname === 'parameters' ? 'parameter' : 'variable';
          const key = `${kind}:${lowerName(arg.value)}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const decl = scope.declarationOf(kind, arg.value);
          if (decl) out.push({ ref: decl, message: `value comes from ${kind} '${arg.value}'` });
          if (kind === 'variable' && depth < MAX_PROVENANCE_DEPTH) {
            const held = scope.variableNode(arg.value, false);
            if (held?.node.type === 'string') {
              const parsed = this.ctx.parseString(held.node);
              if (parsed.kind === 'expression') work.push({ e: parsed.expr, scope: held.scope, depth: depth + 1 });
            }
          }
          continue;
        }
        pushAll(next, e.args);
      } else if (e.k === 'property') {
        next.push(e.target);
      } else if (e.k === 'index') {
        next.push(e.target, e.index);
      }
      // Pushed in reverse so that the first argument is read first.
      for (let i = next.length - 1; i >= 0; i--) work.push({ e: next[i]!, scope, depth });
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Parameters and variables

  parameter(name: string, site: Site | undefined): Value {
    const l = lowerName(name);
    if (this.delegate && this.delegate.hasParameter(l)) return this.delegate.parameter(name, site);
    const e = this.params.get(l);
    if (!e) {
      this.ctx.report('UnknownIdentifier', this.file, `The parameter '${name}' is not declared`, site ? refOf(site.file, site.node) : undefined);
      return new Unresolved(`parameters('${name}')`, `parameter '${name}' is not declared`);
    }
    if (e.state === 2) return e.value;
    if (e.state === 1) return this.cycle('parameter', e.name, e.prop ? refOf(e.file, e.prop) : undefined);
    e.state = 1;
    e.value = this.guarded(`parameters('${e.name}')`, `parameter:${e.name}`, () => this.parameterValue(e));
    e.state = 2;
    return e.value;
  }

  private hasParameter(l: string): boolean {
    return this.params.has(l) || (this.delegate?.hasParameter(l) ?? false);
  }

  private hasVariable(l: string): boolean {
    return this.vars.has(l) || (this.delegate?.hasVariable(l) ?? false);
  }

  private parameterValue(e: ParamEntry): Value {
    const decl = e.prop?.children?.[1];
    const type = lowerName(stringOf(child(decl, 'type')) ?? '');
    if (type === 'securestring' || type === 'secureobject') return secureValue(e.name);
    const def = child(decl, 'defaultvalue');
    if (def) {
      const value = this.evalJson(expand(this.text, def), undefined);
      if (!fitsDeclaredType(type, value)) {
        // ARM rejects such a default when it is used, so a deployment that works passes the value in.
        const reason = `the default value does not match the declared type '${stringOf(child(decl, 'type'))}'; the value must come from the caller`;
        this.ctx.report('ParameterDefaultType', e.file, `The default value of parameter '${e.name}' is ${describeValue(value)}, not of the declared type '${stringOf(child(decl, 'type'))}'; the parameter is treated as unresolved`, e.prop ? refOf(e.file, e.prop) : undefined);
        return new Unresolved(`parameters('${e.name}')`, reason);
      }
      return value;
    }
    // languageVersion 2.0: a nullable parameter without a value is null (Bicep `param x string?`).
    if (child(decl, 'nullable')?.value === true) return null;
    const allowed = child(decl, 'allowedvalues');
    const expression = `parameters('${e.name}')`;
    if (allowed?.type === 'array') {
      const candidates: Scalar[] = [];
      for (const a of allowed.children ?? []) {
        if (a.type === 'string' || a.type === 'number' || a.type === 'boolean' || a.type === 'null') candidates.push(a.value as Scalar);
      }
      return new Unresolved(expression, `parameter '${e.name}' has no default and no value was supplied (allowed: ${candidates.map((c) => JSON.stringify(c)).join(', ')})`, undefined, candidates);
    }
    return new Unresolved(expression, `parameter '${e.name}' has no default and no value was supplied`);
  }

  variable(name: string, site: Site | undefined): Value {
    const l = lowerName(name);
    if (this.delegate && this.delegate.hasVariable(l)) return this.delegate.variable(name, site);
    const e = this.vars.get(l);
    if (!e) {
      this.ctx.report('UnknownIdentifier', this.file, `The variable '${name}' is not declared`, site ? refOf(site.file, site.node) : undefined);
      return new Unresolved(`variables('${name}')`, `variable '${name}' is not declared`);
    }
    if (e.state === 2) return e.value;
    if (e.state === 1) return this.cycle('variable', e.name, refOf(this.file, e.prop));
    e.state = 1;
    e.value = this.guarded(`variables('${e.name}')`, `variable:${e.name}`, () => {
      if (e.copySpec) return this.copyArray(e.prop, e.name, undefined);
      return e.node ? this.evalJson(expand(this.text, e.node), undefined) : null;
    });
    e.state = 2;
    return e.value;
  }

  private cycle(kind: 'parameter' | 'variable', name: string, ref: SourceRef | undefined): Value {
    const key = `${kind}:${name}`;
    const from = this.ctx.evalStack.lastIndexOf(key);
    const chain = [...this.ctx.evalStack.slice(from < 0 ? 0 : from), key].map((k) => k.slice(k.indexOf(':') + 1));
    const reason = `${kind}s reference each other in a cycle: ${chain.join(' -> ')}`;
    this.ctx.report('ReferenceCycle', this.file, `The ${reason}`, ref);
    return new Unresolved(kind === 'parameter' ? `parameters('${name}')` : `variables('${name}')`, reason);
  }

  /** Runs a nested evaluation under the depth limit, keeping the chain for cycle messages. */
  private guarded(expression: string, key: string, f: () => Value): Value {
    if (this.ctx.evalStack.length >= this.ctx.limits.maxEvalDepth) {
      this.ctx.report('LimitExceeded', this.file, `Parameters, variables and functions refer to each other more than ${this.ctx.limits.maxEvalDepth} levels deep`);
      return new Unresolved(expression, 'evaluation is nested too deeply');
    }
    this.ctx.evalStack.push(key);
    try {
      return f();
    } finally {
      this.ctx.evalStack.pop();
    }
  }

  // -------------------------------------------------------------------------------------------
  // JSON values and strings

  /** Evaluates a JSON subtree: expression strings are evaluated, `copy` property loops expanded. */
  evalJson(node: JNode, env: Env | undefined): Value {
    switch (node.type) {
      case 'string':
        return this.evalString(node, env);
      case 'number':
      case 'boolean':
        return node.value as number | boolean;
      case 'null':
        return null;
      case 'array': {
        const out: Value[] = [];
        for (const c of node.children ?? []) out.push(this.evalJson(c, env));
        return this.bounded(out, node, 'The array');
      }
      case 'object': {
        const o: { [k: string]: Value } = {};
        for (const p of node.children ?? []) {
          const v = p.children?.[1];
          if (!v) continue;
          const key = keyOf(p);
          if (key.length === 4 && lowerName(key) === 'copy' && isPropertyCopy(v)) {
            for (const spec of v.children!) {
              const name = stringOf(child(spec, 'name'))!;
              setKey(o, name, this.copyArray(spec, name, env));
            }
            continue;
          }
          setKey(o, this.evalKey(p, env), this.evalJson(v, env));
        }
        return this.bounded(o, node, 'The object');
      }
      default:
        return null;
    }
  }

  /**
   * `"w1": ["[variables('w0')]", "[variables('w0')]"]` on every variable costs nothing to build, since each
   * array holds the previous one twice, but doubles the value written out; whatever walks it later
   * (comparison, lowering into the model) would walk 2^n values.
   */
  private bounded(v: Value[] | { [k: string]: Value }, node: JNode, what: string): Value {
    if (!isTooLarge(v)) return v;
    const reason = `is too large: more than ${MAX_RESULT_ELEMENTS} values, nested ones included`;
    this.ctx.report('EvaluationError', this.file, `${what} ${reason}.`, refOf(this.file, node));
    const written = this.text.slice(node.offset, node.offset + node.length);
    return new Unresolved(written.length > 60 ? `${written.slice(0, 57)}...` : written, `the value ${reason}`);
  }

  /** Property names may be expressions too (`"[parameters('tagName')]": "x"`). */
  evalKey(prop: JNode, env: Env | undefined): string {
    const k = prop.children?.[0];
    const key = keyOf(prop);
    if (!k || key.length < 2 || key.charCodeAt(0) !== 91) return key;
    const v = this.evalString(k, env);
    return typeof v === 'string' ? v : key;
  }

  /** `{ name, count, input }`: an array of `input` evaluated with `copyIndex(name)` bound. */
  copyArray(spec: JNode, name: string, env: Env | undefined): Value {
    const input = child(spec, 'input');
    const count = this.copyCount(spec, env);
    if (isUnresolved(count)) {
      return new Unresolved(`copy '${name}'`, `the number of elements of '${name}' is not known: ${count.reason}`);
    }
    const out: Value[] = [];
    for (let i = 0; i < count; i++) {
      if (this.ctx.exhausted) break;
      out.push(input ? this.evalJson(input, bindCopy(env, name, i, false)) : null);
    }
    return this.bounded(out, spec, `The copy loop '${name}'`);
  }

  /** The `count` of a copy loop, capped; unresolved when it depends on something unknown. */
  copyCount(spec: JNode, env: Env | undefined): number | Unresolved {
    const node = child(spec, 'count');
    if (!node) {
      this.ctx.report('TemplateShape', this.file, "a 'copy' needs a 'count'", refOf(this.file, spec));
      return 0;
    }
    let v = this.evalJson(node, env);
    if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) v = Number(v);
    if (isUnresolved(v)) return v;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      this.ctx.report('EvaluationError', this.file, `The copy count must be a non-negative integer, found ${JSON.stringify(v)}`, refOf(this.file, node));
      return new Unresolved(typeof node.value === 'string' ? node.value : 'count', 'the copy count is not a non-negative integer');
    }
    if (v > this.ctx.limits.maxCopy) {
      this.ctx.report('LimitExceeded', this.file, `The copy count ${v} exceeds the limit of ${this.ctx.limits.maxCopy}; only the first ${this.ctx.limits.maxCopy} are evaluated`, refOf(this.file, node));
      return this.ctx.limits.maxCopy;
    }
    return v;
  }

  /** Evaluates one JSON string: a literal, an escaped `[[` literal or an expression. */
  evalString(node: JNode, env: Env | undefined): Value {
    const s = node.value as string;
    if (s.length < 2 || s.charCodeAt(0) !== 91) return s;
    const parsed = this.ctx.parseString(node);
    if (parsed.kind === 'literal') return parsed.value;
    if (parsed.kind === 'error') {
      const at = stringValueOffset(this.text, node, parsed.error.offset);
      this.ctx.report(
        parsed.error.tooDeep ? 'NestingTooDeep' : 'ExpressionSyntax',
        this.file,
        `Expression syntax error: ${parsed.error.message}`,
        { file: this.file, start: at, end: Math.min(at + 1, node.offset + node.length) },
      );
      return new Unresolved(s, `the expression has a syntax error: ${parsed.error.message}`);
    }
    return this.evalExpr(parsed.expr, env, { node, source: s, file: this.file });
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  evalExpr(e: ArmExpr, env: Env | undefined, site: Site): Value {
    if (!this.ctx.tick(site.file, site.node)) return new Unresolved(site.source.slice(e.start, e.end), this.ctx.exhausted!);
    switch (e.k) {
      case 'string':
      case 'number':
      case 'literal':
        return e.value;
      case 'property': {
        const target = this.evalExpr(e.target, env, site);
        return this.member(target, e.name, e, site);
      }
      case 'index': {
        const target = this.evalExpr(e.target, env, site);
        const index = this.evalExpr(e.index, env, site);
        if (isUnresolved(index) && !isUnresolved(target)) return new Unresolved(site.source.slice(e.start, e.end), index.reason);
        return this.member(target, index, e, site);
      }
      case 'call':
        return this.call(e, env, site);
    }
  }

  private member(target: Value, key: Value, e: ArmExpr, site: Site): Value {
    const text = site.source.slice(e.start, e.end);
    if (isUnresolved(target)) return new Unresolved(text, target.reason);
    if (Array.isArray(target)) {
      if (typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < target.length) return target[key]!;
      return this.fail(site, text, `index ${JSON.stringify(key)} is out of range for an array of ${target.length} elements`);
    }
    if (isPlainObject(target) && typeof key === 'string') {
      const found = findKey(target, key);
      if (found !== undefined) return target[found]!;
      return this.fail(site, text, `the property '${key}' does not exist (properties: ${Object.keys(target).slice(0, 10).join(', ') || 'none'})`);
    }
    return this.fail(site, text, `cannot read ${JSON.stringify(key)} of ${describeValue(target)}`);
  }

  private fail(site: Site, text: string, reason: string): Unresolved {
    this.ctx.report('EvaluationError', site.file, `Cannot evaluate '${text}': ${reason}`, refOf(site.file, site.node));
    return new Unresolved(text, reason);
  }

  private call(e: Extract<ArmExpr, { k: 'call' }>, env: Env | undefined, site: Site): Value {
    const text = site.source.slice(e.start, e.end);
    switch (e.lname) {
      case 'parameters':
      case 'variables': {
        if (e.args.length !== 1) return this.fail(site, text, `${e.name}() takes one argument`);
        const name = this.evalExpr(e.args[0]!, env, site);
        if (isUnresolved(name)) return new Unresolved(text, name.reason);
        if (typeof name !== 'string') return this.fail(site, text, `${e.name}() needs a string name`);
        return e.lname === 'parameters' ? this.parameter(name, site) : this.variable(name, site);
      }
      case 'copyindex':
        return this.copyIndex(e, env, site, text);
      case 'if': {
        if (e.args.length !== 3) return this.fail(site, text, 'if() takes three arguments');
        const cond = this.evalExpr(e.args[0]!, env, site);
        if (cond === true || cond === false) return this.evalExpr(e.args[cond ? 1 : 2]!, env, site);
        if (!isUnresolved(cond)) return this.fail(site, text, `the condition of if() is ${describeValue(cond)}, not a bool`);
        // ARM evaluates only the branch taken; when the condition is unknown, both branches agreeing still decides.
        const a = this.evalExpr(e.args[1]!, env, site);
        const b = this.evalExpr(e.args[2]!, env, site);
        // Both branches are walked below, so each is measured first, as the function library measures arguments.
        for (const [i, v] of [a, b].entries()) {
          if (isTooLarge(v)) return this.fail(site, text, `The ${i === 0 ? 'second' : 'third'} argument of 'if' is too large: more than ${MAX_RESULT_ELEMENTS} values, nested ones included.`);
        }
        if (!containsUnresolved(a) && !containsUnresolved(b) && sameValue(a, b)) return a;
        const reason = `depends on the condition '${site.source.slice(e.args[0]!.start, e.args[0]!.end)}': ${cond.reason}`;
        const candidates = isScalar(a) && isScalar(b) ? [a, b] : undefined;
        return new Unresolved(text, reason, undefined, candidates);
      }
      case 'lambda':
        return this.lambda(e, env, site, text);
      case 'lambdavariables': {
        const name = e.args.length === 1 ? this.evalExpr(e.args[0]!, env, site) : undefined;
        if (typeof name !== 'string') return this.fail(site, text, 'lambdaVariables() needs a variable name');
        const l = lowerName(name);
        for (let x = env; x; x = x.parent) if (x.kind === 'lambda' && x.name === l) return x.value;
        return this.fail(site, text, `the lambda variable '${name}' is not in scope`);
      }
      case 'reference':
      case 'resourceinfo':
        return new Unresolved(text, AFTER_DEPLOYMENT);
    }
    if (e.lname.startsWith('list')) return new Unresolved(text, AFTER_DEPLOYMENT);
    const args: Value[] = [];
    for (const a of e.args) args.push(this.evalExpr(a, env, site));
    if (e.name.includes('.')) return this.callUser(e.name, args, site, text);
    if (!isKnownFunction(e.name)) {
      this.ctx.report('UnknownFunction', site.file, `Unknown template function '${e.name}'`, refOf(site.file, site.node));
      return new Unresolved(text, `the function '${e.name}' is not known`);
    }
    try {
      return callFunction(e.name, args, this.fnCtx);
    } catch (err) {
      if (err instanceof ExpressionError) return this.fail(site, text, err.message);
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.report('InternalFrontend', site.file, `The function '${e.name}' failed: ${message}`, refOf(site.file, site.node));
      return new Unresolved(text, `the function '${e.name}' failed`);
    }
  }

  private copyIndex(e: Extract<ArmExpr, { k: 'call' }>, env: Env | undefined, site: Site, text: string): Value {
    let loop: string | undefined;
    let offset: Value = 0;
    const args = e.args.map((a) => this.evalExpr(a, env, site));
    if (typeof args[0] === 'string') {
      loop = lowerName(args[0]);
      if (args.length > 1) offset = args[1]!;
    } else if (args.length > 0) {
      offset = args[0]!;
    }
    let found: Env | undefined;
    for (let x = env; x; x = x.parent) {
      if (x.kind !== 'copy') continue;
      if (loop !== undefined ? x.name === loop : x.resourceLoop) {
        found = x;
        break;
      }
    }
    if (!found && loop === undefined) for (let x = env; x && !found; x = x.parent) if (x.kind === 'copy') found = x;
    if (!found) return this.fail(site, text, loop !== undefined ? `there is no copy loop named '${args[0] as string}' here` : 'copyIndex() is used outside a copy loop');
    if (isUnresolved(found.value)) return new Unresolved(text, found.value.reason);
    if (isUnresolved(offset)) return new Unresolved(text, offset.reason);
    if (typeof offset !== 'number' || typeof found.value !== 'number') return this.fail(site, text, 'the copyIndex() offset must be an integer');
    return found.value + offset;
  }

  private lambda(e: Extract<ArmExpr, { k: 'call' }>, env: Env | undefined, site: Site, text: string): Value {
    if (e.args.length < 1) return this.fail(site, text, 'lambda() needs a body');
    const params: string[] = [];
    for (const a of e.args.slice(0, -1)) {
      const n = this.evalExpr(a, env, site);
      if (typeof n !== 'string') return this.fail(site, text, 'lambda() parameter names must be strings');
      params.push(n);
    }
    const body = e.args[e.args.length - 1]!;
    const fn: ValueFunction = {
      lambda: true,
      params,
      call: (values: Value[]): Value => {
        let inner = env;
        params.forEach((p, i) => {
          inner = { kind: 'lambda', name: lowerName(p), value: values[i] ?? null, resourceLoop: false, parent: inner };
        });
        return this.evalExpr(body, inner, site);
      },
    };
    return fn;
  }

  private callUser(name: string, args: Value[], site: Site, text: string): Value {
    const fn = this.functions.get(lowerName(name)) ?? this.delegate?.functions.get(lowerName(name));
    if (!fn) {
      this.ctx.report('UnknownFunction', site.file, `The user-defined function '${name}' is not declared`, refOf(site.file, site.node));
      return new Unresolved(text, `the function '${name}' is not declared`);
    }
    if (!fn.output) return this.fail(site, text, `the function '${name}' has no output value`);
    const output = fn.output;
    return this.guarded(text, `function:${name}`, () => this.functionScope(fn, args).evalJson(output, undefined));
  }
}

/** `copy: [{ name, input, ... }]` inside an object: a property loop rather than a property named `copy`. */
export function isPropertyCopy(v: JNode): boolean {
  if (v.type !== 'array' || !v.children || v.children.length === 0) return false;
  for (const spec of v.children) {
    if (spec.type !== 'object' || stringOf(child(spec, 'name')) === undefined || !childProp(spec, 'input')) return false;
  }
  return true;
}

/**
 * Whether a default value can be of the declared parameter type. Only clear mismatches count (an object
 * where a string is declared, "" where an int is); the strings "true" and "12" are read as the bool and
 * the int they spell, as templates write them so.
 */
function fitsDeclaredType(type: string, v: Value): boolean {
  if (v === null || isUnresolved(v)) return true;
  const kind = Array.isArray(v) ? 'array' : isPlainObject(v) ? 'object' : typeof v;
  switch (type) {
    case 'string':
      return kind === 'string';
    case 'int':
      return kind === 'number' || (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v));
    case 'bool':
      return kind === 'boolean' || (typeof v === 'string' && /^(true|false)$/i.test(v));
    case 'object':
      return kind === 'object';
    case 'array':
      return kind === 'array';
    default:
      return true;
  }
}

function secureValue(name: string): Unresolved {
  return new Unresolved(`parameters('${name}')`, 'secure parameter value is not read');
}

function isScalar(v: Value): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

export function describeValue(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (isUnresolved(v)) return 'an unresolved value';
  if (typeof v === 'object') return isPlainObject(v) ? 'an object' : 'a function';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/**
 * Deep equality of resolved values; ARM compares strings case-sensitively in `equals`, and so does this.
 * Iterative: `json()` of user text can nest thousands of levels deep.
 */
export function sameValue(a: Value, b: Value): boolean {
  const stack: [Value, Value][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (x === y) continue;
    if (Array.isArray(x)) {
      if (!Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i]!, y[i]!]);
      continue;
    }
    if (!isPlainObject(x) || !isPlainObject(y)) return false;
    const kx = Object.keys(x);
    if (kx.length !== Object.keys(y).length) return false;
    for (const k of kx) {
      if (!hasKey(y, k)) return false;
      stack.push([x[k]!, y[k]!]);
    }
  }
  return true;
}
