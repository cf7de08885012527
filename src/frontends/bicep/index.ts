/**
 * The Bicep frontend: `.bicep` templates (with their local modules) and `.bicepparam` files, lowered into
 * the same resource model as ARM templates. Nothing here throws on user input: problems are diagnostics.
 */
import { findNodeAtLocation, parseTree, type Node as JsonNode, type ParseError as JsonParseError } from 'jsonc-parser';
import { findExcessiveNesting, MAX_JSON_DEPTH } from '../json-nesting.js';
import { diagnostic, type Diagnostic } from '../../core/diagnostics.js';
import { SourceSet, stripBom } from '../../core/source.js';
import { Unresolved, setKey, type Value } from '../../model/value.js';
import type { FrontendOutput, ReadFile } from '../types.js';
import { Scope, newBudget } from './evaluate.js';
import { parseBicep as parseBicepText } from './parser.js';
import { FileInstance, reportParseErrors, resolveRelative, type ModuleCall, type Supplied, type Unit } from './program.js';
import type { BicepFile } from './syntax.js';

export type { BicepFile } from './syntax.js';
export type { ModuleCall } from './program.js';

export interface BicepOptions {
  readFile: ReadFile;
  /** ARM parameters files (`.json`) or `.bicepparam` files whose values are supplied to the template. */
  parameterFiles?: string[];
  sources?: SourceSet;
  /** Called for every module instance met while lowering (local or not, deployed or not), in declaration order. */
  onModule?: (call: ModuleCall) => void;
  /** ARM JSON modules are evaluated even when they deploy no judged type (conformance compares every resource). */
  evaluateEveryTemplate?: boolean;
}

/** The syntax tree and syntax errors of a Bicep (or `.bicepparam`) text. */
export function parseBicep(text: string, options: { paramsFile?: boolean } = {}): BicepFile {
  return parseBicepText(text, options);
}

function newUnit(opts: BicepOptions): Unit {
  return {
    readFile: opts.readFile,
    sources: opts.sources ?? new SourceSet(),
    diagnostics: [],
    resources: [],
    budget: newBudget(),
    parsed: new Map(),
    ...(opts.onModule ? { onModule: opts.onModule } : {}),
    ...(opts.evaluateEveryTemplate ? { evaluateEveryTemplate: true } : {}),
  };
}

function guarded(unit: Unit, file: string, work: () => void): FrontendOutput {
  try {
    work();
  } catch (err) {
    // A bug in the frontend must not end the scan: the file is reported and the rest goes on.
    unit.diagnostics.push(diagnostic('InternalFrontend', file, `The Bicep frontend failed on this file: ${err instanceof Error ? err.message : String(err)}`));
  }
  return { resources: unit.resources, diagnostics: unit.diagnostics, sources: unit.sources };
}

/** Lowers a `.bicep` file and its local modules. `file` is a display path (relative, `/` separators). */
export function loadBicep(file: string, text: string, opts: BicepOptions): FrontendOutput {
  const unit = newUnit(opts);
  return guarded(unit, file, () => {
    const clean = stripBom(text);
    unit.sources.add(file, clean);
    const ast = parseBicepText(clean);
    reportParseErrors(unit, file, ast, false);
    unit.parsed.set(file, { ast, text: clean });
    const supplied = new Map<string, Supplied>();
    for (const p of opts.parameterFiles ?? []) readParameterFile(unit, p, supplied);
    new FileInstance(unit, file, clean, ast, supplied, { addressPrefix: '', related: [], depth: 0, chain: [file] }).lower();
  });
}

