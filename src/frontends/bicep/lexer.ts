/**
 * Bicep lexer: one pass over char codes, no regular expressions in the hot loop.
 *
 * Bicep is newline-sensitive (newlines end declarations and separate object and array items), so
 * newlines are tokens. Comments are trivia: they are kept on a side list so inline suppressions and
 * `#disable-next-line` can be read later. Interpolated strings are split into pieces the way the Bicep
 * compiler does: `'a${` (left), `}b${` (middle), `}c'` (right); a stack of brace depths tells where an
 * interpolation hole ends, so `${ {a: 1}.a }` works without recursion.
 */

export type TokenKind =
  | 'ident'
  | 'number'
  | 'string' // complete string without holes, value decoded
  | 'stringLeft' // 'text${
  | 'stringMiddle' // }text${
  | 'stringRight' // }text'
  | 'multiline' // '''text'''
  | 'newline'
  | 'lbrace' | 'rbrace' | 'lbracket' | 'rbracket' | 'lparen' | 'rparen'
  | 'comma' | 'dot' | 'colon' | 'doubleColon' | 'question' | 'doubleQuestion' | 'questionDot' /* `.?` */
  | 'at' | 'assign' | 'arrow' | 'ellipsis'
  | 'eq' | 'neq' | 'eqi' | 'neqi' | 'lt' | 'le' | 'gt' | 'ge'
  | 'and' | 'or' | 'not' | 'plus' | 'minus' | 'star' | 'slash' | 'percent' | 'pipe'
  | 'hat' // `^` in `arr[^1]`
  | 'hash' // `#disable-next-line`, `#disable-diagnostics`: the directive text is the token text
  | 'bad'
  | 'eof';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** Decoded text for string pieces, the identifier or number text otherwise. */
  value: string;
}

export interface Comment {
  start: number;
  end: number;
  text: string;
  /** A `//` comment (one line) rather than a block comment. */
  line: boolean;
}

export interface LexError {
  start: number;
  end: number;
  message: string;
}

export interface LexResult {
  tokens: Token[];
  comments: Comment[];
  errors: LexError[];
}

const CH_NL = 10;
const CH_CR = 13;
const CH_QUOTE = 39;
const CH_BACKSLASH = 92;
const CH_DOLLAR = 36;
const CH_LBRACE = 123;
const CH_RBRACE = 125;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** ASCII identifier characters (1: may begin one; 2: only continue it). A table is one load per character. */
const IDENT = new Uint8Array(128);
for (let c = 0; c < 128; c++) IDENT[c] = isIdentStart(c) ? 1 : isIdentPart(c) ? 2 : 0;

