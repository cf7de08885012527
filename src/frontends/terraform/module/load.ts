/**
 * Loads a root module and the local modules it calls, expands count/for_each and module instances, and
 * lowers every azurerm/azapi resource instance into the model.
 */
import { posix } from 'node:path';
import { diagnostic, type Diagnostic } from '../../../core/diagnostics.js';
import { SourceSet, stripBom, type SourceRef } from '../../../core/source.js';
import type { Resource } from '../../../model/resource.js';
import { arrayNode, getProp, Unresolved, type Related, type Value, type VNode } from '../../../model/value.js';
import type { FrontendOutput, ReadFile } from '../../types.js';
import { Budget } from '../eval/evaluate.js';
import { BudgetExceeded, KnownAfterApply } from '../eval/values.js';
import { isAzapiDeployment, lowerAzapiDeployment, lowerTemplateDeployment, TEMPLATE_DEPLOYMENTS } from '../lower/template-deployment.js';
import { pushAll } from '../../../core/arrays.js';
import { lowerAzapi } from '../lower/azapi.js';
import { lowerAzurerm, type Lowered, type LowerContext } from '../lower/azurerm.js';
import { HclBlockView } from '../lower/hclview.js';
import { buildsResources, isAzapiType } from '../lower/resource-types.js';
import { azurermVersion, lockedAzurermVersion, type AzurermVersion } from '../lower/provider.js';
import { attrOf, isOverrideFile, joinPath, type FileAccess, type ModuleConfig } from './config.js';
import { isLocalSource, ModuleInstance, moduleConfig, type InstanceKey, type LoadContext } from './instance.js';
import { rootInputs } from './rootvars.js';

export interface LoadOptions {
  readFile: ReadFile;
  listDir: (dir: string) => string[];
  vars?: Record<string, string>;
  varFiles?: string[];
  env?: Record<string, string | undefined>;
  sources?: SourceSet;
}

const MAX_STEPS = 5_000_000;
const TIME_BUDGET_MS = 20_000;

export function safeFs(opts: { readFile: ReadFile; listDir: (dir: string) => string[] }): FileAccess {
  return {
    readFile: (p) => {
      try {
        return opts.readFile(p);
      } catch {
        return undefined;
      }
    },
    listDir: (d) => {
      try {
        return opts.listDir(d);
      } catch {
        return [];
      }
    },
  };
}

export async function loadModule(dir: string, opts: LoadOptions): Promise<FrontendOutput> {
  const sources = opts.sources ?? new SourceSet();
  const diagnostics: Diagnostic[] = [];
  const resources: Resource[] = [];
  const fs = safeFs(opts);
  try {
    const ctx: LoadContext = { fs, sources, diagnostics, budget: new Budget(MAX_STEPS, TIME_BUDGET_MS), rootDir: dir, configs: new Map(), lowered: { lowered: 0 } };
    const rootCfg = moduleConfig(ctx, dir);
    const inputs = rootInputs(fs, dir, opts, sources, diagnostics);
    // Read only when listed: most directories have none, and a failed open costs an exception.
    const lock = fs.listDir(dir).includes('.terraform.lock.hcl') ? fs.readFile(joinPath(dir, '.terraform.lock.hcl')) : undefined;
    const locked = lock ? lockedAzurermVersion(stripBom(lock)) : undefined;
    const root = new ModuleInstance(ctx, rootCfg, inputs, '', [], 0);
    const walker = new Walker(ctx, locked, resources);
    try {
      walker.walk(root);
    } catch (err) {
      if (!(err instanceof BudgetExceeded)) throw err;
      diagnostics.push(diagnostic(err.kind === 'time' ? 'TimeBudget' : 'LimitExceeded', dir, `${err.message}; the resources read so far are reported`));
    }
    walker.attach();
  } catch (err) {
    diagnostics.push(diagnostic('InternalFrontend', dir, `the Terraform frontend failed: ${err instanceof Error ? err.message : String(err)}`));
  }
  return { resources, diagnostics, sources };
}

interface Pending {
  resource: Resource;
  lowered: Lowered;
  mod: ModuleInstance;
}

class Walker {
  private readonly instancesByPath = new Map<string, ModuleInstance>();
  private readonly pending: Pending[] = [];
  private readonly reportedCalls = new Set<string>();

  constructor(
    private readonly ctx: LoadContext,
    private readonly locked: string | undefined,
    private readonly out: Resource[],
  ) {}

  private provider(cfg: ModuleConfig): AzurermVersion {
    const constraints: string[] = [];
    const rootCfg = this.ctx.configs.get(this.ctx.rootDir);
    for (const c of rootCfg && rootCfg !== cfg ? [rootCfg, cfg] : [cfg]) constraints.push(...requiredAzurerm(c));
    return azurermVersion(this.locked, constraints);
  }