/** Lowers the template a `.bicepparam` file points at (`using './main.bicep'`), with the file's values. */
export function loadBicepParam(file: string, text: string, opts: BicepOptions): FrontendOutput {
  const unit = newUnit(opts);
  return guarded(unit, file, () => {
    const clean = stripBom(text);
    unit.sources.add(file, clean);
    const ast = parseBicepText(clean, { paramsFile: true });
    reportParseErrors(unit, file, ast, true);
    const using = ast.declarations.find((d) => d.kind === 'using');
    const supplied = new Map<string, Supplied>();
    for (const p of opts.parameterFiles ?? []) readParameterFile(unit, p, supplied);
    applyBicepParam(unit, file, clean, ast, supplied);
    if (!using || using.kind !== 'using') {
      unit.diagnostics.push(diagnostic('BicepParamSyntax', file, "The parameters file has no 'using' declaration naming its template."));
      return;
    }
    if (using.none || !using.path) return;
    const target = literal(using.path.parts);
    if (target === undefined) {
      unit.diagnostics.push(diagnostic('BicepParamSyntax', file, 'The using path must be a literal string.', { file, start: using.path.start, end: using.path.end }));
      return;
    }
    if (/^(br|ts)(:|\/)/i.test(target)) {
      unit.diagnostics.push(
        diagnostic('ModuleUnresolved', file, `The template '${target}' comes from a registry and is not read by a scan; its resources are not judged.`, { file, start: using.start, end: using.end }),
      );
      return;
    }
    const path = resolveRelative(file, target);
    let templateText: string;
    try {
      templateText = stripBom(unit.readFile(path));
    } catch (err) {
      unit.diagnostics.push(
        diagnostic('ModuleNotFound', file, `The template '${path}' could not be read (${err instanceof Error ? err.message : String(err)}).`, { file, start: using.path.start, end: using.path.end }),
      );
      return;
    }
    unit.sources.add(path, templateText);
    const templateAst = parseBicepText(templateText);
    reportParseErrors(unit, path, templateAst, false);
    unit.parsed.set(path, { ast: templateAst, text: templateText });
    // Values given for parameters the template does not declare are a deployment error.
    const declared = new Set(templateAst.declarations.filter((d) => d.kind === 'param').map((d) => (d.kind === 'param' ? d.name.name : '')));
    for (const d of ast.declarations) {
      if (d.kind === 'paramAssign' && !declared.has(d.name.name)) {
        unit.diagnostics.push(diagnostic('BicepParamSyntax', file, `The template '${path}' declares no parameter '${d.name.name}'.`, { file, start: d.name.start, end: d.name.end }));
      }
    }
    new FileInstance(unit, path, templateText, templateAst, supplied, {
      addressPrefix: '',
      related: [{ ref: { file, start: using.start, end: using.end }, message: `deployed with the parameters in '${file}'` }],
      depth: 0,
      chain: [path],
    }).lower();
  });
}

function literal(parts: (string | unknown)[]): string | undefined {
  return parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : undefined;
}

/** Evaluates the `param x = value` assignments of a `.bicepparam` file (which may use its own vars and imports). */
function applyBicepParam(unit: Unit, file: string, text: string, ast: BicepFile, supplied: Map<string, Supplied>): void {
  const inst = new FileInstance(unit, file, text, ast, new Map(), { addressPrefix: '', related: [], depth: 0, chain: [file] });
  const root = new Scope();
  for (const d of ast.declarations) {
    if (d.kind !== 'paramAssign') continue;
    supplied.set(d.name.name, {
      value: inst.evaluator.evaluate(d.value, root),
      via: [{ ref: { file, start: d.start, end: d.end }, message: `value comes from parameters file '${file}'` }, ...inst.evaluator.provenance(d.value, root)],
    });
  }
}

