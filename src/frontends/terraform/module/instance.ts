/**
 * One instance of a module (the root, or one `count`/`for_each` instance of a module call): it answers
 * every name an expression can use — var, local, module outputs, resource and data attributes, count,
 * each, path — lazily, once, with cycle detection. A resource attribute is evaluated when the
 * configuration sets it; anything else about a resource is "known after apply".
 */
import { posix } from 'node:path';
import type { LoweredCount } from '../../expressions/size.js';
import { diagnostic, type Diagnostic } from '../../../core/diagnostics.js';
import type { SourceRef, SourceSet } from '../../../core/source.js';
import { getKey, setKey, Unresolved, type Related, type Value } from '../../../model/value.js';
import type { Attribute, Block, Expr, HclFile, TraversalStep } from '../hcl/ast.js';
import { Budget, Evaluator, type EvalHost, type Namespace, type Resolved, type Scope } from '../eval/evaluate.js';
import { EvalError, isObj, KnownAfterApply, SENSITIVE_REASON, toNum, valueKey, type Obj } from '../eval/values.js';
import { attrOf, joinPath, loadModuleConfig, type Decl, type FileAccess, type ModuleConfig } from './config.js';
import { convert, parseType, takesRawString } from './types.js';
import { parseHclText } from '../hcl/parser.js';

export interface LoadContext {
  fs: FileAccess;
  sources: SourceSet;
  diagnostics: Diagnostic[];
  budget: Budget;
  rootDir: string;
  configs: Map<string, ModuleConfig>;
  /** Values the root and its modules have lowered into the model, against MAX_LOWERED_VALUES. */
  lowered: LoweredCount;
}

export function moduleConfig(ctx: LoadContext, dir: string): ModuleConfig {
  let c = ctx.configs.get(dir);
  if (!c) {
    c = loadModuleConfig(ctx.fs, dir, ctx.sources, ctx.diagnostics);
    ctx.configs.set(dir, c);
  }
  return c;
}

/** A value supplied for an input variable, and where it was written. */
export interface InputValue {
  value: Value;
  /** A string from the command line or environment, to be read according to the variable's type. */
  raw?: boolean;
  ref?: SourceRef;
  message: string;
}

export type InputSource = (name: string) => InputValue | undefined;

/** One instance of a counted or for_each block; `unknown` when the set of instances is not known. */
export interface InstanceKey {
  key?: number | string;
  /** `[0]`, `["a"]`, `[*]`, or empty. */
  text: string;
  countIndex?: Value;
  each?: { key: Value; value: Value };
  /** A count/for_each the scan could not decide: the instance stands for all of them. */
  condition?: { expression: string; reason: string; ref?: SourceRef };
}

const MAX_INSTANCES = 10_000;
const MAX_MODULE_DEPTH = 16;
export const META_ARGS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on', 'lifecycle', 'provider']);

export class ModuleInstance {
  private readonly vars = new Map<string, Value>();
  private readonly locals = new Map<string, Value>();
  private readonly localsBusy = new Set<string>();
  private readonly outputs = new Map<string, Value>();
  private readonly expansions = new Map<Block, InstanceKey[]>();
  private readonly attrCache = new Map<string, Value>();
  private readonly attrBusy = new Set<string>();
  private readonly children = new Map<string, ModuleInstance | Unresolved>();
  private readonly host: EvalHost;

  constructor(
    readonly ctx: LoadContext,
    readonly cfg: ModuleConfig,
    private readonly inputs: InputSource,
    /** `''` at the root, `module.apps["a"]` (and deeper, dot-joined) below. */
    readonly path: string,
    /** The module call sites that lead here, outermost first. */
    readonly callSites: Related[],
    readonly depth: number,
  ) {
    this.host = {
      workDir: ctx.rootDir,
      readFile: (p) => ctx.fs.readFile(p),
      budget: ctx.budget,
      report: (d) => ctx.diagnostics.push(d),
    };
  }

  evaluator(file: HclFile, inst?: InstanceKey): Evaluator {
    return new Evaluator(file, this.namespace(inst), this.host);
  }

  /** The file an argument or nested block of a declaration in `declFile` is written in (override files). */
  fileOf(node: Attribute | Block, declFile: HclFile): HclFile {
    return this.cfg.origin.get(node) ?? declFile;
  }

