/**
 * Evaluates Bicep expressions into the shared value domain. Bicep-only syntax (operators, `??`, `.?`,
 * ternaries, interpolation, lambdas, for-expressions, `load*Content`) lives here; every named function
 * that ARM also has is delegated to the shared library, so ARM and Bicep cannot drift.
 *
 * Alongside values it answers `provenance(expr)`: the parameters, variables and module arguments a value
 * flowed through, which become the related locations of a finding.
 */
import { diagnostic, type Diagnostic } from '../../core/diagnostics.js';
import type { SourceRef } from '../../core/source.js';
import { Unresolved, isPlainObject, setKey, type Related, type Scalar, type Value, type ValueFunction } from '../../model/value.js';
import { ExpressionError, callFunction, isKnownFunction, type FunctionContext } from '../expressions/index.js';
import { MAX_RESULT_CHARS, MAX_RESULT_ELEMENTS, isTooLarge } from '../expressions/size.js';
import { armEquals, armString, findKey } from '../expressions/values.js';
import type { Expr, ForExpr, Span } from './syntax.js';
import { YamlValueError, readYamlValue } from '../expressions/yaml-value.js';
import { MAX_DEPTH } from './parser.js';
import { pushAll } from '../../core/arrays.js';

/** A name in scope: a parameter, variable, resource, module, function, import, or a loop/lambda local. */
export interface Binding {
  kind: 'param' | 'var' | 'resource' | 'module' | 'func' | 'import' | 'local';
  get(): Value;
  /** Where the value came from (empty for literals and locals with no history). */
  via(): Related[];
}

/** Local names (loop items, lambda and function parameters) over the file's global names. */
export class Scope {
  private readonly names = new Map<string, Binding>();
  constructor(readonly parent?: Scope) {}
  set(name: string, b: Binding): void {
    this.names.set(name, b);
  }
  find(name: string): Binding | undefined {
    const own = this.names.get(name);
    if (own) return own;
    let s = this.parent;
    while (s) {
      const b = s.names.get(name);
      if (b) return b;
      s = s.parent;
    }
    return undefined;
  }
}

export interface Budget {
  steps: number;
  readonly maxSteps: number;
  readonly deadline: number;
  exhausted: boolean;
  /** Values lowered into the model so far (see `FileInstance.lowerValue`). */
  lowered: number;
}

export function newBudget(maxSteps = 2_000_000, millis = 10_000): Budget {
  return { steps: 0, maxSteps, deadline: Date.now() + millis, exhausted: false, lowered: 0 };
}

/** What the evaluator needs from the file being evaluated. */
export interface EvalHost {
  readonly file: string;
  readonly text: string;
  readonly budget: Budget;
  readonly fnCtx: FunctionContext;
  /** Records a diagnostic once (a file evaluated per loop instance reports each problem once). */
  report(d: Diagnostic): void;
  global(name: string): Binding | undefined;
  /** A nested resource `parent::child`, when `parent` is a resource symbol value. */
  childOf(resource: Value, name: string): Value | undefined;
  /** Whether a value is a resource symbol (method calls on it are runtime functions). */
  isResource(v: Value): boolean;
  /** Reads a file relative to this Bicep file (load*Content), or returns an error message. */
  readRelative(path: string): { text: string } | { error: string };
}

const SECURE_REASON = 'secure value is not read';

/** The file functions Bicep evaluates at build time; everything else is the shared library's. */
const BICEP_ONLY = new Set(['any', 'loadtextcontent', 'loadjsoncontent', 'loadyamlcontent', 'loadfileasbase64', 'readenvironmentvariable', 'getsecret', 'externalinput', 'fail', 'loaddirectoryfileinfo']);

export class Evaluator {
  private budgetReported = false;

  constructor(readonly host: EvalHost) {}

  ref(span: Span): SourceRef {
    return { file: this.host.file, start: span.start, end: span.end };
  }

  textOf(span: Span): string {
    return this.host.text.slice(span.start, span.end);
  }

  private unresolved(span: Span, reason: string, candidates?: Scalar[]): Unresolved {
    return new Unresolved(this.textOf(span), reason, this.ref(span), candidates);
  }

