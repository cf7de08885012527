/**
 * Lowers an evaluated Bicep file (and the local modules it calls) into the resource model.
 *
 * One `FileInstance` is one deployment of one file: the root template, or a module called with its
 * arguments (a module called in a loop has one instance per iteration). Names are bound lazily, so
 * declaration order does not matter, and a cycle is reported instead of recursing forever.
 */
import { posix } from 'node:path';
import { diagnostic, syntaxDiagnostics, type Diagnostic } from '../../core/diagnostics.js';
import { pushAll } from '../../core/arrays.js';
import { stripBom, type SourceRef, type SourceSet } from '../../core/source.js';
import type { Resource } from '../../model/resource.js';
import {
  Unresolved,
  arrayNode,
  containsUnresolved,
  fromValue,
  getKey,
  isPlainObject,
  objectNode,
  scalar,
  setProp,
  type ObjectNode,
  type Related,
  type Scalar,
  type Value,
  type VNode,
} from '../../model/value.js';
import { defaultScope, type FunctionContext } from '../expressions/index.js';
import { MAX_LOWERED_VALUES, takeLowered, treeSize } from '../expressions/size.js';
import type { ReadFile } from '../types.js';
import { Evaluator, Scope, isFunctionValue, type Binding, type Budget, type EvalHost } from './evaluate.js';
import { deploymentArguments, lowerArmModule } from '../arm/module-call.js';
import { ExpressionError } from '../expressions/context.js';
import { compactJson, type ObjectValue } from '../expressions/values.js';
import { mergeWithUndecided } from '../expressions/partial-merge.js';
import { armTypeEntry } from '../../model/catalog/arm-types.js';
import { parseBicep } from './parser.js';
import type { BicepFile, CallExpr, Decl, Expr, ForExpr, ModuleDecl, ObjectExpr, ParamDecl, ResourceDecl, Span, TypeExpr } from './syntax.js';

/** ARM's own limit on copy loops; more instances than this is an error at deployment. */
export const MAX_LOOP_INSTANCES = 800;
export const MAX_MODULE_DEPTH = 12;
const SECURE_REASON = 'secure value is not read';

/** A parameter value supplied from outside the file (module argument, parameters file). */
export interface Supplied {
  value: Value;
  via: Related[];
}

/** State shared by every file of one unit (a root file and its modules). */
export interface Unit {
  readFile: ReadFile;
  sources: SourceSet;
  diagnostics: Diagnostic[];
  resources: Resource[];
  budget: Budget;
  parsed: Map<string, { ast: BicepFile; text: string } | { error: string }>;
  reported?: Set<string>;
  onModule?: (call: ModuleCall) => void;
  evaluateEveryTemplate?: boolean;
}

/** One module instance met while lowering: what it calls and whether it is deployed. */
export interface ModuleCall {
  /** The instance's address, as the prefix of its resources' addresses (`spoke>vnet[0]`). */
  address: string;
  /** The declaration (`module x '...'`), in the file that declares it. */
  ref: SourceRef;
  /** The module path as written. */
  path: string;
  /** `local`: a Bicep file, `arm`: an ARM JSON template, both lowered; otherwise why its resources are not. */
  target: 'local' | 'registry' | 'template-spec' | 'arm' | 'unreadable';
  /** false when its condition is known false. */
  deployed: boolean;
}

interface DeployInfo {
  /** `appModule>` for resources of a module; empty at the root. */
  addressPrefix: string;
  related: Related[];
  condition?: { expression: string; reason: string; ref?: SourceRef };
  depth: number;
  chain: string[];
}

interface ResourceInstance {
  decl: ResourceDecl;
  scope: Scope;
  body?: ObjectExpr;
  type: string;
  apiVersion?: string;
  name: Value;
  nameRef?: SourceRef;
  address: string;
  /** false: not deployed (condition known false or filtered out). */
  deployed: boolean;
  condition?: { expression: string; reason: string; ref?: SourceRef };
  value: { [k: string]: Value };
  children?: Map<string, ResourceInstance[]>;
}

interface ModuleInstance {
  decl: ModuleDecl;
  scope: Scope;
  body?: ObjectExpr;
  address: string;
  deployed: boolean;
  condition?: { expression: string; reason: string; ref?: SourceRef };
  target?: FileInstance | ArmTemplateModule;
  value?: Value;
}

/** Reads and parses a file once per unit; the error is kept so it is reported once. */
export function loadParsed(unit: Unit, path: string, paramsFile = false): { ast: BicepFile; text: string } | { error: string } {
  const cached = unit.parsed.get(path);
  if (cached) return cached;
  let entry: { ast: BicepFile; text: string } | { error: string };
  try {
    const text = stripBom(unit.readFile(path));
    unit.sources.add(path, text);
    entry = { ast: parseBicep(text, { paramsFile }), text };
    reportParseErrors(unit, path, entry.ast, paramsFile);
  } catch (err) {
    entry = { error: err instanceof Error ? err.message : String(err) };
  }
  unit.parsed.set(path, entry);
  return entry;
}

export function reportParseErrors(unit: Unit, file: string, ast: BicepFile, paramsFile: boolean): void {
  for (const e of ast.errors) if (e.tooDeep) unit.diagnostics.push(diagnostic('NestingTooDeep', file, e.message, { file, start: e.start, end: e.end }));
  pushAll(unit.diagnostics, syntaxDiagnostics(paramsFile ? 'BicepParamSyntax' : 'BicepSyntax', file, ast.errors.filter((e) => !e.tooDeep)));
}

function isRegistryPath(p: string): boolean {
  return /^(br|ts)(:|\/)/i.test(p);
}