  walk(root: ModuleInstance): void {
    const stack: ModuleInstance[] = [root];
    while (stack.length > 0) {
      const mod = stack.pop()!;
      this.instancesByPath.set(mod.path, mod);
      const provider = this.provider(mod.cfg);
      for (const [key, decl] of mod.cfg.resources) {
        const tfType = decl.node.labels[0]!;
        if (!buildsResources(tfType)) continue;
        if (TEMPLATE_DEPLOYMENTS.has(tfType)) {
          for (const inst of mod.instances(decl.node, decl.file)) {
            const ev = mod.evaluator(decl.file, inst);
            this.templateDeployment(mod, `${key}${inst.text}`, inst, new HclBlockView(decl.node, ev, new Map(), mod, inst), lowerTemplateDeployment);
          }
          continue;
        }
        const azapi = isAzapiType(tfType);
        for (const inst of mod.instances(decl.node, decl.file)) {
          const ev = mod.evaluator(decl.file, inst);
          const view = new HclBlockView(decl.node, ev, new Map(), mod, inst);
          if (azapi && isAzapiDeployment(view)) this.templateDeployment(mod, `${key}${inst.text}`, inst, view, lowerAzapiDeployment);
          const lctx: LowerContext = { provider, nameOf: (v) => this.nameOf(mod, v) };
          const lowered = azapi ? lowerAzapi(tfType, view, lctx) : lowerAzurerm(tfType, view, lctx);
          if (!lowered) continue;
          const r = this.resource(mod, tfType, `${key}${inst.text}`, lowered, ev.ref(decl.node), provider, inst);
          if (lowered.attachTo) this.pending.push({ resource: r, lowered, mod });
          else this.out.push(r);
        }
      }
      const children: ModuleInstance[] = [];
      for (const [name, decl] of mod.cfg.moduleCalls) {
        for (const inst of mod.instances(decl.node, decl.file)) {
          const child = mod.child(name, inst);
          if (child instanceof Unresolved) {
            this.reportCall(mod, name, decl.file.path, { file: decl.file.path, start: decl.node.start, end: decl.node.end }, child);
            continue;
          }
          children.push(child);
        }
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }

  /** The template a template deployment (or an azapi deployment) deploys: see template-deployment.ts. */
  private templateDeployment(mod: ModuleInstance, address: string, inst: InstanceKey, view: HclBlockView, lower: typeof lowerTemplateDeployment): void {
    const declRef = view.ref;
    const out = lower(view, {
      file: declRef.file,
      address,
      declRef,
      readFile: (p) => {
        const t = this.ctx.fs.readFile(p);
        if (t === undefined) throw new Error(`ENOENT: ${p}`);
        return t;
      },
      sources: this.ctx.sources,
    });
    for (const r of out.resources) {
      r.address = mod.prefix(r.address);
      r.related = [...mod.callSites, ...(r.related ?? [])];
      if (inst.condition && !r.condition) r.condition = inst.condition;
      this.out.push(r);
    }
    pushAll(this.ctx.diagnostics, out.diagnostics);
    this.ctx.lowered.lowered += out.lowered;
  }

  private reportCall(mod: ModuleInstance, name: string, file: string, ref: SourceRef, u: Unresolved): void {
    const key = `${file}:${ref.start}`;
    if (this.reportedCalls.has(key)) return;
    this.reportedCalls.add(key);
    const decl = mod.cfg.moduleCalls.get(name)!;
    const src = attrOf(decl.node, 'source');
    const srcText = src ? mod.fileOf(src, decl.file).text.slice(src.expr.start, src.expr.end) : '';
    const local = srcText.startsWith('"') && isLocalSource(srcText.slice(1, -1));
    if (local) this.ctx.diagnostics.push(diagnostic('ModuleNotFound', file, `module "${name}": ${u.reason}`, ref));
    else this.ctx.diagnostics.push(diagnostic('ModuleUnresolved', file, `module "${name}" is not evaluated: ${u.reason}; its resources are not scanned`, ref));
  }

  private resource(mod: ModuleInstance, tfType: string, localAddress: string, l: Lowered & { apiVersion?: string }, ref: SourceRef, provider: AzurermVersion, inst: InstanceKey): Resource {
    const nameResolved = typeof l.name === 'string';
    const name = typeof l.name === 'string' ? l.name : l.name instanceof Unresolved ? l.name.expression : JSON.stringify(l.name);
    const facts: Record<string, string> = { ...(l.facts ?? {}) };
    if (tfType.startsWith('azurerm_')) {
      facts.azurermVersion = provider.text ?? 'unknown';
      facts.azurermVersionSource = provider.source;
    }
    const r: Resource = {
      source: 'terraform',
      type: l.type,
      sourceType: tfType,
      ...(l.apiVersion ? { apiVersion: l.apiVersion } : {}),
      name,
      nameResolved,
      address: mod.prefix(localAddress),
      body: l.body,
      file: ref.file,
      ref,
      ...(l.nameRef ? { nameRef: l.nameRef } : {}),
      ...(mod.callSites.length > 0 ? { related: [...mod.callSites] } : {}),
      ...(l.limitations ? { limitations: l.limitations } : {}),
      facts,
    };
    if (inst.condition) r.condition = inst.condition;
    return r;
  }

  /** The evaluated `name` of the resource instance an `…id` reference points at. */
  private nameOf(from: ModuleInstance, v: Value): Value | undefined {
    if (!(v instanceof KnownAfterApply) || v.attribute !== 'id') return undefined;
    const mod = v.modulePath === from.path ? from : this.instancesByPath.get(v.modulePath);
    if (!mod) return undefined;
    const m = /^([^.[]+)\.([^.[]+)(.*)$/.exec(v.address);
    if (!m) return undefined;
    const decl = mod.cfg.resources.get(`${m[1]}.${m[2]}`);
    if (!decl) return undefined;
    const inst = mod.instances(decl.node, decl.file).find((i) => i.text === m[3]);
    if (!inst) return undefined;
    return mod.resourceAttribute(decl, inst, 'name', v.expression.replace(/\.id$/, '.name'), v.ref);
  }

  /** Resources that change another one (token passwords, APIM custom domains) join their target. */
  attach(): void {
    const byAddress = new Map(this.out.map((r) => [r.address, r]));
    for (const p of this.pending) {
      const t = p.lowered.attachTo!.target;
      const target = t instanceof KnownAfterApply ? byAddress.get(t.modulePath ? `${t.modulePath}.${t.address}` : t.address) : undefined;
      if (!target) {
        this.out.push(p.resource);
        continue;
      }
      const path = p.lowered.attachTo!.kind === 'token-password' ? ['properties', 'credentials', 'passwords'] : ['properties', 'hostnameConfigurations'];
      const added = dig(p.lowered.body, path);
      if (!added || added.t !== 'array') continue;
      const existing = dig(target.body, path);
      if (existing && existing.t === 'array') for (const item of added.items) existing.items.push(item);
      else {
        let holder = target.body;
        for (const seg of path.slice(0, -1)) {
          const prop = getProp(holder, seg);
          if (prop && prop.value.t === 'object') holder = prop.value;
          else {
            const o = { t: 'object' as const, props: new Map(), ...(p.resource.ref ? { ref: p.resource.ref } : {}) };
            holder.props.set(seg.toLowerCase(), { name: seg, value: o, ...(p.resource.ref ? { ref: p.resource.ref } : {}) });
            holder = o;
          }
        }
        holder.props.set(path[path.length - 1]!.toLowerCase(), { name: path[path.length - 1]!, value: arrayNode(added.items, p.resource.ref), ...(p.resource.ref ? { ref: p.resource.ref } : {}) });
      }
      const rel: Related = {
        ref: p.resource.ref!,
        message: p.lowered.attachTo!.kind === 'token-password' ? `password credentials added by ${p.resource.address}` : `hostname configurations set by ${p.resource.address}`,
      };
      target.related = [...(target.related ?? []), rel];
    }
  }
}

function dig(root: VNode, path: string[]): VNode | undefined {
  let cur: VNode | undefined = root;
  for (const seg of path) {
    if (!cur || cur.t !== 'object') return undefined;
    cur = getProp(cur, seg)?.value;
  }
  return cur;
}

/** `required_providers { azurerm = { version = "~> 3.0" } }` (or the legacy string form). */
function requiredAzurerm(cfg: ModuleConfig): string[] {
  let out: string[] = [];
  // The blocks of override files come last (config.ts); an override's entry replaces the original's.
  for (const t of cfg.terraformBlocks) {
    for (const rp of t.node.body.blocks.filter((b) => b.type === 'required_providers')) {
      const a = attrOf(rp, 'azurerm');
      if (!a) continue;
      const text = t.file.text.slice(a.expr.start, a.expr.end);
      const m = /version\s*[=:]\s*"([^"]*)"/.exec(text) ?? /^"([^"]*)"$/.exec(text.trim());
      if (!m?.[1]) continue;
      if (isOverrideFile(posix.basename(t.file.path))) out = [];
      out.push(m[1]);
    }
  }
  return out;
}