  private tick(span: Span): boolean {
    const b = this.host.budget;
    if (b.exhausted) return false;
    b.steps++;
    const overSteps = b.steps > b.maxSteps;
    if (overSteps || ((b.steps & 1023) === 0 && Date.now() > b.deadline)) {
      b.exhausted = true;
      if (!this.budgetReported) {
        this.budgetReported = true;
        // As ARM's: the step limit is AZM2006 and decides the same way everywhere; the time budget is AZM2005,
        // and how far evaluation gets before it depends on the machine (and on a worker thread's smaller heap).
        this.host.report(
          overSteps
            ? diagnostic('LimitExceeded', this.host.file, `Evaluation stopped after ${b.maxSteps} steps; the remaining values are unresolved.`, this.ref(span))
            : diagnostic('TimeBudget', this.host.file, `Evaluation stopped: the file took longer than its time budget; the remaining values are unresolved.`, this.ref(span)),
        );
      }
      return false;
    }
    return true;
  }

  evaluate(e: Expr, scope: Scope): Value {
    if (!this.tick(e)) return this.unresolved(e, 'the evaluation budget was exceeded');
    const v = this.evaluateExpr(e, scope);
    // `[v, v]` on every variable costs nothing to build but doubles the value written out; whatever walks
    // it later (comparison, interpolation, lowering into the model) would walk 2^n nodes.
    if ((Array.isArray(v) || isPlainObject(v)) && isTooLarge(v)) {
      return this.typeError(e, `the value is too large: more than ${MAX_RESULT_ELEMENTS} values, nested ones included`);
    }
    return v;
  }

  private evaluateExpr(e: Expr, scope: Scope): Value {
    switch (e.kind) {
      case 'string':
        return this.interpolate(e.parts, scope, e);
      case 'number':
      case 'bool':
        return e.value;
      case 'null':
        return null;
      case 'missing':
        return this.unresolved(e, 'the expression has a syntax error');
      case 'ident': {
        const b = scope.find(e.name) ?? this.host.global(e.name);
        if (!b) {
          this.host.report(diagnostic('UnknownIdentifier', this.host.file, `The name '${e.name}' does not exist in the current context.`, this.ref(e)));
          return this.unresolved(e, `'${e.name}' is not declared`);
        }
        return b.get();
      }
      case 'paren':
        return this.evaluate(e.inner, scope);
      case 'nonNull':
        return this.evaluate(e.inner, scope);
      case 'object': {
        const out: { [k: string]: Value } = {};
        for (const item of e.items) {
          if (item.kind === 'resource') continue;
          if (item.kind === 'spread') {
            const v = this.evaluate(item.value, scope);
            if (v instanceof Unresolved) return this.unresolved(e, `the spread value ${this.textOf(item.value)} is not known: ${v.reason}`);
            if (isPlainObject(v)) for (const k of Object.keys(v)) this.assign(out, k, v[k]!);
            continue;
          }
          const key = 'kind' in item.key ? this.interpolate(item.key.parts, scope, item.key) : item.key.name;
          if (typeof key !== 'string') return this.unresolved(e, `the property name ${this.textOf(item.key)} is not known`);
          this.assign(out, key, this.evaluate(item.value, scope));
        }
        return out;
      }
      case 'array': {
        const out: Value[] = [];
        for (const item of e.items) {
          if (item.kind === 'spread') {
            const v = this.evaluate(item.value, scope);
            if (Array.isArray(v)) pushAll(out, v);
            else return this.unresolved(e, v instanceof Unresolved ? v.reason : `the spread value ${this.textOf(item.value)} is not an array`);
          } else out.push(this.evaluate(item, scope));
        }
        return out;
      }
      case 'for':
        return this.forArray(e, scope);
      case 'if':
        // A condition outside a resource body has no value of its own.
        return this.evaluate(e.body, scope);
      case 'unary': {
        const v = this.evaluate(e.operand, scope);
        if (v instanceof Unresolved) return this.unresolved(e, v.reason);
        if (e.op === '!') return typeof v === 'boolean' ? !v : this.nullOperand(e, [v], 'the operand of ! must be a bool');
        return typeof v === 'number' ? -v : this.nullOperand(e, [v], 'the operand of - must be an int');
      }
      case 'binary':
        return this.binary(e.op, e.left, e.right, scope, e);
      case 'ternary': {
        const t = this.evaluate(e.test, scope);
        if (t === true) return this.evaluate(e.then, scope);
        if (t === false) return this.evaluate(e.else, scope);
        const a = this.evaluate(e.then, scope);
        const b = this.evaluate(e.else, scope);
        const reason = t instanceof Unresolved ? t.reason : 'the condition is not a bool';
        if (isScalar(a) && isScalar(b)) {
          if (a === b) return a;
          return this.unresolved(e, `the condition ${this.textOf(e.test)} is not known: ${reason}`, [a, b]);
        }
        return this.unresolved(e, `the condition ${this.textOf(e.test)} is not known: ${reason}`);
      }
      case 'member':
        return this.member(this.evaluate(e.object, scope), e.name.name, e.safe, e);
      case 'index': {
        const o = this.evaluate(e.object, scope);
        const i = this.evaluate(e.index, scope);
        if (o === null && e.safe) return null;
        if (o instanceof Unresolved) return this.unresolved(e, o.reason);
        if (i instanceof Unresolved) return this.unresolved(e, i.reason);
        if (Array.isArray(o) && typeof i === 'number') {
          const at = e.fromEnd ? o.length - i : i;
          if (at >= 0 && at < o.length) return o[at]!;
          return e.safe ? null : this.typeError(e, `index ${i} is out of range (length ${o.length})`);
        }
        if (isPlainObject(o) && typeof i === 'string') return this.member(o, i, e.safe, e);
        return this.typeError(e, 'the value cannot be indexed this way');
      }
      case 'child': {
        const parent = this.evaluate(e.object, scope);
        return this.host.childOf(parent, e.name.name) ?? this.unresolved(e, `'${e.name.name}' is not a nested resource of ${this.textOf(e.object)}`);
      }
      case 'lambda':
        return this.lambda(e.params.map((p) => p.name), e.body, scope);
      case 'call':
        return this.call(e, scope);
    }
  }