  /** An evaluator for an argument or nested block of a declaration in `declFile`, in the file it is written in. */
  evaluatorFor(node: Attribute | Block, declFile: HclFile, inst?: InstanceKey): Evaluator {
    return this.evaluator(this.fileOf(node, declFile), inst);
  }

  prefix(address: string): string {
    return this.path ? `${this.path}.${address}` : address;
  }

  // ----- variables, locals, outputs -----

  variable(name: string, where?: SourceRef): Value {
    const cached = this.vars.get(name);
    if (cached !== undefined || this.vars.has(name)) return cached!;
    const decl = this.cfg.variables.get(name);
    if (!decl) {
      if (where) this.ctx.diagnostics.push(diagnostic('UnknownIdentifier', where.file, `reference to undeclared input variable "${name}"`, where));
      const u = new Unresolved(`var.${name}`, `variable "${name}" is not declared`, where);
      this.vars.set(name, u);
      return u;
    }
    const v = this.computeVariable(name, decl);
    this.vars.set(name, v);
    return v;
  }

  private computeVariable(name: string, decl: Decl<Block>): Value {
    const b = decl.node;
    const ref = { file: decl.file.path, start: b.start, end: b.end };
    const sensitive = attrOf(b, 'sensitive');
    if (sensitive && this.evaluatorFor(sensitive, decl.file).evaluate(sensitive.expr) === true) return new Unresolved(`var.${name}`, SENSITIVE_REASON, ref);
    const typeAttr = attrOf(b, 'type');
    const type = parseType(typeAttr?.expr);
    const input = this.inputs(name);
    let value: Value;
    if (input) {
      value = input.value;
      if (input.raw && typeof value === 'string' && !takesRawString(type)) value = this.parseLiteral(value, name);
    } else {
      const def = attrOf(b, 'default');
      if (!def) return new Unresolved(`var.${name}`, `variable "${name}" has no default and no value was supplied`, ref);
      value = this.evaluatorFor(def, decl.file).evaluate(def.expr);
    }
    try {
      const typeEv = this.evaluatorFor(typeAttr ?? b, decl.file);
      return convert(value, type, (e) => typeEv.evaluate(e));
    } catch (err) {
      if (!(err instanceof EvalError)) throw err;
      this.ctx.diagnostics.push(diagnostic('EvaluationError', decl.file.path, `variable "${name}": ${err.message}`, input?.ref ?? ref));
      return new Unresolved(`var.${name}`, `the value of variable "${name}" does not match its type: ${err.message}`, input?.ref ?? ref);
    }
  }

  /** A `-var`/TF_VAR_ value for a collection-typed variable is HCL syntax, as Terraform reads it. */
  private parseLiteral(text: string, name: string): Value {
    const parsed = parseHclText(`<var ${name}>`, `v = ${text}\n`);
    const a = parsed.diagnostics.length === 0 ? parsed.file.body.attributes[0] : undefined;
    if (!a) return new Unresolved(`var.${name}`, `the value given for variable "${name}" is not valid HCL`);
    return new Evaluator(parsed.file, NO_NAMES, this.host).evaluate(a.expr);
  }

  /** How this variable got its value, for related locations. */
  variableProvenance(name: string): Related[] {
    const decl = this.cfg.variables.get(name);
    const input = this.inputs(name);
    if (input?.ref) return [{ ref: input.ref, message: input.message }];
    if (input) return decl ? [{ ref: { file: decl.file.path, start: decl.node.start, end: decl.node.end }, message: `${input.message} (variable "${name}")` }] : [];
    const def = decl ? attrOf(decl.node, 'default') : undefined;
    if (decl && def) return [{ ref: { file: this.fileOf(def, decl.file).path, start: def.start, end: def.end }, message: `value comes from the default of variable "${name}"` }];
    if (decl) return [{ ref: { file: decl.file.path, start: decl.node.start, end: decl.node.end }, message: `value comes from variable "${name}"` }];
    return [];
  }

