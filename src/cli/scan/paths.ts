/** Display paths: relative to the working directory, `/` separators, as the JSON report's `file`. */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { withForwardSlashes } from '../../core/paths.js';

export function toDisplayPath(cwd: string, p: string): string {
  const abs = isAbsolute(p) ? p : resolve(cwd, p);
  let rel = relative(cwd, abs);
  if (rel === '') rel = '.';
  return withForwardSlashes(rel);
}

/**
 * The file a display path names, for reading. Display paths are already normal (no `.` or `..` inside
 * but a leading run), so appending is enough; resolving each of thousands of paths costs more than
 * reading some of the files.
 */
export function absolutePath(cwd: string, display: string): string {
  if (isAbsolute(display)) return display;
  return cwd.endsWith(sep) || cwd.endsWith('/') ? cwd + display : `${cwd}/${display}`;
}
