/**
 * The syntax of ARM template-language expressions: a JSON string `[ ... ]` holding function calls,
 * single-quoted strings (`''` escapes a quote), integers, property access `.name` and indexing `[expr]`.
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions
 * Offsets are UTF-16 indexes into the string value, including its leading `[`.
 */

export type ArmExpr =
  | { readonly k: 'call'; readonly name: string; /** lower-cased, for dispatch */ readonly lname: string; readonly args: ArmExpr[]; readonly start: number; readonly end: number }
  | { readonly k: 'string'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly k: 'number'; readonly value: number; readonly start: number; readonly end: number }
  | { readonly k: 'literal'; readonly value: boolean | null; readonly start: number; readonly end: number }
  | { readonly k: 'property'; readonly target: ArmExpr; readonly name: string; readonly start: number; readonly end: number }
  | { readonly k: 'index'; readonly target: ArmExpr; readonly index: ArmExpr; readonly start: number; readonly end: number };

export interface ArmExpressionError {
  message: string;
  /** Offset in the string value where the problem is. */
  offset: number;
  /** True when the expression is nested beyond the parser's depth limit. */
  tooDeep?: boolean;
}

export type ParsedString =
  | { kind: 'literal'; value: string }
  | { kind: 'expression'; expr: ArmExpr }
  | { kind: 'error'; error: ArmExpressionError };

/** Nesting of calls and brackets within one expression; beyond it the string is reported, not evaluated. */
export const MAX_EXPRESSION_DEPTH = 256;

/**
 * Classifies a JSON string: an expression when it starts with `[` and ends with `]`; a leading `[[`
 * escapes the bracket and leaves a literal starting with `[`.
 */
export function parseArmString(s: string): ParsedString {
  const n = s.length;
  if (n < 2 || s.charCodeAt(0) !== 91 || s.charCodeAt(n - 1) !== 93) return { kind: 'literal', value: s };
  if (s.charCodeAt(1) === 91) return { kind: 'literal', value: s.slice(1) };
  return parseArmExpression(s);
}

/** True when the string would be evaluated as an expression. */
export function isArmExpression(s: string): boolean {
  const n = s.length;
  return n >= 2 && s.charCodeAt(0) === 91 && s.charCodeAt(n - 1) === 93 && s.charCodeAt(1) !== 91;
}

class SyntaxFailure {
  constructor(
    readonly message: string,
    readonly offset: number,
    readonly tooDeep = false,
  ) {}
}