export function resolveRelative(from: string, path: string): string {
  return posix.normalize(posix.join(posix.dirname(from), path.replace(/\\/g, '/')));
}

function decorator(d: Decl, name: string): boolean {
  return d.decorators.some((x) => x.name.toLowerCase() === name);
}

function isNullable(t: TypeExpr | undefined): boolean {
  return t?.kind === 'typeNullable';
}

export class FileInstance implements EvalHost {
  readonly budget: Budget;
  readonly fnCtx: FunctionContext;
  readonly diagnostics: Diagnostic[];
  readonly evaluator: Evaluator;
  private readonly globals = new Map<string, Binding>();
  private readonly resourceInstances = new Map<ResourceDecl, ResourceInstance[]>();
  private readonly moduleInstances = new Map<ModuleDecl, ModuleInstance[]>();
  private readonly byValue = new WeakMap<object, ResourceInstance>();
  private readonly computing = new Set<object>();
  private outputsValue: { [k: string]: Value } | undefined;

  constructor(
    readonly unit: Unit,
    readonly file: string,
    readonly text: string,
    readonly ast: BicepFile,
    private readonly supplied: Map<string, Supplied>,
    private readonly info: DeployInfo,
  ) {
    this.budget = unit.budget;
    this.diagnostics = unit.diagnostics;
    const scope = defaultScope();
    for (const d of ast.declarations) {
      if (d.kind === 'targetScope' && d.value.kind === 'string' && typeof d.value.parts[0] === 'string' && d.value.parts.length === 1) {
        const s = d.value.parts[0];
        if (s === 'subscription' || s === 'managementGroup' || s === 'tenant' || s === 'resourceGroup') scope.targetScope = s;
      }
    }
    this.fnCtx = { scope };
    this.evaluator = new Evaluator(this);
    this.bindAll();
  }

  private ref(span: Span): SourceRef {
    return { file: this.file, start: span.start, end: span.end };
  }

  /** The declaration's head (`param certMode string = ...`), without its decorators. */
  private headRef(d: Decl): SourceRef {
    return { file: this.file, start: d.keywordStart ?? d.start, end: d.end };
  }

  // -------------------------------------------------------------------------------------------
  // EvalHost

