/**
 * The tokens of HCL native syntax, in one pass over the text:
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#lexical-elements
 *
 * HCL's lexing depends on context: inside a quoted template or a heredoc, text is literal until `${`, `%{`
 * or the closing delimiter, and inside `${ … }` it is expression syntax again until the `}` that closes the
 * interpolation. A stack of modes (an array, never recursion) tracks that, so a template nested ten
 * thousand levels deep is lexed in linear time without touching the JavaScript stack.
 *
 * Template text is not a token: it is whatever lies between the template's delimiters and sequences, and
 * the parser takes it from the source. Every opening token is paired with its closing token where one
 * exists, so error recovery and the nesting limit skip a bracketed region in constant time. A quoted
 * template or heredoc that is not closed gets a zero-width closing token (and an error), so templates
 * always pair.
 */
import type { Span } from './ast.js';

export const Tok = {
  EOF: 0,
  NEWLINE: 1,
  IDENT: 2,
  NUMBER: 3,
  /** `"` opening a quoted template. */
  OQUOTE: 4,
  CQUOTE: 5,
  /** `<<EOT` or `<<-EOT`. */
  OHEREDOC: 6,
  /** The closing marker of a heredoc. */
  CHEREDOC: 7,
  /** `${` */
  TEMPLATE_INTERP: 8,
  /** `%{` */
  TEMPLATE_CONTROL: 9,
  /** The `}` that closes `${` or `%{`. */
  TEMPLATE_SEQ_END: 10,
  OBRACE: 11,
  CBRACE: 12,
  OBRACK: 13,
  CBRACK: 14,
  OPAREN: 15,
  CPAREN: 16,
  EQUAL: 17,
  EQUAL_OP: 18,
  NOT_EQUAL: 19,
  LESS: 20,
  LESS_EQUAL: 21,
  GREATER: 22,
  GREATER_EQUAL: 23,
  AND: 24,
  OR: 25,
  BANG: 26,
  PLUS: 27,
  MINUS: 28,
  STAR: 29,
  SLASH: 30,
  PERCENT: 31,
  QUESTION: 32,
  COLON: 33,
  COMMA: 34,
  DOT: 35,
  ELLIPSIS: 36,
  FAT_ARROW: 37,
  /** The strip marker of a template sequence. */
  TILDE: 38,
  /** A character HCL does not allow here; the parser reports it where it meets it. */
  INVALID: 39,
} as const;

/** One-character operators whose meaning never depends on the next character: ASCII code to token, 0 for others. */
const SINGLE_CHAR = new Uint8Array(128);
for (const [ch, tok] of [
  ['+', Tok.PLUS],
  ['-', Tok.MINUS],
  ['*', Tok.STAR],
  ['%', Tok.PERCENT],
  ['?', Tok.QUESTION],
  [':', Tok.COLON],
  [',', Tok.COMMA],
  ['~', Tok.TILDE],
] as const) {
  SINGLE_CHAR[ch.charCodeAt(0)] = tok;
}

export interface HeredocInfo {
  /** `<<-`: the common leading white space of the lines is removed. */
  flush: boolean;
  marker: string;
  /** Where the template's text begins: after the newline that ends the `<<EOT` line. */
  bodyStart: number;
}

export interface LexError extends Span {
  message: string;
}

/**
 * The token arrays are longer than `count` and are reused by the next call to `tokenize` (most files are
 * small, and allocating them per file dominated lexing): read them before tokenizing again.
 */
export interface Tokens {
  count: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** For an opening token the index of its closing token and the reverse; -1 when it has none. */
  pair: Int32Array;
  /** How many comments start before each token. */
  commentsBefore: Int32Array;
  comments: Span[];
  /** By the index of their opening token. */
  heredocs: Map<number, HeredocInfo>;
  /** Errors only the lexer can see: bad escapes, unterminated templates and comments. */
  errors: LexError[];
}

const MODE_BRACE = 0;
const MODE_INTERP = 1;
const MODE_QUOTED = 2;
const MODE_HEREDOC = 3;

const ID_START = /^[\p{ID_Start}_]$/u;
const ID_CONTINUE = /^[\p{ID_Continue}-]$/u;

function isAsciiIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isAsciiIdContinue(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/** ASCII identifier characters: ASCII_ID_START may begin one, ASCII_ID_PART only continue it (digits, `-`). */
const ASCII_ID_START = 1;
const ASCII_ID_PART = 2;
const ASCII_ID = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_ID[c] = isAsciiIdStart(c) ? ASCII_ID_START : isAsciiIdContinue(c) ? ASCII_ID_PART : 0;

/** What ends a run of literal text in a quoted template: `"`, a line break, `\\`, `${`, `%{`. */
const QUOTED_STOP = new Uint8Array(128);
for (const c of '"\n\\$%') QUOTED_STOP[c.charCodeAt(0)] = 1;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** Length in UTF-16 units of the identifier character at `p` (0 if there is none). */
function idCharAt(text: string, p: number, first: boolean): number {
  const c = text.charCodeAt(p);
  if (c < 128) return (first ? isAsciiIdStart(c) : isAsciiIdContinue(c)) ? 1 : 0;
  if (Number.isNaN(c)) return 0;
  const cp = text.codePointAt(p)!;
  const ch = String.fromCodePoint(cp);
  return (first ? ID_START : ID_CONTINUE).test(ch) ? ch.length : 0;
}

/**
 * The end of the identifier starting at `p`, or `p` when none starts there. `::` between identifier parts
 * is kept in the token: Terraform's provider functions are called as `provider::name::function(…)`.
 */
export function identifierEnd(text: string, p: number): number {
  let w = idCharAt(text, p, true);
  if (w === 0) return p;
  let q = p + w;
  for (;;) {
    w = idCharAt(text, q, false);
    if (w > 0) {
      q += w;
      continue;
    }
    if (text.charCodeAt(q) === 58 && text.charCodeAt(q + 1) === 58) {
      const w2 = idCharAt(text, q + 2, true);
      if (w2 > 0) {
        q += 2 + w2;
        continue;
      }
    }
    return q;
  }
}

/**
 * The tokens of `text`, or of `text.slice(from, to)` with positions in the whole text: a range that starts
 * outside any template (a block's body, from its `{` to its `}`) lexes as it does within the file.
 */
export function tokenize(text: string, from = 0, to = text.length): Tokens {
  return new Lexer(text, from, to).run();
}

interface Arrays {
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  pair: Int32Array;
  commentsBefore: Int32Array;
}

/** Arrays up to this many tokens are kept for the next file; larger ones are left to the collector. */
const KEEP_TOKENS = 1 << 18;
let spare: Arrays | undefined;

function arrays(cap: number, old?: Arrays): Arrays {
  const a: Arrays = { kind: new Uint8Array(cap), start: new Int32Array(cap), end: new Int32Array(cap), pair: new Int32Array(cap), commentsBefore: new Int32Array(cap) };
  if (old) {
    a.kind.set(old.kind);
    a.start.set(old.start);
    a.end.set(old.end);
    a.pair.set(old.pair);
    a.commentsBefore.set(old.commentsBefore);
  }
  if (cap <= KEEP_TOKENS) spare = a;
  return a;
}

class Lexer {
  private readonly n: number;
  private pos: number;
  private count = 0;
  private cap: number;
  private a: Arrays;
  private kind: Uint8Array;
  private start: Int32Array;
  private end: Int32Array;
  private pair: Int32Array;
  private commentsBefore: Int32Array;
  private readonly comments: Span[] = [];
  private readonly heredocs = new Map<number, HeredocInfo>();
  private readonly errors: LexError[] = [];
  /** The lexing context, innermost last. */
  private readonly modes: number[] = [];
  /** For each heredoc on the mode stack: its marker and whether the scan is at the start of a line. */
  private readonly heredocStack: { marker: string; atLineStart: boolean }[] = [];
  /** Opening tokens not yet closed, innermost last. */
  private readonly open: number[] = [];

  constructor(
    private readonly text: string,
    from: number,
    to: number,
  ) {
    this.pos = from;
    this.n = to;
    const want = ((to - from) >> 3) + 16;
    this.a = spare && spare.kind.length >= want ? spare : arrays(Math.max(4096, want));
    this.cap = this.a.kind.length;
    this.kind = this.a.kind;
    this.start = this.a.start;
    this.end = this.a.end;
    this.pair = this.a.pair;
    this.commentsBefore = this.a.commentsBefore;
  }

  run(): Tokens {
    // A byte order mark is not part of the text (callers usually strip it already).
    if (this.pos === 0 && this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    while (this.pos < this.n) {
      const mode = this.modes.length === 0 ? MODE_BRACE : this.modes[this.modes.length - 1]!;
      if (mode === MODE_QUOTED) this.quoted();
      else if (mode === MODE_HEREDOC) this.heredoc();
      else this.normal();
    }
    this.finish();
    return {
      count: this.count,
      kind: this.kind,
      start: this.start,
      end: this.end,
      pair: this.pair,
      commentsBefore: this.commentsBefore,
      comments: this.comments,
      heredocs: this.heredocs,
      errors: this.errors,
    };
  }

  private emit(kind: number, start: number, end: number): number {
    if (this.count === this.cap) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.start[i] = start;
    this.end[i] = end;
    this.pair[i] = -1;
    this.commentsBefore[i] = this.comments.length;
    return i;
  }

  private grow(): void {
    this.cap *= 2;
    this.a = arrays(this.cap, this.a);
    this.kind = this.a.kind;
    this.start = this.a.start;
    this.end = this.a.end;
    this.pair = this.a.pair;
    this.commentsBefore = this.a.commentsBefore;
  }

  private error(start: number, end: number, message: string): void {
    this.errors.push({ start, end, message: `syntax error: ${message}` });
  }

  private opener(kind: number, start: number, end: number): number {
    const i = this.emit(kind, start, end);
    this.open.push(i);
    return i;
  }

  /** Closes the innermost opener of `openKind`, leaving the openers above it unpaired. */
  private closeMode(openKind: number, closeIndex: number): void {
    while (this.open.length > 0) {
      const o = this.open.pop()!;
      if (this.kind[o] === openKind) {
        this.pair[o] = closeIndex;
        this.pair[closeIndex] = o;
        return;
      }
    }
  }

  /** `)` and `]` pair only with the innermost opener; anything else stays unpaired for the parser to report. */
  private closeBracket(openKind: number, closeIndex: number): void {
    const top = this.open.length - 1;
    if (top >= 0 && this.kind[this.open[top]!] === openKind) {
      const o = this.open.pop()!;
      this.pair[o] = closeIndex;
      this.pair[closeIndex] = o;
    }
  }

  /** Expression tokens until the input ends or a template's text begins. */
  private normal(): void {
    const modes = this.modes;
    do {
      this.token();
      const m = modes.length === 0 ? MODE_BRACE : modes[modes.length - 1]!;
      if (m === MODE_QUOTED || m === MODE_HEREDOC) return;
    } while (this.pos < this.n);
  }

  private token(): void {
    const text = this.text;
    const n = this.n;
    let p = this.pos;
    let c = text.charCodeAt(p);
    // Spaces and tabs separate tokens; a carriage return before a newline is part of the line ending.
    while (c === 32 || c === 9 || c === 13) {
      if (++p >= n) {
        this.pos = p;
        return;
      }
      c = text.charCodeAt(p);
    }
    if (c < 128 && ASCII_ID[c] === ASCII_ID_START) {
      // Most tokens are identifiers; an ASCII one is read here, anything else (`::`, other scripts) below.
      let q = p + 1;
      let d = text.charCodeAt(q);
      while (d < 128 && ASCII_ID[d] !== 0) d = text.charCodeAt(++q);
      if (d >= 128 || (d === 58 && text.charCodeAt(q + 1) === 58)) q = identifierEnd(text, p);
      this.emit(Tok.IDENT, p, q);
      this.pos = q;
      return;
    }
    const c1 = text.charCodeAt(p + 1);
    switch (c) {
      case 10:
        this.emit(Tok.NEWLINE, p, p + 1);
        this.pos = p + 1;
        return;
      case 35: // #
        this.lineComment(p);
        return;
      case 47: // /
        if (c1 === 47) this.lineComment(p);
        else if (c1 === 42) this.blockComment(p);
        else this.simple(Tok.SLASH, p, 1);
        return;
      case 34: // "
        this.opener(Tok.OQUOTE, p, p + 1);
        this.modes.push(MODE_QUOTED);
        this.pos = p + 1;
        return;
      case 123: // {
        this.opener(Tok.OBRACE, p, p + 1);
        this.modes.push(MODE_BRACE);
        this.pos = p + 1;
        return;
      case 125: {
        // }
        const mode = this.modes.length === 0 ? -1 : this.modes[this.modes.length - 1]!;
        if (mode === MODE_BRACE) {
          this.modes.pop();
          this.closeMode(Tok.OBRACE, this.emit(Tok.CBRACE, p, p + 1));
        } else if (mode === MODE_INTERP) {
          this.modes.pop();
          const i = this.emit(Tok.TEMPLATE_SEQ_END, p, p + 1);
          // `${` and `%{` are both on the opener stack; the innermost of them is the one this closes.
          while (this.open.length > 0) {
            const o = this.open.pop()!;
            const k = this.kind[o];
            if (k === Tok.TEMPLATE_INTERP || k === Tok.TEMPLATE_CONTROL) {
              this.pair[o] = i;
              this.pair[i] = o;
              break;
            }
          }
        } else {
          this.emit(Tok.CBRACE, p, p + 1);
        }
        this.pos = p + 1;
        return;
      }
      case 91: // [
        this.opener(Tok.OBRACK, p, p + 1);
        this.pos = p + 1;
        return;
      case 93: // ]
        this.closeBracket(Tok.OBRACK, this.emit(Tok.CBRACK, p, p + 1));
        this.pos = p + 1;
        return;
      case 40: // (
        this.opener(Tok.OPAREN, p, p + 1);
        this.pos = p + 1;
        return;
      case 41: // )
        this.closeBracket(Tok.OPAREN, this.emit(Tok.CPAREN, p, p + 1));
        this.pos = p + 1;
        return;
      case 61: // =
        if (c1 === 61) this.simple(Tok.EQUAL_OP, p, 2);
        else if (c1 === 62) this.simple(Tok.FAT_ARROW, p, 2);
        else this.simple(Tok.EQUAL, p, 1);
        return;
      case 33: // !
        if (c1 === 61) this.simple(Tok.NOT_EQUAL, p, 2);
        else this.simple(Tok.BANG, p, 1);
        return;
      case 60: // <
        if (c1 === 60) this.heredocStart(p);
        else if (c1 === 61) this.simple(Tok.LESS_EQUAL, p, 2);
        else this.simple(Tok.LESS, p, 1);
        return;
      case 62: // >
        if (c1 === 61) this.simple(Tok.GREATER_EQUAL, p, 2);
        else this.simple(Tok.GREATER, p, 1);
        return;
      case 38: // &
        this.simple(c1 === 38 ? Tok.AND : Tok.INVALID, p, c1 === 38 ? 2 : 1);
        return;
      case 124: // |
        this.simple(c1 === 124 ? Tok.OR : Tok.INVALID, p, c1 === 124 ? 2 : 1);
        return;
      case 46: // .
        if (c1 === 46 && text.charCodeAt(p + 2) === 46) this.simple(Tok.ELLIPSIS, p, 3);
        else this.simple(Tok.DOT, p, 1);
        return;
    }
    const single = c < 128 ? SINGLE_CHAR[c]! : 0;
    if (single !== 0) {
      this.simple(single, p, 1);
      return;
    }
    if (isDigit(c)) {
      this.number(p);
      return;
    }
    const idEnd = identifierEnd(text, p);
    if (idEnd > p) {
      this.emit(Tok.IDENT, p, idEnd);
      this.pos = idEnd;
      return;
    }
    // One code point HCL has no use for here (a lone surrogate counts as one).
    const cp = text.codePointAt(p)!;
    this.simple(Tok.INVALID, p, cp > 0xffff ? 2 : 1);
  }

  private simple(kind: number, p: number, len: number): void {
    this.emit(kind, p, p + len);
    this.pos = p + len;
  }

  /**
   * Decimal digits, an optional fraction and an optional exponent, also after a `.`: the spec reads
   * `a.0.1` as `a` and the number 0.1, which is not a valid legacy index (spec: Index Operator).
   */
  private number(p: number): void {
    const text = this.text;
    let q = p + 1;
    while (isDigit(text.charCodeAt(q))) q++;
    if (text.charCodeAt(q) === 46 && isDigit(text.charCodeAt(q + 1))) {
      q += 2;
      while (isDigit(text.charCodeAt(q))) q++;
    }
    const e = text.charCodeAt(q);
    if (e === 101 || e === 69) {
      const s = text.charCodeAt(q + 1);
      const d = s === 43 || s === 45 ? q + 2 : q + 1;
      if (isDigit(text.charCodeAt(d))) {
        q = d + 1;
        while (isDigit(text.charCodeAt(q))) q++;
      }
    }
    this.emit(Tok.NUMBER, p, q);
    this.pos = q;
  }

  /** `#` and `//` comments run to the end of the line; the newline itself still ends a statement. */
  private lineComment(p: number): void {
    let q = this.text.indexOf('\n', p);
    if (q < 0) q = this.n;
    this.comments.push({ start: p, end: q });
    this.pos = q;
  }

  private blockComment(p: number): void {
    const close = this.text.indexOf('*/', p + 2);
    const end = close < 0 ? this.n : close + 2;
    if (close < 0) this.error(this.n, this.n, "missing '*/'");
    this.comments.push({ start: p, end });
    this.pos = end;
  }

  /**
   * `<<EOT` / `<<-EOT` followed by a newline opens a heredoc
   * (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#template-expressions).
   */
  private heredocStart(p: number): void {
    const text = this.text;
    const flush = text.charCodeAt(p + 2) === 45;
    const idStart = flush ? p + 3 : p + 2;
    const idEnd = identifierEnd(text, idStart);
    if (idEnd === idStart || text.slice(idStart, idEnd).includes('::')) {
      this.simple(Tok.INVALID, p, 2);
      return;
    }
    const marker = text.slice(idStart, idEnd);
    const open = this.opener(Tok.OHEREDOC, p, idEnd);
    let q = idEnd;
    while (q < this.n && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9 || text.charCodeAt(q) === 13)) q++;
    let nl = text.indexOf('\n', q);
    if (nl < 0) nl = this.n;
    if (q < nl) {
      // The template starts on the next line; what follows the marker on this one is not part of it.
      let e = nl;
      if (text.charCodeAt(e - 1) === 13) e--;
      this.error(q, e, `unexpected '${snippet(text, q, e)}'`);
    }
    const bodyStart = Math.min(nl + 1, this.n);
    this.heredocs.set(open, { flush, marker, bodyStart });
    this.modes.push(MODE_HEREDOC);
    this.heredocStack.push({ marker, atLineStart: true });
    this.pos = bodyStart;
  }

  /** Literal text of a quoted template, up to `"`, `${`, `%{` or the end of the line. */
  private quoted(): void {
    const text = this.text;
    const n = this.n;
    let p = this.pos;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c >= 128 || QUOTED_STOP[c] === 0) {
        p++;
        continue;
      }
      if (c === 34) {
        this.modes.pop();
        this.closeMode(Tok.OQUOTE, this.emit(Tok.CQUOTE, p, p + 1));
        this.pos = p + 1;
        return;
      }
      if (c === 10) {
        // A quoted template cannot span lines: it ends here, and the newline still ends the statement.
        const at = text.charCodeAt(p - 1) === 13 ? p - 1 : p;
        this.error(at, at, `missing '"'`);
        this.modes.pop();
        this.closeMode(Tok.OQUOTE, this.emit(Tok.CQUOTE, at, at));
        this.pos = p;
        return;
      }
      if (c === 92) {
        p = this.escape(p);
        continue;
      }
      if (c === 36 || c === 37) {
        const q = this.sequence(p, c);
        if (q < 0) return;
        p = q;
        continue;
      }
      p++;
    }
    this.pos = p;
  }

  /**
   * At `$` or `%` in template text: `${` and `%{` open a sequence (the lexer switches to expression
   * syntax and returns -1); `$${` and `%%{` are the escapes for the literal `${` and `%{`. Returns where
   * the literal text continues.
   */
  private sequence(p: number, c: number): number {
    const text = this.text;
    const c1 = text.charCodeAt(p + 1);
    if (c1 === 123) {
      this.opener(c === 36 ? Tok.TEMPLATE_INTERP : Tok.TEMPLATE_CONTROL, p, p + 2);
      this.modes.push(MODE_INTERP);
      this.pos = p + 2;
      return -1;
    }
    if (c1 === c) return text.charCodeAt(p + 2) === 123 ? p + 3 : p + 2;
    return p + 1;
  }

  /** Quoted-template escapes: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#template-literals */
  private escape(p: number): number {
    const text = this.text;
    const c1 = text.charCodeAt(p + 1);
    switch (c1) {
      case 110: // n
      case 114: // r
      case 116: // t
      case 34: // "
      case 92: // \
        return p + 2;
      case 117: // u
      case 85: {
        // U
        const len = c1 === 117 ? 4 : 8;
        let q = p + 2;
        while (q < p + 2 + len && isHex(text.charCodeAt(q))) q++;
        if (q === p + 2 + len && parseInt(text.slice(p + 2, q), 16) <= 0x10ffff) return q;
        this.error(p, q, `unexpected '${text.slice(p, q)}' (not a valid escape sequence)`);
        return q;
      }
    }
    if (Number.isNaN(c1) || c1 === 10 || c1 === 13) {
      this.error(p, p + 1, `unexpected '\\' (not a valid escape sequence)`);
      return p + 1;
    }
    const w = c1 >= 0xd800 && c1 <= 0xdbff ? 3 : 2;
    this.error(p, p + w, `unexpected '${text.slice(p, p + w)}' (not a valid escape sequence)`);
    return p + w;
  }

  /**
   * Heredoc text, line by line. A line that holds only the marker (after optional indentation) closes
   * the heredoc; anything else is template text, with `${`/`%{` sequences as in quoted templates.
   */
  private heredoc(): void {
    const text = this.text;
    const n = this.n;
    const h = this.heredocStack[this.heredocStack.length - 1]!;
    let p = this.pos;
    while (p < n) {
      if (h.atLineStart) {
        h.atLineStart = false;
        let q = p;
        while (q < n && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9)) q++;
        if (text.startsWith(h.marker, q)) {
          const m = q + h.marker.length;
          let r = m;
          while (r < n && (text.charCodeAt(r) === 32 || text.charCodeAt(r) === 9 || text.charCodeAt(r) === 13)) r++;
          if (r >= n || text.charCodeAt(r) === 10) {
            this.modes.pop();
            this.heredocStack.pop();
            this.closeMode(Tok.OHEREDOC, this.emit(Tok.CHEREDOC, q, m));
            this.pos = m;
            return;
          }
        }
      }
      const c = text.charCodeAt(p);
      if (c === 10) {
        h.atLineStart = true;
        p++;
        continue;
      }
      if (c === 36 || c === 37) {
        const q = this.sequence(p, c);
        if (q < 0) return;
        p = q;
        continue;
      }
      p++;
    }
    this.pos = p;
  }

  /** At the end of the text, templates still open are closed with an error; brackets stay unpaired. */
  private finish(): void {
    const n = this.n;
    while (this.modes.length > 0) {
      const mode = this.modes.pop()!;
      if (mode === MODE_QUOTED) {
        this.error(n, n, `missing '"'`);
        this.closeMode(Tok.OQUOTE, this.emit(Tok.CQUOTE, n, n));
      } else if (mode === MODE_HEREDOC) {
        const h = this.heredocStack.pop()!;
        this.error(n, n, `missing '${h.marker}'`);
        this.closeMode(Tok.OHEREDOC, this.emit(Tok.CHEREDOC, n, n));
      }
    }
    this.emit(Tok.EOF, n, n);
    // A second end-of-input past `count`, so that looking one token ahead of the end reads nothing stale.
    if (this.count === this.cap) this.grow();
    this.kind[this.count] = Tok.EOF;
    this.start[this.count] = this.end[this.count] = n;
    this.pair[this.count] = -1;
  }
}

/** Whether token `t` is the identifier `word`. */
export function isWordToken(tokens: Tokens, text: string, t: number, word: string): boolean {
  return tokens.kind[t] === Tok.IDENT && tokens.end[t]! - tokens.start[t]! === word.length && text.startsWith(word, tokens.start[t]!);
}

/** Whether token `t` is decimal digits only: a legacy index (`list.0`), where `0.1` and `1e5` are not. */
export function isDigitsToken(tokens: Tokens, text: string, t: number): boolean {
  for (let p = tokens.start[t]!; p < tokens.end[t]!; p++) {
    const c = text.charCodeAt(p);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The start of a token's text for a message: one line, at most 30 characters. */
export function snippet(text: string, start: number, end: number): string {
  const s = text.slice(start, Math.min(end, start + 30));
  const nl = s.indexOf('\n');
  return (nl >= 0 ? s.slice(0, nl) : s).trim();
}
