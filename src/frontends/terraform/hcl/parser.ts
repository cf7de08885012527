/**
 * HCL native syntax, as Terraform writes it, parsed by recursive descent into the evaluable tree:
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md
 *
 * Synchronous, linear in the size of the input, and never throws on user input:
 * - a syntax error is reported at the token where it is found (AZM1201, AZM1202 for variable files; five
 *   per file, then a count), and parsing resumes at the next statement, so the statements around the
 *   error are kept. An attribute whose expression is broken keeps a `bad` expression;
 * - nesting (blocks, brackets, templates, operators) is bounded: past MAX_NESTING levels the deeper part
 *   is skipped with one AZM1003 per file. That bounds both this parser's recursion and the depth of the
 *   tree the evaluator later walks.
 */
import { diagnostic, syntaxDiagnostics, type Diagnostic, type DiagnosticKind } from '../../../core/diagnostics.js';
import type { Attribute, Block, Body, Comment, Expr, HclFile, ObjectElem, Span, TraversalStep } from './ast.js';
import { isDigitsToken, isWordToken, snippet, tokenize, Tok, type Tokens } from './lexer.js';
import { OPERATOR, PRECEDENCE } from './operators.js';
import { templateParts, unescapeQuoted, type TemplateSequence } from './template.js';
import { wellFormedBody } from './well-formed.js';

export const MAX_NESTING = 300;

export interface ParsedHcl {
  file: HclFile;
  diagnostics: Diagnostic[];
}

export interface ParseOptions {
  /**
   * Whether the body of a top-level block may be built only when it is first read: asked for each
   * top-level block. A body is deferred only when it is known to hold no syntax error (see
   * wellFormedBody), so the diagnostics are the same as when it is built at once. The comments inside a
   * deferred body get their `next` statement when the body is built.
   */
  deferBody?: (type: string, labels: readonly string[]) => boolean;
}

export function parseHclText(path: string, text: string, errorKind: DiagnosticKind = 'HclSyntax', options: ParseOptions = {}): ParsedHcl {
  const tokens = tokenize(text);
  const parser = new Parser(text, tokens, options.deferBody);
  const body = parser.file();
  const diagnostics = syntaxDiagnostics(errorKind, path, [...tokens.errors, ...parser.errors]);
  const deep = parser.tooDeep;
  if (deep) {
    // In its place among the errors, before the count of those not shown.
    const at = diagnostics.findIndex((d) => d.ref === undefined || d.ref.start >= deep.start);
    const d = diagnostic('NestingTooDeep', path, `nested more than ${MAX_NESTING} levels deep; the deeper part is not read`, { file: path, start: deep.start, end: deep.end });
    diagnostics.splice(at < 0 ? diagnostics.length : at, 0, d);
  }
  return { file: { path, text, body, comments: parser.comments }, diagnostics };
}

/** Where a deferred body is in its file's text (from its `{` to its `}`), and the file's comments (its own get their `next` from it). */
interface DeferredBody {
  text: string;
  from: number;
  to: number;
  comments: Comment[];
  /** The index in `comments` of the first comment inside the body. */
  commentBase: number;
}

/**
 * A top-level block whose body is parsed on first read. Its tokens are gone by then (the arrays are reused),
 * so the body is lexed again from the file's text. `wellFormedBody` found no error in it, so one here is a
 * fault of this parser, not of the input. The getter lives on the class (an object literal with a getter
 * costs V8 a map of its own per block); `toJSON` keeps it serializable as a plain block is.
 */
class DeferredBlock implements Block {
  readonly end: number;
  #where: DeferredBody | undefined;
  #body: Body | undefined;

  constructor(
    readonly type: string,
    readonly labels: string[],
    readonly labelSpans: Span[],
    readonly start: number,
    where: DeferredBody,
  ) {
    this.end = where.to;
    this.#where = where;
  }

  get body(): Body {
    if (this.#body === undefined) {
      const { text, from, to, comments, commentBase } = this.#where!;
      const tokens = tokenize(text, from, to);
      const parser = new Parser(text, tokens, undefined, { comments, base: commentBase });
      const body = parser.blockBody(1);
      if (parser.errors.length > 0 || parser.tooDeep) {
        throw new Error(`internal error: the deferred block body at offset ${from} does not parse as it was checked (${parser.errors[0]?.message ?? 'nested too deeply'})`);
      }
      this.#body = body;
      this.#where = undefined;
    }
    return this.#body;
  }

  toJSON(): Block {
    return { type: this.type, labels: this.labels, labelSpans: this.labelSpans, body: this.body, start: this.start, end: this.end };
  }
}

