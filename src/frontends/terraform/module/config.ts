/**
 * One Terraform module: every `*.tf` file of a directory, parsed and indexed by declaration.
 * Terraform treats the files of a directory as one body, so names are unique across files.
 */
import { posix } from 'node:path';
import { diagnostic, type Diagnostic } from '../../../core/diagnostics.js';
import { stripBom, type SourceSet } from '../../../core/source.js';
import type { Attribute, Block, HclFile } from '../hcl/ast.js';
import { parseHclText, type ParsedHcl } from '../hcl/parser.js';

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
}

export interface FileAccess {
  readFile(path: string): string | undefined;
  listDir(dir: string): string[];
}

/** A `.tf` file parsed, or undefined when it cannot be read. */
export function parseTfFile(fs: FileAccess, path: string): ParsedHcl | undefined {
  const raw = fs.readFile(path);
  return raw === undefined ? undefined : parseHclText(path, stripBom(raw));
}

export function listTfFiles(fs: FileAccess, dir: string, suffix: string): string[] {
  return fs
    .listDir(dir)
    .map((n) => posix.basename(n.replace(/\\/g, '/')))
    .filter((n) => n.endsWith(suffix))
    .sort();
}

export function joinPath(dir: string, name: string): string {
  return posix.normalize(posix.join(dir, name));
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
  };
  for (const name of listTfFiles(fs, dir, '.tf')) {
    const path = joinPath(dir, name);
    const parsed = parseTfFile(fs, path);
    if (parsed === undefined) {
      diagnostics.push(diagnostic('FileUnreadable', path, `could not read ${path}`));
      continue;
    }
    sources.add(path, parsed.file.text);
    diagnostics.push(...parsed.diagnostics);
    cfg.files.push(parsed.file);
    index(cfg, parsed.file, diagnostics);
  }
  return cfg;
}

function index(cfg: ModuleConfig, file: HclFile, diagnostics: Diagnostic[]): void {
  const dup = (what: string, b: { start: number; end: number }): void => {
    diagnostics.push(diagnostic('EvaluationError', file.path, `duplicate ${what}`, { file: file.path, start: b.start, end: b.end }));
  };
  for (const b of file.body.blocks) {
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
}

export function attrOf(b: Block, name: string): Attribute | undefined {
  return b.body.attributes.find((a) => a.name === name);
}
