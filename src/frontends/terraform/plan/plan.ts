/**
 * `terraform show -json` plans: the planned values of every resource instance (`resource_changes[].change.after`,
 * or `planned_values` when there are no changes listed), with `after_unknown` read as "known after apply"
 * and `after_sensitive` values never read. Deleted instances are ignored. Findings point into the .tf files
 * when the configuration sits next to the plan (through the plan's own module calls), else into the plan.
 */
import { visit } from 'jsonc-parser';
import { findExcessiveNesting } from '../../json-nesting.js';
import { isAzapiDeployment, lowerAzapiDeployment, lowerTemplateDeployment, TEMPLATE_DEPLOYMENTS } from '../lower/template-deployment.js';
import { pushAll } from '../../../core/arrays.js';
import { posix } from 'node:path';
import { diagnostic, type Diagnostic } from '../../../core/diagnostics.js';
import { SourceSet, type SourceRef } from '../../../core/source.js';
import type { Resource } from '../../../model/resource.js';
import { getKey, hasKey, setKey, Unresolved, type Value } from '../../../model/value.js';
import type { FrontendOutput, ReadFile } from '../../types.js';
import { SENSITIVE_REASON, isObj, type Obj } from '../eval/values.js';
import type { Block } from '../hcl/ast.js';
import { lowerAzapi } from '../lower/azapi.js';
import { lowerAzurerm, type LowerContext } from '../lower/azurerm.js';
import { buildsResources, isAzapiType } from '../lower/resource-types.js';
import { fromValue } from '../../../model/value.js';
import type { TfAttr, TfObject } from '../lower/tfobject.js';
import { joinPath, loadModuleConfig, type ModuleConfig } from '../module/config.js';
import { safeFs } from '../module/load.js';
import { azurermVersion } from '../lower/provider.js';
import { JsonPositions, topLevelKeys } from './positions.js';

/**
 * By the root object's keys, read as far as the text is well formed: a plan cut short (a full disk, a
 * cancelled job) is still a plan, reported as broken rather than passed over as some other JSON.
 */
export function sniffPlanText(text: string): boolean {
  if (!text.includes('"format_version"')) return false;
  if (!text.includes('"resource_changes"') && !text.includes('"planned_values"')) return false;
  const keys = topLevelKeys(text);
  return keys.includes('format_version') && (keys.includes('resource_changes') || keys.includes('planned_values'));
}

interface PlanOptions {
  readFile: ReadFile;
  listDir: (dir: string) => string[];
  sources?: SourceSet;
}

interface Instance {
  address: string;
  moduleAddress: string;
  type: string;
  name: string;
  values: Obj;
  unknown: unknown;
  sensitive: unknown;
  /** Where the instance's values object is in the text (looked up only for the instances lowered). */
  at: () => number | undefined;
}

/**
 * Plans are machine-written and shallow; deeper input would overflow what reads values recursively (`mark`,
 * lowering, and jsonc-parser's visitor that finds where a broken plan breaks).
 */
const MAX_PLAN_DEPTH = 512;

export async function loadPlan(file: string, text: string, opts: PlanOptions): Promise<FrontendOutput> {
  const sources = opts.sources ?? new SourceSet();
  const diagnostics: Diagnostic[] = [];
  const resources: Resource[] = [];
  sources.add(file, text);
  const deep = findExcessiveNesting(text, MAX_PLAN_DEPTH);
  if (deep >= 0) {
    diagnostics.push(diagnostic('NestingTooDeep', file, `the plan JSON is nested more than ${MAX_PLAN_DEPTH} levels deep; it is not read`, { file, start: deep, end: deep + 1 }));
    return { resources, diagnostics, sources };
  }
  try {
    readPlan(file, text, opts, sources, diagnostics, resources);
  } catch (err) {
    // A bug here must not stop the scan: the file is reported as an internal fault and the rest goes on.
    diagnostics.push(diagnostic('InternalFrontend', file, `the Terraform plan frontend failed: ${err instanceof Error ? err.message : String(err)}`));
  }
  return { resources, diagnostics, sources };
}

