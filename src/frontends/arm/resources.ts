/**
 * Template resources to model resources: child types and names composed from their parents, `copy`
 * instances, `condition`, languageVersion 2.0 symbolic names and `existing`, and nested deployments
 * (inline, or linked by `relativePath`) evaluated recursively in their own or their parent's scope.
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/child-resource-name-type
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/linked-templates
 */
import { posix } from 'node:path';
import type { SourceRef } from '../../core/source.js';
import { stripBom } from '../../core/source.js';
import { armTypeEntry, canonicalArmType } from '../../model/catalog/index.js';
import type { Resource } from '../../model/resource.js';
import { Unresolved, isPlainObject, objectNode, setProp, type ObjectNode, type PropNode, type Related, type Value } from '../../model/value.js';
import type { ArmContext, LinkedTemplate } from './context.js';
import { TemplateScope, bindCopy, describeValue, type Env, type Supplied } from './evaluate.js';
import { child, keyOf, parseJsonc, refOf, stringOf, type JNode } from './jsonc.js';
import { lowerJson } from './lower.js';
import { deploymentWithProperties, resourceWithBody } from './fastjson.js';
import { deploymentScopeOfSchema } from './sniff.js';
import type { DeploymentScope } from '../expressions/index.js';
import { KEY_VAULT_REASON, readParameterFile } from './parameters.js';
import { pushAll } from '../../core/arrays.js';

type Condition = NonNullable<Resource['condition']>;

/** Where a template's resources land: the address prefix and the explanations of the deployment chain. */
interface Placement {
  readonly scope: TemplateScope;
  /** `deploymentAddress>` for resources of nested deployments. */
  readonly prefix: string;
  readonly related: Related[] | undefined;
  /** The condition of the enclosing deployment, inherited by what it deploys. */
  readonly condition: Condition | undefined;
  readonly depth: number;
  readonly env: Env | undefined;
  readonly out: Resource[];
}

interface Parent {
  readonly type: string;
  readonly name: string;
  readonly nameResolved: boolean;
  readonly condition: Condition | undefined;
}

/** Properties that shape the deployment rather than the resource; they are not part of the body. */
const STRUCTURAL = new Set(['copy', 'condition', 'dependson', 'resources', 'comments', 'existing']);

const DEPLOYMENTS = 'microsoft.resources/deployments';

export function isDeployment(type: string): boolean {
  return type.length === DEPLOYMENTS.length && type.toLowerCase() === DEPLOYMENTS;
}

/** A type written as an expression, or (with its parent's) a type the rules judge or a deployment, which may deploy one. */
export function mayBeJudgedType(parent: { readonly type: string } | undefined, written: string): boolean {
  if (written.startsWith('[')) return true;
  const type = composeType(parent, written);
  return isDeployment(type) || armTypeEntry(type) !== undefined;
}

export function lowerTemplate(scope: TemplateScope, template: JNode, out: Resource[]): void {
  walkTemplate({ scope, prefix: '', related: undefined, condition: undefined, depth: 0, env: undefined, out }, template);
}

function walkTemplate(at: Placement, template: JNode): void {
  const resources = child(template, 'resources');
  if (!resources) return;
  const symbolic = (stringOf(child(template, 'languageversion')) ?? '').startsWith('2');
  walkResources(at, resources, undefined, at.env, symbolic);
}

function walkResources(at: Placement, resources: JNode, parent: Parent | undefined, env: Env | undefined, symbolic: boolean): void {
  const file = at.scope.file;
  if (resources.type === 'array') {
    for (const r of resources.children ?? []) declaration(at, r, undefined, parent, env);
  } else if (resources.type === 'object') {
    for (const p of resources.children ?? []) {
      const r = p.children?.[1];
      if (r) declaration(at, r, symbolic || parent === undefined ? keyOf(p) : undefined, parent, env);
    }
  } else {
    at.scope.ctx.report('TemplateShape', file, "'resources' must be an array (or an object of symbolic names)", refOf(file, resources));
  }
}

interface Decl {
  node: JNode;
  type: string;
  name: JNode | undefined;
  copy: JNode | undefined;
  condition: JNode | undefined;
  children: JNode | undefined;
  existing: boolean;
  apiVersion: string | undefined;
}

