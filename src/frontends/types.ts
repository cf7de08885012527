/** What every frontend returns for one unit of input. Frontends never throw on user input. */
import type { Diagnostic } from '../core/diagnostics.js';
import type { SourceSet } from '../core/source.js';
import type { Resource } from '../model/resource.js';

export interface FrontendOutput {
  resources: Resource[];
  diagnostics: Diagnostic[];
  /** Every file read for this unit, so the pipeline can turn offsets into lines for what it reports. */
  sources: SourceSet;
}

/** Reads a file's text (UTF-8, BOM stripped by the frontend); injectable for tests. */
export type ReadFile = (path: string) => string;