/** Thrown to abandon the statement being parsed; the error is already recorded. */
const SYNTAX_ERROR = Symbol('hcl syntax error');

interface Problem extends Span {
  message: string;
}

function bad(start: number, end: number, reason: string): Expr {
  return { k: 'bad', reason, start, end };
}

class Parser {
  readonly errors: Problem[] = [];
  readonly comments: Comment[];
  tooDeep: Span | undefined;

  private readonly kind: Uint8Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly pair: Int32Array;
  private readonly commentsBefore: Int32Array;
  /** The index in `comments` of the first comment of `tokens` (not 0 when they lex a deferred body). */
  private readonly commentBase: number;
  private i = 0;
  /** Whether a newline ends the construct being parsed (bodies, object elements) or is skipped (brackets). */
  private nl = true;
  /** Nesting of the construct being parsed: recursion depth, and the depth of the tree built. */
  private depth = 0;
  /** Height of the tree of the expression parsed last. */
  private h = 0;
  /** The token where the statement being parsed failed. */
  private failedAt = 0;
  /** The last token of the statement parsed last. */
  private lastToken = 0;
  /** The token of the error recorded last. */
  private reported = -1;

  constructor(
    private readonly text: string,
    private readonly tokens: Tokens,
    private readonly deferBody?: ParseOptions['deferBody'],
    fileComments?: { comments: Comment[]; base: number },
  ) {
    this.kind = tokens.kind;
    this.start = tokens.start;
    this.end = tokens.end;
    this.pair = tokens.pair;
    this.commentsBefore = tokens.commentsBefore;
    this.comments = fileComments?.comments ?? tokens.comments.map((c) => ({ start: c.start, end: c.end, text: text.slice(c.start, c.end) }));
    this.commentBase = fileComments?.base ?? 0;
  }

  file(): Body {
    return this.body(false);
  }

  /** The body of a block whose tokens these are, `{` first, at nesting `depth`. */
  blockBody(depth: number): Body {
    this.depth = depth;
    this.i = 1;
    const body = this.body(true);
    if (this.kind[this.i] !== Tok.CBRACE) this.report(this.i, "'}'");
    return body;
  }

  // ------------------------------------------------------------------ errors and recovery

  private describe(t: number): string {
    const k = this.kind[t];
    if (k === Tok.NEWLINE) return 'newline';
    if (k === Tok.EOF || this.start[t] === this.end[t]) return 'end of input';
    const s = snippet(this.text, this.start[t]!, this.end[t]!);
    if (s) return `'${s}'`;
    // A character that shows as nothing (white space HCL does not allow, a byte order mark).
    return `character U+${this.text.codePointAt(this.start[t]!)!.toString(16).toUpperCase().padStart(4, '0')}`;
  }

  /** "missing X" where the input ends (or `always`), else "unexpected" and the token. */
  private report(t: number, missing?: string, always = false): void {
    this.reported = t;
    const atEnd = always || this.kind[t] === Tok.EOF || this.start[t] === this.end[t];
    if (missing && atEnd) {
      this.errors.push({ start: this.start[t]!, end: this.start[t]!, message: `syntax error: missing ${missing}` });
    } else {
      this.errors.push({ start: this.start[t]!, end: this.end[t]!, message: `syntax error: unexpected ${this.describe(t)}` });
    }
  }

  private fail(t: number, missing?: string, always = false): never {
    this.report(t, missing, always);
    this.failedAt = t;
    throw SYNTAX_ERROR;
  }

  private reportTooDeep(start: number, end: number): void {
    this.tooDeep ??= { start, end };
  }

  /**
   * The token that ends the statement containing `from`: the next newline or `}` outside the brackets
   * that open after `from`, or the end of the input.
   */
  private statementEnd(from: number): number {
    const kind = this.kind;
    const pair = this.pair;
    let j = from;
    for (;;) {
      const k = kind[j];
      if (k === Tok.EOF || k === Tok.NEWLINE || k === Tok.CBRACE) return j;
      const q = pair[j]!;
      j = q > j ? q + 1 : j + 1;
    }
  }

  /** The last token before `j` that is not a newline, not before `floor`. */
  private lastRealBefore(j: number, floor: number): number {
    let t = j - 1;
    while (t > floor && this.kind[t] === Tok.NEWLINE) t--;
    return t;
  }

  /**
   * Past the nesting limit at a token that opens a bracketed region: the whole region is skipped (or,
   * if it is never closed, the rest of the statement).
   */
  private skipTooDeep(open: number): Expr {
    const q = this.pair[open]!;
    let last: number;
    if (q > open) {
      last = q;
      this.i = q + 1;
    } else {
      this.i = this.statementEnd(open + 1);
      last = this.lastRealBefore(this.i, open);
    }
    this.reportTooDeep(this.start[open]!, this.end[last]!);
    this.h = 1;
    return bad(this.start[open]!, this.end[last]!, 'nested too deeply');
  }

