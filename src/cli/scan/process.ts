/**
 * Scans one unit end to end: read, lower, judge, suppress, locate. Pure data in and out (no shared state),
 * so a unit can run on the main thread or in a worker. Line and column are computed here, once per
 * reported item, while the unit's files are still at hand; nothing of the unit is kept afterwards.
 */
import { readdirSync } from 'node:fs';
import { diagnostic, type Diagnostic } from '../../core/diagnostics.js';
import { SourceSet, stripBom } from '../../core/source.js';
import { toReportError, toResult } from '../../engine/locate.js';
import type { ReportError, Result } from '../../engine/result.js';
import type { ProfileName } from '../../engine/rule.js';
import { runRules } from '../../engine/run.js';
import { Baseline, directiveProblem, ExceptionMatcher, findInlineDirectives, matchInline, type ExceptionRule, type InlineDirective } from '../../engine/suppressions.js';
import type { FrontendOutput } from '../../frontends/types.js';
import { allRules } from '../../rules/index.js';
import { armFrontend, bicepFrontend, terraformFrontend } from './frontends.js';
import { absolutePath } from './paths.js';
import { FileTooLargeError, readTextBounded } from './read.js';
import type { Unit } from './units.js';
import { pushAll } from '../../core/arrays.js';

export interface UnitSettings {
  cwd: string;
  profile: ProfileName;
  internalTag: string;
  /** Display paths of ARM parameter files (JSON). */
  parameterFiles: string[];
  vars: Record<string, string>;
  varFiles: string[];
  env: Record<string, string | undefined>;
  exceptions: ExceptionRule[];
  /** Fail and unknown results of a previous report, as Baseline input. */
  baseline?: { file: string; results: ConstructorParameters<typeof Baseline>[0] };
  /** YYYY-MM-DD, for expiry of suppressions and exceptions. */
  today: string;
  maxFileBytes: number;
}

export interface UnitOutcome {
  results: Result[];
  errors: ReportError[];
  warnings: ReportError[];
  resources: number;
  files: number;
}

/**
 * What units scanned on the same thread share within one scan: directory listings (Terraform lists a
 * directory to choose the roots, to load a module and to find its variable files) and file texts (those
 * read while choosing the roots, those read ahead on another thread). Workers run without it.
 */
export interface ScanShared {
  listDir: (display: string) => string[];
  /** A file's text by display path, BOM included, read under the size limit; throws as readTextBounded. */
  readText: (display: string) => string;
}

export async function processUnit(unit: Unit, s: UnitSettings, shared?: ScanShared): Promise<UnitOutcome> {
  const abs = (display: string) => absolutePath(s.cwd, display);
  const readFile = (display: string): string => stripBom(shared ? shared.readText(display) : readTextBounded(abs(display), s.maxFileBytes));
  const listDir = shared?.listDir ?? ((display: string): string[] => readdirSync(abs(display)));
  const outcome: UnitOutcome = { results: [], errors: [], warnings: [], resources: 0, files: 0 };
  const where = unit.kind === 'terraform' ? unit.dir : unit.file;

  let out: FrontendOutput | undefined;
  try {
    out = await lower(unit, s, readFile, listDir);
  } catch (err) {
    const sources = new SourceSet();
    if (err instanceof FileTooLargeError) {
      const d = diagnostic('FileTooLarge', where, `${where} is ${(err.bytes / 1048576).toFixed(1)} MiB, over the ${(err.limit / 1048576).toFixed(0)} MiB limit (--max-file-size); it was not scanned`);
      outcome.errors.push({ ...toReportError(d, sources), startLine: 1, startColumn: 1 });
      outcome.files = 1;
      return outcome;
    }
    const code = (err as NodeJS.ErrnoException)?.code;
    const d: Diagnostic = code && typeof code === 'string' && /^E[A-Z]+$/.test(code)
      ? diagnostic('FileUnreadable', where, `cannot read ${where}: ${(err as Error).message}`)
      : diagnostic('InternalFrontend', where, `internal error while reading ${where}: ${err instanceof Error ? err.message : String(err)}`);
    outcome.errors.push({ ...toReportError(d, sources), startLine: 1, startColumn: 1 });
    outcome.files = 1;
    return outcome;
  }
  if (!out) return outcome;
  outcome.files = Math.max(1, countFiles(out.sources));

  const { findings, diagnostics } = runRules(out.resources, allRules, { profile: s.profile, internalTag: s.internalTag });
  // The resources the rules judged: what the report's counts are about (other types are not checked).
  outcome.resources = new Set(findings.map((f) => f.resource)).size;
  for (const d of [...out.diagnostics, ...diagnostics]) {
    (d.severity === 'error' ? outcome.errors : outcome.warnings).push(toReportError(d, out.sources));
  }

  const directives = collectDirectives(out);
  const exceptions = new ExceptionMatcher(s.exceptions, s.today);
  const baseline = s.baseline ? new Baseline(s.baseline.results, s.baseline.file) : undefined;
  for (const f of findings) {
    const result = toResult(f, out.sources);
    const resourceLine = f.resource.ref ? out.sources.locate(f.resource.ref).startLine : undefined;
    result.suppression = matchInline(directives, result, resourceLine, s.today) ?? exceptions.match(result) ?? baseline?.match(result) ?? null;
    outcome.results.push(result);
  }
  for (const d of directives) {
    const problem = directiveProblem(d, s.today);
    const message = problem ?? (d.used ? undefined : `azmtls-ignore ${d.rules.join(' ')} matches no result on line ${d.targetLine}`);
    if (message) outcome.warnings.push({ file: d.file, code: 'AZM3004', severity: 'warning', message, startLine: d.line, startColumn: d.column });
  }
  for (const ex of exceptions.expired()) {
    outcome.warnings.push({ file: where, code: 'AZM3005', severity: 'warning', message: `exception for ${ex.rule} on '${ex.resource}' expired on ${ex.expires}; it no longer suppresses` });
  }
  return outcome;
}