  report(d: Diagnostic): void {
    const seen = (this.unit.reported ??= new Set());
    const key = `${d.code}|${d.file}|${d.ref?.start}|${d.ref?.end}|${d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    this.diagnostics.push(d);
  }

  global(name: string): Binding | undefined {
    return this.globals.get(name);
  }

  isResource(v: Value): boolean {
    return typeof v === 'object' && v !== null && this.byValue.has(v);
  }

  childOf(resource: Value, name: string): Value | undefined {
    if (typeof resource !== 'object' || resource === null) return undefined;
    const inst = this.byValue.get(resource);
    if (!inst) return undefined;
    const kids = this.childInstances(inst).get(name);
    if (!kids) return undefined;
    const nested = inst.body?.items.find((i): i is ResourceDecl => i.kind === 'resource' && i.name.name === name);
    return nested && nested.body.kind === 'for' ? kids.map((k) => k.value) : (kids[0]?.value ?? null);
  }

  readRelative(path: string): { text: string } | { error: string } {
    const full = resolveRelative(this.file, path);
    try {
      return { text: stripBom(this.unit.readFile(full)) };
    } catch (err) {
      return { error: `the file '${full}' could not be read (${err instanceof Error ? err.message : String(err)})` };
    }
  }

  // -------------------------------------------------------------------------------------------
  // Bindings

  private lazy(kind: Binding['kind'], key: object, name: string, span: Span, compute: () => { value: Value; via: Related[] }): Binding {
    let done: { value: Value; via: Related[] } | undefined;
    const run = () => {
      if (done) return done;
      if (this.computing.has(key)) {
        this.report(diagnostic('ReferenceCycle', this.file, `'${name}' refers to itself through a cycle of declarations.`, this.ref(span)));
        return { value: new Unresolved(name, `'${name}' is part of a reference cycle`, this.ref(span)), via: [] };
      }
      this.computing.add(key);
      try {
        done = compute();
      } finally {
        this.computing.delete(key);
      }
      return done;
    };
    return { kind, get: () => run().value, via: () => run().via };
  }

  private bindAll(): void {
    const root = new Scope();
    for (const d of this.ast.declarations) {
      switch (d.kind) {
        case 'param':
          this.globals.set(d.name.name, this.lazy('param', d, d.name.name, d.name, () => this.paramValue(d, root)));
          break;
        case 'var':
          this.globals.set(
            d.name.name,
            this.lazy('var', d, d.name.name, d.name, () => ({
              value: this.evaluator.evaluate(d.value, root),
              via: [{ ref: this.headRef(d), message: `value comes from variable '${d.name.name}'` }, ...this.evaluator.provenance(d.value, root)],
            })),
          );
          break;
        case 'func': {
          const params = d.params.map((p) => p.name.name);
          this.globals.set(d.name.name, this.lazy('func', d, d.name.name, d.name, () => ({ value: this.evaluator.lambda(params, d.body, new Scope()), via: [] })));
          break;
        }
        case 'resource':
          this.globals.set(
            d.name.name,
            this.lazy('resource', d, d.name.name, d.name, () => {
              const insts = this.instancesOf(d, root, undefined);
              return { value: d.body.kind === 'for' ? insts.map((i) => i.value) : (insts[0]?.value ?? null), via: [] };
            }),
          );
          break;
        case 'module':
          this.globals.set(
            d.name.name,
            this.lazy('module', d, d.name.name, d.name, () => {
              const insts = this.modulesOf(d, root);
              const values = insts.map((m) => this.moduleValue(m));
              return { value: d.body.kind === 'for' ? values : (values[0] ?? null), via: [] };
            }),
          );
          break;
        case 'import':
          this.bindImport(d);
          break;
        case 'paramAssign':
          break;
        default:
          break;
      }
    }
  }

  private paramValue(d: ParamDecl, root: Scope): { value: Value; via: Related[] } {
    const name = d.name.name;
    const here: Related = { ref: this.headRef(d), message: `value comes from parameter '${name}'` };
    if (decorator(d, 'secure')) return { value: new Unresolved(name, SECURE_REASON, this.ref(d.name)), via: [here] };
    const candidates = this.allowedValues(d, root);
    const s = this.supplied.get(name);
    if (s) return { value: s.value, via: [here, ...s.via] };
    if (d.value) return { value: this.evaluator.evaluate(d.value, root), via: [here, ...this.evaluator.provenance(d.value, root)] };
    // An optional (nullable) parameter with no value is null, as the compiler emits it.
    if (isNullable(d.type)) return { value: null, via: [here] };
    return {
      value: new Unresolved(name, `parameter '${name}' has no default and no value was supplied`, this.ref(d.name), candidates),
      via: [here],
    };
  }

  private allowedValues(d: ParamDecl, root: Scope): Scalar[] | undefined {
    const allowed = d.decorators.find((x) => x.name.toLowerCase() === 'allowed');
    if (allowed?.args[0]) {
      const v = this.evaluator.evaluate(allowed.args[0], root);
      if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) return v as Scalar[];
    }
    // A union of literal types (`'Required' | 'Optional'`) constrains the value the same way.
    if (d.type?.kind === 'typeUnion' && d.type.members.every((m) => m.kind === 'typeLiteral')) {
      const out: Scalar[] = [];
      for (const m of d.type.members) {
        if (m.kind !== 'typeLiteral') return undefined;
        const v = this.evaluator.evaluate(m.value, root);
        if (v !== null && typeof v === 'object') return undefined;
        out.push(v);
      }
      return out;
    }
    return undefined;
  }

  private bindImport(d: Extract<Decl, { kind: 'import' }>): void {
    if (!d.from) return;
    const fromText = d.from.parts.length === 1 && typeof d.from.parts[0] === 'string' ? d.from.parts[0] : undefined;
    const unresolvedImport = (name: string, reason: string): Binding => ({
      kind: 'import',
      get: () => new Unresolved(name, reason, this.ref(d)),
      via: () => [],
    });
    const load = (): FileInstance | string => {
      if (!fromText) return 'the import path is not a literal string';
      if (isRegistryPath(fromText)) return `'${fromText}' is a registry reference and is not read by a scan`;
      if (!fromText.toLowerCase().endsWith('.bicep')) return `imports from '${fromText}' are not evaluated`;
      const path = resolveRelative(this.file, fromText);
      if (this.info.chain.includes(path) || this.info.depth >= MAX_MODULE_DEPTH) return `'${path}' imports itself`;
      const parsed = loadParsed(this.unit, path);
      if ('error' in parsed) return `the file '${path}' could not be read (${parsed.error})`;
      return new FileInstance(this.unit, path, parsed.text, parsed.ast, new Map(), {
        addressPrefix: '',
        related: [],
        depth: this.info.depth + 1,
        chain: [...this.info.chain, path],
      });
    };
    let target: FileInstance | string | undefined;
    const get = () => (target ??= load());
    if (d.wildcardAlias) {
      const alias = d.wildcardAlias;
      this.globals.set(alias, {
        kind: 'import',
        get: () => {
          const t = get();
          if (typeof t === 'string') return new Unresolved(alias, t, this.ref(d));
          return t.exports();
        },
        via: () => [],
      });
    }
    for (const item of d.items) {
      const local = item.alias ?? item.name;
      this.globals.set(local, {
        kind: 'import',
        get: () => {
          const t = get();
          if (typeof t === 'string') return unresolvedImport(local, t).get();
          const b = t.global(item.name);
          return b ? b.get() : new Unresolved(local, `'${item.name}' is not exported by '${t.file}'`, this.ref(item));
        },
        via: () => [],
      });
    }
  }

  /** Exported variables and functions (`@export()`), for `import * as ns`. */
  exports(): { [k: string]: Value } {
    const out: { [k: string]: Value } = {};
    for (const d of this.ast.declarations) {
      if ((d.kind === 'var' || d.kind === 'func') && decorator(d, 'export')) out[d.name.name] = this.globals.get(d.name.name)!.get();
    }
    return out;
  }

  outputs(): { [k: string]: Value } {
    if (this.outputsValue) return this.outputsValue;
    const out: { [k: string]: Value } = {};
    const root = new Scope();
    for (const d of this.ast.declarations) {
      if (d.kind !== 'output') continue;
      out[d.name.name] = decorator(d, 'secure') ? new Unresolved(d.name.name, SECURE_REASON, this.ref(d.name)) : this.evaluator.evaluate(d.value, root);
    }
    this.outputsValue = out;
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Instances: conditions and loops

  /** Unwraps `if` and `[for]` into scopes, each with the object body and whether it is deployed. */
  private expand(
    body: Expr,
    outer: Scope,
    symbol: string,
  ): Expansion[] {
    const ev = this.evaluator;
    const conditional = (b: Expr, scope: Scope, suffix: string): Expansion => {
      if (b.kind !== 'if') return { scope, ...(b.kind === 'object' ? { body: b } : {}), suffix, deployed: true };
      const test = b.test.kind === 'paren' ? b.test.inner : b.test;
      const t = ev.evaluate(test, scope);
      const objectBody = b.body.kind === 'object' ? b.body : undefined;
      if (t === false) return { scope, ...(objectBody ? { body: objectBody } : {}), suffix, deployed: false };
      if (t === true) return { scope, ...(objectBody ? { body: objectBody } : {}), suffix, deployed: true };
      const reason = t instanceof Unresolved ? t.reason : `the condition is not a bool`;
      return {
        scope,
        ...(objectBody ? { body: objectBody } : {}),
        suffix,
        deployed: true,
        condition: { expression: ev.textOf(test), reason, ref: this.ref(test) },
      };
    };
    if (body.kind !== 'for') return [conditional(body, outer, '')];
    const loop: ForExpr = body;
    const r = ev.loopScopes(loop, outer, MAX_LOOP_INSTANCES);
    if (r instanceof Unresolved) {
      // The number of instances is unknown: one representative instance keeps the resource judged.
      const s = new Scope(outer);
      if (loop.item) s.set(loop.item.name, { kind: 'local', get: () => new Unresolved(loop.item!.name, `the loop over ${ev.textOf(loop.source)} is not known: ${r.reason}`, this.ref(loop.source)), via: () => ev.provenance(loop.source, outer) });
      if (loop.index) s.set(loop.index.name, { kind: 'local', get: () => new Unresolved(loop.index!.name, 'the loop index is not known', this.ref(loop.source)), via: () => [] });
      const one = conditional(loop.body, s, '[*]');
      // An instance exists only when the collection is not empty: that is the condition a reader can act on.
      const loopCond = { expression: `!empty(${ev.textOf(loop.source)})`, reason: `the number of instances is not known: ${r.reason}`, ref: this.ref(loop.source) };
      return [{ ...one, condition: one.condition ? { ...loopCond, expression: `${loopCond.expression} && ${one.condition.expression}` } : loopCond }];
    }
    if (r.truncated) {
      this.report(diagnostic('LimitExceeded', this.file, `The loop of '${symbol}' has more than ${MAX_LOOP_INSTANCES} instances; only the first ${MAX_LOOP_INSTANCES} are judged.`, this.ref(loop.source)));
    }
    return r.scopes.map((s, i) => conditional(loop.body, s, `[${i}]`));
  }

  private instancesOf(d: ResourceDecl, outer: Scope, parent: ResourceInstance | undefined): ResourceInstance[] {
    if (!parent) {
      const cached = this.resourceInstances.get(d);
      if (cached) return cached;
    }
    const ev = this.evaluator;
    const out: ResourceInstance[] = [];
    const typeText = typeof d.typeString.parts[0] === 'string' && d.typeString.parts.length === 1 ? d.typeString.parts[0] : '';
    const at = typeText.indexOf('@');
    const rawType = at >= 0 ? typeText.slice(0, at) : typeText;
    const apiVersion = at >= 0 ? typeText.slice(at + 1) : parent?.apiVersion;
    for (const x of this.expand(d.body, outer, d.name.name)) {
      const nameProp = x.body ? findProp(x.body, 'name') : undefined;
      // A resource that is not deployed is not evaluated either (its name may only be valid when deployed).
      let name: Value = !x.deployed
        ? new Unresolved(d.name.name, 'the resource is not deployed')
        : nameProp
          ? ev.evaluate(nameProp.value, x.scope)
          : new Unresolved(d.name.name, 'the resource has no name');
      let type = rawType;
      let address = `${this.info.addressPrefix}${d.name.name}${x.suffix}`;
      let parentInst = parent;
      const parentProp = x.body ? findProp(x.body, 'parent') : undefined;
      if (!parentInst && parentProp) {
        const pv = ev.evaluate(parentProp.value, x.scope);
        parentInst = typeof pv === 'object' && pv !== null ? this.byValue.get(pv) : undefined;
      }
      if (parent) {
        // Nested declarations may name their type relative to the parent (`slots@2022-03-01`).
        if (!rawType.includes('/')) type = `${parent.type}/${rawType}`;
        address = `${parent.address}::${d.name.name}${x.suffix}`;
      }
      // `child.name` is the name as declared (`slot`), as the compiler emits it; the resource's full name is `site/slot`.
      const declaredName = name;
      if (parentInst) name = joinName(parentInst.name, name);
      const value: { [k: string]: Value } = {
        id: new Unresolved(`${d.name.name}.id`, 'resource ids are known only at deployment time', this.ref(d.name)),
        name: declaredName,
        type,
        apiVersion: apiVersion ?? null,
        properties: new Unresolved(`${d.name.name}.properties`, 'the deployed properties are known only at deployment time', this.ref(d.name)),
      };
      const inst: ResourceInstance = {
        decl: d,
        scope: x.scope,
        ...(x.body ? { body: x.body } : {}),
        type,
        ...(apiVersion ? { apiVersion } : {}),
        name,
        ...(nameProp ? { nameRef: this.ref(nameProp.value) } : {}),
        address,
        deployed: x.deployed && (parent ? parent.deployed : true),
        ...(combine(parent?.condition, x.condition) ? { condition: combine(parent?.condition, x.condition)! } : {}),
        value,
      };
      this.byValue.set(value, inst);
      out.push(inst);
    }
    if (!parent) this.resourceInstances.set(d, out);
    return out;
  }

  private childInstances(inst: ResourceInstance): Map<string, ResourceInstance[]> {
    if (inst.children) return inst.children;
    inst.children = new Map();
    for (const item of inst.body?.items ?? []) {
      if (item.kind !== 'resource') continue;
      // Nested resources see the parent's loop variables.
      inst.children.set(item.name.name, this.instancesOf(item, inst.scope, inst));
    }
    return inst.children;
  }

  private modulesOf(d: ModuleDecl, outer: Scope): ModuleInstance[] {
    const cached = this.moduleInstances.get(d);
    if (cached) return cached;
    const out: ModuleInstance[] = this.expand(d.body, outer, d.name.name).map((x) => ({
      decl: d,
      scope: x.scope,
      ...(x.body ? { body: x.body } : {}),
      address: `${this.info.addressPrefix}${d.name.name}${x.suffix}`,
      deployed: x.deployed,
      ...(x.condition ? { condition: x.condition } : {}),
    }));
    this.moduleInstances.set(d, out);
    return out;
  }

  private moduleValue(m: ModuleInstance): Value {
    if (m.value !== undefined) return m.value;
    const nameProp = m.body ? findProp(m.body, 'name') : undefined;
    const name = nameProp ? this.evaluator.evaluate(nameProp.value, m.scope) : new Unresolved(`${m.decl.name.name}.name`, 'the deployment name is generated by the compiler');
    const target = this.moduleTarget(m);
    const outputs =
      typeof target === 'string'
        ? new Unresolved(`${m.decl.name.name}.outputs`, target, this.ref(m.decl.path))
        : target instanceof FileInstance
          ? target.outputs()
          : new Unresolved(`${m.decl.name.name}.outputs`, `the outputs of the ARM template '${target.path}' are not evaluated`, this.ref(m.decl.path));
    m.value = { name, outputs };
    return m.value;
  }

  /** The module's own file instance with its arguments, or why it cannot be evaluated. */
  private moduleTarget(m: ModuleInstance): FileInstance | ArmTemplateModule | string {
    if (m.target) return m.target;
    const d = m.decl;
    const p = d.path.parts.length === 1 && typeof d.path.parts[0] === 'string' ? d.path.parts[0] : undefined;
    if (p === undefined) return 'the module path is not a literal string';
    if (isRegistryPath(p)) return `module '${d.name.name}' comes from ${p.toLowerCase().startsWith('ts') ? 'a template spec' : 'a registry'} ('${p}') and is not read by a scan`;
    const path = resolveRelative(this.file, p);
    const callSite: Related = {
      ref: { file: this.file, start: d.keywordStart ?? d.start, end: d.path.end },
      message: `deployed by module '${m.address}' ('${p}')`,
    };
    if (path.toLowerCase().endsWith('.json')) {
      let text: string;
      try {
        text = stripBom(this.unit.readFile(path));
      } catch (err) {
        return `the module file '${path}' could not be read (${err instanceof Error ? err.message : String(err)})`;
      }
      const paramsProp = m.body ? findProp(m.body, 'params') : undefined;
      m.target = { path, text, args: this.moduleArgs(m), argsRef: paramsProp ? this.ref(paramsProp) : callSite.ref, callSite };
      return m.target;
    }
    if (!path.toLowerCase().endsWith('.bicep')) return `module '${d.name.name}' ('${p}') is neither a Bicep file nor an ARM template`;
    if (this.info.chain.includes(path)) return `module '${d.name.name}' calls '${path}', which is already being deployed (a cycle)`;
    if (this.info.depth + 1 > MAX_MODULE_DEPTH) return `modules are nested more than ${MAX_MODULE_DEPTH} levels deep`;
    const parsed = loadParsed(this.unit, path);
    if ('error' in parsed) return `the module file '${path}' could not be read (${parsed.error})`;
    m.target = new FileInstance(this.unit, path, parsed.text, parsed.ast, this.moduleArgs(m), {
      addressPrefix: `${m.address}>`,
      related: [...this.info.related, callSite],
      ...(combine(this.info.condition, m.condition) ? { condition: combine(this.info.condition, m.condition)! } : {}),
      depth: this.info.depth + 1,
      chain: [...this.info.chain, path],
    });
    return m.target;
  }

  /** The module's evaluated `params`, each with where its value came from. */
  private moduleArgs(m: ModuleInstance): Map<string, Supplied> {
    const supplied = new Map<string, Supplied>();
    const paramsProp = m.body ? findProp(m.body, 'params') : undefined;
    if (paramsProp) {
      const ev = this.evaluator;
      if (paramsProp.value.kind === 'object') {
        for (const item of paramsProp.value.items) {
          if (item.kind === 'property') {
            const key = 'kind' in item.key ? ev.interpolate(item.key.parts, m.scope, item.key) : item.key.name;
            if (typeof key !== 'string') continue;
            supplied.set(key, {
              value: ev.evaluate(item.value, m.scope),
              via: [{ ref: this.ref(item), message: `value comes from module argument '${key}'` }, ...ev.provenance(item.value, m.scope)],
            });
          } else if (item.kind === 'spread') {
            const v = ev.evaluate(item.value, m.scope);
            if (isPlainObject(v)) {
              const via = [{ ref: this.ref(item), message: `value comes from the module arguments spread from ${ev.textOf(item.value)}` }, ...ev.provenance(item.value, m.scope)];
              for (const k of Object.keys(v)) supplied.set(k, { value: v[k]!, via });
            }
          }
        }
      } else {
        const v = ev.evaluate(paramsProp.value, m.scope);
        const via = [{ ref: this.ref(paramsProp), message: `value comes from the module arguments` }, ...ev.provenance(paramsProp.value, m.scope)];
        if (isPlainObject(v)) for (const k of Object.keys(v)) supplied.set(k, { value: v[k]!, via });
      }
    }
    return supplied;
  }

  /** Lowers an ARM JSON template through the ARM frontend; its resources are addressed under the module or deployment. */
  private lowerArmTemplate(m: { address: string; condition?: ModuleInstance['condition'] }, t: ArmTemplateModule): void {
    // Each JSON module is lowered with an allowance of its own; a loop of them shares this file's.
    if (this.budget.lowered > MAX_LOWERED_VALUES) {
      this.report(diagnostic('LimitExceeded', this.file, `The resources of this deployment add up to more than ${MAX_LOWERED_VALUES} values; the module '${t.path}' is not evaluated.`, t.callSite.ref));
      return;
    }
    const out = lowerArmModule({
      path: t.path,
      text: t.text,
      args: t.args,
      argsRef: t.argsRef,
      readFile: this.unit.readFile,
      sources: this.unit.sources,
      evaluateEveryTemplate: this.unit.evaluateEveryTemplate ?? false,
      ...(t.inMemory ? { inMemory: t.inMemory } : {}),
      ...(t.argumentNoun ? { argumentNoun: t.argumentNoun } : {}),
    });
    const related = [...this.info.related, t.callSite];
    const outer = combine(this.info.condition, m.condition);
    for (const r of out.resources) {
      r.address = `${m.address}>${r.address}`;
      r.related = [...related, ...(r.related ?? [])];
      const condition = combine(outer, r.condition);
      if (condition) r.condition = condition;
      this.unit.resources.push(r);
    }
    for (const d of out.diagnostics) this.report(d);
    this.budget.lowered += out.lowered;
  }

  /**
   * `resource d 'Microsoft.Resources/deployments@…' = { properties: { template: {…}, parameters: {…} } }`: a
   * nested deployment declared directly, whose template is deployed with those parameters, as a JSON module's
   * is; so it is lowered the same way, from the template as evaluated here. A string written '[…]' in it reaches
   * the deployment as that ARM expression: the compiled template escapes it once, and ARM unescapes it once.
   * A `templateLink` with a `relativePath` is read beside this file, as ARM reads it beside the template that
   * links it; a link to a URI or a template spec is reported, as the ARM frontend reports it.
   */
  private lowerInlineDeployment(inst: ResourceInstance): void {
    const props = inst.body ? findProp(inst.body, 'properties') : undefined;
    if (props?.value.kind !== 'object') return;
    const templateProp = findProp(props.value, 'template');
    const linkProp = templateProp ? undefined : findProp(props.value, 'templatelink');
    const source = templateProp ?? linkProp;
    if (!source) return;
    const ev = this.evaluator;
    const sourceRef = this.ref(source);
    const label = typeof inst.name === 'string' ? `'${inst.name}'` : inst.decl.name.name;
    const notJudged = (what: string) => this.report(diagnostic('ModuleUnresolved', this.file, `${what}; its resources are not judged.`, sourceRef));
    const value = ev.evaluate(source.value, inst.scope);
    let template: { path: string; text: string; inMemory?: SourceRef } | undefined;
    if (linkProp) {
      const relativePath = isPlainObject(value) ? getKey(value, 'relativePath') : undefined;
      if (typeof relativePath !== 'string') {
        const target = isPlainObject(value) ? (getKey(value, 'uri') ?? getKey(value, 'id')) : undefined;
        notJudged(`The linked template ${typeof target === 'string' ? `'${target}' ` : ''}of the deployment ${label} is not read by a scan`);
        return;
      }
      const path = resolveRelative(this.file, relativePath);
      try {
        template = { path, text: stripBom(this.unit.readFile(path)) };
      } catch (err) {
        this.report(diagnostic('ModuleNotFound', this.file, `The linked template '${path}' of the deployment ${label} could not be read (${err instanceof Error ? err.message : String(err)}); its resources are not judged.`, sourceRef));
        return;
      }
    } else {
      let why: string | undefined;
      if (!isPlainObject(value)) why = value instanceof Unresolved ? value.reason : 'it is not an object';
      else if (containsUnresolved(value)) why = 'a part of it is not known';
      else {
        try {
          template = { path: `${this.file}#${inst.address}.properties.template`, text: compactJson(value), inMemory: sourceRef };
        } catch (err) {
          if (!(err instanceof ExpressionError)) throw err;
          why = err.message;
        }
      }
      if (!template) {
        notJudged(`The template of the deployment ${label} is not known (${why})`);
        return;
      }
    }
    const paramsProp = findProp(props.value, 'parameters');
    const args = new Map<string, Supplied>();
    if (paramsProp) {
      const given = ev.evaluate(paramsProp.value, inst.scope);
      const via = [{ ref: this.ref(paramsProp), message: `value comes from the parameters of the deployment ${label}` }, ...ev.provenance(paramsProp.value, inst.scope)];
      if (isPlainObject(given)) deploymentArguments(given, ev.textOf(paramsProp.value), via, args);
    }
    this.lowerArmTemplate(inst, {
      ...template,
      args,
      argsRef: paramsProp ? this.ref(paramsProp) : sourceRef,
      callSite: { ref: this.ref(inst.decl), message: `deployed by the nested deployment ${label}` },
      argumentNoun: 'deployment parameter',
    });
  }

  // -------------------------------------------------------------------------------------------
  // Lowering

  /** Emits every deployed resource of this file and, recursively, of its local modules. */
  lower(): void {
    const root = new Scope();
    for (const d of this.ast.declarations) {
      if (this.budget.exhausted) return;
      if (d.kind === 'resource') {
        for (const inst of this.instancesOf(d, root, undefined)) this.emit(inst);
      } else if (d.kind === 'module') {
        const declRef: SourceRef = { file: this.file, start: d.keywordStart ?? d.start, end: d.path.end };
        const written = d.path.parts.length === 1 && typeof d.path.parts[0] === 'string' ? d.path.parts[0] : this.evaluator.textOf(d.path);
        for (const m of this.modulesOf(d, root)) {
          const target = m.deployed ? this.moduleTarget(m) : undefined;
          this.unit.onModule?.({ address: m.address, ref: declRef, path: written, target: targetKind(written, target), deployed: m.deployed });
          if (target === undefined) continue;
          if (!(target instanceof FileInstance) && typeof target !== 'string') {
            this.lowerArmTemplate(m, target);
            continue;
          }
          if (typeof target === 'string') {
            const registry = /registry|template spec/.test(target);
            // One diagnostic per declaration, not per loop instance (report() drops the repeats).
            this.report(diagnostic(registry ? 'ModuleUnresolved' : 'ModuleNotFound', this.file, `${target}; its resources are not judged.`, declRef));
            continue;
          }
          target.lower();
        }
      }
    }
  }

  private emit(inst: ResourceInstance): void {
    if (!inst.deployed) return;
    if (inst.type.toLowerCase() === 'microsoft.resources/deployments' && !inst.decl.existing) this.lowerInlineDeployment(inst);
    // As in the ARM frontend: a resource of a type no rule judges is not lowered (its body is most of the
    // work of a module), unless every resource is wanted (conformance compares them all with ARM's).
    if (!this.unit.evaluateEveryTemplate && armTypeEntry(inst.type) === undefined) {
      for (const kids of this.childInstances(inst).values()) for (const k of kids) this.emit(k);
      return;
    }
    const d = inst.decl;
    const body = inst.body ? this.lowerObject(inst.body, inst.scope, true) : objectNode(this.ref(d));
    const name = inst.name;
    const nameResolved = typeof name === 'string';
    const condition = combine(this.info.condition, inst.condition);
    const r: Resource = {
      source: 'bicep',
      type: inst.type,
      ...(inst.apiVersion ? { apiVersion: inst.apiVersion } : {}),
      name: typeof name === 'string' ? name : name instanceof Unresolved ? name.expression : String(name),
      nameResolved,
      address: inst.address,
      body,
      file: this.file,
      ref: this.ref(d),
      ...(inst.nameRef ? { nameRef: inst.nameRef } : {}),
      ...(d.existing ? { existing: true } : {}),
      ...(condition ? { condition } : {}),
      ...(this.info.related.length > 0 ? { related: [...this.info.related] } : {}),
    };
    this.unit.resources.push(r);
    for (const kids of this.childInstances(inst).values()) for (const k of kids) this.emit(k);
  }

  /**
   * A literal object keeps each property's exact span; computed parts carry where their value came from.
   * `opaque` is set when a spread contributes keys that cannot be known, so no key of the object is known absent.
   */
  lowerObject(o: ObjectExpr, scope: Scope, resourceBody = false, opaque?: { reason?: string }): ObjectNode {
    const node = objectNode(this.ref(o));
    const ev = this.evaluator;
    for (const item of o.items) {
      if (item.kind === 'resource') continue;
      if (item.kind === 'spread') {
        const v = ev.evaluate(item.value, scope);
        const via = ev.provenance(item.value, scope);
        if (isPlainObject(v)) {
          for (const k of Object.keys(v)) {
            const part = this.lowerable(v[k]!, item.value) ? v[k]! : this.overLimit(item.value);
            setProp(node, k, fromValue(part, this.ref(item), via.length > 0 ? { via } : undefined), this.ref(item));
          }
        } else if (v instanceof Unresolved) {
          // `...(cond ? { a: x } : {})`: only the keys of the branches can appear, and each may or may not.
          const keys = this.spreadKeys(item.value, scope);
          const reason = `it is set by the spread ${ev.textOf(item.value)}, which is not known: ${v.reason}`;
          if (keys) {
            for (const k of keys) setProp(node, k, unresolvedNode(ev.textOf(item.value), reason, this.ref(item), via), this.ref(item));
          } else {
            node.note = `properties spread from ${ev.textOf(item.value)} are not known: ${v.reason}`;
            if (opaque) opaque.reason = reason;
          }
        }
        continue;
      }
      const key = 'kind' in item.key ? ev.interpolate(item.key.parts, scope, item.key) : item.key.name;
      if (typeof key !== 'string') continue;
      if (resourceBody && /^(parent|dependson|scope)$/i.test(key)) continue;
      setProp(node, key, this.lowerValue(item.value, scope), this.ref(item));
    }
    return node;
  }

  /**
   * `union(a, c ? b : {})` and `shallowMerge([a, c ? b : {}])` with `c` not known: only the keys `b` may set
   * are unknown, as for a spread (see expressions/partial-merge.ts; the compiled template reads the same).
   */
  private partialMerge(e: CallExpr, scope: Scope): ObjectValue | undefined {
    if (e.target && !(e.target.kind === 'ident' && e.target.name === 'sys')) return undefined;
    const list = e.args[0];
    let items: Expr[];
    if (e.name.name === 'union' && e.args.length > 0) items = e.args;
    else if (e.name.name === 'shallowMerge' && e.args.length === 1 && list?.kind === 'array' && list.items.every((i) => i.kind !== 'spread')) items = list.items as Expr[];
    else return undefined;
    const ev = this.evaluator;
    return mergeWithUndecided(
      items.map((item) => ({ value: ev.evaluate(item, scope), keys: () => this.spreadKeys(item, scope), text: ev.textOf(item) })),
      e.name.name === 'union',
    );
  }

  /** The keys a spread can contribute when its value is not known; undefined when they are not known either. */
  private spreadKeys(e: Expr, scope: Scope): Set<string> | undefined {
    const out = new Set<string>();
    const stack: Expr[] = [e];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (x.kind === 'paren' || x.kind === 'nonNull') {
        stack.push(x.inner);
        continue;
      }
      if (x.kind === 'ternary') {
        const t = this.evaluator.evaluate(x.test, scope);
        if (t === true) stack.push(x.then);
        else if (t === false) stack.push(x.else);
        else stack.push(x.then, x.else);
        continue;
      }
      if (x.kind === 'object') {
        for (const item of x.items) {
          if (item.kind === 'property') {
            const key = 'kind' in item.key ? this.evaluator.interpolate(item.key.parts, scope, item.key) : item.key.name;
            if (typeof key !== 'string') return undefined;
            out.add(key);
          } else if (item.kind === 'spread') stack.push(item.value);
        }
        continue;
      }
      const v = this.evaluator.evaluate(x, scope);
      if (isPlainObject(v)) for (const k of Object.keys(v)) out.add(k);
      else if (v !== null) return undefined;
    }
    return out;
  }

  /**
   * Takes a value's size from the unit's allowance. Each value is bounded where it is built, but a loop of
   * 800 lowers a body 800 times, and a body that holds a large variable would need more memory than there
   * is; false, reported once, when the allowance is spent.
   */
  private lowerable(v: Value, e: Span): boolean {
    const taken = takeLowered(this.budget, treeSize(v));
    if (taken !== 'exceeded') return taken === 'ok';
    this.report(diagnostic('LimitExceeded', this.file, `The resources of this deployment add up to more than ${MAX_LOWERED_VALUES} values; the rest are left unresolved.`, this.ref(e)));
    return false;
  }

  private overLimit(e: Span): Unresolved {
    return new Unresolved(this.evaluator.textOf(e), `the resources of this deployment add up to more than ${MAX_LOWERED_VALUES} values`, this.ref(e));
  }

  lowerValue(e: Expr, scope: Scope): VNode {
    const ref = this.ref(e);
    const ev0 = this.evaluator;
    if (!this.lowerable(null, e)) return fromValue(this.overLimit(e), ref);
    switch (e.kind) {
      case 'object': {
        const opaque: { reason?: string } = {};
        const node = this.lowerObject(e, scope, false, opaque);
        return opaque.reason ? unresolvedNode(ev0.textOf(e), opaque.reason, ref, ev0.provenance(e, scope)) : node;
      }
      case 'array':
        if (e.items.every((i) => i.kind !== 'spread')) return arrayNode(e.items.map((i) => this.lowerValue(i as Expr, scope)), ref);
        break;
      case 'number':
      case 'bool':
        return scalar(e.value, ref);
      case 'null':
        return scalar(null, ref);
      case 'string':
        if (e.parts.length === 1) return scalar(e.parts[0] as string, ref);
        break;
      case 'paren':
        return this.lowerValue(e.inner, scope);
      default:
        break;
    }
    const ev = this.evaluator;
    let v = ev.evaluate(e, scope);
    const via = ev.provenance(e, scope);
    if (v instanceof Unresolved && e.kind === 'call') v = this.partialMerge(e, scope) ?? v;
    if (v instanceof Unresolved) {
      // Name the expression as written here; keep candidates only when the value is passed through unchanged.
      const passThrough = e.kind === 'ident' || e.kind === 'ternary' || e.kind === 'nonNull';
      v = new Unresolved(ev.textOf(e), v.reason, ref, passThrough ? v.candidates : undefined);
    }
    if (isFunctionValue(v)) v = new Unresolved(ev.textOf(e), 'a function is not a property value', ref);
    // A scalar was counted on the way in.
    if (treeSize(v) > 1 && !this.lowerable(v, e)) v = this.overLimit(e);
    return fromValue(v, ref, via.length > 0 ? { via } : undefined);
  }
}

