/**
 * Whether the parser would read a block's body without reporting anything, decided from the tokens alone
 * and without building a node. A scan reads few of the blocks it parses (most Terraform text declares
 * resources no rule judges), so such a body is built only when something reads it (ParseOptions.deferBody),
 * and its syntax is still checked here, at a fraction of the cost of building it.
 *
 * The answer must never be "well formed" where parser.ts would report an error or a nesting problem: the
 * diagnostics of a file must not depend on deferral. So this follows the parser's rules step by step, and
 * says no (the body is then parsed at once, errors and all) where it stops following: brackets nested
 * deeper than BRACKET_LIMIT, blocks deeper than BLOCK_LIMIT, bodies with more than ARGUMENT_LIMIT arguments,
 * and expressions long enough that the parser's nesting limit could apply. The differential tests parse
 * every input both ways.
 */
import { isDigitsToken, isWordToken, Tok, type Tokens } from './lexer.js';
import { PRECEDENCE } from './operators.js';

/** Brackets nested deeper than this in one expression are left to the parser (recursion here is bounded). */
const BRACKET_LIMIT = 64;
/** Nested blocks deeper than this are left to the parser. */
const BLOCK_LIMIT = 32;
/** A body with more arguments than this is left to the parser (duplicate names are looked for pairwise). */
const ARGUMENT_LIMIT = 64;

/** Argument names of the bodies being checked, innermost last (token indexes). */
let names = new Int32Array(256);

/**
 * The body between the tokens `open` (`{`) and `close` (its `}`) of a block at parser depth `depth`
 * (1 for a top-level block's body), under the parser's nesting limit.
 */
export function wellFormedBody(text: string, tokens: Tokens, open: number, close: number, depth: number, nestingLimit: number): boolean {
  return new Checker(text, tokens, nestingLimit).body(open + 1, depth, 0) === close;
}

const FAIL = -1;
const DIRECTIVE_IF = 1;
/** An `if` past its `else`. */
const DIRECTIVE_ELSE = 2;
const DIRECTIVE_FOR = 3;

