/**
 * `module x './template.json'`: Bicep deploys an ARM JSON template as a nested deployment. The template is
 * lowered by the ARM frontend, with the module's evaluated arguments as its parameters, so a JSON module is
 * judged exactly as it would be if scanned on its own with those values.
 */
import { SourceSet, type SourceRef } from '../../core/source.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { Resource } from '../../model/resource.js';
import { containsUnresolved, isUnresolved, type Related, type Value, type VNode } from '../../model/value.js';
import { loadArm } from '../arm/index.js';
import { KEY_VAULT_REASON } from '../arm/parameters.js';
import { ExpressionError } from '../expressions/context.js';
import { MAX_RESULT_CHARS } from '../expressions/size.js';
import { compactJson } from '../expressions/values.js';
import type { ReadFile } from '../types.js';
import { pushAll } from '../../core/arrays.js';

export interface ArmModuleCall {
  /** The template's display path. */
  path: string;
  text: string;
  /** Evaluated module arguments. */
  args: Map<string, { value: Value; via: Related[] }>;
  /** Where the arguments are written (the `params` property, else the declaration). */
  argsRef: SourceRef;
  readFile: ReadFile;
  sources: SourceSet;
  evaluateEveryTemplate: boolean;
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
  const read = new Set<string>([call.path]);
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
  const only = unknown.size === 1 ? [...unknown][0] : undefined;
  const reason = only ? `the module argument '${only[0]}' is not known: ${only[1]}` : `a module argument (${[...unknown.keys()].join(', ')}) is not known`;
  let lowered = 0;
  for (const r of out.resources) lowered += relocate(r, virtual, call.argsRef, reason);
  const diagnostics = out.diagnostics.map((d) => (d.ref?.file === virtual ? { ...d, file: call.argsRef.file, ref: call.argsRef } : d));
  return { resources: out.resources, diagnostics, lowered };
}

/**
 * Points whatever came from the in-memory parameters at the module's arguments, and restores unknown values'
 * reasons. Returns the number of nodes of the resource's body, which count towards the caller's allowance.
 */
function relocate(r: Resource, virtual: string, argsRef: SourceRef, reason: string): number {
  const stack: VNode[] = [r.body];
  let nodes = 0;
  while (stack.length > 0) {
    const n = stack.pop()!;
    nodes++;
    if (n.ref?.file === virtual) n.ref = argsRef;
    // Copied only when it changes: the parts of one computed value share one list.
    if (n.via?.some((v) => v.ref.file === virtual)) n.via = n.via.map((v) => (v.ref.file === virtual ? { ...v, ref: argsRef } : v));
    if (n.t === 'unresolved' && n.reason === KEY_VAULT_REASON) n.reason = reason;
    if (n.t === 'object') for (const p of n.props.values()) {
      if (p.ref?.file === virtual) p.ref = argsRef;
      stack.push(p.value);
    }
    else if (n.t === 'array') pushAll(stack, n.items);
  }
  if (r.condition?.reason === KEY_VAULT_REASON) r.condition = { ...r.condition, reason };
  return nodes;
}