  /** Past the nesting limit inside an expression without brackets: the rest of the expression is skipped. */
  private skipExpressionRest(from: number): Expr {
    let questions = 0;
    let last = -1;
    for (;;) {
      const k = this.cur();
      if (
        k === Tok.EOF ||
        k === Tok.NEWLINE ||
        k === Tok.COMMA ||
        k === Tok.CPAREN ||
        k === Tok.CBRACK ||
        k === Tok.CBRACE ||
        k === Tok.TEMPLATE_SEQ_END ||
        k === Tok.CQUOTE ||
        k === Tok.CHEREDOC ||
        k === Tok.FAT_ARROW ||
        k === Tok.ELLIPSIS ||
        k === Tok.EQUAL ||
        k === Tok.TILDE
      ) {
        break;
      }
      if (k === Tok.COLON) {
        if (questions === 0) break;
        questions--;
      } else if (k === Tok.QUESTION) questions++;
      else if (k === Tok.IDENT && this.isWord(this.i, 'if')) break;
      const t = this.i;
      const q = this.pair[t]!;
      last = q > t ? q : t;
      this.i = last + 1;
    }
    const end = last >= 0 ? this.end[last]! : from;
    this.reportTooDeep(from, end);
    this.h = 1;
    return bad(from, end, 'nested too deeply');
  }

  // ------------------------------------------------------------------ tokens

  /** The current token's kind; inside brackets newlines are skipped. */
  private cur(): number {
    if (!this.nl) {
      let i = this.i;
      while (this.kind[i] === Tok.NEWLINE) i++;
      this.i = i;
    }
    return this.kind[this.i]!;
  }

  /** The index of the token after `t`, skipping newlines inside brackets. */
  private after(t: number): number {
    let j = t + 1;
    if (!this.nl) while (this.kind[j] === Tok.NEWLINE) j++;
    return j;
  }

  private isWord(t: number, word: string): boolean {
    return isWordToken(this.tokens, this.text, t, word);
  }

  private isDigits(t: number): boolean {
    return isDigitsToken(this.tokens, this.text, t);
  }

  private tokenText(t: number): string {
    return this.text.slice(this.start[t]!, this.end[t]!);
  }

  /** Consumes a token of `kind` (returning its index) or fails there. */
  private expect(kind: number, missing: string): number {
    if (this.cur() !== kind) this.fail(this.i, missing);
    return this.i++;
  }

  private expectWord(word: string): void {
    if (this.cur() !== Tok.IDENT || !this.isWord(this.i, word)) this.fail(this.i, `'${word}'`);
    this.i++;
  }

  private identifier(): string {
    if (this.cur() !== Tok.IDENT || this.tokenText(this.i).includes('::')) this.fail(this.i, 'a name');
    return this.tokenText(this.i++);
  }

  // ------------------------------------------------------------------ bodies

  /**
   * Attributes and blocks, one per line: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#structural-elements
   * A comment between two statements of a body precedes the second one.
   */
  private body(inBlock: boolean): Body {
    const body: Body = { attributes: [], blocks: [] };
    const kind = this.kind;
    let previous = -1;
    /** Argument names, once a body has enough of them for a linear search to cost more than a set. */
    let names: Set<string> | undefined;
    for (;;) {
      const t = this.i;
      const k = kind[t];
      if (k === Tok.NEWLINE) {
        this.i++;
        continue;
      }
      if (k === Tok.EOF) break;
      if (k === Tok.CBRACE) {
        if (inBlock) break;
        if (t !== this.reported) this.report(t);
        this.i++;
        continue;
      }
      if (k !== Tok.IDENT) {
        this.report(t);
        this.i = this.statementEnd(t);
        continue;
      }
      const st = this.statement();
      if (!st) continue;
      if (previous >= 0) {
        const next = { start: st.start, end: st.end };
        const base = this.commentBase;
        for (let c = this.commentsBefore[previous]!; c < this.commentsBefore[t]!; c++) this.comments[base + c]!.next = next;
      }
      previous = this.lastToken;
      if ('expr' in st) {
        const attrs = body.attributes;
        // Terraform refuses an argument set twice in one body, as HCL's own parser does (hclsyntax's
        // "Attribute redefined"), rather than choosing one of the two values.
        if (names ? names.has(st.name) : setBefore(attrs, st.name)) {
          this.errors.push({ start: st.nameSpan.start, end: st.nameSpan.end, message: `syntax error: "${st.name}" is set twice in this block; an argument may be set only once` });
        }
        attrs.push(st);
        if (names) names.add(st.name);
        else if (attrs.length === 16) names = new Set(attrs.map((a) => a.name));
      } else body.blocks.push(st);
    }
    return body;
  }