  local(name: string, where?: SourceRef): Value {
    if (this.locals.has(name)) return this.locals.get(name)!;
    const decl = this.cfg.locals.get(name);
    if (!decl) {
      if (where) this.ctx.diagnostics.push(diagnostic('UnknownIdentifier', where.file, `reference to undeclared local value "${name}"`, where));
      return new Unresolved(`local.${name}`, `local value "${name}" is not declared`, where);
    }
    const ref = { file: decl.file.path, start: decl.node.start, end: decl.node.end };
    if (this.localsBusy.has(name)) {
      this.ctx.diagnostics.push(diagnostic('ReferenceCycle', decl.file.path, `local value "${name}" refers to itself through ${[...this.localsBusy].map((l) => `local.${l}`).join(' -> ')}`, ref));
      const u = new Unresolved(`local.${name}`, `local value "${name}" is part of a reference cycle`, ref);
      this.locals.set(name, u);
      return u;
    }
    this.localsBusy.add(name);
    try {
      const v = this.evaluator(decl.file).evaluate(decl.node.expr);
      if (!this.locals.has(name)) this.locals.set(name, v);
      return this.locals.get(name)!;
    } finally {
      this.localsBusy.delete(name);
    }
  }

  localProvenance(name: string): Related[] {
    const decl = this.cfg.locals.get(name);
    return decl ? [{ ref: { file: decl.file.path, start: decl.node.start, end: decl.node.end }, message: `value comes from local value "${name}"` }] : [];
  }

  output(name: string, where?: SourceRef): Value {
    if (this.outputs.has(name)) return this.outputs.get(name)!;
    const decl = this.cfg.outputs.get(name);
    if (!decl) throw new EvalError(`module has no output "${name}"`, where);
    const sens = attrOf(decl.node, 'sensitive');
    const ref = { file: decl.file.path, start: decl.node.start, end: decl.node.end };
    let v: Value;
    if (sens && this.evaluatorFor(sens, decl.file).evaluate(sens.expr) === true) v = new Unresolved(`output.${name}`, SENSITIVE_REASON, ref);
    else {
      this.outputs.set(name, new Unresolved(`output.${name}`, `output "${name}" refers to itself`, ref));
      const val = attrOf(decl.node, 'value');
      v = val ? this.evaluatorFor(val, decl.file).evaluate(val.expr) : null;
    }
    this.outputs.set(name, v);
    return v;
  }

  // ----- count and for_each -----

  instances(b: Block, file: HclFile): InstanceKey[] {
    const cached = this.expansions.get(b);
    if (cached) return cached;
    const out = this.expand(b, file);
    this.expansions.set(b, out);
    return out;
  }