function readPlan(file: string, text: string, opts: PlanOptions, sources: SourceSet, diagnostics: Diagnostic[], resources: Resource[]): void {
  let plan: Value | undefined;
  try {
    plan = JSON.parse(text) as Value;
  } catch {
    plan = undefined;
  }
  if (plan === undefined || !isObj(plan)) {
    const at = plan === undefined ? firstSyntaxError(text) : { offset: 0, length: 0 };
    diagnostics.push(diagnostic('JsonSyntax', file, 'the plan is not valid JSON', { file, start: Math.min(at.offset, text.length), end: Math.min(text.length, at.offset + at.length) }));
    return;
  }
  const positions = new JsonPositions(text);
  const instances = collect(plan, positions, file, diagnostics);
  const config = configFor(file, plan, opts, sources, diagnostics);
  const provider = azurermVersion(undefined, []);
  const version = providerFromPlan(plan);
  for (const inst of instances) {
    if (!buildsResources(inst.type)) continue;
    const azapi = isAzapiType(inst.type);
    const deployment = TEMPLATE_DEPLOYMENTS.has(inst.type);
    const block = config?.(inst.moduleAddress, inst.type, inst.name);
    const at = inst.at();
    const obj = new PlanObject(inst.values, inst.unknown, inst.sensitive, positions, at, file, block, inst.address);
    if (deployment || (azapi && isAzapiDeployment(obj))) {
      const declRef = obj.ref ?? { file, start: 0, end: 0 };
      const out = (deployment ? lowerTemplateDeployment : lowerAzapiDeployment)(obj, { file, address: inst.address, declRef, readFile: opts.readFile, sources });
      pushAll(resources, out.resources);
      pushAll(diagnostics, out.diagnostics);
      if (deployment) continue;
    }
    const ctx: LowerContext = { provider: version ?? provider, nameOf: () => undefined };
    const l = azapi ? lowerAzapi(inst.type, obj, ctx) : lowerAzurerm(inst.type, obj, ctx);
    if (!l) continue;
    const ref = obj.ref ?? { file, start: 0, end: 0 };
    const nameResolved = typeof l.name === 'string';
    resources.push({
      source: 'terraform-plan',
      type: l.type,
      sourceType: inst.type,
      ...('apiVersion' in l && typeof l.apiVersion === 'string' ? { apiVersion: l.apiVersion } : {}),
      name: typeof l.name === 'string' ? l.name : l.name instanceof Unresolved ? l.name.expression : String(l.name),
      nameResolved,
      address: inst.address,
      body: l.body,
      file: ref.file,
      ref,
      ...(l.nameRef ? { nameRef: l.nameRef } : {}),
      ...(l.limitations ? { limitations: l.limitations } : {}),
      ...(block ? { related: [{ ref: at !== undefined ? { file, start: at, end: positions.end(at) } : { file, start: 0, end: 0 }, message: `planned values of ${inst.address}` }] } : {}),
      facts: { ...(version?.text ? { azurermVersion: version.text } : {}), plan: file },
    });
  }
}

function providerFromPlan(plan: Obj): ReturnType<typeof azurermVersion> | undefined {
  const cfg = plan.configuration;
  if (!isObj(cfg) || !isObj(cfg.provider_config)) return undefined;
  const az = cfg.provider_config.azurerm;
  if (isObj(az) && typeof az.version_constraint === 'string') return azurermVersion(undefined, [az.version_constraint]);
  return undefined;
}

/** Where the plan's JSON puts an instance's values: a path of member names and item indexes from the root. */
function locator(positions: JsonPositions, path: (string | number)[]): () => number | undefined {
  return () => {
    let at: number | undefined = positions.root();
    for (const step of path) {
      if (at === undefined) return undefined;
      if (typeof step === 'number') at = positions.isArray(at) ? positions.items(at)[step] : undefined;
      else at = positions.isObject(at) ? positions.member(at, step)?.valueStart : undefined;
    }
    return at;
  };
}