/** Reads an ARM parameters file (`parameters.x.value`, Key Vault `reference`) or a `.bicepparam` file. */
function readParameterFile(unit: Unit, path: string, supplied: Map<string, Supplied>): void {
  let text: string;
  try {
    text = stripBom(unit.readFile(path));
  } catch (err) {
    unit.diagnostics.push(diagnostic('FileUnreadable', path, `The parameters file could not be read (${err instanceof Error ? err.message : String(err)}).`));
    return;
  }
  unit.sources.add(path, text);
  if (path.toLowerCase().endsWith('.bicepparam')) {
    const ast = parseBicepText(text, { paramsFile: true });
    reportParseErrors(unit, path, ast, true);
    applyBicepParam(unit, path, text, ast, supplied);
    return;
  }
  const deep = findExcessiveNesting(text);
  if (deep >= 0) {
    unit.diagnostics.push(diagnostic('NestingTooDeep', path, `The parameters file is nested more than ${MAX_JSON_DEPTH} levels deep; it is not read.`, { file: path, start: deep, end: deep + 1 }));
    return;
  }
  const errors: JsonParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!tree || errors.length > 0) {
    const e = errors[0];
    unit.diagnostics.push(diagnostic('ParametersFile', path, 'The parameters file is not valid JSON.', e ? { file: path, start: e.offset, end: e.offset + e.length } : undefined));
    if (!tree) return;
  }
  const params = findNodeAtLocation(tree, ['parameters']);
  if (!params || params.type !== 'object') {
    unit.diagnostics.push(diagnostic('ParametersFile', path, "The parameters file has no 'parameters' object."));
    return;
  }
  for (const prop of params.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    if (!keyNode || !valueNode || typeof keyNode.value !== 'string' || valueNode.type !== 'object') continue;
    const name = keyNode.value;
    const ref = { file: path, start: prop.offset, end: prop.offset + prop.length };
    const via = [{ ref, message: `value comes from parameters file '${path}'` }];
    const value = findNodeAtLocation(valueNode, ['value']);
    if (value) {
      supplied.set(name, { value: jsonValue(value), via });
    } else if (findNodeAtLocation(valueNode, ['reference'])) {
      supplied.set(name, { value: new Unresolved(name, 'secure value is not read (Key Vault reference)', ref), via });
    }
  }
}

/** A JSON node's value, iteratively (parameter values can be deep). */
function jsonValue(root: JsonNode): Value {
  const out: { v: Value } = { v: null };
  const stack: { node: JsonNode; set: (v: Value) => void }[] = [{ node: root, set: (v) => (out.v = v) }];
  while (stack.length > 0) {
    const { node, set } = stack.pop()!;
    if (node.type === 'object') {
      const o: { [k: string]: Value } = {};
      set(o);
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k && v && typeof k.value === 'string') {
          const key = k.value;
          stack.push({ node: v, set: (x) => setKey(o, key, x) });
        }
      }
    } else if (node.type === 'array') {
      const a: Value[] = [];
      set(a);
      (node.children ?? []).forEach((c, i) => stack.push({ node: c, set: (x) => (a[i] = x) }));
    } else {
      set((node.value ?? null) as Value);
    }
  }
  return out.v;
}

const REFERENCING_KEYWORD = /\b(module|using|extends|import)\b/;

/**
 * Display paths of the local files a Bicep or `.bicepparam` file refers to (modules, `using` and
 * `extends` targets, imports), so a caller can tell root files from files that are only referenced.
 */
export function bicepReferences(file: string, text: string): string[] {
  // Each of these declarations starts with its keyword: a file without any of the words declares none.
  if (!REFERENCING_KEYWORD.test(text)) return [];
  const paramsFile = file.toLowerCase().endsWith('.bicepparam');
  const ast = parseBicepText(stripBom(text), { paramsFile });
  const out = new Set<string>();
  const add = (parts: unknown[] | undefined) => {
    const p = parts ? literal(parts) : undefined;
    if (p !== undefined && !/^(br|ts)(:|\/)/i.test(p)) out.add(resolveRelative(file, p));
  };
  for (const d of ast.declarations) {
    if (d.kind === 'module') add(d.path.parts);
    else if (d.kind === 'using') add(d.path?.parts);
    else if (d.kind === 'extends') add(d.path.parts);
    else if (d.kind === 'import') add(d.from?.parts);
  }
  return [...out];
}

export type { Diagnostic };