function declaration(at: Placement, declared: JNode, symbol: string | undefined, parent: Parent | undefined, env: Env | undefined): void {
  const { scope } = at;
  const file = scope.file;
  if (declared.type !== 'object') {
    scope.ctx.report('TemplateShape', file, 'A resource must be an object', refOf(file, declared));
    return;
  }
  const node = isDeployment(stringOf(child(declared, 'type')) ?? '') ? deploymentWithProperties(scope.text, declared) : declared;
  const d: Decl = { node, type: '', name: undefined, copy: undefined, condition: undefined, children: undefined, existing: false, apiVersion: undefined };
  let typeNode: JNode | undefined;
  for (const p of node.children ?? []) {
    const v = p.children?.[1];
    if (!v) continue;
    switch (keyOf(p).toLowerCase()) {
      case 'type':
        typeNode = v;
        break;
      case 'name':
        d.name = v;
        break;
      case 'copy':
        d.copy = v;
        break;
      case 'condition':
        d.condition = v;
        break;
      case 'resources':
        d.children = v;
        break;
      case 'existing':
        d.existing = v.value === true;
        break;
      case 'apiversion':
        d.apiVersion = stringOf(v);
        break;
    }
  }
  const type = stringOf(typeNode);
  if (type === undefined || type === '') {
    scope.ctx.report('TemplateShape', file, "A resource needs a 'type' string", refOf(file, typeNode ?? node));
    return;
  }
  if (!scope.ctx.lowerEveryResource && !d.children && !mayBeJudgedType(parent, type)) return;
  d.type = type;
  if (!d.copy) {
    instance(at, d, symbol, parent, env, undefined, undefined);
    return;
  }
  if (d.copy.type !== 'object') {
    scope.ctx.report('TemplateShape', file, "'copy' must be an object with a 'name' and a 'count'", refOf(file, d.copy));
    return;
  }
  const loop = stringOf(child(d.copy, 'name')) ?? '';
  const copy = d.copy;
  const count = quietly(scope.ctx, d, () => scope.copyCount(copy, env));
  if (count instanceof Unresolved) {
    // One instance stands for all of them: what does not depend on the index is still judged. It exists
    // only if the count is not zero, which is the condition a reader can act on.
    const reason = `the number of instances of '${loop}' is not known: ${count.reason}`;
    const index = new Unresolved('copyIndex()', reason);
    const countNode = child(d.copy, 'count')!;
    const written = typeof countNode.value === 'string' ? (countNode.value as string) : count.expression;
    const expression = `${written.startsWith('[') && written.endsWith(']') ? written.slice(1, -1) : written} > 0`;
    instance(at, d, symbol, parent, bindCopy(env, loop, index, true), index, { expression, reason, ref: refOf(file, countNode) });
    return;
  }
  for (let i = 0; i < count && !scope.ctx.exhausted; i++) instance(at, d, symbol, parent, bindCopy(env, loop, i, true), i, undefined);
}

/**
 * An `existing` resource is only referred to, never deployed: ARM evaluates its name when something uses
 * it, and templates leave it unevaluable on paths that do not (a null key vault id when no
 * customer-managed key is configured). It is never judged, so faults in its own condition, name and count
 * are not reported (its children are deployed, and are evaluated as usual).
 */
function quietly<T>(ctx: ArmContext, d: Decl, f: () => T): T {
  return d.existing ? ctx.silently(f) : f();
}

/** Full type of a child declared inside its parent: `Microsoft.Web/sites` + `slots`. */
export function composeType(parent: { readonly type: string } | undefined, type: string): string {
  if (!parent || type.includes('/')) return type;
  return `${parent.type}/${type}`;
}

/** Full name: a nested child's short name is prefixed with its parent's, unless it is already complete. */
function composeName(parent: Parent | undefined, fullType: string, name: string): string {
  if (!parent) return name;
  const typeSegments = fullType.split('/').length - 1;
  const nameSegments = name.split('/').length;
  return nameSegments >= typeSegments ? name : `${parent.name}/${name}`;
}

