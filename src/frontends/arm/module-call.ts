/**
 * An ARM template that another input deploys as a nested deployment, with values for its parameters: a Bicep
 * JSON module (`module x './template.json'`), a Bicep `Microsoft.Resources/deployments` resource, a Terraform
 * `azurerm_*_template_deployment`. The template is lowered by the ARM frontend with those values, so it is
 * judged exactly as it would be if scanned on its own with them. An inline template is lowered from its text in
 * memory, located where the caller writes it.
 */
import { SourceSet, type SourceRef } from '../../core/source.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { Resource } from '../../model/resource.js';
import { containsUnresolved, hasKey, isPlainObject, isUnresolved, Unresolved, type Related, type Value, type VNode } from '../../model/value.js';
import { loadArm } from './index.js';
import { KEY_VAULT_REASON } from './parameters.js';
import { ExpressionError } from '../expressions/context.js';
import { MAX_RESULT_CHARS } from '../expressions/size.js';
import { compactJson } from '../expressions/values.js';
import type { ReadFile } from '../types.js';
import { pushAll } from '../../core/arrays.js';

export type ModuleArguments = Map<string, { value: Value; via: Related[] }>;

/**
 * A deployment's `parameters` object as arguments: `{ name: { value } }`, as in a parameters file. A Key Vault
 * `{ reference }`, whose secret is not read, or anything else that is not a value, is unresolved; `expression`
 * names the object in that value's text.
 */
export function deploymentArguments(parameters: { [name: string]: Value }, expression: string, via: Related[], into: ModuleArguments = new Map()): ModuleArguments {
  for (const name of Object.keys(parameters)) {
    const p = parameters[name]!;
    const value = isPlainObject(p) && hasKey(p, 'value') ? p.value! : new Unresolved(`${expression}.${name}`, isUnresolved(p) ? p.reason : KEY_VAULT_REASON);
    into.set(name, { value, via });
  }
  return into;
}

export interface ArmModuleCall {
  /** The template's display path. */
  path: string;
  text: string;
  /** Evaluated module arguments. */
  args: ModuleArguments;
  /** Where the arguments are written (the `params` property, else the declaration). */
  argsRef: SourceRef;
  readFile: ReadFile;
  sources: SourceSet;
  evaluateEveryTemplate: boolean;
  /**
   * The template is not a file but text made in memory (`path` names it): what the ARM frontend locates in it
   * is located here instead, and it is not added to the sources the scan reports on.
   */
  inMemory?: SourceRef;
  /** How the arguments are named in a message about an unknown one (default: "module argument"). */
  argumentNoun?: string;
}

/**
 * The arguments reach the ARM frontend as a parameters document that exists only in memory: a value that is
 * not known is passed as a Key Vault reference (ARM keeps it unresolved) and its reason is restored after.
 */
export function lowerArmModule(call: ArmModuleCall): { resources: Resource[]; diagnostics: Diagnostic[]; lowered: number } {
  const virtual = `${call.path}#module-arguments`;
  const parameters: string[] = [];
  const unknown = new Map<string, string>();
  // The document is written within the text limit: a list that holds one long string many times is small
  // in memory, but JSON.stringify would write every copy and abort the process.
  let room = MAX_RESULT_CHARS;
  for (const [name, { value }] of call.args) {
    let reason: string | undefined;
    let text = '';
    if (containsUnresolved(value) || (typeof value === 'object' && value !== null && 'lambda' in value)) {
      reason = isUnresolved(value) ? value.reason : `a part of it is not known`;
    } else {
      try {
        text = compactJson(value);
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        text = '';
      }
      if (text === '' || text.length > room) reason = `it is more than ${MAX_RESULT_CHARS} characters written as JSON, which is not passed to the template`;
      else room -= text.length;
    }
    if (reason !== undefined) {
      unknown.set(name, reason);
      parameters.push(`${JSON.stringify(name)}:${JSON.stringify({ reference: { keyVault: { id: 'module-argument' }, secretName: name } })}`);
    } else {
      parameters.push(`${JSON.stringify(name)}:{"value":${text}}`);
    }
  }
  const document = `{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#","contentVersion":"1.0.0.0","parameters":{${parameters.join(',')}}}`;
  const read = new Set<string>(call.inMemory ? [] : [call.path]);
  const readFile: ReadFile = (p) => {
    if (p === virtual) return document;
    read.add(p);
    return call.readFile(p);
  };
  // A private source set keeps the in-memory document out of what the scan reports on; linked templates are copied over.
  const sources = new SourceSet();
  const out = loadArm(call.path, call.text, { readFile, parameterFiles: [virtual], sources, evaluateEveryTemplate: call.evaluateEveryTemplate });
  for (const f of read) {
    const t = sources.get(f);
    if (t && !call.sources.has(f)) call.sources.add(f, t.text);
  }
  const noun = call.argumentNoun ?? 'module argument';
  const only = unknown.size === 1 ? [...unknown][0] : undefined;
  const reason = only ? `the ${noun} '${only[0]}' is not known: ${only[1]}` : `a ${noun} (${[...unknown.keys()].join(', ')}) is not known`;
  const moved = new Map<string, SourceRef>([[virtual, call.argsRef]]);
  if (call.inMemory) moved.set(call.path, call.inMemory);
  let lowered = 0;
  for (const r of out.resources) lowered += relocate(r, moved, reason);
  const diagnostics = out.diagnostics.map((d) => {
    const to = d.ref ? moved.get(d.ref.file) : d.file === call.path && call.inMemory ? call.inMemory : undefined;
    return to ? { ...d, file: to.file, ref: to } : d;
  });
  return { resources: out.resources, diagnostics, lowered };
}

/**
 * Points whatever came from text in memory (the parameters document, an inline template) at where it is
 * written, and restores unknown values' reasons. Returns the number of nodes of the resource's body, which
 * count towards the caller's allowance.
 */
function relocate(r: Resource, moved: ReadonlyMap<string, SourceRef>, reason: string): number {
  const to = (ref: SourceRef | undefined): SourceRef | undefined => (ref ? (moved.get(ref.file) ?? ref) : undefined);
  const file = moved.get(r.file);
  if (file) r.file = file.file;
  if (r.ref) r.ref = to(r.ref);
  if (r.nameRef) r.nameRef = to(r.nameRef);
  const stack: VNode[] = [r.body];
  let nodes = 0;
  while (stack.length > 0) {
    const n = stack.pop()!;
    nodes++;
    if (n.ref && moved.has(n.ref.file)) n.ref = to(n.ref);
    // Copied only when it changes: the parts of one computed value share one list.
    if (n.via?.some((v) => moved.has(v.ref.file))) n.via = n.via.map((v) => ({ ...v, ref: to(v.ref)! }));
    if (n.t === 'unresolved' && n.reason === KEY_VAULT_REASON) n.reason = reason;
    if (n.t === 'object') for (const p of n.props.values()) {
      if (p.ref && moved.has(p.ref.file)) p.ref = to(p.ref);
      stack.push(p.value);
    }
    else if (n.t === 'array') pushAll(stack, n.items);
  }
  if (r.condition) {
    const ref = to(r.condition.ref);
    r.condition = { ...r.condition, ...(ref ? { ref } : {}), ...(r.condition.reason === KEY_VAULT_REASON ? { reason } : {}) };
  }
  if (r.related?.some((x) => moved.has(x.ref.file))) r.related = r.related.map((x) => ({ ...x, ref: to(x.ref)! }));
  return nodes;
}
