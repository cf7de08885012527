/**
 * Deployment parameter files: `{ "$schema": ".../deploymentParameters.json#", "parameters": { "x": { "value": ... } } }`.
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/parameter-files
 * Values are literal JSON (ARM does not evaluate expressions here); a Key Vault `reference` is never read.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import { diagnostic } from '../../core/diagnostics.js';
import { stripBom } from '../../core/source.js';
import { Unresolved } from '../../model/value.js';
import type { Supplied } from './evaluate.js';
import { child, keyOf, literalValue, parseJsonc, refOf } from './jsonc.js';

export interface ParameterFile {
  /** Keyed by lower-cased parameter name. */
  values: Map<string, Supplied>;
  diagnostics: Diagnostic[];
}

export const KEY_VAULT_REASON = 'Key Vault reference (secret not read)';

export function readParameterFile(file: string, text: string): ParameterFile {
  const diagnostics: Diagnostic[] = [];
  const values = new Map<string, Supplied>();
  const { root } = parseJsonc(file, stripBom(text), diagnostics);
  if (!root) return { values, diagnostics };
  const params = child(root, 'parameters');
  if (root.type !== 'object' || !params || params.type !== 'object') {
    diagnostics.push(diagnostic('ParametersFile', file, "A parameters file needs a 'parameters' object", refOf(file, params ?? root)));
    return { values, diagnostics };
  }
  for (const p of params.children ?? []) {
    const name = keyOf(p);
    const entry = p.children?.[1];
    if (!entry || entry.type !== 'object') {
      diagnostics.push(diagnostic('ParametersFile', file, `The parameter '${name}' must be an object with a 'value' or a 'reference'`, refOf(file, entry ?? p)));
      continue;
    }
    const value = child(entry, 'value');
    if (value) {
      values.set(name.toLowerCase(), { value: literalValue(value), ref: refOf(file, value) });
      continue;
    }
    const reference = child(entry, 'reference');
    if (reference) {
      values.set(name.toLowerCase(), { value: new Unresolved(`parameters('${name}')`, KEY_VAULT_REASON), ref: refOf(file, reference) });
      continue;
    }
    diagnostics.push(diagnostic('ParametersFile', file, `The parameter '${name}' has neither a 'value' nor a 'reference'`, refOf(file, entry)));
  }
  return { values, diagnostics };
}