  private statement(): Attribute | Block | undefined {
    const t = this.i;
    const depth = this.depth;
    let exprStart = -1;
    try {
      this.nl = true;
      this.i++;
      if (this.kind[this.i] === Tok.EQUAL) {
        this.i++;
        exprStart = this.i;
        const expr = this.expression();
        const attr: Attribute = {
          name: this.tokenText(t),
          nameSpan: { start: this.start[t]!, end: this.end[t]! },
          expr,
          start: this.start[t]!,
          end: expr.end,
        };
        this.lastToken = this.i - 1;
        this.endOfStatement();
        return attr;
      }
      return this.block(t);
    } catch (err) {
      if (err !== SYNTAX_ERROR) throw err;
      this.depth = depth;
      this.nl = true;
      let j = this.statementEnd(t);
      // Never resume before the error: what lies between was consumed already (linear time).
      if (j < this.failedAt) j = this.statementEnd(this.failedAt);
      this.i = j;
      if (exprStart < 0) return undefined;
      const last = this.lastRealBefore(j, exprStart - 1);
      const from = last >= exprStart ? this.start[exprStart]! : this.end[exprStart - 1]!;
      const to = last >= exprStart ? this.end[last]! : from;
      this.lastToken = Math.max(last, exprStart - 1);
      return {
        name: this.tokenText(t),
        nameSpan: { start: this.start[t]!, end: this.end[t]! },
        expr: bad(from, to, 'syntax error'),
        start: this.start[t]!,
        end: to,
      };
    }
  }

  /** A statement ends at a newline, at the end of the input, or at the `}` of a one-line block. */
  private endOfStatement(): void {
    const k = this.kind[this.i];
    if (k === Tok.NEWLINE || k === Tok.EOF || k === Tok.CBRACE) return;
    this.report(this.i);
    this.i = this.statementEnd(this.i);
  }

  private block(t: number): Block | undefined {
    const labels: string[] = [];
    const labelSpans: Span[] = [];
    for (;;) {
      const k = this.kind[this.i];
      if (k === Tok.IDENT) {
        labels.push(this.tokenText(this.i));
        labelSpans.push({ start: this.start[this.i]!, end: this.end[this.i]! });
        this.i++;
      } else if (k === Tok.OQUOTE) {
        const open = this.i;
        const close = this.pair[open]!;
        // A label is a literal string: no interpolation or directive.
        if (close !== open + 1) this.fail(open + 1);
        labels.push(unescapeQuoted(this.text.slice(this.end[open]!, this.start[close]!)));
        labelSpans.push({ start: this.start[open]!, end: this.end[close]! });
        this.i = close + 1;
      } else break;
    }
    const open = this.i;
    if (this.kind[open] !== Tok.OBRACE) this.fail(open);
    if (this.depth >= MAX_NESTING) {
      this.skipTooDeep(open);
      this.lastToken = this.i - 1;
      this.endOfStatement();
      return undefined;
    }
    const close = this.pair[open]!;
    if (this.depth === 0 && close > open && this.deferBody?.(this.tokenText(t), labels) && wellFormedBody(this.text, this.tokens, open, close, 1, MAX_NESTING)) {
      this.i = close + 1;
      this.lastToken = close;
      const block = this.deferred(t, labels, labelSpans, open, close);
      this.endOfStatement();
      return block;
    }
    this.depth++;
    this.i++;
    const body = this.body(true);
    this.depth--;
    let end: number;
    if (this.kind[this.i] === Tok.CBRACE) {
      end = this.end[this.i]!;
      this.lastToken = this.i;
      this.i++;
    } else {
      // The input ended inside the block: what was read is kept.
      this.report(this.i, "'}'");
      end = this.start[this.i]!;
      this.lastToken = this.i;
    }
    const block: Block = { type: this.tokenText(t), labels, labelSpans, body, start: this.start[t]!, end };
    this.nl = true;
    this.endOfStatement();
    return block;
  }

  /** A top-level block whose body is built when first read (see ParseOptions.deferBody). */
  private deferred(t: number, labels: string[], labelSpans: Span[], open: number, close: number): Block {
    const where: DeferredBody = {
      text: this.text,
      from: this.start[open]!,
      to: this.end[close]!,
      comments: this.comments,
      commentBase: this.commentBase + this.commentsBefore[open]!,
    };
    return new DeferredBlock(this.tokenText(t), labels, labelSpans, this.start[t]!, where);
  }

