/**
 * One Terraform module: every `*.tf` file of a directory, parsed and indexed by declaration.
 * Terraform treats the files of a directory as one body, so names are unique across files.
 *
 * Override files (`override.tf`, `*_override.tf`) are read after the others and merged into the blocks
 * they name, as Terraform does (https://developer.hashicorp.com/terraform/language/files/override): each
 * argument of an override block replaces the argument of that name, each nested block type replaces every
 * block of that type (`lifecycle` is merged argument by argument), and each local value replaces the one
 * of its name. A merged block keeps the span of the original; its arguments and blocks from an override
 * file are recorded in `origin`, so each is evaluated, quoted and located in the file it is written in.
 */
import { posix } from 'node:path';
import { diagnostic, type Diagnostic } from '../../../core/diagnostics.js';
import { stripBom, type SourceSet } from '../../../core/source.js';
import type { Attribute, Block, HclFile } from '../hcl/ast.js';
import { parseHclText, type ParsedHcl } from '../hcl/parser.js';
import { buildsResources } from '../lower/resource-types.js';
import { pushAll } from '../../../core/arrays.js';
import { withForwardSlashes } from '../../../core/paths.js';

export interface Decl<T> {
  node: T;
  file: HclFile;
}

export interface ModuleConfig {
  dir: string;
  files: HclFile[];
  variables: Map<string, Decl<Block>>;
  locals: Map<string, Decl<Attribute>>;
  outputs: Map<string, Decl<Block>>;
  /** `type.name` for managed resources. */
  resources: Map<string, Decl<Block>>;
  data: Map<string, Decl<Block>>;
  moduleCalls: Map<string, Decl<Block>>;
  terraformBlocks: Decl<Block>[];
  providerBlocks: Decl<Block>[];
  /** The file of each argument and nested block an override file merged into a block of another file. */
  origin: WeakMap<Attribute | Block, HclFile>;
}

export interface FileAccess {
  readFile(path: string): string | undefined;
  listDir(dir: string): string[];
}

/** A `.tf` file parsed, or undefined when it cannot be read. */
export function parseTfFile(fs: FileAccess, path: string): ParsedHcl | undefined {
  const raw = fs.readFile(path);
  return raw === undefined ? undefined : parseHclText(path, stripBom(raw), 'HclSyntax', { deferBody: readOnlyThroughReferences });
}

/**
 * Data sources, and resources of types the frontend builds nothing from, are read only where an expression
 * refers to them: most of a configuration's text, so their bodies are built on first use.
 */
function readOnlyThroughReferences(type: string, labels: readonly string[]): boolean {
  return type === 'data' || (type === 'resource' && labels[0] !== undefined && !buildsResources(labels[0]));
}

/** The names in `dir` that end with `suffix`, in lexical order. */
export function listTfFiles(fs: FileAccess, dir: string, suffix: string): string[] {
  const names: string[] = [];
  let sorted = true;
  for (const n of fs.listDir(dir)) {
    if (!n.endsWith(suffix)) continue;
    // Listings are names; a caller's listing may give paths. Only on Windows is `\` a separator there:
    // elsewhere `web\app.tf` is one file's name, and its last part names another file.
    const path = withForwardSlashes(n);
    const name = path.includes('/') ? posix.basename(path) : path;
    if (sorted && names.length > 0 && names[names.length - 1]! > name) sorted = false;
    names.push(name);
  }
  // The walk's listings come sorted already.
  return sorted ? names : names.sort();
}

/** `posix.join` normalizes the joined path (`..`, `.`, doubled separators). */
export function joinPath(dir: string, name: string): string {
  return posix.join(dir, name);
}

/** A `.` or `..` segment, a doubled separator, a trailing one: `posix.join` would change such a path. */
const NOT_NORMALIZED = /(^|\/)\.\.?(\/|$)|\/\/|\/$/;

/**
 * What `joinPath(dir, name)` puts before a plain file name (one `listTfFiles` gives): the directory is
 * normalized once for all its files rather than once per file.
 */
export function dirPrefix(dir: string): string {
  if (dir === '' || dir === '.') return '';
  if (!NOT_NORMALIZED.test(dir)) return `${dir}/`;
  const d = posix.join(dir, '.');
  return d === '.' ? '' : d.endsWith('/') ? d : `${d}/`;
}

export function loadModuleConfig(fs: FileAccess, dir: string, sources: SourceSet, diagnostics: Diagnostic[]): ModuleConfig {
  const cfg: ModuleConfig = {
    dir,
    files: [],
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    resources: new Map(),
    data: new Map(),
    moduleCalls: new Map(),
    terraformBlocks: [],
    providerBlocks: [],
    origin: new WeakMap(),
  };
  const names = listTfFiles(fs, dir, '.tf');
  const prefix = dirPrefix(dir);
  // Terraform reads the override files after all the others, each in lexical order.
  for (const name of [...names.filter((n) => !isOverrideFile(n)), ...names.filter(isOverrideFile)]) {
    const path = prefix + name;
    const parsed = parseTfFile(fs, path);
    if (parsed === undefined) {
      diagnostics.push(diagnostic('FileUnreadable', path, `could not read ${path}`));
      continue;
    }
    sources.add(path, parsed.file.text);
    pushAll(diagnostics, parsed.diagnostics);
    cfg.files.push(parsed.file);
    if (isOverrideFile(name)) applyOverride(cfg, parsed.file, diagnostics);
    else index(cfg, parsed.file, diagnostics);
  }
  return cfg;
}