function collect(plan: Obj, positions: JsonPositions, file: string, diagnostics: Diagnostic[]): Instance[] {
  const out: Instance[] = [];
  const rcs = plan.resource_changes;
  if (Array.isArray(rcs)) {
    rcs.forEach((rc, i) => {
      if (!isObj(rc) || rc.mode === 'data' || !isObj(rc.change)) return;
      const actions = Array.isArray(rc.change.actions) ? rc.change.actions : [];
      if (actions.length === 1 && actions[0] === 'delete') return;
      const after = rc.change.after;
      if (!isObj(after)) return;
      out.push({
        address: String(rc.address ?? ''),
        moduleAddress: typeof rc.module_address === 'string' ? rc.module_address : '',
        type: String(rc.type ?? ''),
        name: String(rc.name ?? ''),
        values: after,
        unknown: rc.change.after_unknown,
        sensitive: rc.change.after_sensitive,
        at: locator(positions, ['resource_changes', i, 'change', 'after']),
      });
    });
    return out;
  }
  const pv = plan.planned_values;
  if (!isObj(pv) || !isObj(pv.root_module)) {
    diagnostics.push(diagnostic('PlanShape', file, 'the plan has neither resource_changes nor planned_values.root_module'));
    return out;
  }
  const stack: { mod: Obj; path: (string | number)[] }[] = [{ mod: pv.root_module, path: ['planned_values', 'root_module'] }];
  while (stack.length > 0) {
    const { mod, path } = stack.pop()!;
    const rs = Array.isArray(mod.resources) ? mod.resources : [];
    rs.forEach((r, i) => {
      if (!isObj(r) || r.mode === 'data' || !isObj(r.values)) return;
      out.push({
        address: String(r.address ?? ''),
        moduleAddress: typeof mod.address === 'string' ? mod.address : '',
        type: String(r.type ?? ''),
        name: String(r.name ?? ''),
        values: r.values,
        unknown: undefined,
        sensitive: r.sensitive_values,
        at: locator(positions, [...path, 'resources', i, 'values']),
      });
    });
    const cms = Array.isArray(mod.child_modules) ? mod.child_modules : [];
    cms.forEach((c, i) => {
      if (isObj(c)) stack.push({ mod: c, path: [...path, 'child_modules', i] });
    });
  }
  return out;
}

type BlockFinder = (moduleAddress: string, type: string, name: string) => { block: Block; file: string } | undefined;