  // ------------------------------------------------------------------ expressions

  /**
   * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#conditional-operator: both branches are
   * whole expressions, so a conditional in the else branch nests to the right, as Terraform reads it.
   */
  private expression(): Expr {
    if (this.depth > MAX_NESTING) return this.skipExpressionRest(this.start[this.i]!);
    const test = this.binary(1);
    if (this.cur() !== Tok.QUESTION) return test;
    const ht = this.h;
    this.i++;
    this.depth++;
    const then = this.expression();
    const hThen = this.h;
    this.expect(Tok.COLON, "':'");
    const otherwise = this.expression();
    this.depth--;
    this.h = 1 + Math.max(ht, hThen, this.h);
    // The test was read at this level, not below it: a chain of parenthesized tests would otherwise
    // build a tree twice as deep as the limit.
    if (this.depth + this.h > MAX_NESTING) {
      this.reportTooDeep(test.start, otherwise.end);
      this.h = 1;
      return bad(test.start, otherwise.end, 'nested too deeply');
    }
    return { k: 'cond', test, then, else: otherwise, start: test.start, end: otherwise.end };
  }

  /** Binary operators by precedence climbing; operators of one level associate to the left. */
  private binary(minPrec: number): Expr {
    let left = this.unary();
    let h = this.h;
    let tooDeep = false;
    for (;;) {
      const op = this.cur();
      const prec = PRECEDENCE[op]!;
      if (prec === 0 || prec < minPrec) break;
      this.i++;
      const right = this.binary(prec + 1);
      if (!tooDeep) {
        h = 1 + Math.max(h, this.h);
        if (this.depth + h > MAX_NESTING) tooDeep = true;
      }
      // Past the limit the chain is still read (without recursion) but not kept.
      left = tooDeep ? bad(left.start, right.end, 'nested too deeply') : { k: 'binary', op: OPERATOR[op]!, left, right, start: left.start, end: right.end };
    }
    if (tooDeep) {
      this.reportTooDeep(left.start, left.end);
      h = 1;
    }
    this.h = h;
    return left;
  }

  private unary(): Expr {
    const k = this.cur();
    if (k !== Tok.MINUS && k !== Tok.BANG) return this.postfix();
    const t = this.i++;
    if (this.depth >= MAX_NESTING) return this.skipExpressionRest(this.start[t]!);
    this.depth++;
    const operand = this.unary();
    this.depth--;
    this.h++;
    return { k: 'unary', op: k === Tok.MINUS ? '-' : '!', operand, start: this.start[t]!, end: operand.end };
  }

  /** A term followed by attribute access, index and splat operations. */
  private postfix(): Expr {
    let e = this.primary();
    let h = this.h;
    let tooDeep = false;
    for (;;) {
      const k = this.cur();
      let next: Expr;
      if (k === Tok.DOT) {
        const dot = this.i;
        const t = this.after(dot);
        const kt = this.kind[t];
        if (kt === Tok.STAR) {
          this.i = t + 1;
          next = this.splat(e, false, this.end[t]!);
        } else if (kt === Tok.NUMBER) {
          // Legacy index `list.0`: digits only (`list.0.1` is the number 0.1, not two indexes).
          if (!this.isDigits(t)) this.fail(t);
          this.i = t + 1;
          const key: Expr = { k: 'lit', value: Number(this.tokenText(t)), start: this.start[t]!, end: this.end[t]! };
          next = { k: 'index', obj: e, key, start: e.start, end: this.end[t]! };
          this.h = 1;
        } else {
          this.i = t;
          const name = this.identifier();
          next = { k: 'attr', obj: e, name, start: e.start, end: this.end[t]! };
          this.h = 0;
        }
      } else if (k === Tok.OBRACK) {
        const open = this.i;
        if (this.isFullSplat(open)) {
          const close = this.after(this.after(open));
          this.i = close + 1;
          next = this.splat(e, true, this.end[close]!);
        } else {
          const key = this.bracketed(open, () => this.expression());
          next = { k: 'index', obj: e, key, start: e.start, end: this.end[this.i - 1]! };
        }
      } else break;
      if (!tooDeep) {
        h = 1 + Math.max(h, this.h);
        if (this.depth + h > MAX_NESTING) tooDeep = true;
      }
      e = tooDeep ? bad(e.start, next.end, 'nested too deeply') : next;
    }
    if (tooDeep) {
      this.reportTooDeep(e.start, e.end);
      h = 1;
    }
    this.h = h;
    return e;
  }

