/**
 * Finds what to scan under the given paths. Only files whose content says what they are become inputs:
 * a `.json` is an ARM template when its `$schema` says so, a Terraform plan when it has the plan's keys;
 * anything else is ignored, never guessed at. `node_modules`, `.git` and `.terraform` are not entered.
 *
 * Symbolic links are followed, as Terraform and the Bicep compiler follow them, unless their target lies under
 * a scanned path (it is scanned there, under its own path, and once) or is a directory already entered through
 * another link (which also ends cycles). A link whose target cannot be reached is an input when its name says
 * so: its read fails and is reported, rather than the file being silently left out.
 */
import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { absolutePath, toDisplayPath } from './paths.js';

export type InputKind = 'json' | 'bicep' | 'bicepparam' | 'tf' | 'tfvars';

export interface DiscoveredFile {
  /** Display path. */
  path: string;
  kind: InputKind;
  /** Bytes; UNMEASURED for files found by walking (the read checks the size limit, see read.ts). */
  size: number;
}

export const UNMEASURED = -1;

/** Sizes for scheduling work on threads (largest first); only worth a `stat` per file when threads run. */
export function measureSizes(cwd: string, files: DiscoveredFile[]): void {
  for (const f of files) {
    if (f.size !== UNMEASURED) continue;
    try {
      f.size = statSync(absolutePath(cwd, f.path)).size;
    } catch {
      f.size = 0; // unreadable: the unit's own read reports it
    }
  }
}

export interface Discovery {
  files: DiscoveredFile[];
  /** Paths given on the command line that do not exist. */
  missing: string[];
  /** Directories that could not be listed (permissions), and given paths that are neither file nor folder: reported, never silently skipped. */
  unreadable: { path: string; message: string }[];
  /**
   * Every entry name of each directory that holds Terraform files, by display path: Terraform lists those
   * directories again (variable files, module calls), and the walk has just read them.
   */
  listings: Map<string, string[]>;
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.terraform']);

export function classify(name: string): InputKind | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.tfvars.json')) return 'tfvars';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.bicepparam')) return 'bicepparam';
  if (lower.endsWith('.bicep')) return 'bicep';
  if (lower.endsWith('.tf')) return 'tf';
  if (lower.endsWith('.tfvars')) return 'tfvars';
  return undefined;
}

/** Called during the walk each time it finds a file, with the files found so far (so reading them can begin at once). */
export type FoundHook = (files: readonly DiscoveredFile[]) => void;

export function discover(cwd: string, paths: string[], exclude: string[], onFound?: FoundHook): Discovery {
  const isExcluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
  const excluded = (display: string): boolean => isExcluded(display) || isExcluded(display.replace(/^\.\//, ''));
  const files: DiscoveredFile[] = [];
  const missing: string[] = [];
  const unreadable: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  const listings = new Map<string, string[]>();

  const add = (abs: string, name: string, size: number, explicit: boolean) => {
    const display = toDisplayPath(cwd, abs);
    if (seen.has(display) || (!explicit && excluded(display))) return;
    const kind = classify(name);
    if (!kind) return;
    seen.add(display);
    files.push({ path: display, kind, size });
  };

  const given = paths.length > 0 ? paths : ['.'];
  const roots = given.map((p) => (isAbsolute(p) ? p : resolve(cwd, p)));
  /** Real paths of the scanned directories, computed when the walk meets its first link. */
  let realRoots: string[] | undefined;
  /** Real paths of the directories entered through links. */
  const enteredLinks = new Set<string>();
  const underScannedPath = (real: string): boolean => {
    realRoots ??= roots.flatMap((r) => {
      try {
        return statSync(r).isDirectory() ? [realpathSync(r)] : [];
      } catch {
        return [];
      }
    });
    return realRoots.some((r) => real === r || real.startsWith(r.endsWith(sep) ? r : r + sep));
  };
  /** A symbolic link met by the walk: the file to scan, the directory to enter, or nothing. */
  const followLink = (abs: string, name: string, display: string): { file?: InputKind; dir?: boolean } => {
    let real: string;
    let target: Stats;
    try {
      real = realpathSync(abs);
      target = statSync(real);
    } catch {
      return { file: classify(name) };
    }
    if (underScannedPath(real)) return {};
    // Not a FIFO, socket or device, as in the walk itself: opening a FIFO waits for a writer.
    if (target.isFile()) return { file: classify(name) };
    if (!target.isDirectory()) return {};
    if (SKIPPED_DIRS.has(name) || excluded(display) || enteredLinks.has(real)) return {};
    enteredLinks.add(real);
    return { dir: true };
  };

  for (const [i, p] of given.entries()) {
    const root = roots[i]!;
    let st;
    try {
      st = statSync(root);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isFile()) {
      add(root, root, st.size, true);
      continue;
    }
    if (!st.isDirectory()) {
      // A FIFO would make the scan wait for a writer; sockets and devices hold no templates.
      unreadable.push({ path: p, message: `${p} is not a file or a folder (a pipe, socket or device): it is not read` });
      continue;
    }
    // Iterative walk: deep trees must not overflow the stack. Paths are built by appending names (a
    // directory's display path is known), which costs far less than resolving each file's path anew.
    const stack: { abs: string; display: string }[] = [{ abs: root, display: toDisplayPath(cwd, root) }];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      let entries: Dirent[];
      try {
        entries = readdirSync(dir.abs, { withFileTypes: true });
      } catch (err) {
        unreadable.push({ path: dir.display, message: `cannot list directory: ${err instanceof Error ? err.message : String(err)}` });
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const prefix = dir.display === '.' ? '' : `${dir.display}/`;
      const subdirs: { abs: string; display: string }[] = [];
      let terraform = false;
      for (const e of entries) {
        const name = e.name;
        let kind: InputKind | undefined;
        if (e.isDirectory()) {
          if (SKIPPED_DIRS.has(name)) continue;
          const display = prefix + name;
          if (excluded(display)) continue;
          subdirs.push({ abs: dir.abs + sep + name, display });
        } else if (e.isSymbolicLink()) {
          const display = prefix + name;
          const link = followLink(dir.abs + sep + name, name, display);
          if (link.dir) subdirs.push({ abs: dir.abs + sep + name, display });
          kind = link.file;
        } else if (e.isFile()) kind = classify(name);
        if (kind) {
          const display = prefix + name;
          if (seen.has(display) || excluded(display)) continue;
          seen.add(display);
          files.push({ path: display, kind, size: UNMEASURED });
          onFound?.(files);
          if (kind === 'tf' || kind === 'tfvars') terraform = true;
        }
      }
      if (terraform) listings.set(dir.display, entries.map((e) => e.name));
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
    }
  }
  return { files, missing, unreadable, listings };
}