/** Maps plan addresses to resource blocks when the configuration is next to the plan. */
function configFor(file: string, plan: Obj, opts: PlanOptions, sources: SourceSet, diagnostics: Diagnostic[]): BlockFinder | undefined {
  const fs = safeFs(opts);
  const dir = posix.dirname(file);
  if (!fs.listDir(dir).some((n) => n.endsWith('.tf'))) return undefined;
  const configs = new Map<string, ModuleConfig>();
  const load = (d: string): ModuleConfig => {
    let c = configs.get(d);
    if (!c) configs.set(d, (c = loadModuleConfig(fs, d, sources, diagnostics)));
    return c;
  };
  const rootCfg = isObj(plan.configuration) && isObj(plan.configuration.root_module) ? plan.configuration.root_module : undefined;
  return (moduleAddress, type, name) => {
    let d = dir;
    let modCfg: Obj | undefined = rootCfg;
    for (const m of moduleAddress.matchAll(/module\.([^.[]+)(?:\[[^\]]*\])?/g)) {
      const calls = modCfg && isObj(modCfg.module_calls) ? modCfg.module_calls : undefined;
      const call: Value = calls?.[m[1]!] ?? null;
      if (!isObj(call) || typeof call.source !== 'string' || !/^\.\.?\//.test(call.source)) return undefined;
      d = joinPath(d, call.source);
      modCfg = isObj(call.module) ? call.module : undefined;
    }
    const decl = load(d).resources.get(`${type}.${name}`);
    return decl ? { block: decl.node, file: decl.file.path } : undefined;
  };
}

class PlanObject implements TfObject {
  readonly ref: SourceRef | undefined;

  constructor(
    private readonly values: Obj,
    private readonly unknown: unknown,
    private readonly sensitive: unknown,
    private readonly positions: JsonPositions,
    /** Where this object is in the plan's text. */
    private readonly at: number | undefined,
    private readonly planFile: string,
    private readonly hcl: { block: Block; file: string } | undefined,
    private readonly path: string,
  ) {
    this.ref = hcl ? { file: hcl.file, start: hcl.block.start, end: hcl.block.end } : at !== undefined ? { file: planFile, start: at, end: positions.end(at) } : undefined;
  }

  private member(name: string) {
    return this.at !== undefined && this.positions.isObject(this.at) ? this.positions.member(this.at, name) : undefined;
  }

  private jsonRef(name: string): { prop?: SourceRef; value?: SourceRef } {
    const m = this.member(name);
    if (!m) return {};
    return { prop: { file: this.planFile, start: m.keyStart, end: m.end }, value: { file: this.planFile, start: m.valueStart, end: m.end } };
  }

  attr(name: string): TfAttr | undefined {
    const expr = `${this.path}.${name}`;
    const sens = pick(this.sensitive, name);
    const unk = pick(this.unknown, name);
    let value: Value;
    if (!hasKey(this.values, name) && unk !== true) return undefined;
    if (sens === true) value = new Unresolved(expr, SENSITIVE_REASON);
    else if (unk === true) value = new Unresolved(expr, 'known after apply');
    else value = mark(this.values[name]!, unk, sens, expr);
    let ref: SourceRef | undefined;
    let valueRef: SourceRef | undefined;
    const ha = this.hcl?.block.body.attributes.find((a) => a.name === name);
    if (ha && this.hcl) {
      ref = { file: this.hcl.file, start: ha.start, end: ha.end };
      valueRef = { file: this.hcl.file, start: ha.expr.start, end: ha.expr.end };
    } else if (this.hcl) {
      // set by the provider or through a variable: the block is the narrowest place in the .tf files
      ref = this.ref;
      valueRef = this.ref;
    } else {
      const j = this.jsonRef(name);
      ref = j.prop ?? this.ref;
      valueRef = j.value ?? ref;
    }
    return { value, ...(ref ? { ref } : {}), ...(valueRef ? { valueRef } : {}), node: () => fromValue(value, valueRef) };
  }

  blocks(name: string): TfObject[] {
    const v = getKey(this.values, name);
    if (!Array.isArray(v)) return [];
    const hclBlocks = this.hcl ? this.hcl.block.body.blocks.filter((b) => b.type === name) : [];
    const list = this.member(name)?.valueStart;
    const items = list !== undefined && this.positions.isArray(list) ? this.positions.items(list) : [];
    return v.flatMap((item, i) => {
      if (!isObj(item)) return [];
      const hb = hclBlocks[i];
      return [new PlanObject(item, pick(pick(this.unknown, name), i), pick(pick(this.sensitive, name), i), this.positions, items[i], this.planFile, hb && this.hcl ? { block: hb, file: this.hcl.file } : undefined, `${this.path}.${name}[${i}]`)];
    });
  }
}

/** Where `JSON.parse` refused the text, as jsonc-parser finds it (JSON.parse's own messages differ by Node version). */
function firstSyntaxError(text: string): { offset: number; length: number } {
  let first: { offset: number; length: number } | undefined;
  visit(text, { onError: (_code, offset, length) => void (first ??= { offset, length }) }, { disallowComments: true });
  return first ?? { offset: 0, length: 0 };
}

function pick(marks: unknown, key: string | number): unknown {
  if (marks === null || typeof marks !== 'object' || !Object.hasOwn(marks, key)) return undefined;
  return (marks as Record<string | number, unknown>)[key];
}

/** Puts the unknown and sensitive markers of the plan into the value. */
function mark(v: Value, unk: unknown, sens: unknown, expr: string): Value {
  if (sens === true) return new Unresolved(expr, SENSITIVE_REASON);
  if (unk === true) return new Unresolved(expr, 'known after apply');
  if ((unk === undefined || unk === false) && (sens === undefined || sens === false)) return v;
  if (Array.isArray(v)) return v.map((x, i) => mark(x, pick(unk, i), pick(sens, i), `${expr}[${i}]`));
  if (isObj(v)) {
    const o: Obj = {};
    for (const k of Object.keys(v)) setKey(o, k, mark(v[k]!, pick(unk, k), pick(sens, k), `${expr}.${k}`));
    return o;
  }
  return v;
}