function instance(
  at: Placement,
  d: Decl,
  symbol: string | undefined,
  parent: Parent | undefined,
  env: Env | undefined,
  index: Value | undefined,
  copyCondition: Condition | undefined,
): void {
  const { scope } = at;
  const ctx = scope.ctx;
  const file = scope.file;
  let condition = copyCondition ?? (parent ? parent.condition : at.condition);
  if (d.condition) {
    const node = d.condition;
    let c = quietly(ctx, d, () => scope.evalJson(node, env));
    if (typeof c === 'string' && /^(true|false)$/i.test(c)) c = c.toLowerCase() === 'true';
    if (c === false) return;
    if (c instanceof Unresolved) {
      const expression = typeof d.condition.value === 'string' ? (d.condition.value as string) : c.expression;
      condition = { expression, reason: c.reason, ref: refOf(file, d.condition) };
    } else if (c !== true) {
      ctx.report('EvaluationError', file, `A resource condition must be a bool, found ${describeValue(c)}`, refOf(file, d.condition));
    }
  }

  const type = canonicalArmType(composeType(parent, d.type));
  const written = stringOf(d.name) ?? '';
  // A name that does not depend on copyIndex() is known even when the number of instances is not.
  let nameResolved = true;
  let short = written;
  if (d.name) {
    const node = d.name;
    const v = quietly(ctx, d, () => scope.evalJson(node, env));
    if (typeof v === 'string') short = v;
    else nameResolved = false;
  } else {
    nameResolved = false;
  }
  if (!nameResolved) short = written;
  const name = composeName(parent, type, short);
  nameResolved = nameResolved && (parent?.nameResolved ?? true);

  const suffix = index === undefined ? '' : index instanceof Unresolved ? '[*]' : `[${String(index)}]`;
  const base = symbol !== undefined ? `${symbol}${suffix}` : `${type}/${name}${nameResolved ? '' : suffix}`;
  const address = ctx.uniqueAddress(at.prefix + base);
  const ref = refOf(file, d.node);

  if (isDeployment(type)) {
    deployment(at, d, { name, nameResolved, address, ref, condition, env });
    return;
  }

  // No rule judges a type outside the catalogue: its body is evaluated only if someone reads it (see PendingBody).
  const body = armTypeEntry(type)
    ? lowerBody(scope, resourceWithBody(scope.text, d.node), env, ref)
    : lazyBody(ref, () => lowerBody(scope, resourceWithBody(scope.text, d.node), env, ref), ctx);
  const resource: Resource = { source: 'arm', type, name, nameResolved, address, body, file, ref };
  if (d.apiVersion !== undefined) resource.apiVersion = d.apiVersion;
  if (d.name) resource.nameRef = refOf(file, d.name);
  if (d.existing) resource.existing = true;
  if (condition) resource.condition = condition;
  if (at.related) resource.related = at.related;
  at.out.push(resource);

  if (d.children) walkResources(at, d.children, { type, name, nameResolved, condition }, env, false);
}

function lowerBody(scope: TemplateScope, node: JNode, env: Env | undefined, ref: SourceRef): ObjectNode {
  const body = objectNode(ref);
  for (const p of node.children ?? []) {
    const v = p.children?.[1];
    if (!v) continue;
    const key = keyOf(p);
    if (STRUCTURAL.has(key.toLowerCase())) continue;
    setProp(body, key, lowerJson(scope, v, env), refOf(scope.file, p));
  }
  return body;
}

/**
 * The rules judge only the types of the catalogue, and the engine runs nothing on other resources; most
 * resources of a template are of other types. Their bodies are evaluated the first time they are read,
 * with a budget of their own, and faults inside them are not reported: they change no result, and
 * azmtls is not a template validator. Everything that decides whether and how often such a resource is
 * deployed (type, name, condition, copy, parent) is still evaluated during the load, with its faults.
 */
class PendingBody implements ObjectNode {
  readonly t = 'object' as const;
  ref?: SourceRef;
  private built: Map<string, PropNode> | undefined;
  private build: (() => ObjectNode) | undefined;

  constructor(ref: SourceRef | undefined, build: () => ObjectNode) {
    if (ref) this.ref = ref;
    this.build = build;
  }

  get props(): Map<string, PropNode> {
    if (!this.built) {
      const build = this.build!;
      this.build = undefined;
      this.built = build().props;
    }
    return this.built;
  }

  set props(props: Map<string, PropNode>) {
    this.build = undefined;
    this.built = props;
  }
}

function lazyBody(ref: SourceRef, build: () => ObjectNode, ctx: ArmContext): ObjectNode {
  return new PendingBody(ref, () => ctx.detached(build));
}

interface DeploymentInstance {
  name: string;
  nameResolved: boolean;
  address: string;
  ref: SourceRef;
  condition: Condition | undefined;
  env: Env | undefined;
}

/**
 * `Microsoft.Resources/deployments`: every Bicep module compiles to one. The inner template is evaluated
 * here; the deployment itself configures nothing the rules judge and is not emitted.
 */
