/**
 * Source text and exact positions. Frontends keep UTF-16 offsets (what JavaScript strings index);
 * line and column are computed once per file, lazily, only for what is reported.
 * Columns are 1-based UTF-16 code units, which is SARIF's default `columnKind`.
 */

/** A span of one file, as UTF-16 offsets into its text; `end` is exclusive. */
export interface SourceRef {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** A 1-based, end-exclusive location as the JSON report and SARIF carry it. */
export interface Location {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface LineColumn {
  line: number;
  column: number;
}

export class SourceText {
  private lineStarts: number[] | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
  ) {}

  /** Line starts after `\n`, `\r\n` or a lone `\r`, as editors count them. */
  private starts(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    const t = this.text;
    if (t.indexOf('\r') < 0) {
      // The common case: `indexOf` runs natively, far faster than a loop over every character.
      for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (t.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.lineStarts = starts;
    return starts;
  }

  position(offset: number): LineColumn {
    const starts = this.starts();
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - starts[lo]! + 1 };
  }

  /** Offset of a 1-based line and column (inverse of `position`), clamped to the text. */
  offsetAt(line: number, column: number): number {
    const starts = this.starts();
    const l = Math.max(1, Math.min(line, starts.length));
    return Math.min(this.text.length, starts[l - 1]! + Math.max(0, column - 1));
  }

  lineCount(): number {
    return this.starts().length;
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.starts();
    if (line < 1 || line > starts.length) return '';
    const s = starts[line - 1]!;
    const e = line < starts.length ? starts[line]! : this.text.length;
    return this.text.slice(s, e).replace(/\r?\n$|\r$/, '');
  }

  locate(ref: { start: number; end: number }): Location {
    const a = this.position(ref.start);
    const b = this.position(Math.max(ref.start, ref.end));
    return { file: this.path, startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
  }
}

/** Files read while scanning one unit (a template and what it links, a Bicep file and its modules, a Terraform module tree). */
export class SourceSet {
  private readonly files = new Map<string, SourceText>();

  add(path: string, text: string): SourceText {
    const s = new SourceText(path, text);
    this.files.set(path, s);
    return s;
  }

  get(path: string): SourceText | undefined {
    return this.files.get(path);
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  size(): number {
    return this.files.size;
  }

  locate(ref: SourceRef): Location {
    const s = this.files.get(ref.file);
    if (!s) return { file: ref.file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
    return s.locate(ref);
  }
}

/** Strips a UTF-8 byte order mark; offsets then index the text without it, which is what editors show. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
