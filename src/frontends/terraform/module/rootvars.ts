/**
 * Values of the root module's variables, with Terraform's precedence (later wins):
 * TF_VAR_ environment variables, terraform.tfvars, terraform.tfvars.json, *.auto.tfvars and
 * *.auto.tfvars.json in lexical order, then --var-file and --var from the command line.
 * https://developer.hashicorp.com/terraform/language/values/variables#variable-definition-precedence
 */
import { findNodeAtLocation, parseTree, type ParseError } from 'jsonc-parser';
import { findExcessiveNesting, MAX_JSON_DEPTH } from '../../json-nesting.js';
import { diagnostic, type Diagnostic } from '../../../core/diagnostics.js';
import { stripBom, type SourceSet } from '../../../core/source.js';
import type { Value } from '../../../model/value.js';
import { Budget, Evaluator } from '../eval/evaluate.js';
import { parseHclText } from '../hcl/parser.js';
import { joinPath, listTfFiles, type FileAccess } from './config.js';
import type { InputSource, InputValue } from './instance.js';
import { pushAll } from '../../../core/arrays.js';

export interface RootVarOptions {
  vars?: Record<string, string>;
  varFiles?: string[];
  env?: Record<string, string | undefined>;
}

export function rootInputs(fs: FileAccess, dir: string, opts: RootVarOptions, sources: SourceSet, diagnostics: Diagnostic[]): InputSource {
  const values = new Map<string, InputValue>();
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (k.startsWith('TF_VAR_') && v !== undefined) values.set(k.slice(7), { value: v, raw: true, message: `value comes from the environment variable ${k}` });
  }
  const names = listTfFiles(fs, dir, '');
  const auto = names.filter((n) => n.endsWith('.auto.tfvars') || n.endsWith('.auto.tfvars.json'));
  const files = [...['terraform.tfvars', 'terraform.tfvars.json'].filter((n) => names.includes(n)), ...auto].map((n) => joinPath(dir, n));
  for (const f of [...files, ...(opts.varFiles ?? [])]) readVarFile(fs, f, values, sources, diagnostics);
  for (const [k, v] of Object.entries(opts.vars ?? {})) values.set(k, { value: v, raw: true, message: `value comes from --var ${k}` });
  return (name) => values.get(name);
}

function readVarFile(fs: FileAccess, path: string, into: Map<string, InputValue>, sources: SourceSet, diagnostics: Diagnostic[]): void {
  const raw = fs.readFile(path);
  if (raw === undefined) {
    diagnostics.push(diagnostic('FileUnreadable', path, `could not read the variables file ${path}`));
    return;
  }
  const text = stripBom(raw);
  sources.add(path, text);
  if (path.endsWith('.json')) {
    const deep = findExcessiveNesting(text);
    if (deep >= 0) {
      diagnostics.push(diagnostic('NestingTooDeep', path, `the variables file is nested more than ${MAX_JSON_DEPTH} levels deep; it is not read`, { file: path, start: deep, end: deep + 1 }));
      return;
    }
    const errors: ParseError[] = [];
    const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    if (errors.length > 0 || !tree || tree.type !== 'object') {
      const at = errors[0]?.offset ?? 0;
      diagnostics.push(diagnostic('TfvarsSyntax', path, 'the variables file is not a JSON object', { file: path, start: at, end: at + (errors[0]?.length ?? 0) }));
      return;
    }
    const obj = JSON.parse(text) as Record<string, Value>;
    for (const [k, v] of Object.entries(obj)) {
      const n = findNodeAtLocation(tree, [k]);
      const ref = n?.parent ? { file: path, start: n.parent.offset, end: n.parent.offset + n.parent.length } : undefined;
      into.set(k, { value: v, ...(ref ? { ref } : {}), message: `value comes from ${path}` });
    }
    return;
  }
  const parsed = parseHclText(path, text, 'TfvarsSyntax');
  pushAll(diagnostics, parsed.diagnostics);
  // A variables file holds constants: references to anything are errors there.
  const ev = new Evaluator(parsed.file, { resolve: () => undefined }, { workDir: '.', readFile: () => undefined, budget: new Budget(100_000, 5_000), report: (d) => diagnostics.push(d) });
  for (const a of parsed.file.body.attributes) {
    into.set(a.name, { value: ev.evaluate(a.expr), ref: { file: path, start: a.start, end: a.end }, message: `value comes from ${path}` });
  }
}
