/**
 * Which scanned directories are Terraform roots. A directory called as a local module by another
 * scanned directory is evaluated through that call (with its arguments), not again on its own with
 * unset inputs — unless it declares a `provider` block or a `backend`/`cloud` block, which only root
 * modules do (a `terraform { required_providers }` block alone is normal in a child module). A directory
 * that is only reachable through a cycle of calls keeps the first one, lexically, as a root.
 *
 * The files are parsed here for those few facts and again when the roots are evaluated. Keeping the trees
 * from here to there was measured slower: the collector then copies and traces every tree it keeps. So
 * only the files that can hold a fact are parsed: a module call needs the word `module`, and whether a
 * directory declares a root is asked only of the directories another one calls.
 */
import type { HclFile } from '../hcl/ast.js';
import { stripBom } from '../../../core/source.js';
import { parseHclText } from '../hcl/parser.js';
import { attrOf, dirPrefix, joinPath, listTfFiles, type FileAccess } from './config.js';
import { isLocalSource } from './instance.js';

interface DirFacts {
  calls: string[];
  /** Known true from a parsed file; otherwise asked of the files not parsed yet (`declaresRoot`). */
  declaresRoot: boolean;
  unparsed: string[];
}

/** Words without which a file declares no provider, backend or cloud block (and no module call without `module`). */
const ROOT_WORDS = ['provider', 'backend', 'cloud'];

export function planUnits(dirs: string[], fs: FileAccess): string[] {
  const facts = new Map<string, DirFacts>();
  for (const d of dirs) facts.set(d, scanDir(fs, d));
  const calledBy = new Map<string, Set<string>>();
  for (const [d, f] of facts) {
    for (const c of f.calls) {
      const target = joinPath(d, c);
      if (target === d || !facts.has(target)) continue;
      let s = calledBy.get(target);
      if (!s) calledBy.set(target, (s = new Set()));
      s.add(d);
    }
  }
  const roots = new Set(dirs.filter((d) => !calledBy.has(d) || declaresRoot(fs, facts.get(d)!)));
  // Anything not reachable from a root (a cycle of calls) gets its lexically first member as a root.
  const reached = new Set<string>();
  const visit = (start: string): void => {
    const stack = [start];
    while (stack.length > 0) {
      const d = stack.pop()!;
      if (reached.has(d)) continue;
      reached.add(d);
      for (const c of facts.get(d)?.calls ?? []) {
        const t = joinPath(d, c);
        if (facts.has(t)) stack.push(t);
      }
    }
  };
  for (const r of roots) visit(r);
  if (reached.size < dirs.length) {
    for (const d of dirs.filter((x) => !reached.has(x)).sort()) {
      if (!reached.has(d)) {
        roots.add(d);
        visit(d);
      }
    }
  }
  return dirs.filter((d) => roots.has(d));
}

function scanDir(fs: FileAccess, dir: string): DirFacts {
  const out: DirFacts = { calls: [], declaresRoot: false, unparsed: [] };
  const prefix = dirPrefix(dir);
  for (const name of listTfFiles(fs, dir, '.tf')) {
    const path = prefix + name;
    const text = fs.readFile(path);
    if (text === undefined) continue;
    if (!hasWord(text, 'module')) out.unparsed.push(path);
    else scanFile(parseHclText(path, stripBom(text)).file, out);
  }
  return out;
}

function declaresRoot(fs: FileAccess, facts: DirFacts): boolean {
  for (const path of facts.unparsed) {
    if (facts.declaresRoot) break;
    const text = fs.readFile(path);
    if (text !== undefined && ROOT_WORDS.some((w) => hasWord(text, w))) scanFile(parseHclText(path, stripBom(text)).file, facts);
  }
  facts.unparsed = [];
  return facts.declaresRoot;
}

/** Top-level blocks and, inside `module` and `terraform` blocks, what marks a root or a local call. */
function scanFile(file: HclFile, out: DirFacts): void {
  for (const b of file.body.blocks) {
    if (b.type === 'provider') out.declaresRoot = true;
    else if (b.type === 'terraform' && b.body.blocks.some((n) => n.type === 'backend' || n.type === 'cloud')) out.declaresRoot = true;
    else if (b.type === 'module') {
      const source = attrOf(b, 'source')?.expr;
      if (source?.k === 'lit' && typeof source.value === 'string' && isLocalSource(source.value)) out.calls.push(source.value);
    }
  }
}

const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** Whether `word` occurs in `text` as a word (as `\bword\b` matches): searching for the word first is faster. */
export function hasWord(text: string, word: string): boolean {
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    if ((i === 0 || !isWordChar(text.charCodeAt(i - 1))) && !isWordChar(text.charCodeAt(i + word.length))) return true;
  }
  return false;
}