  private isFullSplat(open: number): boolean {
    const star = this.after(open);
    return this.kind[star] === Tok.STAR && this.kind[this.after(star)] === Tok.CBRACK;
  }

  /**
   * `.*` takes attribute steps (and legacy `.0` indexes) only; `[*]` also takes `[…]` indexes. A step
   * the splat does not take applies to its result:
   * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#splat-operators
   */
  private splat(obj: Expr, full: boolean, markerEnd: number): Expr {
    const steps: TraversalStep[] = [];
    let h = 0;
    let end = markerEnd;
    for (;;) {
      const k = this.cur();
      if (k === Tok.DOT) {
        const dot = this.i;
        const t = this.after(dot);
        const kt = this.kind[t];
        if (kt === Tok.STAR) break;
        this.i = t + 1;
        if (kt === Tok.NUMBER) {
          if (!this.isDigits(t)) this.fail(t);
          const key: Expr = { k: 'lit', value: Number(this.tokenText(t)), start: this.start[t]!, end: this.end[t]! };
          steps.push({ k: 'index', key, span: { start: this.start[dot]!, end: this.end[t]! } });
        } else {
          this.i = t;
          const name = this.identifier();
          steps.push({ k: 'attr', name, span: { start: this.start[dot]!, end: this.end[t]! } });
        }
        end = this.end[t]!;
      } else if (k === Tok.OBRACK && full && !this.isFullSplat(this.i)) {
        const open = this.i;
        const key = this.bracketed(open, () => this.expression());
        h = Math.max(h, this.h);
        end = this.end[this.i - 1]!;
        steps.push({ k: 'index', key, span: { start: this.start[open]!, end } });
      } else break;
    }
    this.h = h;
    return { k: 'splat', obj, steps, full, start: obj.start, end };
  }

  /**
   * A region between brackets, where newlines are not significant: `parse` runs one level deeper from
   * the token after `open`. Past the nesting limit the region is skipped.
   */
  private nested(open: number, parse: () => Expr): Expr {
    if (this.depth >= MAX_NESTING) return this.skipTooDeep(open);
    const nl = this.nl;
    this.depth++;
    this.nl = false;
    this.i = open + 1;
    const e = parse();
    this.depth--;
    this.nl = nl;
    return e;
  }

  /** `nested`, and the closing bracket is consumed. */
  private bracketed(open: number, parse: () => Expr): Expr {
    return this.nested(open, () => {
      const e = parse();
      if (this.kind[open] === Tok.OPAREN) this.expect(Tok.CPAREN, "')'");
      else this.expect(Tok.CBRACK, "']'");
      return e;
    });
  }

  private primary(): Expr {
    const t = this.i;
    switch (this.kind[t]) {
      case Tok.NUMBER:
        this.i++;
        this.h = 1;
        return { k: 'lit', value: Number(this.tokenText(t)), start: this.start[t]!, end: this.end[t]! };
      case Tok.IDENT:
        return this.name(t);
      case Tok.OQUOTE:
      case Tok.OHEREDOC:
        return this.template(t);
      case Tok.OBRACK:
        return this.tuple(t);
      case Tok.OBRACE:
        return this.object(t);
      case Tok.OPAREN: {
        const inner = this.bracketed(t, () => this.expression());
        this.h++;
        return { k: 'paren', expr: inner, start: this.start[t]!, end: this.end[this.i - 1]! };
      }
      default:
        return this.fail(t);
    }
  }

  /** A variable, a function call, or one of the keywords `true`, `false` and `null`. */
  private name(t: number): Expr {
    const name = this.tokenText(t);
    const open = this.after(t);
    if (this.kind[open] === Tok.OPAREN) return this.call(t, name, open);
    this.i = t + 1;
    this.h = 1;
    const start = this.start[t]!;
    const end = this.end[t]!;
    if (name === 'true' || name === 'false') return { k: 'lit', value: name === 'true', start, end };
    if (name === 'null') return { k: 'lit', value: null, start, end };
    // `::` belongs in the names of provider functions only.
    if (name.includes('::')) this.fail(t);
    return { k: 'var', name, start, end };
  }

  /** https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#functions-and-function-calls */
  private call(t: number, name: string, open: number): Expr {
    if (this.depth >= MAX_NESTING) {
      this.i = open;
      const skipped = this.skipTooDeep(open);
      return bad(this.start[t]!, skipped.end, 'nested too deeply');
    }
    const nl = this.nl;
    this.depth++;
    this.nl = false;
    this.i = open + 1;
    const args: Expr[] = [];
    let expandLast = false;
    let h = 0;
    while (this.cur() !== Tok.CPAREN) {
      args.push(this.expression());
      if (this.h > h) h = this.h;
      const k = this.cur();
      if (k === Tok.COMMA) this.i++;
      else if (k === Tok.ELLIPSIS) {
        this.i++;
        expandLast = true;
        if (this.cur() !== Tok.CPAREN) this.fail(this.i, "')'");
      } else if (k !== Tok.CPAREN) this.fail(this.i, "')'");
    }
    const close = this.i++;
    this.depth--;
    this.nl = nl;
    this.h = h + 1;
    return { k: 'call', name, args, expandLast, start: this.start[t]!, end: this.end[close]! };
  }

