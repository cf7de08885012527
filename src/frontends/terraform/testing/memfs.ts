/** An in-memory file tree for tests: display paths to contents. */
import { posix } from 'node:path';
import type { TerraformFs } from '../index.js';

export function memFs(files: Record<string, string>): TerraformFs {
  return {
    readFile: (p) => {
      const t = files[posix.normalize(p)];
      if (t === undefined) throw new Error(`ENOENT: ${p}`);
      return t;
    },
    listDir: (d) => {
      const dir = posix.normalize(d);
      const out = new Set<string>();
      for (const f of Object.keys(files)) {
        if (posix.dirname(f) === dir) out.add(posix.basename(f));
      }
      return [...out].sort();
    },
  };
}