/** What ends a run of plain text in a '...' string: the quote, `$`, a line break, a backslash. */
const STRING_STOP = new Uint8Array(128);
for (const c of [CH_QUOTE, CH_DOLLAR, CH_NL, CH_CR, CH_BACKSLASH]) STRING_STOP[c] = 1;

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const errors: LexError[] = [];
  const n = text.length;
  // One entry per open interpolation hole: how many `{` are open inside it, and the string it belongs to
  // (0: a '...' string; k > 0: a multi-line string opened with k dollars).
  const holes: { braces: number; dollars: number }[] = [];
  let i = 0;
  let plainDollarsUntil = 0;

  const push = (kind: TokenKind, start: number, end: number, value = text.slice(start, end)): void => {
    tokens.push({ kind, start, end, value });
  };

  /**
   * Reads string content from `i` (just after `'` or `}`) up to a closing quote or a `${`.
   * Returns the decoded text and how it ended.
   */
  const readStringPiece = (tokenStart: number, opening: 'quote' | 'brace'): void => {
    let out = '';
    let segStart = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c >= 128 || STRING_STOP[c] === 0) {
        i++;
        continue;
      }
      if (c === CH_QUOTE) {
        out += text.slice(segStart, i);
        i++;
        push(opening === 'quote' ? 'string' : 'stringRight', tokenStart, i, out);
        return;
      }
      if (c === CH_DOLLAR && text.charCodeAt(i + 1) === CH_LBRACE) {
        out += text.slice(segStart, i);
        i += 2;
        push(opening === 'quote' ? 'stringLeft' : 'stringMiddle', tokenStart, i, out);
        holes.push({ braces: 0, dollars: 0 });
        return;
      }
      if (c === CH_NL || c === CH_CR) break;
      if (c === CH_BACKSLASH) {
        out += text.slice(segStart, i);
        const e = text.charCodeAt(i + 1);
        switch (e) {
          case 110: out += '\n'; i += 2; break; // \n
          case 114: out += '\r'; i += 2; break; // \r
          case 116: out += '\t'; i += 2; break; // \t
          case CH_BACKSLASH: out += '\\'; i += 2; break;
          case CH_QUOTE: out += "'"; i += 2; break;
          case CH_DOLLAR: out += '$'; i += 2; break;
          case 117: { // \u{hex}
            if (text.charCodeAt(i + 2) === CH_LBRACE) {
              let j = i + 3;
              while (j < n && j - i < 12 && /[0-9a-fA-F]/.test(text[j]!)) j++;
              const hex = text.slice(i + 3, j);
              const cp = hex.length > 0 ? parseInt(hex, 16) : NaN;
              if (text.charCodeAt(j) === CH_RBRACE && cp <= 0x10ffff) {
                out += String.fromCodePoint(cp);
                i = j + 1;
                break;
              }
            }
            errors.push({ start: i, end: Math.min(n, i + 2), message: 'The unicode escape is not valid; use \\u{hex}.' });
            i += 2;
            break;
          }
          default:
            errors.push({ start: i, end: Math.min(n, i + 2), message: "The escape sequence is not recognized; valid escapes are \\\\, \\', \\n, \\r, \\t, \\$ and \\u{...}." });
            i += Math.min(2, n - i);
        }
        segStart = i;
        continue;
      }
      i++;
    }
    out += text.slice(segStart, i);
    errors.push({ start: tokenStart, end: i, message: 'The string is not terminated.' });
    push(opening === 'quote' ? 'string' : 'stringRight', tokenStart, i, out);
  };

  /**
   * Reads multi-line string content opened with `dollars` dollar signs: only a run of at least that many
   * `$` followed by `{` opens a hole; other text, backslashes included, is verbatim.
   */
  const readMultilinePiece = (tokenStart: number, opening: 'quote' | 'brace', dollars: number): void => {
    let out = '';
    let nextQuote = 0;
    let nextDollar = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === CH_QUOTE && text.charCodeAt(i + 1) === CH_QUOTE && text.charCodeAt(i + 2) === CH_QUOTE) {
        let end = i + 3;
        while (text.charCodeAt(end) === CH_QUOTE) end++;
        out += text.slice(i, end - 3);
        i = end;
        push(opening === 'quote' ? 'multiline' : 'stringRight', tokenStart, i, out);
        return;
      }
      if (c === CH_DOLLAR) {
        let r = 0;
        while (text.charCodeAt(i + r) === CH_DOLLAR) r++;
        if (text.charCodeAt(i + r) === CH_LBRACE && r >= dollars) {
          out += '$'.repeat(r - dollars);
          i += r + 1;
          push(opening === 'quote' ? 'stringLeft' : 'stringMiddle', tokenStart, i, out);
          holes.push({ braces: 0, dollars });
          return;
        }
        out += text.slice(i, i + r);
        i += r;
        continue;
      }
      // The searches are remembered while still ahead of `i`, so many `$` in a long string stay linear.
      if (nextQuote !== -1 && nextQuote <= i) nextQuote = text.indexOf("'", i + 1);
      if (nextDollar !== -1 && nextDollar <= i) nextDollar = text.indexOf('$', i + 1);
      const next = nextQuote;
      const dollar = nextDollar;
      let stop = n;
      if (next >= 0) stop = next;
      if (dollar >= 0 && dollar < stop) stop = dollar;
      out += text.slice(i, stop);
      i = stop;
    }
    errors.push({ start: tokenStart, end: n, message: 'The multi-line string is not terminated.' });
    push(opening === 'quote' ? 'multiline' : 'stringRight', tokenStart, n, out);
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    const start = i;
    if (c === CH_DOLLAR && i >= plainDollarsUntil) {
      let r = 0;
      while (text.charCodeAt(i + r) === CH_DOLLAR) r++;
      if (text.charCodeAt(i + r) === CH_QUOTE && text.charCodeAt(i + r + 1) === CH_QUOTE && text.charCodeAt(i + r + 2) === CH_QUOTE) {
        i += r + 3;
        if (text.charCodeAt(i) === CH_CR && text.charCodeAt(i + 1) === CH_NL) i += 2;
        else if (text.charCodeAt(i) === CH_NL || text.charCodeAt(i) === CH_CR) i++;
        readMultilinePiece(start, 'quote', r);
        continue;
      }
      // No dollar of this run opens a multi-line string: remembering it keeps a long run of `$` linear.
      plainDollarsUntil = i + r;
    }
    // Whitespace other than newlines; a run of spaces (indentation) at once.
    if (c === 32 || c === 9 || c === 0xfeff || c === 0x0b || c === 0x0c || c === 0xa0) {
      i++;
      while (text.charCodeAt(i) === 32) i++;
      continue;
    }
    if (c === CH_NL) {
      i++;
      push('newline', start, i);
      continue;
    }
    if (c === CH_CR) {
      i += text.charCodeAt(i + 1) === CH_NL ? 2 : 1;
      push('newline', start, i);
      continue;
    }
    if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        while (i < n && text.charCodeAt(i) !== CH_NL && text.charCodeAt(i) !== CH_CR) i++;
        comments.push({ start, end: i, text: text.slice(start, i), line: true });
        continue;
      }
      if (d === 42) {
        const close = text.indexOf('*/', i + 2);
        i = close < 0 ? n : close + 2;
        if (close < 0) errors.push({ start, end: n, message: 'The block comment is not terminated.' });
        comments.push({ start, end: i, text: text.slice(start, i), line: false });
        continue;
      }
      i++;
      push('slash', start, i);
      continue;
    }
    if (c < 128 && IDENT[c] === 1) {
      let d = text.charCodeAt(++i);
      while (d < 128 && IDENT[d] !== 0) d = text.charCodeAt(++i);
      push('ident', start, i);
      continue;
    }
    if (isDigit(c)) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      // Bicep has integer literals only; a fraction is read so that the error is one token, not three.
      if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      push('number', start, i);
      continue;
    }
    if (c === CH_QUOTE) {
      if (text.charCodeAt(i + 1) === CH_QUOTE && text.charCodeAt(i + 2) === CH_QUOTE) {
        // '''multi-line''': no escapes, no interpolation; a newline right after the opening is dropped.
        const close = text.indexOf("'''", i + 3);
        let contentStart = i + 3;
        if (text.charCodeAt(contentStart) === CH_CR && text.charCodeAt(contentStart + 1) === CH_NL) contentStart += 2;
        else if (text.charCodeAt(contentStart) === CH_NL || text.charCodeAt(contentStart) === CH_CR) contentStart++;
        if (close < 0) {
          errors.push({ start, end: n, message: 'The multi-line string is not terminated.' });
          i = n;
          push('multiline', start, n, text.slice(Math.min(contentStart, n), n));
          continue;
        }
        // A run of more than three quotes closes at its end: the extra quotes belong to the content.
        let end = close + 3;
        while (text.charCodeAt(end) === CH_QUOTE) end++;
        i = end;
        push('multiline', start, end, text.slice(Math.min(contentStart, end - 3), end - 3));
        continue;
      }
      i++;
      readStringPiece(start, 'quote');
      continue;
    }
    if (c === CH_LBRACE) {
      if (holes.length > 0) holes[holes.length - 1]!.braces++;
      i++;
      push('lbrace', start, i);
      continue;
    }
    if (c === CH_RBRACE) {
      if (holes.length > 0) {
        const hole = holes[holes.length - 1]!;
        if (hole.braces === 0) {
          holes.pop();
          i++;
          if (hole.dollars > 0) readMultilinePiece(start, 'brace', hole.dollars);
          else readStringPiece(start, 'brace');
          continue;
        }
        hole.braces--;
      }
      i++;
      push('rbrace', start, i);
      continue;
    }
    const d = text.charCodeAt(i + 1);
    switch (c) {
      case 91: i++; push('lbracket', start, i); continue;
      case 93: i++; push('rbracket', start, i); continue;
      case 40: i++; push('lparen', start, i); continue;
      case 41: i++; push('rparen', start, i); continue;
      case 44: i++; push('comma', start, i); continue;
      case 46: // .
        if (d === 46 && text.charCodeAt(i + 2) === 46) { i += 3; push('ellipsis', start, i); continue; }
        if (d === 63) { i += 2; push('questionDot', start, i); continue; } // `.?` safe access
        i++; push('dot', start, i); continue;
      case 58: // :
        if (d === 58) { i += 2; push('doubleColon', start, i); continue; }
        i++; push('colon', start, i); continue;
      case 63: // ?
        if (d === 63) { i += 2; push('doubleQuestion', start, i); continue; }
        i++; push('question', start, i); continue;
      case 64: i++; push('at', start, i); continue;
      case 61: // =
        if (d === 61) { i += 2; push('eq', start, i); continue; }
        if (d === 126) { i += 2; push('eqi', start, i); continue; }
        if (d === 62) { i += 2; push('arrow', start, i); continue; }
        i++; push('assign', start, i); continue;
      case 33: // !
        if (d === 61) { i += 2; push('neq', start, i); continue; }
        if (d === 126) { i += 2; push('neqi', start, i); continue; }
        i++; push('not', start, i); continue;
      case 60: // <
        if (d === 61) { i += 2; push('le', start, i); continue; }
        i++; push('lt', start, i); continue;
      case 62: // >
        if (d === 61) { i += 2; push('ge', start, i); continue; }
        i++; push('gt', start, i); continue;
      case 38: // &
        if (d === 38) { i += 2; push('and', start, i); continue; }
        break;
      case 124: // |
        if (d === 124) { i += 2; push('or', start, i); continue; }
        i++; push('pipe', start, i); continue;
      case 43: i++; push('plus', start, i); continue;
      case 94: i++; push('hat', start, i); continue;
      case 45: i++; push('minus', start, i); continue;
      case 42: i++; push('star', start, i); continue;
      case 37: i++; push('percent', start, i); continue;
      case 35: { // # directive: runs to the end of the line
        while (i < n && text.charCodeAt(i) !== CH_NL && text.charCodeAt(i) !== CH_CR) i++;
        push('hash', start, i);
        continue;
      }
    }
    // Anything else (including a lone `&`, or a surrogate pair outside a string) is one bad token.
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    push('bad', start, i);
    errors.push({ start, end: i, message: `The character '${text.slice(start, i)}' is not valid here.` });
  }
  tokens.push({ kind: 'eof', start: n, end: n, value: '' });
  return { tokens, comments, errors };
}
