/** The work of `azmtls scan`, loaded only when the command runs. */
import { resolve } from 'node:path';
import { Diagnostics } from '../../core/diagnostics.js';
import { stripBom } from '../../core/source.js';
import type { Report } from '../../engine/result.js';
import type { ProfileName } from '../../engine/rule.js';
import { baselineEntries, type BaselineEntry } from '../../engine/suppressions.js';
import { allRules } from '../../rules/index.js';
import { renderChunks, type Format } from '../../reporters/index.js';
import { ConfigError, findConfig, loadConfig, type Config, type FailOn } from '../config.js';
import { ExitCode, UsageError, type CliIO } from '../io.js';
import { parseVars, today, useColor } from '../options.js';
import { applyHeapPolicy } from '../scan/heap-policy.js';
import { scan } from '../scan/pipeline.js';
import { readTextBounded } from '../scan/read.js';
import { VERSION } from '../version.js';
import { checkOutputPath, writeInBatches, writeOutput } from '../write-report.js';

export interface ScanFlags {
  format?: Format;
  output?: string;
  profile?: ProfileName;
  config?: string;
  failOn?: FailOn;
  baseline?: string;
  quiet?: boolean;
  color?: boolean;
  parameters: string[];
  var: string[];
  varFile: string[];
  exclude: string[];
  maxFileSize: string;
  jobs?: string;
}

export async function runScan(paths: string[], flags: ScanFlags, io: CliIO): Promise<number> {
  let config: Config = { exceptions: [] };
  try {
    const explicit = flags.config ? resolve(io.cwd, flags.config) : undefined;
    const found = explicit ?? findConfig(resolve(io.cwd, paths[0] ?? '.'));
    if (found) config = loadConfig(found, io.cwd);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(`azmtls: configuration error: ${err.message}\n`);
      return ExitCode.Error;
    }
    throw err;
  }
  const maxMiB = Number(flags.maxFileSize);
  if (!Number.isFinite(maxMiB) || maxMiB <= 0) throw new UsageError(`--max-file-size expects a positive number of MiB, got '${flags.maxFileSize}'`);
  const jobs = flags.jobs === undefined ? undefined : Number(flags.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)) throw new UsageError(`--jobs expects a whole number from 1 to 64, got '${flags.jobs}'`);
  const profile: ProfileName = flags.profile ?? config.profile ?? 'strict';
  const failOn: FailOn = flags.failOn ?? config.failOn ?? 'fail';
  const format: Format = flags.format ?? 'console';
  let baseline: { file: string; results: BaselineEntry[] } | undefined;
  try {
    if (flags.baseline) baseline = readBaseline(io, flags.baseline, maxMiB * 1024 * 1024);
  } catch (err) {
    if (!(err instanceof BaselineError)) throw err;
    io.stderr(`azmtls: configuration error: ${err.message}\n`);
    return ExitCode.Error;
  }

  if (flags.output) checkOutputPath(io, flags.output);

  applyHeapPolicy();
  const progress = io.stderrIsTTY && !flags.quiet && format === 'console' && !flags.output;
  const report = await scan({
    cwd: io.cwd,
    paths,
    exclude: flags.exclude,
    version: VERSION,
    profile,
    internalTag: config.internalTag ?? 'requires-mtls',
    parameterFiles: flags.parameters,
    vars: parseVars(flags.var),
    varFiles: flags.varFile,
    env: io.env,
    exceptions: config.exceptions,
    ...(baseline ? { baseline } : {}),
    today: today(io.env),
    maxFileBytes: maxMiB * 1024 * 1024,
    ...(jobs !== undefined ? { workers: jobs } : {}),
    ...(progress
      ? {
          onProgress: (done: number, total: number) => {
            if (total >= 20 && (done % 10 === 0 || done === total)) io.stderr(`\rscanning ${done}/${total}${done === total ? '\n' : ''}`);
          },
        }
      : {}),
  });

  const chunks = renderChunks(format, report, {
    rules: allRules.map((r) => r.meta),
    color: !flags.output && format === 'console' && useColor(flags.color, io.isTTY, io.env),
    toolVersion: VERSION,
    cwd: io.cwd,
    quiet: Boolean(flags.quiet),
  });
  if (flags.output) {
    if (!writeOutput(io, flags.output, chunks)) return ExitCode.Error;
    if (!flags.quiet) {
      const s = report.summary;
      io.stderr(`azmtls: ${s.resources} resources: ${s.fail} fail, ${s.unknown} unknown, ${s.pass} pass, ${s.errors} errors; report written to ${flags.output}\n`);
    }
  } else {
    if (writeInBatches(chunks, io.stdout) !== '\n') io.stdout('\n');
  }
  return exitCodeFor(report, failOn);
}

export function exitCodeFor(report: Report, failOn: FailOn): number {
  if (report.errors.length > 0) return ExitCode.Error;
  if (failOn === 'never') return ExitCode.Ok;
  const gating = report.results.some((r) => !r.suppression && (r.status === 'fail' || (failOn === 'unknown' && r.status === 'unknown')));
  return gating ? ExitCode.Findings : ExitCode.Ok;
}

/** A baseline that cannot be used: a configuration error (exit 2), reported before anything is scanned. */
class BaselineError extends Error {}

/** The baseline is read under the same size limit as every other file (`--max-file-size`). */
function readBaseline(io: CliIO, file: string, maxBytes: number): { file: string; results: BaselineEntry[] } {
  let text: string;
  try {
    // As written with Windows PowerShell's `>` (UTF-16) or `Out-File -Encoding utf8` (UTF-8 with a mark).
    text = stripBom(readTextBounded(resolve(io.cwd, file), maxBytes));
  } catch (err) {
    throw new UsageError(`cannot read the baseline ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const invalid = (problem: string) => new BaselineError(`${file}: ${Diagnostics.BaselineInvalid.code} ${Diagnostics.BaselineInvalid.title}: ${problem}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw invalid(`it is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const entries = baselineEntries(parsed);
  if (!Array.isArray(entries)) throw invalid(entries.problem);
  return { file, results: entries };
}
