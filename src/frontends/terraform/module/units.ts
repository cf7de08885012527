/**
 * Which scanned directories are Terraform roots. A directory called as a local module by another
 * scanned directory is evaluated through that call (with its arguments), not again on its own with
 * unset inputs — unless it declares a `provider` block or a `backend`/`cloud` block, which only root
 * modules do (a `terraform { required_providers }` block alone is normal in a child module). A directory
 * that is only reachable through a cycle of calls keeps the first one, lexically, as a root.
 *
 * This runs before any parser is loaded, so it reads the few facts it needs with a small lexical scan.
 */
import { joinPath, listTfFiles, type FileAccess } from './config.js';
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
    let text: string | undefined;
    try {
      text = fs.readFile(joinPath(dir, name));
    } catch {
      text = undefined;
    }
    if (text !== undefined) scanText(text, out);
  }
  return out;
}

/** Top-level blocks and, inside `module` and `terraform` blocks, what marks a root or a local call. */
export function scanText(text: string, out: DirFacts): void {
  const tokens = tokenize(text);
  let depth = 0;
  let outer: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === '{') {
      if (depth === 0) {
        // the block type is the first word of the statement
        let j = i - 1;
        while (j > 0 && tokens[j - 1] !== '{' && tokens[j - 1] !== '}' && tokens[j - 1] !== '\n') j--;
        while (j < i && tokens[j] === '\n') j++;
        outer = tokens[j];
        if (outer === 'provider') out.declaresRoot = true;
      } else if (depth === 1 && outer === 'terraform' && (tokens[i - 1] === 'backend' || tokens[i - 2] === 'backend' || tokens[i - 1] === 'cloud')) {
        out.declaresRoot = true;
      }
      depth++;
    } else if (t === '}') {
      depth = Math.max(0, depth - 1);
      if (depth === 0) outer = undefined;
    } else if (depth === 1 && outer === 'module' && t === 'source' && tokens[i + 1] === '=') {
      const v = tokens[i + 2];
      if (v?.startsWith('"')) {
        const s = v.slice(1, -1);
        if (isLocalSource(s)) out.calls.push(s);
      }
    }
  }
}

/** Words, quoted strings (as one token), braces, `=` and newlines; comments and heredocs skipped. */
function tokenize(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
    } else if (c === '"') {
      let j = i + 1;
      let interp = 0;
      while (j < n) {
        const d = text[j]!;
        if (d === '\\') j += 2;
        else if (d === '$' && text[j + 1] === '{') {
          interp++;
          j += 2;
        } else if (d === '}' && interp > 0) {
          interp--;
          j++;
        } else if (d === '"' && interp === 0) break;
        else j++;
      }
      out.push(text.slice(i, j + 1));
      i = j + 1;
    } else if (c === '<' && text[i + 1] === '<') {
      const m = /^<<-?\s*([A-Za-z_][\w-]*)/.exec(text.slice(i, i + 80));
      if (m) {
        const re = new RegExp(`\\n\\s*${m[1]}\\s*(\\n|$)`, 'g');
        re.lastIndex = i;
        const e = re.exec(text);
        i = e ? e.index + e[0].length : n;
        out.push('"<<heredoc>>"');
      } else i += 2;
    } else if (c === '{' || c === '}' || c === '=' || c === '\n') {
      out.push(c);
      i++;
    } else if (/[A-Za-z0-9_-]/.test(c)) {
      let j = i;
      while (j < n && /[A-Za-z0-9_-]/.test(text[j]!)) j++;
      out.push(text.slice(i, j));
      i = j;
    } else i++;
  }
  return out;
}
