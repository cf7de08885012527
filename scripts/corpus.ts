/** Where the shared corpus is, for conformance and benchmark scripts (never for `npm test`). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const corpusRoot = resolve(repoRoot, '..', 'shared', 'corpus');

export function corpusAvailable(): boolean {
  return existsSync(corpusRoot);
}

/** Every file under `dir` whose name passes `keep`, sorted, walking iteratively. */
export function listFiles(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) stack.push(full);
      else if (keep(name)) out.push(full);
    }
  }
  return out.sort();
}

export function pct(n: number, d: number): string {
  return d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`;
}
