/**
 * The one catalogue of azmtls's own diagnostics. Codes are stable: scripts match on them.
 * AZM1xxx parse, AZM2xxx evaluation, AZM3xxx configuration, AZM4xxx live Azure, AZM9xxx internal faults.
 */
import type { SourceRef } from './source.js';

export type DiagnosticSeverity = 'error' | 'warning';

export interface DiagnosticDef {
  readonly code: string;
  readonly severity: DiagnosticSeverity;
  readonly title: string;
}

export const Diagnostics = {
  // --- parse (AZM1xxx) ---
  FileUnreadable: { code: 'AZM1000', severity: 'error', title: 'The file could not be read' },
  JsonSyntax: { code: 'AZM1001', severity: 'error', title: 'JSON syntax error' },
  TemplateShape: { code: 'AZM1002', severity: 'error', title: 'The template does not have the expected shape' },
  NestingTooDeep: { code: 'AZM1003', severity: 'error', title: 'The input is nested too deeply' },
  FileTooLarge: { code: 'AZM1004', severity: 'error', title: 'The file is larger than the configured limit' },
  ExpressionSyntax: { code: 'AZM1005', severity: 'error', title: 'Template-language expression syntax error' },
  ParametersFile: { code: 'AZM1006', severity: 'error', title: 'The parameters file is not valid' },
  BicepSyntax: { code: 'AZM1101', severity: 'error', title: 'Bicep syntax error' },
  BicepParamSyntax: { code: 'AZM1102', severity: 'error', title: 'Bicep parameters file error' },
  HclSyntax: { code: 'AZM1201', severity: 'error', title: 'HCL syntax error' },
  TfvarsSyntax: { code: 'AZM1202', severity: 'error', title: 'Terraform variables file error' },
  PlanShape: { code: 'AZM1203', severity: 'error', title: 'The Terraform plan JSON does not have the expected shape' },
  TerraformJsonSyntax: { code: 'AZM1204', severity: 'warning', title: "Terraform's JSON syntax (*.tf.json) is not read" },
  // --- evaluation (AZM2xxx) ---
  EvaluationError: { code: 'AZM2001', severity: 'error', title: 'An expression could not be evaluated' },
  ReferenceCycle: { code: 'AZM2002', severity: 'error', title: 'Variables or locals reference each other in a cycle' },
  UnknownFunction: { code: 'AZM2003', severity: 'warning', title: 'Unknown template function' },
  ModuleNotFound: { code: 'AZM2004', severity: 'error', title: 'A module or linked template could not be found' },
  TimeBudget: { code: 'AZM2005', severity: 'error', title: 'The file took longer than its time budget' },
  LimitExceeded: { code: 'AZM2006', severity: 'error', title: 'An evaluation limit was exceeded' },
  UnknownIdentifier: { code: 'AZM2007', severity: 'error', title: 'Reference to an undeclared parameter, variable or symbol' },
  ModuleUnresolved: { code: 'AZM2008', severity: 'warning', title: 'A module is not local and was not evaluated' },
  ParameterDefaultType: { code: 'AZM2009', severity: 'warning', title: "A parameter's default value does not match its declared type" },
  // --- configuration and usage (AZM3xxx) ---
  ConfigInvalid: { code: 'AZM3001', severity: 'error', title: 'The configuration file is not valid' },
  UsageError: { code: 'AZM3002', severity: 'error', title: 'The command line is not valid' },
  PathNotFound: { code: 'AZM3003', severity: 'error', title: 'A path given on the command line does not exist' },
  SuppressionInvalid: { code: 'AZM3004', severity: 'warning', title: 'An inline suppression is not valid or matches nothing' },
  ExceptionExpired: { code: 'AZM3005', severity: 'warning', title: 'A configured exception has expired' },
  BaselineInvalid: { code: 'AZM3006', severity: 'error', title: 'The baseline file is not valid' },
  // --- live Azure (AZM4xxx) ---
  AzureAuth: { code: 'AZM4001', severity: 'error', title: 'Azure authentication or authorization failed' },
  AzureThrottled: { code: 'AZM4002', severity: 'error', title: 'Azure throttled the request beyond the retry budget' },
  AzureApi: { code: 'AZM4003', severity: 'error', title: 'An Azure API call failed' },
  // --- internal (AZM9xxx) ---
  InternalFrontend: { code: 'AZM9001', severity: 'error', title: 'Internal error in a frontend' },
  InternalRule: { code: 'AZM9002', severity: 'error', title: 'Internal error in a rule' },
  InternalWorker: { code: 'AZM9003', severity: 'error', title: 'Internal error in a scan worker' },
} as const satisfies Record<string, DiagnosticDef>;

export type DiagnosticKind = keyof typeof Diagnostics;

/** A diagnostic as frontends produce it: positions as offsets, resolved to line/column only when reported. */
export interface Diagnostic {
  code: string;
  severity: DiagnosticSeverity;
  message: string;
  file: string;
  ref?: SourceRef;
}

export function diagnostic(kind: DiagnosticKind, file: string, message: string, ref?: SourceRef): Diagnostic {
  const def = Diagnostics[kind];
  const d: Diagnostic = { code: def.code, severity: def.severity, message, file };
  if (ref) d.ref = ref;
  return d;
}

/**
 * Syntax errors reported per file, in the order they occur; the rest are counted in one more diagnostic.
 * Past the first few, error recovery mostly reports its own confusion (a binary file, a file in another
 * encoding, a half-merged conflict), and thousands of entries bury the first error in every report format.
 */
export const MAX_SYNTAX_ERRORS_PER_FILE = 5;

/** Diagnostics for a file's syntax errors: the first MAX_SYNTAX_ERRORS_PER_FILE by position, then the count of the rest. */
export function syntaxDiagnostics(kind: DiagnosticKind, file: string, errors: readonly { start: number; end: number; message: string }[]): Diagnostic[] {
  const sorted = [...errors].sort((a, b) => a.start - b.start);
  const out = sorted.slice(0, MAX_SYNTAX_ERRORS_PER_FILE).map((e) => diagnostic(kind, file, e.message, { file, start: e.start, end: e.end }));
  const more = sorted.length - MAX_SYNTAX_ERRORS_PER_FILE;
  if (more > 0) out.push(diagnostic(kind, file, `${more} more syntax ${more === 1 ? 'error' : 'errors'} in this file`));
  return out;
}
