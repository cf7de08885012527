/**
 * `azmtls` as a library: the scan the command line runs, its report (the shape of `--format json`), the
 * reporters and the exit code the command line would give. Inline suppressions apply as on the command line;
 * no configuration file is looked for: the profile and exceptions `.azmtls.yml` gives the command line are
 * settings of `scanRequest`.
 */
import type { RuleMeta } from './engine/rule.js';
import { allRules } from './rules/index.js';

export { scan, scanRequest, type ScanRequest } from './cli/scan/pipeline.js';
export { exitCodeFor } from './cli/commands/scan-run.js';
export { render, renderChunks, FORMATS, type Format, type ReportContext } from './reporters/index.js';
export type { Report, Result, ReportError, Summary } from './engine/result.js';
export type { RuleMeta, Status } from './engine/rule.js';
export type { ExceptionRule } from './engine/suppressions.js';
export { VERSION } from './cli/version.js';
/** Opt-in: the V8 heap flags the command line sets before it scans (process-wide; see heap-policy.ts). */
export { applyHeapPolicy } from './cli/scan/heap-policy.js';

/** Every rule's metadata (id, title, severity, help), which `render` takes as `rules`. */
export const ruleMetadata: readonly RuleMeta[] = allRules.map((r) => r.meta);