/** Parses a whole `[ ... ]` expression string. Never throws. */
export function parseArmExpression(s: string): ParsedString {
  if (s.length < 2 || s[0] !== '[' || s[s.length - 1] !== ']') {
    return { kind: 'error', error: { message: "an expression must be enclosed in '[' and ']'", offset: 0 } };
  }
  const p = new Parser(s, 1, s.length - 1);
  try {
    p.skipWs();
    if (p.pos >= p.end) throw new SyntaxFailure('the expression is empty', p.pos);
    const expr = p.expression(0);
    p.skipWs();
    if (p.pos < p.end) throw new SyntaxFailure(`unexpected '${s[p.pos]}' after the end of the expression`, p.pos);
    return { kind: 'expression', expr };
  } catch (e) {
    if (e instanceof SyntaxFailure) {
      return { kind: 'error', error: { message: e.message, offset: e.offset, ...(e.tooDeep ? { tooDeep: true } : {}) } };
    }
    throw e;
  }
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isUnicodeSpace(c: number): boolean {
  return c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

class Parser {
  pos: number;
  constructor(
    readonly s: string,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  skipWs(): void {
    while (this.pos < this.end) {
      const c = this.s.charCodeAt(this.pos);
      // Templates written in editors carry no-break spaces too; ARM's parser treats every Unicode space as space.
      if (c === 32 || c === 9 || c === 10 || c === 13 || (c > 127 && isUnicodeSpace(c))) this.pos++;
      else break;
    }
  }

  private peek(): number {
    return this.pos < this.end ? this.s.charCodeAt(this.pos) : -1;
  }

  private describeHere(): string {
    return this.pos < this.end ? `'${this.s[this.pos]}'` : 'the end of the expression';
  }

  private expect(c: number, what: string): void {
    this.skipWs();
    if (this.peek() !== c) throw new SyntaxFailure(`expected ${what} but found ${this.describeHere()}`, this.pos);
    this.pos++;
  }

  private identifier(): string {
    const start = this.pos;
    if (!isIdentStart(this.peek())) throw new SyntaxFailure(`expected a name but found ${this.describeHere()}`, this.pos);
    this.pos++;
    while (this.pos < this.end && isIdentPart(this.s.charCodeAt(this.pos))) this.pos++;
    return this.s.slice(start, this.pos);
  }

  expression(depth: number): ArmExpr {
    if (depth > MAX_EXPRESSION_DEPTH) {
      throw new SyntaxFailure(`the expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep`, this.pos, true);
    }
    this.skipWs();
    let e = this.primary(depth);
    for (;;) {
      this.skipWs();
      const c = this.peek();
      if (c === 46 /* . */) {
        this.pos++;
        this.skipWs();
        const name = this.identifier();
        e = { k: 'property', target: e, name, start: e.start, end: this.pos };
      } else if (c === 91 /* [ */) {
        this.pos++;
        const index = this.expression(depth + 1);
        this.expect(93, "']'");
        e = { k: 'index', target: e, index, start: e.start, end: this.pos };
      } else {
        return e;
      }
    }
  }

  private primary(depth: number): ArmExpr {
    const start = this.pos;
    const c = this.peek();
    if (c === 39 /* ' */) return this.stringLiteral();
    if (isDigit(c) || ((c === 45 || c === 43) && isDigit(this.s.charCodeAt(this.pos + 1)))) return this.numberLiteral();
    if (!isIdentStart(c)) {
      throw new SyntaxFailure(
        c < 0 ? 'expected a value but found the end of the expression' : `expected a function call, string or number but found ${this.describeHere()}`,
        this.pos,
      );
    }
    let name = this.identifier();
    this.skipWs();
    // `namespace.function(...)` calls a user-defined function; `f().x` is property access.
    if (this.peek() === 46) {
      const save = this.pos;
      this.pos++;
      this.skipWs();
      if (isIdentStart(this.peek())) {
        const member = this.identifier();
        this.skipWs();
        if (this.peek() === 40) name = `${name}.${member}`;
        else this.pos = save;
      } else {
        this.pos = save;
      }
    }
    this.skipWs();
    if (this.peek() !== 40 /* ( */) {
      const l = name.toLowerCase();
      if (l === 'true' || l === 'false' || l === 'null') {
        return { k: 'literal', value: l === 'null' ? null : l === 'true', start, end: this.pos };
      }
      throw new SyntaxFailure(`expected '(' after '${name}' but found ${this.describeHere()}`, this.pos);
    }
    this.pos++;
    const args: ArmExpr[] = [];
    this.skipWs();
    if (this.peek() === 41 /* ) */) {
      this.pos++;
    } else {
      for (;;) {
        args.push(this.expression(depth + 1));
        this.skipWs();
        const d = this.peek();
        if (d === 44 /* , */) {
          this.pos++;
          continue;
        }
        if (d === 41) {
          this.pos++;
          break;
        }
        throw new SyntaxFailure(`expected ',' or ')' but found ${this.describeHere()}`, this.pos);
      }
    }
    return { k: 'call', name, lname: name.toLowerCase(), args, start, end: this.pos };
  }

  private stringLiteral(): ArmExpr {
    const start = this.pos;
    this.pos++;
    let value = '';
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= this.end) throw new SyntaxFailure('the string is not closed', start);
      if (this.s.charCodeAt(this.pos) === 39) {
        if (this.s.charCodeAt(this.pos + 1) === 39 && this.pos + 1 < this.end) {
          value += this.s.slice(chunk, this.pos + 1);
          this.pos += 2;
          chunk = this.pos;
          continue;
        }
        value += this.s.slice(chunk, this.pos);
        this.pos++;
        return { k: 'string', value, start, end: this.pos };
      }
      this.pos++;
    }
  }

  private numberLiteral(): ArmExpr {
    const start = this.pos;
    if (this.peek() === 45 || this.peek() === 43) this.pos++;
    while (isDigit(this.peek())) this.pos++;
    if (this.peek() === 46 && isDigit(this.s.charCodeAt(this.pos + 1))) {
      this.pos++;
      while (isDigit(this.peek())) this.pos++;
    }
    return { k: 'number', value: Number(this.s.slice(start, this.pos)), start, end: this.pos };
  }
}

/** The expression text of a node, for messages. */
export function exprText(source: string, e: ArmExpr): string {
  return source.slice(e.start, e.end);
}