function deployment(at: Placement, d: Decl, dep: DeploymentInstance): void {
  const { scope } = at;
  const ctx = scope.ctx;
  const file = scope.file;
  if (at.depth >= ctx.limits.maxDeploymentDepth) {
    ctx.report('LimitExceeded', file, `Nested deployments are nested more than ${ctx.limits.maxDeploymentDepth} levels deep; '${dep.name}' is not evaluated`, dep.ref);
    return;
  }
  const props = child(d.node, 'properties');
  const template = child(props, 'template');
  const link = child(props, 'templatelink');
  const mode = (stringOf(child(child(props, 'expressionevaluationoptions'), 'scope')) ?? 'outer').toLowerCase();

  let innerScopeFile = file;
  let innerText = scope.text;
  let innerTemplate: JNode | undefined;
  let ownScope = mode === 'inner';
  if (template && template.type === 'string') {
    // Bicep's loadJsonContent() puts a template in a variable: `"template": "[variables('$fxv#0')]"`.
    const parsed = ctx.parseString(template);
    const e = parsed.kind === 'expression' ? parsed.expr : undefined;
    const held = e && e.k === 'call' && e.lname === 'variables' && e.args.length === 1 && e.args[0]!.k === 'string' ? scope.variableNode(e.args[0].value) : undefined;
    if (!held || held.node.type !== 'object') {
      ctx.report('ModuleUnresolved', file, `The template of '${dep.name}' is computed by an expression and is not evaluated`, refOf(file, template));
      return;
    }
    innerTemplate = held.node;
    innerScopeFile = held.scope.file;
    innerText = held.scope.text;
  } else if (template) {
    if (template.type !== 'object') {
      ctx.report('TemplateShape', file, "A nested deployment's 'template' must be an object", refOf(file, template));
      return;
    }
    innerTemplate = template;
  } else if (link) {
    const rel = child(link, 'relativepath');
    if (rel) {
      const path = scope.evalJson(rel, dep.env);
      if (typeof path !== 'string') {
        ctx.report('ModuleUnresolved', file, `The linked template path of '${dep.name}' is not known, so it is not evaluated`, refOf(file, rel));
        return;
      }
      const linked = loadLinked(ctx, file, path, refOf(file, rel));
      if (!linked) return;
      innerScopeFile = linked.file;
      innerText = linked.text;
      innerTemplate = linked.root;
      // A linked template always has its own parameters and variables.
      ownScope = true;
    } else {
      const uri = child(link, 'uri') ?? child(link, 'id');
      const what = uri && typeof uri.value === 'string' ? ` '${uri.value as string}'` : '';
      ctx.report('ModuleUnresolved', file, `The linked template${what} of '${dep.name}' is not evaluated; its resources are not scanned`, refOf(file, link));
      return;
    }
  } else {
    ctx.report('TemplateShape', file, `The nested deployment '${dep.name}' has neither 'template' nor 'templateLink'`, dep.ref);
    return;
  }
  if (innerTemplate.type !== 'object') {
    ctx.report('TemplateShape', innerScopeFile, 'A template must be a JSON object', refOf(innerScopeFile, innerTemplate));
    return;
  }

  const scopeInfo = { ...scope.fnCtx.scope, targetScope: innerTargetScope(innerTemplate, scope), deploymentName: dep.nameResolved ? (dep.name as Value) : new Unresolved('deployment().name', 'the nested deployment name is not known') };
  const rg = child(d.node, 'resourcegroup');
  if (rg) {
    scopeInfo.resourceGroupName = scope.evalJson(rg, dep.env);
    scopeInfo.resourceGroupLocation = new Unresolved('resourceGroup().location', 'the location of the target resource group is known only at deployment time');
  }
  let inner: TemplateScope;
  if (ownScope) {
    const supplied = new Map<string, Supplied>();
    const paramsLink = child(props, 'parameterslink');
    if (paramsLink) linkedParameters(scope, paramsLink, dep, supplied);
    const params = child(props, 'parameters');
    if (params?.type === 'object') {
      for (const p of params.children ?? []) {
        const entry = p.children?.[1];
        if (entry) supplied.set(keyOf(p).toLowerCase(), suppliedEntry(scope, keyOf(p), entry, dep.env));
      }
    }
    inner = new TemplateScope(ctx, innerScopeFile, innerText, innerTemplate, { supplied, scopeInfo });
  } else {
    // The default `outer` scope: the inner template's expressions see the parent's parameters and variables.
    inner = new TemplateScope(ctx, innerScopeFile, innerText, innerTemplate, { delegate: scope, scopeInfo });
  }
  const related: Related[] = [...(at.related ?? []), { ref: dep.ref, message: `deployed by nested deployment '${dep.name}'` }];
  walkTemplate(
    {
      scope: inner,
      prefix: `${dep.address}>`,
      related,
      condition: dep.condition,
      depth: at.depth + 1,
      env: ownScope ? undefined : dep.env,
      out: at.out,
    },
    innerTemplate,
  );
}

