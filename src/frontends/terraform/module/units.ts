/**
 * Which scanned directories are Terraform roots. A directory called as a local module by another
 * scanned directory is evaluated through that call (with its arguments), not again on its own with
 * unset inputs — unless it declares a `provider` block or a `backend`/`cloud` block, which only root
 * modules do (a `terraform { required_providers }` block alone is normal in a child module). A directory
 * that is only reachable through a cycle of calls keeps the first one, lexically, as a root.
 *
 * The files are parsed here for those few facts and again when the roots are evaluated. Keeping the trees
 * from here to there was measured slower: the collector then copies and traces every tree it keeps.
 */
import type { HclFile } from '../hcl/ast.js';
import { attrOf, joinPath, listTfFiles, parseTfFile, type FileAccess } from './config.js';
import { isLocalSource } from './instance.js';

interface DirFacts {
  calls: string[];
  declaresRoot: boolean;
}

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
  const roots = new Set(dirs.filter((d) => !calledBy.has(d) || facts.get(d)!.declaresRoot));
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
  for (const d of [...dirs].sort()) {
    if (!reached.has(d)) {
      roots.add(d);
      visit(d);
    }
  }
  return dirs.filter((d) => roots.has(d));
}

function scanDir(fs: FileAccess, dir: string): DirFacts {
  const out: DirFacts = { calls: [], declaresRoot: false };
  for (const name of listTfFiles(fs, dir, '.tf')) {
    const parsed = parseTfFile(fs, joinPath(dir, name));
    if (parsed) scanFile(parsed.file, out);
  }
  return out;
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