  private expand(b: Block, file: HclFile): InstanceKey[] {
    const count = attrOf(b, 'count');
    const forEach = attrOf(b, 'for_each');
    const argument = count ?? forEach;
    if (argument) file = this.fileOf(argument, file);
    const ev = this.evaluator(file);
    if (count) {
      const v = ev.evaluate(count.expr);
      if (v instanceof Unresolved) return [{ text: '[0]', key: 0, countIndex: 0, condition: countCondition(count, v, ev.text(count.expr), ev.ref(count.expr)) }];
      let n: number | Unresolved | undefined;
      try {
        n = toNum(v, 'count');
      } catch (err) {
        // An object or list as count is a user error, reported just below; anything else is a bug.
        if (!(err instanceof EvalError)) throw err;
      }
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
        this.ctx.diagnostics.push(diagnostic('EvaluationError', file.path, `count must be a whole number, found ${valueKey(v)}`, ev.ref(count.expr)));
        return [];
      }
      if (n > MAX_INSTANCES) {
        this.ctx.diagnostics.push(diagnostic('LimitExceeded', file.path, `count = ${n} is more than ${MAX_INSTANCES} instances`, ev.ref(count.expr)));
        return [];
      }
      return Array.from({ length: n }, (_x, i) => ({ key: i, text: `[${i}]`, countIndex: i }));
    }
    if (forEach) {
      const v = ev.evaluate(forEach.expr);
      const text = ev.text(forEach.expr);
      if (v instanceof Unresolved) {
        const u = new Unresolved('each.key', `the for_each collection is not known: ${v.reason}`, ev.ref(forEach.expr));
        return [{ text: '[*]', each: { key: u, value: new Unresolved('each.value', u.reason, u.ref) }, condition: { expression: `for_each = ${text} is not empty`, reason: v.reason, ref: ev.ref(forEach.expr) } }];
      }
      const entries: [string, Value][] = [];
      if (isObj(v))
        for (const k of Object.keys(v).sort()) entries.push([k, v[k]!]);
      else if (Array.isArray(v)) {
        for (const x of v) {
          if (typeof x !== 'string') {
            this.ctx.diagnostics.push(diagnostic('EvaluationError', file.path, 'for_each over a set needs strings', ev.ref(forEach.expr)));
            return [];
          }
          entries.push([x, x]);
        }
        entries.sort((a, c) => (a[0] < c[0] ? -1 : a[0] > c[0] ? 1 : 0));
      } else {
        this.ctx.diagnostics.push(diagnostic('EvaluationError', file.path, 'for_each needs a map or a set of strings', ev.ref(forEach.expr)));
        return [];
      }
      if (entries.length > MAX_INSTANCES) {
        this.ctx.diagnostics.push(diagnostic('LimitExceeded', file.path, `for_each has more than ${MAX_INSTANCES} elements`, ev.ref(forEach.expr)));
        return [];
      }
      return entries.map(([k, val]) => ({ key: k, text: `[${JSON.stringify(k)}]`, each: { key: k, value: val } }));
    }
    return [{ text: '' }];
  }

  // ----- resources -----

  resourceAttribute(decl: Decl<Block>, inst: InstanceKey, name: string, expression: string, ref: SourceRef | undefined): Value {
    const b = decl.node;
    const address = `${b.labels[0]}.${b.labels[1]}${inst.text}`;
    const key = `${decl.file.path}:${b.start}:${inst.text}:${name}`;
    if (this.attrCache.has(key)) return this.attrCache.get(key)!;
    if (this.attrBusy.has(key)) return new KnownAfterApply(expression, ref, address, name, this.path);
    this.attrBusy.add(key);
    try {
      let v: Value;
      const a = META_ARGS.has(name) ? undefined : attrOf(b, name);
      if (a) v = this.evaluatorFor(a, decl.file, inst).evaluate(a.expr);
      else if (b.body.blocks.some((x) => x.type === name)) {
        v = b.body.blocks.filter((x) => x.type === name).map((x) => blockValue(this.evaluatorFor(x, decl.file, inst), x, new Map()));
      } else v = new KnownAfterApply(expression, ref, address, name, this.path);
      this.attrCache.set(key, v);
      return v;
    } finally {
      this.attrBusy.delete(key);
    }
  }

  // ----- module calls -----

  child(callName: string, inst: InstanceKey): ModuleInstance | Unresolved {
    const k = `${callName}${inst.text}`;
    const cached = this.children.get(k);
    if (cached) return cached;
    const decl = this.cfg.moduleCalls.get(callName)!;
    const c = this.makeChild(callName, decl, inst);
    this.children.set(k, c);
    return c;
  }

  private makeChild(callName: string, decl: Decl<Block>, inst: InstanceKey): ModuleInstance | Unresolved {
    const b = decl.node;
    const ref = { file: decl.file.path, start: b.start, end: b.end };
    const src = attrOf(b, 'source');
    const source = src ? this.evaluatorFor(src, decl.file, inst).evaluate(src.expr) : undefined;
    if (typeof source !== 'string') return new Unresolved(`module.${callName}`, `module "${callName}" has no readable source`, ref);
    if (!isLocalSource(source)) return new Unresolved(`module.${callName}`, `module "${callName}" comes from "${source}", which azmtls does not download`, ref);
    if (this.depth >= MAX_MODULE_DEPTH) return new Unresolved(`module.${callName}`, `modules nested more than ${MAX_MODULE_DEPTH} deep`, ref);
    const dir = joinPath(this.cfg.dir, source);
    const cfg = moduleConfig(this.ctx, dir);
    if (cfg.files.length === 0) return new Unresolved(`module.${callName}`, `module "${callName}": no .tf files in ${dir}`, ref);
    const args = new Map<string, Attribute>();
    for (const a of b.body.attributes) if (!META_ARGS.has(a.name)) args.set(a.name, a);
    const cache = new Map<string, InputValue>();
    const inputs: InputSource = (name) => {
      const a = args.get(name);
      if (!a) return undefined;
      let iv = cache.get(name);
      if (!iv) {
        iv = {
          value: this.evaluatorFor(a, decl.file, inst).evaluate(a.expr),
          ref: { file: this.fileOf(a, decl.file).path, start: a.start, end: a.end },
          message: `value comes from argument "${name}" of module "${callName}"`,
        };
        cache.set(name, iv);
      }
      return iv;
    };
    const path = this.prefix(`module.${callName}${inst.text}`);
    return new ModuleInstance(this.ctx, cfg, inputs, path, [...this.callSites, { ref, message: `instantiated by module "${callName}"${inst.text ? ` instance ${inst.text}` : ''}` }], this.depth + 1);
  }

  // ----- names -----

  namespace(inst?: InstanceKey): Namespace {
    return { resolve: (root, steps, ev, whole, scope) => this.resolve(root, steps, ev, whole, scope, inst) };
  }

  private resolve(root: string, steps: TraversalStep[], ev: Evaluator, whole: Expr, scope: Scope, inst: InstanceKey | undefined): Resolved | undefined {
    const first = steps[0];
    const name = first?.k === 'attr' ? first.name : undefined;
    const at = (n: number): SourceRef => ev.ref({ start: whole.start, end: n < steps.length ? steps[n]!.span.end : whole.end });
    switch (root) {
      case 'var':
        if (!name) throw new EvalError('var needs an attribute', ev.ref(whole));
        return { value: this.variable(name, at(0)), used: 1 };
      case 'local':
        if (!name) throw new EvalError('local needs an attribute', ev.ref(whole));
        return { value: this.local(name, at(0)), used: 1 };
      case 'count':
        if (name !== 'index') throw new EvalError('count has only count.index', at(0));
        if (inst?.countIndex === undefined) throw new EvalError('count.index is only available in a block with count', at(0));
        return { value: inst.countIndex, used: 1 };
      case 'each':
        if (!inst?.each) throw new EvalError('each is only available in a block with for_each', at(0));
        if (name === 'key') return { value: inst.each.key, used: 1 };
        if (name === 'value') return { value: inst.each.value, used: 1 };
        throw new EvalError('each has only each.key and each.value', at(0));
      case 'path':
        // Paths as Terraform gives them, relative to where it runs (the root module's directory).
        if (name === 'module') return { value: posix.relative(this.ctx.rootDir, this.cfg.dir) || '.', used: 1 };
        if (name === 'root' || name === 'cwd') return { value: '.', used: 1 };
        throw new EvalError(`unknown path.${name}`, at(0));
      case 'terraform':
        if (name === 'workspace') return { value: 'default', used: 1 };
        return { value: new Unresolved(ev.text(whole), 'not known to azmtls', ev.ref(whole)), used: steps.length };
      case 'self':
        return { value: new Unresolved(ev.text(whole), 'known after apply', ev.ref(whole)), used: steps.length };
      case 'module':
        if (!name) throw new EvalError('module needs a name', ev.ref(whole));
        return this.resolveModule(name, steps, ev, whole, scope, at);
      case 'data': {
        const t = name;
        const n = steps[1]?.k === 'attr' ? steps[1].name : undefined;
        const decl = t && n ? this.cfg.data.get(`${t}.${n}`) : undefined;
        if (!decl) throw new EvalError(`reference to undeclared data source data.${t ?? ''}.${n ?? ''}`, ev.ref(whole));
        return this.resolveResource(decl, steps, 2, ev, whole, scope, at, 'read from Azure by a data source');
      }
    }
    if (name !== undefined) {
      const decl = this.cfg.resources.get(`${root}.${name}`);
      if (decl) return this.resolveResource(decl, steps, 1, ev, whole, scope, at, undefined);
      if (/^[a-z0-9]+_/.test(root)) throw new EvalError(`reference to undeclared resource ${root}.${name}`, at(0));
    }
    return undefined;
  }

  private resolveResource(
    decl: Decl<Block>,
    steps: TraversalStep[],
    from: number,
    ev: Evaluator,
    whole: Expr,
    scope: Scope,
    at: (n: number) => SourceRef,
    dataReason: string | undefined,
  ): Resolved {
    const insts = this.instances(decl.node, decl.file);
    let i = from;
    let inst: InstanceKey | undefined;
    const counted = attrOf(decl.node, 'count') || attrOf(decl.node, 'for_each');
    const textTo = (n: number): string => ev.text({ start: whole.start, end: steps[n - 1]!.span.end });
    if (!counted) inst = insts[0];
    else {
      const st = steps[i];
      if (st?.k !== 'index') return { value: new Unresolved(textTo(i), 'the instances of a counted resource are known after apply', at(i - 1)), used: i };
      const k = ev.eval(st.key, scope);
      if (k instanceof Unresolved) return { value: new Unresolved(textTo(i + 1), k.reason, at(i)), used: i + 1 };
      inst = insts.find((x) => x.key === k || (typeof x.key === 'number' && x.key === Number(k)));
      if (!inst && insts.length === 1 && insts[0]!.condition) inst = undefined;
      else if (!inst) throw new EvalError(`no instance ${valueKey(k)} of ${decl.node.labels.join('.')}`, at(i));
      i++;
      if (!inst) return { value: new Unresolved(textTo(i), 'the instances of this resource are not known', at(i - 1)), used: i };
    }
    const st = steps[i];
    if (st?.k !== 'attr' || !inst) {
      return { value: new Unresolved(textTo(i), dataReason ?? 'known after apply', at(i - 1)), used: i };
    }
    const v = this.resourceAttribute(decl, inst, st.name, textTo(i + 1), at(i));
    if (dataReason && v instanceof KnownAfterApply) return { value: new Unresolved(v.expression, dataReason, v.ref), used: i + 1 };
    return { value: v, used: i + 1 };
  }

  private resolveModule(name: string, steps: TraversalStep[], ev: Evaluator, whole: Expr, scope: Scope, at: (n: number) => SourceRef): Resolved {
    const decl = this.cfg.moduleCalls.get(name);
    if (!decl) throw new EvalError(`reference to undeclared module "${name}"`, at(0));
    const insts = this.instances(decl.node, decl.file);
    const counted = attrOf(decl.node, 'count') || attrOf(decl.node, 'for_each');
    let i = 1;
    let inst: InstanceKey | undefined = insts[0];
    if (counted) {
      const st = steps[1];
      if (st?.k !== 'index') return { value: this.allInstancesOutputs(name, insts, counted === attrOf(decl.node, 'count')), used: 1 };
      const k = ev.eval(st.key, scope);
      if (k instanceof Unresolved) return { value: new Unresolved(ev.text(whole), k.reason, at(1)), used: steps.length };
      inst = insts.find((x) => x.key === k || (typeof x.key === 'number' && x.key === Number(k)));
      if (!inst) throw new EvalError(`no instance ${valueKey(k)} of module "${name}"`, at(1));
      i = 2;
    }
    if (!inst) return { value: new Unresolved(ev.text(whole), `module "${name}" has no instances`, at(0)), used: steps.length };
    const child = this.child(name, inst);
    if (child instanceof Unresolved) return { value: new Unresolved(ev.text(whole), child.reason, ev.ref(whole)), used: steps.length };
    const st = steps[i];
    if (st?.k !== 'attr') return { value: child.allOutputs(), used: i };
    return { value: child.output(st.name, at(i)), used: i + 1 };
  }

  private allInstancesOutputs(name: string, insts: InstanceKey[], isCount: boolean): Value {
    const list: Value[] = [];
    const map: Obj = {};
    for (const inst of insts) {
      const c = this.child(name, inst);
      const v = c instanceof Unresolved ? c : c.allOutputs();
      if (isCount) list.push(v);
      else map[String(inst.key)] = v;
    }
    return isCount ? list : map;
  }

  allOutputs(): Value {
    const o: Obj = {};
    for (const n of this.cfg.outputs.keys()) setKey(o, n, this.output(n));
    return o;
  }
}

