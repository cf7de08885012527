/**
 * The Terraform frontend: HCL modules (azurerm and azapi resources) and `terraform show -json` plans,
 * lowered into the same resource model as ARM and Bicep.
 */
import type { SourceSet } from '../../core/source.js';
import type { FrontendOutput, ReadFile } from '../types.js';
import { loadModule, safeFs } from './module/load.js';
import { planUnits } from './module/units.js';
import { loadPlan, sniffPlanText } from './plan/plan.js';

export interface TerraformFs {
  readFile: ReadFile;
  listDir: (dir: string) => string[];
}

export interface TerraformModuleOptions extends TerraformFs {
  vars?: Record<string, string>;
  varFiles?: string[];
  env?: Record<string, string | undefined>;
  sources?: SourceSet;
}

export interface TerraformPlanOptions extends TerraformFs {
  sources?: SourceSet;
}

/** Which of these directories (display paths holding .tf files) are root modules; see README.md. */
export function planTerraformUnits(dirs: string[], fs: TerraformFs): string[] {
  return planUnits(dirs, safeFs(fs));
}

export function loadTerraformModule(dir: string, opts: TerraformModuleOptions): Promise<FrontendOutput> {
  return loadModule(dir, opts);
}

/** True when the text is `terraform show -json` output (a plan or a state snapshot with planned values). */
export function sniffPlan(text: string): boolean {
  return sniffPlanText(text);
}

export function loadTerraformPlan(file: string, text: string, opts: TerraformPlanOptions): Promise<FrontendOutput> {
  return loadPlan(file, text, opts);
}