  private tuple(open: number): Expr {
    return this.nested(open, () => {
      if (this.cur() === Tok.IDENT && this.isWord(this.i, 'for')) return this.forExpr(open, true);
      const items: Expr[] = [];
      let h = 0;
      while (this.cur() !== Tok.CBRACK) {
        items.push(this.expression());
        if (this.h > h) h = this.h;
        const k = this.cur();
        if (k === Tok.COMMA) this.i++;
        else if (k !== Tok.CBRACK) this.fail(this.i, "']'");
      }
      const close = this.i++;
      this.h = h + 1;
      return { k: 'tuple', items, start: this.start[open]!, end: this.end[close]! };
    });
  }

  /**
   * Elements are separated by commas or newlines; a key is any expression, and a bare name as a key is
   * that name as a string.
   */
  private object(open: number): Expr {
    return this.nested(open, () => {
      if (this.cur() === Tok.IDENT && this.isWord(this.i, 'for')) return this.forExpr(open, false);
      this.nl = true;
      const kind = this.kind;
      const elems: ObjectElem[] = [];
      let h = 0;
      for (;;) {
        while (kind[this.i] === Tok.NEWLINE) this.i++;
        if (kind[this.i] === Tok.CBRACE) break;
        const key = this.expression();
        const hk = this.h;
        const sep = this.cur();
        if (sep !== Tok.EQUAL && sep !== Tok.COLON) this.fail(this.i, "'='");
        this.i++;
        const value = this.expression();
        h = Math.max(h, hk, this.h);
        const elem: ObjectElem = { key, value, start: key.start, end: value.end };
        if (key.k === 'var') elem.bareKey = key.name;
        elems.push(elem);
        const k = kind[this.i];
        if (k === Tok.COMMA || k === Tok.NEWLINE) this.i++;
        else if (k !== Tok.CBRACE) this.fail(this.i, "'}'");
      }
      const close = this.i++;
      this.h = h + 1;
      return { k: 'object', elems, start: this.start[open]!, end: this.end[close]! };
    });
  }

  /** `for k, v in coll` (`for v in coll`): the same in for expressions and template directives, after `for`. */
  private forIntro(): { vars: { keyVar?: string; valVar: string }; coll: Expr } {
    this.i++;
    const first = this.identifier();
    let second: string | undefined;
    if (this.cur() === Tok.COMMA) {
      this.i++;
      second = this.identifier();
    }
    this.expectWord('in');
    const coll = this.expression();
    return { vars: second !== undefined ? { keyVar: first, valVar: second } : { valVar: first }, coll };
  }

  /** https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#for-expressions */
  private forExpr(open: number, tuple: boolean): Expr {
    const { vars, coll } = this.forIntro();
    let h = this.h;
    this.expect(Tok.COLON, "':'");
    let key: Expr | undefined;
    if (!tuple) {
      key = this.expression();
      h = Math.max(h, this.h);
      this.expect(Tok.FAT_ARROW, "'=>'");
    }
    const value = this.expression();
    h = Math.max(h, this.h);
    let group = false;
    if (!tuple && this.cur() === Tok.ELLIPSIS) {
      this.i++;
      group = true;
    }
    let cond: Expr | undefined;
    if (this.cur() === Tok.IDENT && this.isWord(this.i, 'if')) {
      this.i++;
      cond = this.expression();
      h = Math.max(h, this.h);
    }
    const close = this.expect(tuple ? Tok.CBRACK : Tok.CBRACE, tuple ? "']'" : "'}'");
    this.h = h + 1;
    const span = { start: this.start[open]!, end: this.end[close]! };
    if (tuple) return { k: 'forTuple', ...vars, coll, value, ...(cond ? { cond } : {}), ...span };
    return { k: 'forObject', ...vars, coll, key: key!, value, group, ...(cond ? { cond } : {}), ...span };
  }

  // ------------------------------------------------------------------ templates