/** Evaluates a nested block to the object Terraform exposes for it (arguments plus nested block lists). */
export function blockValue(ev: Evaluator, b: Block, scope: Scope): Value {
  const o: Obj = {};
  for (const a of b.body.attributes) setKey(o, a.name, ev.evaluate(a.expr, scope));
  for (const nb of b.body.blocks) {
    if (nb.type === 'dynamic') continue;
    const list = getKey(o, nb.type) as Value[] | undefined;
    if (list) list.push(blockValue(ev, nb, scope));
    else setKey(o, nb.type, [blockValue(ev, nb, scope)]);
  }
  return o;
}

export function isLocalSource(s: string): boolean {
  return s.startsWith('./') || s.startsWith('../') || s === '.' || s === '..';
}

/** `count = var.enabled ? 1 : 0` reads as "deployed only when var.enabled". */
function countCondition(count: Attribute, v: Unresolved, text: string, ref: SourceRef): InstanceKey['condition'] {
  const e = count.expr;
  if (e.k === 'cond' && e.then.k === 'lit' && e.else.k === 'lit') {
    const src = text;
    const testText = src.slice(0, e.test.end - e.start).trim();
    if (e.then.value === 1 && e.else.value === 0) return { expression: testText, reason: v.reason, ref };
    if (e.then.value === 0 && e.else.value === 1) return { expression: `!(${testText})`, reason: v.reason, ref };
  }
  return { expression: `count = ${text} is not zero`, reason: v.reason, ref };
}

const NO_NAMES: Namespace = { resolve: () => undefined };

export { Budget };