export function isOverrideFile(name: string): boolean {
  return name === 'override.tf' || name.endsWith('_override.tf');
}

function applyOverride(cfg: ModuleConfig, file: HclFile, diagnostics: Diagnostic[]): void {
  const missing = (what: string, b: { start: number; end: number }): void => {
    // Terraform refuses such a configuration ("Missing base ... for override").
    diagnostics.push(diagnostic('EvaluationError', file.path, `override of ${what}, which no other file of the module declares`, { file: file.path, start: b.start, end: b.end }));
  };
  const mergeInto = (decls: Map<string, Decl<Block>>, key: string, what: string, b: Block): void => {
    const base = decls.get(key);
    if (!base) missing(what, b);
    else decls.set(key, { node: mergeBlock(base.node, b, file, cfg.origin), file: base.file });
  };
  for (const b of file.body.blocks) {
    const [l0, l1] = b.labels;
    switch (b.type) {
      case 'variable':
        if (l0 !== undefined) mergeInto(cfg.variables, l0, `variable "${l0}"`, b);
        break;
      case 'output':
        if (l0 !== undefined) mergeInto(cfg.outputs, l0, `output "${l0}"`, b);
        break;
      case 'module':
        if (l0 !== undefined) mergeInto(cfg.moduleCalls, l0, `module "${l0}"`, b);
        break;
      case 'resource':
        if (l0 !== undefined && l1 !== undefined) mergeInto(cfg.resources, `${l0}.${l1}`, `resource "${l0}" "${l1}"`, b);
        break;
      case 'data':
        if (l0 !== undefined && l1 !== undefined) mergeInto(cfg.data, `${l0}.${l1}`, `data "${l0}" "${l1}"`, b);
        break;
      case 'locals':
        for (const a of b.body.attributes) {
          if (!cfg.locals.has(a.name)) missing(`local value "${a.name}"`, a);
          else cfg.locals.set(a.name, { node: a, file });
        }
        break;
      // Only the azurerm entry of `required_providers` is read from these; an override file's replaces the
      // original's (see requiredAzurerm in load.ts).
      case 'terraform':
      case 'provider':
        indexBlock(cfg, file, b, diagnostics);
        break;
    }
  }
}

/** `base` with the arguments and nested blocks of `over` in place of its own (see the file's comment). */
function mergeBlock(base: Block, over: Block, overFile: HclFile, origin: WeakMap<Attribute | Block, HclFile>): Block {
  const blockType = (b: Block) => (b.type === 'dynamic' ? (b.labels[0] ?? '') : b.type);
  const overArgs = new Set(over.body.attributes.map((a) => a.name));
  const overTypes = new Set(over.body.blocks.map(blockType));
  for (const a of over.body.attributes) origin.set(a, overFile);
  const blocks: Block[] = base.body.blocks.filter((b) => !overTypes.has(blockType(b)));
  for (const b of over.body.blocks) {
    const merged = b.type === 'lifecycle' ? base.body.blocks.find((x) => x.type === 'lifecycle') : undefined;
    if (merged) blocks.push(mergeBlock(merged, b, overFile, origin));
    else {
      origin.set(b, overFile);
      blocks.push(b);
    }
  }
  return { ...base, body: { attributes: [...base.body.attributes.filter((a) => !overArgs.has(a.name)), ...over.body.attributes], blocks } };
}

function index(cfg: ModuleConfig, file: HclFile, diagnostics: Diagnostic[]): void {
  for (const b of file.body.blocks) indexBlock(cfg, file, b, diagnostics);
}

function indexBlock(cfg: ModuleConfig, file: HclFile, b: Block, diagnostics: Diagnostic[]): void {
  const dup = (what: string, node: { start: number; end: number }): void => {
    diagnostics.push(diagnostic('EvaluationError', file.path, `duplicate ${what}`, { file: file.path, start: node.start, end: node.end }));
  };
  const [l0, l1] = b.labels;
  switch (b.type) {
    case 'variable':
      if (l0 === undefined) break;
      if (cfg.variables.has(l0)) dup(`variable "${l0}"`, b);
      else cfg.variables.set(l0, { node: b, file });
      break;
    case 'locals':
      for (const a of b.body.attributes) {
        if (cfg.locals.has(a.name)) dup(`local value "${a.name}"`, a);
        else cfg.locals.set(a.name, { node: a, file });
      }
      break;
    case 'output':
      if (l0 !== undefined) cfg.outputs.set(l0, { node: b, file });
      break;
    case 'resource':
      if (l0 === undefined || l1 === undefined) break;
      if (cfg.resources.has(`${l0}.${l1}`)) dup(`resource "${l0}" "${l1}"`, b);
      else cfg.resources.set(`${l0}.${l1}`, { node: b, file });
      break;
    case 'data':
      if (l0 !== undefined && l1 !== undefined) cfg.data.set(`${l0}.${l1}`, { node: b, file });
      break;
    case 'module':
      if (l0 === undefined) break;
      if (cfg.moduleCalls.has(l0)) dup(`module "${l0}"`, b);
      else cfg.moduleCalls.set(l0, { node: b, file });
      break;
    case 'terraform':
      cfg.terraformBlocks.push({ node: b, file });
      break;
    case 'provider':
      cfg.providerBlocks.push({ node: b, file });
      break;
  }
}

export function attrOf(b: Block, name: string): Attribute | undefined {
  return b.body.attributes.find((a) => a.name === name);
}