  private assign(out: { [k: string]: Value }, key: string, v: Value): void {
    const existing = findKey(out, key);
    if (existing !== undefined && existing !== key) delete out[existing];
    setKey(out, key, v);
  }

  private typeError(e: Span, message: string): Unresolved {
    const text = this.textOf(e);
    const shown = text.length > 120 ? `${text.slice(0, 117)}...` : text;
    this.host.report(diagnostic('EvaluationError', this.host.file, `${shown}: ${message.replace(/\.+$/, '')}.`, this.ref(e)));
    return this.unresolved(e, message);
  }

  /**
   * A null operand is most often an optional parameter on a path the template guards with a condition the
   * scan cannot see through; the value is unknown, which is not worth an error of its own.
   */
  private nullOperand(e: Span, values: Value[], message: string): Unresolved {
    if (values.some((v) => v === null)) return this.unresolved(e, `${message} (an operand is null)`);
    return this.typeError(e, message);
  }

  interpolate(parts: (string | Expr)[], scope: Scope, span: Span): Value {
    if (parts.length === 1) return parts[0] as string;
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') {
        out += p;
        continue;
      }
      const v = this.evaluate(p, scope);
      if (v instanceof Unresolved) return this.unresolved(span, v.reason);
      if (typeof v === 'object' && v !== null && !Array.isArray(v) && !isPlainObject(v)) return this.unresolved(span, 'a function cannot be interpolated');
      const tooLong = () => this.typeError(span, `the string is too long: more than ${MAX_RESULT_CHARS} characters`);
      let text: string;
      try {
        text = typeof v === 'boolean' ? (v ? 'true' : 'false') : armString(v);
      } catch (err) {
        // An array or object written out as JSON past the limit.
        if (err instanceof ExpressionError) return tooLong();
        throw err;
      }
      // Strings that double on every variable ('${s}${s}') are cheap to build and grow past what V8 can hold.
      if (out.length + text.length > MAX_RESULT_CHARS) return tooLong();
      out += text;
    }
    return out;
  }

  member(o: Value, name: string, safe: boolean, e: Span): Value {
    if (o === null) return safe ? null : this.unresolved(e, `'${name}' is read from a null value`);
    if (o instanceof Unresolved) return this.unresolved(e, o.reason, undefined);
    if (isPlainObject(o)) {
      const k = findKey(o, name);
      if (k !== undefined) return o[k]!;
      return safe ? null : this.unresolved(e, `the object has no property '${name}'`);
    }
    return safe ? null : this.typeError(e, `'${name}' cannot be read from a ${Array.isArray(o) ? 'array' : typeof o}`);
  }

  private binary(op: string, l: Expr, r: Expr, scope: Scope, e: Span): Value {
    if (op === '??') {
      const a = this.evaluate(l, scope);
      if (a === null) return this.evaluate(r, scope);
      if (a instanceof Unresolved) return this.unresolved(e, a.reason);
      return a;
    }
    if (op === '&&' || op === '||') {
      const a = this.evaluate(l, scope);
      // A known short-circuit operand decides the result whatever the other side is.
      if (a === (op === '||')) return a;
      const b = this.evaluate(r, scope);
      if (b === (op === '||')) return b;
      if (a instanceof Unresolved) return this.unresolved(e, a.reason);
      if (b instanceof Unresolved) return this.unresolved(e, b.reason);
      if (typeof a !== 'boolean' || typeof b !== 'boolean') return this.nullOperand(e, [a, b], `the operands of ${op} must be bools`);
      return op === '&&' ? a && b : a || b;
    }
    const a = this.evaluate(l, scope);
    const b = this.evaluate(r, scope);
    if (op === '==' || op === '!=') {
      const eq = armEquals(a, b);
      if (eq instanceof Unresolved) return this.unresolved(e, eq.reason);
      return op === '==' ? eq : !eq;
    }
    if (a instanceof Unresolved) return this.unresolved(e, a.reason);
    if (b instanceof Unresolved) return this.unresolved(e, b.reason);
    if (op === '=~' || op === '!~') {
      if (typeof a !== 'string' || typeof b !== 'string') return this.typeError(e, `the operands of ${op} must be strings`);
      const eq = a.toLowerCase() === b.toLowerCase();
      return op === '=~' ? eq : !eq;
    }
    if (op === '<' || op === '<=' || op === '>' || op === '>=') {
      if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))) {
        return this.nullOperand(e, [a, b], `the operands of ${op} must both be ints or both strings`);
      }
      switch (op) {
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        default: return a >= b;
      }
    }
    if (typeof a !== 'number' || typeof b !== 'number') return this.nullOperand(e, [a, b], `the operands of ${op} must be ints`);
    switch (op) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/': return b === 0 ? this.typeError(e, 'division by zero') : Math.trunc(a / b);
      default: return b === 0 ? this.typeError(e, 'division by zero') : a % b;
    }
  }

  /** A Bicep lambda as a shared-library function value; it keeps the scope it was written in. */
  lambda(params: string[], body: Expr, scope: Scope): ValueFunction {
    return {
      lambda: true,
      params,
      call: (args: Value[]): Value => {
        const inner = new Scope(scope);
        params.forEach((p, i) => inner.set(p, constant(args[i] ?? null)));
        return this.evaluate(body, inner);
      },
    };
  }

  /** Instances of `[for ...]`: the item scopes, or the reason the collection is not known. */
  loopScopes(e: ForExpr, scope: Scope, limit: number): { scopes: Scope[]; truncated: boolean } | Unresolved {
    const source = this.evaluate(e.source, scope);
    if (source instanceof Unresolved) return this.unresolved(e.source, source.reason);
    // A loop over an optional parameter left null deploys nothing (the template guards it elsewhere).
    if (source === null) return { scopes: [], truncated: false };
    if (!Array.isArray(source)) {
      return this.typeError(e.source, 'a loop needs an array (use items() for an object or range() for a count)');
    }
    const via = this.provenance(e.source, scope);
    const scopes: Scope[] = [];
    const n = Math.min(source.length, limit);
    for (let i = 0; i < n; i++) {
      const s = new Scope(scope);
      if (e.item) s.set(e.item.name, { kind: 'local', get: () => source[i]!, via: () => via });
      if (e.index) s.set(e.index.name, constant(i));
      scopes.push(s);
    }
    return { scopes, truncated: source.length > limit };
  }

  private forArray(e: ForExpr, scope: Scope): Value {
    const r = this.loopScopes(e, scope, 10_000);
    if (r instanceof Unresolved) return this.unresolved(e, r.reason);
    const out: Value[] = [];
    for (const s of r.scopes) {
      if (e.body.kind === 'if') {
        const t = this.evaluate(e.body.test, s);
        if (t === false) continue;
        if (t instanceof Unresolved) return this.unresolved(e, `the loop filter ${this.textOf(e.body.test)} is not known: ${t.reason}`);
        out.push(this.evaluate(e.body.body, s));
      } else out.push(this.evaluate(e.body, s));
    }
    return out;
  }

  private call(e: Extract<Expr, { kind: 'call' }>, scope: Scope): Value {
    const name = e.name.name;
    const lower = name.toLowerCase();
    if (e.target) {
      const t = e.target;
      const isNamespace = t.kind === 'ident' && (t.name === 'az' || t.name === 'sys') && !scope.find(t.name) && !this.host.global(t.name);
      if (!isNamespace) {
        const target = this.evaluate(t, scope);
        if (this.host.isResource(target)) {
          // Resource methods (listKeys, getSecret, ...) run against the deployed resource.
          if (lower === 'getsecret') return this.unresolved(e, SECURE_REASON);
          return this.unresolved(e, `${name}() on a resource is known only at deployment time`);
        }
        if (isPlainObject(target)) {
          // An imported namespace (`import * as ns`): its exported functions are values.
          const k = findKey(target, name);
          const f = k !== undefined ? target[k]! : undefined;
          if (f && isFunctionValue(f)) return f.call(e.args.map((a) => this.evaluate(a, scope)));
        }
        if (target instanceof Unresolved) return this.unresolved(e, target.reason);
        return this.unresolved(e, `'${this.textOf(t)}' has no function '${name}'`);
      }
    } else {
      const b = scope.find(name) ?? this.host.global(name);
      if (b && (b.kind === 'func' || b.kind === 'import')) {
        const f = b.get();
        if (isFunctionValue(f)) return f.call(e.args.map((a) => this.evaluate(a, scope)));
        if (f instanceof Unresolved) return this.unresolved(e, f.reason);
      }
    }
    if (BICEP_ONLY.has(lower)) return this.bicepOnly(lower, e, scope);
    const args = e.args.map((a) => this.evaluate(a, scope));
    if (!isKnownFunction(name)) {
      // list*() functions read secrets and settings from the deployed resource.
      if (lower.startsWith('list')) return this.unresolved(e, `${name}() is known only at deployment time`);
      this.host.report(diagnostic('UnknownFunction', this.host.file, `The function '${name}' is not known.`, this.ref(e.name)));
      return this.unresolved(e, `the function '${name}' is not known`);
    }
    try {
      const v = callFunction(name, args, this.host.fnCtx);
      return v;
    } catch (err) {
      if (err instanceof ExpressionError) return this.nullOperand(e, args, err.message);
      // A fault in the library must not stop the scan: the value is unknown and the fault is reported.
      this.host.report(diagnostic('InternalFrontend', this.host.file, `The function '${name}' failed: ${err instanceof Error ? err.message : String(err)}`, this.ref(e)));
      return this.unresolved(e, `the function '${name}' could not be evaluated`);
    }
  }

  private bicepOnly(name: string, e: Extract<Expr, { kind: 'call' }>, scope: Scope): Value {
    const args = e.args.map((a) => this.evaluate(a, scope));
    switch (name) {
      case 'any':
        return args[0] ?? null;
      case 'getsecret':
        return this.unresolved(e, SECURE_REASON);
      case 'readenvironmentvariable':
        return this.unresolved(e, 'environment variables are read when the parameters file is built, not by a scan');
      case 'externalinput':
        return this.unresolved(e, 'external inputs are known only at deployment time');
      case 'fail':
        return this.unresolved(e, `the template fails here: ${typeof args[0] === 'string' ? args[0] : 'fail()'}`);
      case 'loaddirectoryfileinfo':
        return this.unresolved(e, 'directory listings are not read by a scan');
    }
    const path = args[0];
    if (typeof path !== 'string') return this.unresolved(e, 'the file path is not a known string');
    const r = this.host.readRelative(path);
    if ('error' in r) {
      this.host.report(diagnostic('ModuleNotFound', this.host.file, `${this.textOf(e.name)}: ${r.error}`, this.ref(e)));
      return this.unresolved(e, r.error);
    }
    switch (name) {
      case 'loadtextcontent':
        return r.text;
      case 'loadfileasbase64':
        return Buffer.from(r.text, 'utf8').toString('base64');
      case 'loadjsoncontent':
      case 'loadyamlcontent': {
        let v: Value;
        try {
          v = name === 'loadjsoncontent' ? (JSON.parse(stripJsonComments(r.text)) as Value) : readYamlValue(r.text, MAX_DEPTH, 'the file');
        } catch (err) {
          if (err instanceof YamlValueError) return this.typeError(e, err.message);
          return this.typeError(e, `the file is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
        }
        const jsonPath = args[1];
        if (typeof jsonPath === 'string' && jsonPath !== '' && jsonPath !== '$') return this.simplePath(v, jsonPath, e);
        return v;
      }
    }
    return this.unresolved(e, `${name} is not supported`);
  }

  /** The subset of JSONPath that templates use: `$.a.b[0]`. */
  private simplePath(v: Value, path: string, e: Span): Value {
    const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]/g;
    let cur: Value = v;
    let m: RegExpExecArray | null;
    const body = path.startsWith('$') ? path.slice(1) : `.${path}`;
    while ((m = re.exec(body))) {
      if (m[2] !== undefined) cur = Array.isArray(cur) ? (cur[Number(m[2])] ?? null) : null;
      else cur = isPlainObject(cur) ? this.member(cur, (m[1] ?? m[3])!, true, e) : null;
    }
    return cur;
  }

  // -------------------------------------------------------------------------------------------
  // Provenance

  /** The declarations a value flowed through, nearest first, without duplicates. */
  provenance(e: Expr, scope: Scope): Related[] {
    const out: Related[] = [];
    const seen = new Set<string>();
    const add = (rs: Related[]) => {
      for (const r of rs) {
        const k = `${r.ref.file}:${r.ref.start}:${r.message}`;
        if (seen.has(k)) continue;
        seen.add(k);
        out.push(r);
      }
    };
    // Iterative walk; the ternary picks its branch when the condition is known.
    const stack: Expr[] = [e];
    let guard = 0;
    while (stack.length > 0 && guard++ < 10_000) {
      const x = stack.pop()!;
      switch (x.kind) {
        case 'ident': {
          const b = scope.find(x.name) ?? this.host.global(x.name);
          if (b && b.kind !== 'func') add(b.via());
          break;
        }
        case 'paren':
        case 'nonNull':
          stack.push(x.inner);
          break;
        case 'member':
        case 'index':
        case 'child':
          stack.push(x.object);
          break;
        case 'ternary': {
          const t = this.evaluate(x.test, scope);
          if (t === true) stack.push(x.then);
          else if (t === false) stack.push(x.else);
          else stack.push(x.else, x.then, x.test);
          break;
        }
        case 'binary':
          if (x.op === '??') {
            const l = this.evaluate(x.left, scope);
            stack.push(l === null ? x.right : x.left);
          } else stack.push(x.right, x.left);
          break;
        case 'unary':
          stack.push(x.operand);
          break;
        case 'call':
          for (let i = x.args.length - 1; i >= 0; i--) stack.push(x.args[i]!);
          break;
        case 'string':
          for (const p of x.parts) if (typeof p !== 'string') stack.push(p);
          break;
        default:
          break;
      }
    }
    return out;
  }
}

export function constant(v: Value): Binding {
  return { kind: 'local', get: () => v, via: () => [] };
}

function isScalar(v: Value): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

export function isFunctionValue(v: Value): v is ValueFunction {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unresolved) && 'lambda' in v && v.lambda === true;
}

/** Bicep's JSON loader accepts comments. Strings are copied as they are so `//` inside them survives. */
function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  let seg = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i++;
      while (i < n && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 ? 2 : 1;
      i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      out += text.slice(seg, i);
      while (i < n && text.charCodeAt(i) !== 10) i++;
      seg = i;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      out += text.slice(seg, i);
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      seg = i;
      continue;
    }
    i++;
  }
  return (out + text.slice(seg)).replace(/^\uFEFF/, '');
}
