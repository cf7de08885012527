/**
 * Turns discovered files into units of work. A unit is what one frontend call lowers: an ARM template (or
 * plan JSON, decided by content), a root Bicep file or a `.bicepparam`, a Terraform root module. A Bicep
 * file used as a module or as the `using` target of a `.bicepparam` in the same scan is judged through
 * its callers (with the arguments they pass), not again on its own with unevaluable inputs.
 */
import { dirname } from 'node:path/posix';
import type { DiscoveredFile } from './discovery.js';

export type Unit =
  | { kind: 'json'; file: string; size: number }
  | { kind: 'bicep'; file: string; size: number }
  | { kind: 'bicepparam'; file: string; size: number }
  | { kind: 'terraform'; dir: string; size: number };

export interface UnitPlanInput {
  files: DiscoveredFile[];
  /** Local module and `using` references of a Bicep file (display paths). */
  bicepReferences: (file: string) => string[];
  /** Root directories among the directories that hold `.tf` files. */
  terraformRoots: (dirs: string[]) => string[];
  /** `.bicepparam` files given with --parameters: scanned as units too. */
  extraBicepParams: DiscoveredFile[];
}

export function planUnits(input: UnitPlanInput): Unit[] {
  const units: Unit[] = [];
  const bicepFiles = input.files.filter((f) => f.kind === 'bicep');
  const bicepParams = [...input.files.filter((f) => f.kind === 'bicepparam')];
  for (const extra of input.extraBicepParams) if (!bicepParams.some((b) => b.path === extra.path)) bicepParams.push(extra);
  const referenced = new Set<string>();
  for (const f of [...bicepFiles, ...bicepParams]) {
    for (const r of input.bicepReferences(f.path)) if (r !== f.path) referenced.add(r);
  }
  for (const f of input.files) {
    if (f.kind === 'json') units.push({ kind: 'json', file: f.path, size: f.size });
    else if (f.kind === 'bicep' && !referenced.has(f.path)) units.push({ kind: 'bicep', file: f.path, size: f.size });
  }
  for (const f of bicepParams) units.push({ kind: 'bicepparam', file: f.path, size: f.size });
  const tfDirs = new Map<string, number>();
  for (const f of input.files) {
    if (f.kind !== 'tf') continue;
    const d = dirname(f.path);
    tfDirs.set(d, (tfDirs.get(d) ?? 0) + f.size);
  }
  if (tfDirs.size > 0) {
    for (const dir of input.terraformRoots([...tfDirs.keys()])) units.push({ kind: 'terraform', dir, size: tfDirs.get(dir) ?? 0 });
  }
  return units;
}