/** https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits */
const ARM_TEMPLATE_LIMIT = 4 * 1024 * 1024;

/** Length of JSON text without white space and comments outside strings: what ARM measures, roughly. */
export function compactJsonLength(text: string): number {
  if (text.length <= ARM_TEMPLATE_LIMIT) return text.length;
  let n = 0;
  let i = 0;
  const len = text.length;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // a string, escapes included
      const start = i++;
      while (i < len) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) {
          i++;
          break;
        } else i++;
      }
      n += i - start;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < len && text.charCodeAt(i) !== 10) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? len : end + 2;
    } else {
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) n++;
      i++;
    }
  }
  return n;
}

/**
 * Terraform's JSON syntax (what CDK for Terraform writes) declares resources too, but which of its objects are
 * blocks depends on each provider's schema, and it is not read. Said once per file rather than left out in
 * silence; the plan (`terraform show -json`) of such a configuration is read.
 */
function terraformJsonNotRead(file: string, text: string, sources: SourceSet): FrontendOutput {
  sources.add(file, stripBom(text));
  const message =
    "Terraform's JSON syntax is not read, so the resources this file declares are not judged. Scan the configuration's plan instead (terraform show -json), or its HCL.";
  return { resources: [], diagnostics: [diagnostic('TerraformJsonSyntax', file, message, { file, start: 0, end: 0 })], sources };
}

function collectDirectives(out: FrontendOutput): InlineDirective[] {
  const files = new Set<string>();
  for (const r of out.resources) {
    files.add(r.file);
    if (r.ref) files.add(r.ref.file);
  }
  const all: InlineDirective[] = [];
  for (const f of files) {
    const src = out.sources.get(f);
    if (src) pushAll(all, findInlineDirectives(src));
  }
  return all;
}

function countFiles(sources: SourceSet): number {
  return sources.size();
}

async function lower(
  unit: Unit,
  s: UnitSettings,
  readFile: (p: string) => string,
  listDir: (p: string) => string[],
): Promise<FrontendOutput | undefined> {
  const sources = new SourceSet();
  switch (unit.kind) {
    case 'json': {
      const text = readFile(unit.file);
      const arm = await armFrontend();
      const kind = arm.sniffArm(text);
      if (kind === 'template') {
        const out = arm.loadArm(unit.file, text, { readFile, parameterFiles: s.parameterFiles, sources });
        const compact = compactJsonLength(text);
        if (compact > ARM_TEMPLATE_LIMIT) {
          out.diagnostics.push(
            diagnostic(
              'FileTooLarge',
              unit.file,
              `the template is ${(compact / 1048576).toFixed(1)} MiB without white space and comments; Azure Resource Manager rejects templates over 4 MB, so this template cannot be deployed as it is`,
              { file: unit.file, start: 0, end: 0 },
            ),
          );
        }
        return out;
      }
      if (kind === 'parameters') return undefined;
      // Cheap test first: most stray JSON (package.json, settings) must not load the Terraform frontend.
      if (text.includes('"format_version"')) {
        const tf = await terraformFrontend();
        if (tf.sniffPlan(text)) return tf.loadTerraformPlan(unit.file, text, { readFile, listDir, sources });
      }
      if (unit.file.toLowerCase().endsWith('.tf.json')) return terraformJsonNotRead(unit.file, text, sources);
      return undefined;
    }
    case 'bicep': {
      const text = readFile(unit.file);
      const bicep = await bicepFrontend();
      return bicep.loadBicep(unit.file, text, { readFile, parameterFiles: s.parameterFiles, sources });
    }
    case 'bicepparam': {
      const text = readFile(unit.file);
      const bicep = await bicepFrontend();
      return bicep.loadBicepParam(unit.file, text, { readFile, parameterFiles: s.parameterFiles, sources });
    }
    case 'terraform': {
      const tf = await terraformFrontend();
      return tf.loadTerraformModule(unit.dir, { readFile, listDir, vars: s.vars, varFiles: s.varFiles, env: s.env, sources });
    }
  }
}