/** A module whose file is an ARM JSON template, with the arguments it is deployed with. */
interface ArmTemplateModule {
  path: string;
  text: string;
  args: Map<string, Supplied>;
  argsRef: SourceRef;
  callSite: Related;
  /** An inline template: text made here, located at this ref (see lowerArmModule). */
  inMemory?: SourceRef;
  argumentNoun?: string;
}

interface Expansion {
  scope: Scope;
  body?: ObjectExpr;
  suffix: string;
  deployed: boolean;
  condition?: ResourceInstance['condition'];
}

function targetKind(path: string, target: FileInstance | ArmTemplateModule | string | undefined): ModuleCall['target'] {
  if (/^ts(:|\/)/i.test(path)) return 'template-spec';
  if (isRegistryPath(path)) return 'registry';
  if (typeof target === 'string') return 'unreadable';
  return path.toLowerCase().endsWith('.json') ? 'arm' : 'local';
}

function unresolvedNode(expression: string, reason: string, ref: SourceRef, via: Related[]): VNode {
  return fromValue(new Unresolved(expression, reason, ref), ref, via.length > 0 ? { via } : undefined);
}

function findProp(o: ObjectExpr, name: string): Extract<ObjectExpr['items'][number], { kind: 'property' }> | undefined {
  for (const item of o.items) {
    if (item.kind !== 'property' || 'kind' in item.key) continue;
    if (item.key.name.toLowerCase() === name) return item;
  }
  return undefined;
}

function joinName(parent: Value, child: Value): Value {
  if (typeof parent === 'string' && typeof child === 'string') return `${parent}/${child}`;
  const pe = parent instanceof Unresolved ? parent.expression : String(parent);
  const ce = child instanceof Unresolved ? child.expression : String(child);
  const reason = parent instanceof Unresolved ? parent.reason : child instanceof Unresolved ? child.reason : 'the name is not a string';
  return new Unresolved(`${pe}/${ce}`, reason);
}

function combine(
  a: ResourceInstance['condition'] | undefined,
  b: ResourceInstance['condition'] | undefined,
): ResourceInstance['condition'] | undefined {
  if (!a) return b;
  if (!b) return a;
  return { expression: `${a.expression} && ${b.expression}`, reason: `${a.reason}; ${b.reason}`, ...(b.ref ? { ref: b.ref } : a.ref ? { ref: a.ref } : {}) };
}
