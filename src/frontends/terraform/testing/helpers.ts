/** Test helpers: load a module from an in-memory tree and read the lowered bodies. */
import { attr } from '../../../model/access.js';
import type { Resource } from '../../../model/resource.js';
import { toValue, type Value } from '../../../model/value.js';
import type { FrontendOutput } from '../../types.js';
import { loadTerraformModule, type TerraformModuleOptions } from '../index.js';
import { memFs } from './memfs.js';

export async function load(files: Record<string, string>, dir = 'infra', extra: Partial<TerraformModuleOptions> = {}): Promise<FrontendOutput> {
  return loadTerraformModule(dir, { ...memFs(files), env: {}, ...extra });
}

export function byAddress(out: FrontendOutput, address: string): Resource {
  const r = out.resources.find((x) => x.address === address);
  if (!r) throw new Error(`no resource ${address}; have ${out.resources.map((x) => x.address).join(', ')}`);
  return r;
}

export function val(r: Resource, path: string): Value | undefined {
  const a = attr(r, path);
  return a.node ? toValue(a.node) : undefined;
}

/** 1-based line of an offset-bearing ref. */
export function lineOf(out: FrontendOutput, ref: { file: string; start: number; end: number } | undefined): number | undefined {
  return ref ? out.sources.locate(ref).startLine : undefined;
}
