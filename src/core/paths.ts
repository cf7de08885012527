import { sep } from 'node:path';

/**
 * `p` with the platform's separator written `/`, as reports and display paths write it. Only on Windows is
 * `\` a separator: elsewhere it is a character of a file's name (`a\b.json` is one file, `a/b.json` another).
 */
export function withForwardSlashes(p: string, separator: string = sep): string {
  return separator === '\\' && p.includes('\\') ? p.split('\\').join('/') : p;
}