class Checker {
  private readonly kind: Uint8Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly pair: Int32Array;
  private brackets = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Tokens,
    private readonly nestingLimit: number,
  ) {
    this.kind = tokens.kind;
    this.start = tokens.start;
    this.end = tokens.end;
    this.pair = tokens.pair;
  }

  /**
   * Statements from token `i` to the `}` that ends the body (its index), as parser.ts's `body(true)`
   * reads them; `namesFrom` is where this body's argument names go in `names`.
   */
  body(i: number, depth: number, namesFrom: number): number {
    const kind = this.kind;
    let count = namesFrom;
    for (;;) {
      const k = kind[i];
      if (k === Tok.NEWLINE) {
        i++;
        continue;
      }
      if (k === Tok.CBRACE) return i;
      if (k !== Tok.IDENT) return FAIL;
      const t = i++;
      if (kind[i] === Tok.EQUAL) {
        const from = i + 1;
        const e = this.expression(from, true);
        if (e === FAIL) return FAIL;
        // Every level of the parser's nesting and of the tree's height takes at least one token of the
        // expression, so an expression this short cannot reach the limit.
        if (depth + (e - from) >= this.nestingLimit) return FAIL;
        if (!this.endsStatement(e)) return FAIL;
        if (count - namesFrom >= ARGUMENT_LIMIT) return FAIL;
        for (let n = namesFrom; n < count; n++) if (this.sameText(names[n]!, t)) return FAIL;
        if (count === names.length) {
          const grown = new Int32Array(count * 2);
          grown.set(names);
          names = grown;
        }
        names[count++] = t;
        i = e;
        continue;
      }
      // A nested block: labels are names and literal strings.
      for (;;) {
        const l = kind[i];
        if (l === Tok.IDENT) i++;
        else if (l === Tok.OQUOTE && this.pair[i] === i + 1) i += 2;
        else break;
      }
      if (kind[i] !== Tok.OBRACE || depth >= BLOCK_LIMIT) return FAIL;
      const close = this.pair[i]!;
      if (close < i || this.body(i + 1, depth + 1, count) !== close) return FAIL;
      i = close + 1;
      if (!this.endsStatement(i)) return FAIL;
    }
  }

  /** A newline, the end of the input or a `}` (of a one-line block) ends a statement. */
  private endsStatement(i: number): boolean {
    const k = this.kind[i];
    return k === Tok.NEWLINE || k === Tok.EOF || k === Tok.CBRACE;
  }

  /** Where newlines do not count (`nl` false), the first token at or after `i` that is not one. */
  private skip(i: number, nl: boolean): number {
    if (!nl) while (this.kind[i] === Tok.NEWLINE) i++;
    return i;
  }

  /**
   * An expression from token `i`: operands joined by binary operators, `?` and `:`, where each `:`
   * closes a `?` (so `?` and `:` balance like brackets, as nested conditionals do). Returns the token after
   * it (past newlines where they do not count), or FAIL.
   */
  private expression(i: number, nl: boolean): number {
    const kind = this.kind;
    let questions = 0;
    for (;;) {
      i = this.skip(i, nl);
      while (kind[i] === Tok.MINUS || kind[i] === Tok.BANG) i = this.skip(i + 1, nl);
      i = this.operand(i, nl);
      if (i === FAIL) return FAIL;
      i = this.postfix(i, nl);
      if (i === FAIL) return FAIL;
      const k = kind[i]!;
      if (PRECEDENCE[k] !== 0) i++;
      else if (k === Tok.QUESTION) {
        questions++;
        i++;
      } else if (k === Tok.COLON && questions > 0) {
        questions--;
        i++;
      } else return questions === 0 ? i : FAIL;
    }
  }

  private operand(i: number, nl: boolean): number {
    switch (this.kind[i]) {
      case Tok.NUMBER:
        return i + 1;
      case Tok.IDENT: {
        const open = this.skip(i + 1, nl);
        if (this.kind[open] === Tok.OPAREN) return this.call(open);
        // `::` belongs in the names of provider functions only.
        return this.hasColons(i) ? FAIL : i + 1;
      }
      case Tok.OQUOTE:
      case Tok.OHEREDOC:
        return this.template(i);
      case Tok.OBRACK:
        return this.collection(i, false);
      case Tok.OBRACE:
        return this.collection(i, true);
      case Tok.OPAREN:
        return this.enclosed(i, Tok.CPAREN);
      default:
        return FAIL;
    }
  }

  /** Attribute access, indexes and splats after an operand, as the parser's `postfix` and `splat` read them. */
  private postfix(i: number, nl: boolean): number {
    const kind = this.kind;
    for (;;) {
      i = this.skip(i, nl);
      const k = kind[i];
      if (k === Tok.DOT) {
        const t = this.skip(i + 1, nl);
        const kt = kind[t];
        if (kt === Tok.STAR) i = t + 1;
        else if (kt === Tok.NUMBER) {
          if (!isDigitsToken(this.tokens, this.text, t)) return FAIL;
          i = t + 1;
        } else if (kt === Tok.IDENT) {
          if (this.hasColons(t)) return FAIL;
          i = t + 1;
        } else return FAIL;
      } else if (k === Tok.OBRACK) {
        const star = this.skip(i + 1, nl);
        const close = this.skip(star + 1, nl);
        if (kind[star] === Tok.STAR && kind[close] === Tok.CBRACK) i = close + 1;
        else {
          i = this.enclosed(i, Tok.CBRACK);
          if (i === FAIL) return FAIL;
        }
      } else return i;
    }
  }

  /** `( expression )` or `[ expression ]` (an index). */
  private enclosed(open: number, closing: number): number {
    if (!this.enter()) return FAIL;
    const e = this.expression(open + 1, false);
    this.brackets--;
    return e !== FAIL && this.kind[e] === closing ? e + 1 : FAIL;
  }

  private enter(): boolean {
    return ++this.brackets <= BRACKET_LIMIT;
  }

  /** Arguments, separated by commas, the last optionally expanded with `...`. */
  private call(open: number): number {
    if (!this.enter()) return FAIL;
    const kind = this.kind;
    let i = open + 1;
    for (;;) {
      i = this.skip(i, false);
      if (kind[i] === Tok.CPAREN) break;
      i = this.expression(i, false);
      if (i === FAIL) break;
      const k = kind[i];
      if (k === Tok.COMMA) i++;
      else if (k === Tok.ELLIPSIS) {
        i = this.skip(i + 1, false);
        if (kind[i] !== Tok.CPAREN) i = FAIL;
        break;
      } else if (k !== Tok.CPAREN) {
        i = FAIL;
        break;
      }
    }
    this.brackets--;
    return i === FAIL ? FAIL : i + 1;
  }

  /**
   * A tuple's items, or an object's elements `key = value` (or `key: value`), separated by commas (and in
   * an object by newlines; in a tuple, newlines do not count and `expression` has passed them already).
   */
  private collection(open: number, object: boolean): number {
    if (!this.enter()) return FAIL;
    const kind = this.kind;
    const closer = object ? Tok.CBRACE : Tok.CBRACK;
    let i = this.skip(open + 1, false);
    if (isWordToken(this.tokens, this.text, i, 'for')) i = this.forExpr(i, object);
    else {
      for (;;) {
        while (kind[i] === Tok.NEWLINE) i++;
        if (kind[i] === closer) break;
        i = object ? this.objectElement(i) : this.expression(i, false);
        if (i === FAIL) break;
        const k = kind[i];
        if (k === Tok.COMMA || k === Tok.NEWLINE) i++;
        else if (k !== closer) {
          i = FAIL;
          break;
        }
      }
    }
    this.brackets--;
    return i === FAIL ? FAIL : i + 1;
  }

  /** `key = value` or `key: value`, where newlines end each expression. */
  private objectElement(i: number): number {
    i = this.expression(i, true);
    if (i === FAIL || (this.kind[i] !== Tok.EQUAL && this.kind[i] !== Tok.COLON)) return FAIL;
    return this.expression(i + 1, true);
  }

  /**
   * From `for` to the closing bracket (its index): `for k, v in coll : value if cond` in a tuple,
   * `for k, v in coll : key => value... if cond` in an object; newlines do not count.
   */
  private forExpr(i: number, object: boolean): number {
    const kind = this.kind;
    i = this.forIntro(i);
    if (i === FAIL || kind[i] !== Tok.COLON) return FAIL;
    if (object) {
      i = this.expression(i + 1, false);
      if (i === FAIL || kind[i] !== Tok.FAT_ARROW) return FAIL;
    }
    i = this.expression(i + 1, false);
    if (i === FAIL) return FAIL;
    if (object && kind[i] === Tok.ELLIPSIS) i = this.skip(i + 1, false);
    if (isWordToken(this.tokens, this.text, i, 'if')) {
      i = this.expression(i + 1, false);
      if (i === FAIL) return FAIL;
    }
    return kind[i] === (object ? Tok.CBRACE : Tok.CBRACK) ? i : FAIL;
  }

  /** `for k, v in coll` from `for` (token `i`), the same in for expressions and directives: the token after `coll`. */
  private forIntro(i: number): number {
    const kind = this.kind;
    i = this.skip(i + 1, false);
    if (!this.isName(i)) return FAIL;
    i = this.skip(i + 1, false);
    if (kind[i] === Tok.COMMA) {
      i = this.skip(i + 1, false);
      if (!this.isName(i)) return FAIL;
      i = this.skip(i + 1, false);
    }
    if (!isWordToken(this.tokens, this.text, i, 'in')) return FAIL;
    return this.expression(i + 1, false);
  }

  /** A name that may be declared (a for variable): no `::`. */
  private isName(t: number): boolean {
    return this.kind[t] === Tok.IDENT && !this.hasColons(t);
  }

  /**
   * A quoted template or heredoc: its sequences, `${ … }` and the directives `%{ if … }`, `%{ else }`,
   * `%{ endif }`, `%{ for … in … }`, `%{ endfor }`, well nested, each with optional strip markers `~`.
   */
  private template(open: number): number {
    const close = this.pair[open]!;
    if (close < open) return FAIL;
    if (!this.enter()) return FAIL;
    const kind = this.kind;
    /** Directives open, innermost last (only made when the template has one). */
    let directives: number[] | undefined;
    let i = open + 1;
    while (i < close) {
      const k = kind[i];
      if (k !== Tok.TEMPLATE_INTERP && k !== Tok.TEMPLATE_CONTROL) {
        i = FAIL;
        break;
      }
      i = this.skip(i + 1, false);
      if (kind[i] === Tok.TILDE) i = this.skip(i + 1, false);
      i = k === Tok.TEMPLATE_INTERP ? this.expression(i, false) : this.directive(i, (directives ??= []));
      if (i === FAIL) break;
      if (kind[i] === Tok.TILDE) i = this.skip(i + 1, false);
      if (kind[i] !== Tok.TEMPLATE_SEQ_END) {
        i = FAIL;
        break;
      }
      i++;
    }
    this.brackets--;
    return i === FAIL || (directives !== undefined && directives.length > 0) ? FAIL : close + 1;
  }

  /** A directive's words from token `i` (after `%{` and its strip marker), as the parser's `directive` reads them. */
  private directive(i: number, open: number[]): number {
    const top = open.length > 0 ? open[open.length - 1] : undefined;
    const word = (w: string) => isWordToken(this.tokens, this.text, i, w);
    if (word('if')) {
      open.push(DIRECTIVE_IF);
      return this.expression(i + 1, false);
    }
    if (word('for')) {
      open.push(DIRECTIVE_FOR);
      return this.forIntro(i);
    }
    if (word('else')) {
      if (top !== DIRECTIVE_IF) return FAIL;
      open[open.length - 1] = DIRECTIVE_ELSE;
    } else if (word('endif')) {
      if (top !== DIRECTIVE_IF && top !== DIRECTIVE_ELSE) return FAIL;
      open.pop();
    } else if (word('endfor')) {
      if (top !== DIRECTIVE_FOR) return FAIL;
      open.pop();
    } else return FAIL;
    return this.skip(i + 1, false);
  }

  private hasColons(t: number): boolean {
    const text = this.text;
    for (let p = this.start[t]!; p < this.end[t]!; p++) if (text.charCodeAt(p) === 58) return true;
    return false;
  }

  private sameText(a: number, b: number): boolean {
    const len = this.end[a]! - this.start[a]!;
    if (this.end[b]! - this.start[b]! !== len) return false;
    const text = this.text;
    const pa = this.start[a]!;
    const pb = this.start[b]!;
    for (let k = 0; k < len; k++) if (text.charCodeAt(pa + k) !== text.charCodeAt(pb + k)) return false;
    return true;
  }
}