/**
 * One entry of a nested deployment's `parameters`: `{ "value": ... }`, `{ "reference": ... }` (Key Vault,
 * never read), or what the Bicep compiler writes for a conditional or looped module argument: an
 * expression yielding the whole entry (`[if(c, createObject('value', a), createObject('value', b))]`) or
 * an entry whose `value` is built by a `copy` loop.
 */
function suppliedEntry(scope: TemplateScope, name: string, entry: JNode, env: Env | undefined): Supplied {
  const file = scope.file;
  const value = child(entry, 'value');
  if (value) return { value: scope.evalJson(value, env), ref: refOf(file, value) };
  if (child(entry, 'reference')) return { value: new Unresolved(`parameters('${name}')`, KEY_VAULT_REASON), ref: refOf(file, entry) };
  const ref = refOf(file, entry);
  const v = scope.evalJson(entry, env);
  if (v instanceof Unresolved) return { value: new Unresolved(v.expression, v.reason, undefined, v.candidates), ref };
  if (isPlainObject(v)) {
    for (const k of Object.keys(v)) {
      const l = k.toLowerCase();
      if (l === 'value') return { value: v[k]!, ref };
      if (l === 'reference') return { value: new Unresolved(`parameters('${name}')`, KEY_VAULT_REASON), ref };
    }
  }
  scope.ctx.report('TemplateShape', file, `The deployment parameter '${name}' must be an object with a 'value' or a 'reference'`, ref);
  return { value: new Unresolved(`parameters('${name}')`, 'the deployment parameter has neither a value nor a reference'), ref };
}

/**
 * `parametersLink`: a local parameters file (`relativePath`, resolved like a linked template's) is read;
 * a URI is not fetched, and the parameters it would supply stay unresolved unless they have defaults.
 */
function linkedParameters(scope: TemplateScope, link: JNode, dep: DeploymentInstance, supplied: Map<string, Supplied>): void {
  const ctx = scope.ctx;
  const file = scope.file;
  const rel = child(link, 'relativepath');
  if (!rel) {
    const uri = child(link, 'uri');
    const what = uri && typeof uri.value === 'string' ? ` '${uri.value as string}'` : '';
    ctx.report('ModuleUnresolved', file, `The parameters file${what} of '${dep.name}' is not read; its parameters without defaults are unresolved`, refOf(file, link));
    return;
  }
  const path = scope.evalJson(rel, dep.env);
  if (typeof path !== 'string') {
    ctx.report('ModuleUnresolved', file, `The parameters file path of '${dep.name}' is not known, so it is not read`, refOf(file, rel));
    return;
  }
  const target = posix.normalize(posix.join(posix.dirname(file), path.replace(/\\/g, '/')));
  let text: string;
  try {
    text = stripBom(ctx.readFile(target));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    ctx.report('ModuleNotFound', file, `The parameters file '${target}' could not be read: ${why}`, refOf(file, rel));
    return;
  }
  ctx.sources.add(target, text);
  const parsed = readParameterFile(target, text);
  pushAll(ctx.diagnostics, parsed.diagnostics);
  for (const [k, v] of parsed.values) supplied.set(k, v);
}

/** Reads a `relativePath` linked template, relative to the template that links it (posix joins). */
function loadLinked(ctx: ArmContext, from: string, relativePath: string, ref: SourceRef): LinkedTemplate | undefined {
  const path = posix.normalize(posix.join(posix.dirname(from), relativePath.replace(/\\/g, '/')));
  const cache = ctx.linked;
  const hit = cache.get(path);
  if (hit !== undefined) return hit ?? undefined;
  let text: string;
  try {
    text = stripBom(ctx.readFile(path));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    ctx.report('ModuleNotFound', from, `The linked template '${path}' could not be read: ${why}`, ref);
    cache.set(path, null);
    return undefined;
  }
  ctx.sources.add(path, text);
  const { root } = parseJsonc(path, text, ctx.diagnostics, 'template');
  const linked = root ? { file: path, text, root } : null;
  cache.set(path, linked);
  return linked ?? undefined;
}

/** A nested template's `$schema` names its scope; without one it deploys where its parent does. */
function innerTargetScope(template: JNode, parent: TemplateScope): DeploymentScope | undefined {
  const schema = stringOf(child(template, '$schema'));
  if (schema === undefined) return parent.fnCtx.scope.targetScope;
  return deploymentScopeOfSchema(schema) ?? 'resourceGroup';
}