  /**
   * A quoted template or heredoc. A quoted template with no interpolation or directive is a string
   * literal; a heredoc is always a template.
   */
  private template(open: number): Expr {
    if (this.depth >= MAX_NESTING) return this.skipTooDeep(open);
    const close = this.pair[open]!;
    const heredoc = this.kind[open] === Tok.OHEREDOC;
    const start = this.start[open]!;
    const end = this.end[close]!;
    if (!heredoc && close === open + 1) {
      this.i = close + 1;
      this.h = 1;
      return { k: 'lit', value: unescapeQuoted(this.text.slice(this.end[open]!, this.start[close]!)), start, end };
    }
    const nl = this.nl;
    const depth = this.depth;
    this.depth++;
    this.i = open + 1;
    const sequences: TemplateSequence[] = [];
    /** Open directives, innermost last: 'if', 'else' (an if past its else) or 'for'. */
    const directives: string[] = [];
    let h = 0;
    while (this.i < close) {
      const t = this.i;
      if (this.depth + directives.length >= MAX_NESTING) {
        this.depth = depth;
        this.nl = nl;
        this.i = open;
        return this.skipTooDeep(open);
      }
      const sequenceDepth = this.depth;
      this.depth += directives.length;
      this.nl = false;
      this.i = t + 1;
      const stripBefore = this.cur() === Tok.TILDE;
      if (stripBefore) this.i++;
      let s: TemplateSequence;
      if (this.kind[t] === Tok.TEMPLATE_INTERP) {
        const expr = this.expression();
        h = Math.max(h, this.h + directives.length);
        s = { k: 'interp', expr, ...this.sequenceEnd(t, stripBefore) };
      } else if (this.kind[t] === Tok.TEMPLATE_CONTROL) {
        s = this.directive(t, stripBefore, directives);
        h = Math.max(h, this.h + directives.length);
      } else {
        return this.fail(t);
      }
      this.depth = sequenceDepth;
      sequences.push(s);
    }
    if (directives.length > 0) this.fail(close, directives[directives.length - 1] === 'for' ? "'%{ endfor }'" : "'%{ endif }'", true);
    this.i = close + 1;
    this.depth = depth;
    this.nl = nl;
    let from = this.end[open]!;
    let to = this.start[close]!;
    let flush = false;
    if (heredoc) {
      const info = this.tokens.heredocs.get(open)!;
      flush = info.flush;
      from = Math.min(info.bodyStart, to);
      // The text ends with the line before the closing marker.
      while (to > from && this.text.charCodeAt(to - 1) !== 10) to--;
    }
    this.h = h + 1;
    return { k: 'template', parts: templateParts(this.text, from, to, sequences, heredoc, flush), start, end };
  }

  /** The optional strip marker and the `}` that end a sequence opened at `t`. */
  private sequenceEnd(t: number, stripBefore: boolean): { stripBefore: boolean; stripAfter: boolean; start: number; end: number } {
    const stripAfter = this.cur() === Tok.TILDE;
    if (stripAfter) this.i++;
    const close = this.expect(Tok.TEMPLATE_SEQ_END, "'}'");
    return { stripBefore, stripAfter, start: this.start[t]!, end: this.end[close]! };
  }

  /** `%{ if … }`, `%{ else }`, `%{ endif }`, `%{ for … in … }`, `%{ endfor }`. */
  private directive(t: number, stripBefore: boolean, open: string[]): TemplateSequence {
    const at = this.i;
    if (this.cur() !== Tok.IDENT) this.fail(this.i);
    const word = this.tokenText(this.i);
    const top = open[open.length - 1];
    this.h = 0;
    switch (word) {
      case 'if': {
        this.i++;
        const cond = this.expression();
        open.push('if');
        return { k: 'if', cond, ...this.sequenceEnd(t, stripBefore) };
      }
      case 'for': {
        const { vars, coll } = this.forIntro();
        open.push('for');
        return { k: 'for', ...vars, coll, ...this.sequenceEnd(t, stripBefore) };
      }
      case 'else':
        if (top !== 'if') this.fail(at);
        this.i++;
        open[open.length - 1] = 'else';
        return { k: 'else', ...this.sequenceEnd(t, stripBefore) };
      case 'endif':
        if (top !== 'if' && top !== 'else') this.fail(at);
        this.i++;
        open.pop();
        return { k: 'endif', ...this.sequenceEnd(t, stripBefore) };
      case 'endfor':
        if (top !== 'for') this.fail(at);
        this.i++;
        open.pop();
        return { k: 'endfor', ...this.sequenceEnd(t, stripBefore) };
      default:
        return this.fail(at);
    }
  }
}

function setBefore(attrs: readonly Attribute[], name: string): boolean {
  for (let i = 0; i < attrs.length; i++) if (attrs[i]!.name === name) return true;
  return false;
}
