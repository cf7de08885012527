/**
 * A recovering recursive-descent parser for Bicep and `.bicepparam`.
 *
 * Recovery follows the Bicep compiler's idea: a broken declaration is reported and parsing resumes at the
 * next line; a broken object property or array item is reported and the object goes on with its next line.
 * Nesting is capped (`MAX_DEPTH`): beyond it the bracketed region is skipped iteratively and reported, so
 * 10,000 nested arrays cost one diagnostic, not a stack overflow. There is no backtracking: the only
 * look-ahead (lambda parameter lists) scans a flat list of identifiers once.
 */
import { lex, type Token, type TokenKind } from './lexer.js';
import type {
  ArrayExpr,
  BicepFile,
  BinaryOp,
  Decl,
  Decorator,
  Expr,
  ForExpr,
  Ident,
  ImportDecl,
  ObjectExpr,
  ObjectProperty,
  ParseError,
  ResourceDecl,
  Span,
  SpreadItem,
  StringExpr,
  TypeExpr,
} from './syntax.js';

export const MAX_DEPTH = 200;

/**
 * Thrown only inside the parser to unwind to the nearest recovery point; never escapes `parseBicep`.
 * Its stack trace is not captured: garbage input can raise it once per line.
 */
class Recover extends Error {
  constructor() {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super('recover');
    Error.stackTraceLimit = limit;
  }
}

export interface ParseOptions {
  /** Parse as a `.bicepparam` file (`using`, `param x = value`). */
  paramsFile?: boolean;
}

const BINARY_PRECEDENCE: Partial<Record<TokenKind, [BinaryOp, number]>> = {
  doubleQuestion: ['??', 1],
  or: ['||', 2],
  and: ['&&', 3],
  eq: ['==', 4],
  neq: ['!=', 4],
  eqi: ['=~', 4],
  neqi: ['!~', 4],
  lt: ['<', 5],
  le: ['<=', 5],
  gt: ['>', 5],
  ge: ['>=', 5],
  plus: ['+', 6],
  minus: ['-', 6],
  star: ['*', 7],
  slash: ['/', 7],
  percent: ['%', 7],
};

const OPENERS: Partial<Record<TokenKind, true>> = { lbrace: true, lbracket: true, lparen: true, stringLeft: true };
const CLOSERS: Partial<Record<TokenKind, true>> = { rbrace: true, rbracket: true, rparen: true, stringRight: true };

class Parser {
  private pos = 0;
  private depth = 0;
  readonly errors: ParseError[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly paramsFile: boolean,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Token helpers

  private get tok(): Token {
    return this.tokens[this.pos]!;
  }

  private peek(k = 1): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)]!;
  }

  private at(kind: TokenKind): boolean {
    return this.tok.kind === kind;
  }

  private atWord(word: string): boolean {
    return this.tok.kind === 'ident' && this.tok.value === word;
  }

  private next(): Token {
    const t = this.tok;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private skipNewlines(): void {
    while (this.tok.kind === 'newline') this.pos++;
  }

  /** The kind of the next token that is not a newline, without moving. */
  private peekPastNewlines(): Token {
    let p = this.pos;
    while (this.tokens[p]!.kind === 'newline') p++;
    return this.tokens[p]!;
  }

  private error(message: string, span: Span = this.tok): void {
    const last = this.errors[this.errors.length - 1];
    // One error per position: recovery can otherwise report the same spot twice.
    if (last && last.start === span.start && last.message === message) return;
    this.errors.push({ start: span.start, end: span.end, message });
  }

  private fail(message: string, span: Span = this.tok): never {
    this.error(message, span);
    throw new Recover();
  }

  private expect(kind: TokenKind, what: string): Token {
    if (this.tok.kind === kind) return this.next();
    this.fail(`Expected ${what} at this location.`, this.missingSpan());
  }

  /** Where a missing token is reported: the bad token, or an empty span at a line end. */
  private missingSpan(): Span {
    const t = this.tok;
    if (t.kind === 'newline' || t.kind === 'eof') return { start: t.start, end: t.start };
    return t;
  }

  private identifier(what: string): Ident {
    const t = this.tok;
    if (t.kind !== 'ident') this.fail(`Expected ${what} at this location.`, this.missingSpan());
    this.next();
    return { name: t.value, start: t.start, end: t.end };
  }

  /**
   * Skips to the end of the current line (the newline stays), stepping over bracketed regions that close
   * on the same line. Stops before a closer that would close an enclosing construct.
   */
  private skipLine(): void {
    let nest = 0;
    while (this.tok.kind !== 'eof') {
      const k = this.tok.kind;
      // A line break ends the skip even inside an unclosed bracket, so a broken object does not swallow the file.
      if (k === 'newline') return;
      if (OPENERS[k]) nest++;
      else if (CLOSERS[k]) {
        if (nest === 0) return;
        nest--;
      }
      this.pos++;
    }
  }

  /** Skips a bracketed region iteratively (used beyond the depth cap). */
  private skipBalanced(): void {
    let nest = 0;
    do {
      const k = this.tok.kind;
      if (k === 'eof') return;
      if (OPENERS[k]) nest++;
      else if (CLOSERS[k]) nest--;
      this.pos++;
    } while (nest > 0);
  }

  // -------------------------------------------------------------------------------------------
  // File and declarations

  parseFile(): Decl[] {
    const decls: Decl[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.at('eof')) break;
      const startPos = this.pos;
      try {
        const d = this.declaration();
        decls.push(d);
        if (!this.at('newline') && !this.at('eof')) this.fail('Expected a new line character at this location.');
      } catch (e) {
        if (!(e instanceof Recover)) throw e;
        this.skipLine();
        // A stray closer at the top level would stop skipLine without progress.
        if (this.pos === startPos || (!this.at('newline') && !this.at('eof'))) {
          while (!this.at('newline') && !this.at('eof')) this.pos++;
        }
      }
    }
    return decls;
  }

  private decorators(): Decorator[] {
    const out: Decorator[] = [];
    while (this.at('at')) {
      const at = this.next();
      let name = this.identifier('a decorator name');
      if (name.name === 'sys' && this.at('dot')) {
        this.next();
        name = this.identifier('a decorator name');
      }
      let args: Expr[] = [];
      let end = name.end;
      if (this.at('lparen')) {
        const r = this.callArgs();
        args = r.args;
        end = r.end;
      }
      out.push({ name: name.name, args, start: at.start, end });
      if (!this.at('newline')) this.fail('Expected a new line character at this location.');
      this.skipNewlines();
    }
    return out;
  }

  private declaration(): Decl {
    const decorators = this.decorators();
    const start = decorators[0]?.start ?? this.tok.start;
    const t = this.tok;
    const d = this.declarationBody(decorators, start, t);
    d.keywordStart = t.start;
    return d;
  }

  private declarationBody(decorators: Decorator[], start: number, t: Token): Decl {
    if (t.kind !== 'ident') {
      this.fail(
        this.paramsFile
          ? 'This declaration type is not recognized. Specify a using, parameter, variable or import declaration.'
          : 'This declaration type is not recognized. Specify a metadata, parameter, variable, resource, or output declaration.',
        t.kind === 'newline' || t.kind === 'eof' ? this.missingSpan() : t,
      );
    }
    const word = t.value;
    // A keyword is a declaration only when what follows can start one (`resource` is also a property name).
    switch (word) {
      case 'targetScope': {
        this.next();
        this.expect('assign', 'the "=" character');
        const value = this.expression();
        return { kind: 'targetScope', value, decorators, start, end: value.end };
      }
      case 'metadata': {
        this.next();
        const name = this.identifier('a metadata identifier');
        this.expect('assign', 'the "=" character');
        const value = this.expression();
        return { kind: 'metadata', name, value, decorators, start, end: value.end };
      }
      case 'param':
        return this.paramDecl(decorators, start);
      case 'var': {
        this.next();
        const name = this.identifier('a variable identifier');
        const type = this.at('assign') ? undefined : this.typeExpr();
        this.expect('assign', 'the "=" character');
        const value = this.expression();
        return { kind: 'var', name, ...(type ? { type } : {}), value, decorators, start, end: value.end };
      }
      case 'resource':
        return this.resourceDecl(decorators, start);
      case 'module': {
        this.next();
        const name = this.identifier('a module identifier');
        const path = this.stringLiteral('a module path string');
        this.expect('assign', 'the "=" character');
        const body = this.declBody();
        return { kind: 'module', name, path, body, decorators, start, end: body.end };
      }
      case 'output': {
        this.next();
        const name = this.identifier('an output identifier');
        const type = this.typeExpr();
        this.expect('assign', 'the "=" character');
        const value = this.expression();
        return { kind: 'output', name, type, value, decorators, start, end: value.end };
      }
      case 'type': {
        this.next();
        const name = this.identifier('a type identifier');
        this.expect('assign', 'the "=" character');
        const type = this.typeExpr();
        return { kind: 'type', name, type, decorators, start, end: type.end };
      }
      case 'func':
        return this.funcDecl(decorators, start);
      case 'import':
        return this.importDecl(decorators, start);
      case 'extension':
      case 'provider': {
        this.next();
        const spec = this.at('ident') ? this.identExpr() : this.stringLiteral('an extension name or reference');
        let config: Expr | undefined;
        let alias: string | undefined;
        let end = spec.end;
        if (this.atWord('with')) {
          this.next();
          config = this.expression();
          end = config.end;
        }
        if (this.atWord('as')) {
          this.next();
          const a = this.identifier('an alias');
          alias = a.name;
          end = a.end;
        }
        return { kind: 'extension', spec, ...(config ? { config } : {}), ...(alias ? { alias } : {}), decorators, start, end };
      }
      case 'using': {
        this.next();
        if (this.atWord('none')) {
          const n = this.next();
          return { kind: 'using', none: true, decorators, start, end: n.end };
        }
        const path = this.stringLiteral('a path to a Bicep file');
        let config: Expr | undefined;
        if (this.atWord('with')) {
          this.next();
          config = this.expression();
        }
        return { kind: 'using', path, none: false, ...(config ? { config } : {}), decorators, start, end: config?.end ?? path.end };
      }
      case 'extends': {
        this.next();
        const path = this.stringLiteral('a path to a parameters file');
        return { kind: 'extends', path, decorators, start, end: path.end };
      }
      case 'assert': {
        this.next();
        const name = this.identifier('an assertion identifier');
        this.expect('assign', 'the "=" character');
        const value = this.expression();
        return { kind: 'assert', name, value, decorators, start, end: value.end };
      }
      case 'test': {
        this.next();
        const name = this.identifier('a test identifier');
        this.stringLiteral('a path to a Bicep file');
        this.expect('assign', 'the "=" character');
        const value = this.expression();
        return { kind: 'test', name, value, decorators, start, end: value.end };
      }
    }
    this.fail(
      this.paramsFile
        ? 'This declaration type is not recognized. Specify a using, parameter, variable or import declaration.'
        : 'This declaration type is not recognized. Specify a metadata, parameter, variable, resource, or output declaration.',
      t,
    );
  }

  private paramDecl(decorators: Decorator[], start: number): Decl {
    this.next();
    const name = this.identifier('a parameter identifier');
    if (this.paramsFile && this.at('assign')) {
      this.next();
      const value = this.expression();
      return { kind: 'paramAssign', name, value, decorators, start, end: value.end };
    }
    if ((this.at('newline') && this.peekPastNewlines().kind !== 'pipe') || this.at('eof')) this.fail('Expected a parameter type at this location.', this.missingSpan());
    const type = this.typeExpr();
    let value: Expr | undefined;
    if (this.at('assign')) {
      this.next();
      value = this.expression();
    }
    return { kind: 'param', name, type, ...(value ? { value } : {}), decorators, start, end: value?.end ?? type.end };
  }

  private resourceDecl(decorators: Decorator[], start: number): ResourceDecl {
    const keywordStart = this.next().start;
    const name = this.identifier('a resource identifier');
    if (!this.at('string')) {
      if (this.at('stringLeft')) {
        const s = this.stringExpr();
        this.fail('String interpolation is not supported in a resource type.', s);
      }
      this.fail('Expected a resource type string. Specify a valid resource type of format "<type-name>@<apiVersion>".', this.missingSpan());
    }
    const typeString = this.stringExpr();
    let existing = false;
    if (this.atWord('existing')) {
      this.next();
      existing = true;
    }
    this.expect('assign', 'the "=" character');
    const body = this.declBody();
    return { kind: 'resource', name, typeString, existing, body, decorators, keywordStart, start, end: body.end };
  }

  /** A resource or module body: `{...}`, `if (cond) {...}` or `[for ...]`. */
  private declBody(): Expr {
    this.skipNewlines();
    if (this.atWord('if')) return this.ifExpr();
    if (this.at('lbrace') || this.at('lbracket')) return this.expression();
    this.fail('Expected the "{" character, the "[" character, or the "if" keyword at this location.', this.missingSpan());
  }

  private ifExpr(): Expr {
    const kw = this.next();
    this.skipNewlines();
    if (!this.at('lparen')) this.fail('Expected the "(" character at this location.', this.missingSpan());
    const test = this.parenthesized();
    this.skipNewlines();
    if (!this.at('lbrace')) this.fail('Expected the "{" character at this location.', this.missingSpan());
    const body = this.expression();
    return { kind: 'if', test, body, start: kw.start, end: body.end };
  }

  private funcDecl(decorators: Decorator[], start: number): Decl {
    this.next();
    const name = this.identifier('a function identifier');
    this.expect('lparen', 'the "(" character');
    const params: { name: Ident; type?: TypeExpr }[] = [];
    this.skipNewlines();
    while (!this.at('rparen')) {
      const p = this.identifier('a parameter identifier');
      const type = this.typeExpr();
      params.push({ name: p, type });
      this.skipNewlines();
      if (this.at('comma')) {
        this.next();
        this.skipNewlines();
        continue;
      }
      if (!this.at('rparen')) this.fail('Expected the ")" character at this location.', this.missingSpan());
    }
    this.next();
    const returnType = this.typeExpr();
    this.expect('arrow', 'the "=>" characters');
    this.skipNewlines();
    const body = this.expression();
    return { kind: 'func', name, params, returnType, body, decorators, start, end: body.end };
  }

  private importDecl(decorators: Decorator[], start: number): ImportDecl {
    const kw = this.next();
    const d: ImportDecl = { kind: 'import', items: [], decorators, start, end: kw.end };
    if (this.at('string')) {
      // Legacy `import 'az@1.0.0' [with {...}] [as alias]`.
      const s = this.stringExpr();
      d.end = s.end;
      if (this.atWord('with')) {
        this.next();
        d.end = this.expression().end;
      }
      if (this.atWord('as')) {
        this.next();
        d.end = this.identifier('an alias').end;
      }
      return d;
    }
    if (this.at('star')) {
      this.next();
      if (!this.atWord('as')) this.fail('Expected the "as" keyword at this location.', this.missingSpan());
      this.next();
      d.wildcardAlias = this.identifier('an alias').name;
    } else if (this.at('lbrace')) {
      this.next();
      for (;;) {
        while (this.at('newline') || this.at('comma')) this.next();
        if (this.at('rbrace')) break;
        const t = this.tok;
        let name: string;
        if (t.kind === 'ident') name = this.next().value;
        else if (t.kind === 'string') name = this.stringExpr().parts.join('');
        else this.fail('Expected an identifier at this location.', this.missingSpan());
        let alias: string | undefined;
        let end = this.tokens[this.pos - 1]!.end;
        if (this.atWord('as')) {
          this.next();
          const a = this.identifier('an alias');
          alias = a.name;
          end = a.end;
        }
        d.items.push({ name, ...(alias ? { alias } : {}), start: t.start, end });
      }
      this.next();
    } else {
      this.fail('Expected the "{" character or the "*" character at this location.', this.missingSpan());
    }
    if (!this.atWord('from')) this.fail('Expected the "from" keyword at this location.', this.missingSpan());
    this.next();
    d.from = this.stringLiteral('a path string');
    d.end = d.from.end;
    return d;
  }

  private stringLiteral(what: string): StringExpr {
    if (this.at('string') || this.at('stringLeft') || this.at('multiline')) return this.stringExpr();
    this.fail(`Expected ${what} at this location.`, this.missingSpan());
  }

  // -------------------------------------------------------------------------------------------
  // Types

  private typeExpr(): TypeExpr {
    if (this.depth >= MAX_DEPTH) return this.tooDeepType();
    this.depth++;
    try {
      // A leading `|` is allowed in multi-line unions.
      if (this.peekPastNewlines().kind === 'pipe' && (this.at('newline') || this.at('pipe'))) {
        this.skipNewlines();
        this.next();
      }
      const first = this.typePostfix();
      const members: TypeExpr[] = [first];
      while (this.at('pipe') || (this.at('newline') && this.peekPastNewlines().kind === 'pipe')) {
        this.skipNewlines();
        this.next();
        this.skipNewlines();
        members.push(this.typePostfix());
      }
      if (members.length === 1) return first;
      return { kind: 'typeUnion', members, start: first.start, end: members[members.length - 1]!.end };
    } finally {
      this.depth--;
    }
  }

  private tooDeepType(): TypeExpr {
    const s = this.tok.start;
    this.errors.push({ start: s, end: this.tok.end, message: `The input is nested more than ${MAX_DEPTH} levels deep.`, tooDeep: true });
    this.skipBalanced();
    return { kind: 'typeMissing', start: s, end: this.tokens[this.pos - 1]?.end ?? s };
  }

  private typePostfix(): TypeExpr {
    let t = this.typePrimary();
    for (;;) {
      if (this.at('lbracket') && this.peek().kind === 'rbracket') {
        this.next();
        const e = this.next();
        t = { kind: 'typeArray', item: t, start: t.start, end: e.end };
      } else if (this.at('question')) {
        const e = this.next();
        t = { kind: 'typeNullable', inner: t, start: t.start, end: e.end };
      } else if (this.at('not') && this.tok.start === t.end) {
        // `nullable!`: the non-null form of a type.
        const e = this.next();
        t = { ...t, end: e.end };
      } else if (this.at('dot') && t.kind === 'typeRef') {
        this.next();
        const m = this.at('star') ? { name: '*', ...this.next() } : this.identifier('a property name');
        t.path.push(m.name);
        t.end = m.end;
      } else if (this.at('lbracket') && t.kind === 'typeRef') {
        // Type member access: `foo[*]`, `foo[0]`.
        this.next();
        const inner = this.at('star') ? this.next().value : String(this.expression().kind === 'number' ? this.tokens[this.pos - 1]!.value : '?');
        const e = this.expect('rbracket', 'the "]" character');
        t.path.push(`[${inner}]`);
        t.end = e.end;
      } else {
        return t;
      }
    }
  }

  private typePrimary(): TypeExpr {
    const t = this.tok;
    switch (t.kind) {
      case 'ident': {
        if (t.value === 'resource' && this.peek().kind === 'string') {
          this.next();
          const s = this.stringExpr();
          return { kind: 'typeResource', resourceType: s.parts.join(''), start: t.start, end: s.end };
        }
        if (t.value === 'true' || t.value === 'false' || t.value === 'null') {
          const value = this.primary();
          return { kind: 'typeLiteral', value, start: t.start, end: value.end };
        }
        this.next();
        let name = t.value;
        let end = t.end;
        if (name === 'sys' && this.at('dot')) {
          this.next();
          const m = this.identifier('a type name');
          name = m.name;
          end = m.end;
        }
        const args: TypeExpr[] = [];
        if (this.at('lt')) {
          this.next();
          for (;;) {
            this.skipNewlines();
            args.push(this.typeExpr());
            this.skipNewlines();
            if (this.at('comma')) {
              this.next();
              continue;
            }
            break;
          }
          this.skipNewlines();
          end = this.expect('gt', 'the ">" character').end;
        }
        return { kind: 'typeRef', name, args, path: [], start: t.start, end };
      }
      case 'string':
      case 'multiline':
      case 'number': {
        const value = this.primary();
        return { kind: 'typeLiteral', value, start: t.start, end: value.end };
      }
      case 'minus': {
        const value = this.unary();
        return { kind: 'typeLiteral', value, start: t.start, end: value.end };
      }
      case 'not': {
        this.next();
        return this.typePostfix();
      }
      case 'lparen': {
        this.next();
        this.skipNewlines();
        const inner = this.typeExpr();
        this.skipNewlines();
        const e = this.expect('rparen', 'the ")" character');
        return { ...inner, start: t.start, end: e.end };
      }
      case 'lbrace':
        return this.objectType();
      case 'lbracket': {
        this.next();
        const items: TypeExpr[] = [];
        for (;;) {
          while (this.at('newline') || this.at('comma')) this.next();
          if (this.at('rbracket') || this.at('eof')) break;
          this.decorators();
          items.push(this.typeExpr());
        }
        const e = this.expect('rbracket', 'the "]" character');
        return { kind: 'typeTuple', items, start: t.start, end: e.end };
      }
    }
    this.fail('Expected a type at this location. Specify a valid type expression.', this.missingSpan());
  }

  private objectType(): TypeExpr {
    const open = this.next();
    const props: { name: string; type: TypeExpr; decorators: Decorator[]; start: number; end: number }[] = [];
    for (;;) {
      while (this.at('newline') || this.at('comma')) this.next();
      if (this.at('rbrace') || this.at('eof')) break;
      const itemStart = this.pos;
      try {
        const decorators = this.decorators();
        const k = this.tok;
        let name: string;
        if (k.kind === 'ident') name = this.next().value;
        else if (k.kind === 'string') name = this.stringExpr().parts.join('');
        else if (k.kind === 'star') name = this.next().value;
        else this.fail('Expected a property name at this location.', this.missingSpan());
        this.expect('colon', 'the ":" character');
        const type = this.typeExpr();
        props.push({ name, type, decorators, start: decorators[0]?.start ?? k.start, end: type.end });
        if (!this.at('newline') && !this.at('comma') && !this.at('rbrace')) this.fail('Expected a new line or a comma at this location.');
      } catch (e) {
        if (!(e instanceof Recover)) throw e;
        this.skipLine();
        if (this.pos === itemStart) this.pos++;
      }
    }
    const e = this.expect('rbrace', 'the "}" character');
    return { kind: 'typeObject', props, start: open.start, end: e.end };
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  expression(): Expr {
    if (this.depth >= MAX_DEPTH) return this.tooDeep();
    this.depth++;
    try {
      return this.ternary();
    } finally {
      this.depth--;
    }
  }

  private tooDeep(): Expr {
    const s = this.tok.start;
    this.errors.push({ start: s, end: this.tok.end, message: `The input is nested more than ${MAX_DEPTH} levels deep.`, tooDeep: true });
    if (OPENERS[this.tok.kind]) this.skipBalanced();
    else this.next();
    return { kind: 'missing', start: s, end: this.tokens[this.pos - 1]?.end ?? s };
  }

  private ternary(): Expr {
    const lambda = this.tryLambda();
    if (lambda) return lambda;
    const test = this.binary(1);
    const q = this.peekPastNewlines();
    if (q.kind !== 'question') return test;
    this.skipNewlines();
    this.next();
    this.skipNewlines();
    const then = this.expression();
    this.skipNewlines();
    this.expect('colon', 'the ":" character');
    this.skipNewlines();
    const otherwise = this.expression();
    return { kind: 'ternary', test, then, else: otherwise, start: test.start, end: otherwise.end };
  }

  /** `x => body`, `(x, y) => body`, `() => body`; decided by a flat scan, without backtracking. */
  private tryLambda(): Expr | undefined {
    const t = this.tok;
    let params: Ident[] | undefined;
    if (t.kind === 'ident' && this.peek().kind === 'arrow') {
      this.next();
      params = [{ name: t.value, start: t.start, end: t.end }];
    } else if (t.kind === 'lparen') {
      let p = this.pos + 1;
      const names: Ident[] = [];
      const skipNl = () => {
        while (this.tokens[p]!.kind === 'newline') p++;
      };
      skipNl();
      while (this.tokens[p]!.kind === 'ident') {
        const id = this.tokens[p]!;
        names.push({ name: id.value, start: id.start, end: id.end });
        p++;
        skipNl();
        if (this.tokens[p]!.kind !== 'comma') break;
        p++;
        skipNl();
      }
      if (this.tokens[p]!.kind !== 'rparen' || this.tokens[p + 1]?.kind !== 'arrow') return undefined;
      this.pos = p + 1;
      params = names;
    }
    if (!params) return undefined;
    this.next(); // =>
    this.skipNewlines();
    const body = this.expression();
    return { kind: 'lambda', params, body, start: t.start, end: body.end };
  }

  private binary(minPrec: number): Expr {
    let left = this.unary();
    let chain = 0;
    for (;;) {
      let t = this.tok;
      // Newline continuation only before operators that cannot start an array item or a property.
      if (t.kind === 'newline') {
        const n = this.peekPastNewlines();
        if (n.kind === 'doubleQuestion' || n.kind === 'or' || n.kind === 'and') {
          this.skipNewlines();
          t = this.tok;
        } else return left;
      }
      const op = BINARY_PRECEDENCE[t.kind];
      if (!op || op[1] < minPrec) return left;
      this.next();
      this.skipNewlines();
      // A long flat chain builds a deep tree: cap it like nesting.
      if (++chain + this.depth > MAX_DEPTH * 20) {
        this.errors.push({ start: t.start, end: t.end, message: `The expression has more than ${MAX_DEPTH * 20} operators in a row.`, tooDeep: true });
        while (!this.at('newline') && !this.at('eof') && !CLOSERS[this.tok.kind]) this.next();
        return left;
      }
      // `??` is right-associative; the others are left-associative.
      const right = op[0] === '??' ? this.binary(op[1]) : this.binary(op[1] + 1);
      left = { kind: 'binary', op: op[0], left, right, start: left.start, end: right.end };
    }
  }

  private unary(): Expr {
    const t = this.tok;
    if (t.kind === 'not' || t.kind === 'minus') {
      if (this.depth >= MAX_DEPTH) return this.tooDeep();
      this.next();
      this.depth++;
      try {
        const operand = this.unary();
        if (t.kind === 'minus' && operand.kind === 'number' && operand.start === t.end) {
          return { kind: 'number', value: -operand.value, start: t.start, end: operand.end };
        }
        return { kind: 'unary', op: t.kind === 'not' ? '!' : '-', operand, start: t.start, end: operand.end };
      } finally {
        this.depth--;
      }
    }
    return this.postfix();
  }

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      const t = this.tok;
      if (t.kind === 'newline') {
        const n = this.peekPastNewlines();
        if (n.kind === 'dot' || n.kind === 'questionDot') {
          this.skipNewlines();
          continue;
        }
        return e;
      }
      if (t.kind === 'dot' || t.kind === 'questionDot') {
        this.next();
        const name = this.identifier('a property name');
        if (this.at('lparen') && t.kind === 'dot') {
          const r = this.callArgs();
          e = { kind: 'call', target: e, name, args: r.args, start: e.start, end: r.end };
        } else {
          e = { kind: 'member', object: e, name, safe: t.kind === 'questionDot', start: e.start, end: name.end };
        }
      } else if (t.kind === 'lbracket' && t.start === e.end) {
        this.next();
        let safe = false;
        if (this.at('question')) {
          this.next();
          safe = true;
        }
        let fromEnd = false;
        if (this.at('hat')) {
          this.next();
          fromEnd = true;
        }
        this.skipNewlines();
        const index = this.expression();
        this.skipNewlines();
        const close = this.expect('rbracket', 'the "]" character');
        e = { kind: 'index', object: e, index, safe, ...(fromEnd ? { fromEnd } : {}), start: e.start, end: close.end };
      } else if (t.kind === 'doubleColon') {
        this.next();
        const name = this.identifier('a nested resource name');
        e = { kind: 'child', object: e, name, start: e.start, end: name.end };
      } else if (t.kind === 'not' && t.start === e.end && this.peek().kind !== 'assign') {
        this.next();
        e = { kind: 'nonNull', inner: e, start: e.start, end: t.end };
      } else {
        return e;
      }
    }
  }

  private identExpr(): Expr {
    const t = this.next();
    return { kind: 'ident', name: t.value, start: t.start, end: t.end };
  }

  private primary(): Expr {
    const t = this.tok;
    switch (t.kind) {
      case 'number': {
        this.next();
        return { kind: 'number', value: Number(t.value), start: t.start, end: t.end };
      }
      case 'string':
      case 'stringLeft':
      case 'multiline':
        return this.stringExpr();
      case 'ident': {
        if (t.value === 'true' || t.value === 'false') {
          this.next();
          return { kind: 'bool', value: t.value === 'true', start: t.start, end: t.end };
        }
        if (t.value === 'null') {
          this.next();
          return { kind: 'null', start: t.start, end: t.end };
        }
        this.next();
        const name: Ident = { name: t.value, start: t.start, end: t.end };
        if (this.at('lparen')) {
          const r = this.callArgs();
          return { kind: 'call', name, args: r.args, start: t.start, end: r.end };
        }
        return { kind: 'ident', name: t.value, start: t.start, end: t.end };
      }
      case 'lbrace':
        return this.object();
      case 'lbracket':
        return this.array();
      case 'lparen':
        return this.parenthesized();
    }
    this.fail('Expected an expression at this location.', this.missingSpan());
  }

  private parenthesized(): Expr {
    const open = this.next();
    this.skipNewlines();
    const inner = this.expression();
    this.skipNewlines();
    const close = this.expect('rparen', 'the ")" character');
    return { kind: 'paren', inner, start: open.start, end: close.end };
  }

  private callArgs(): { args: Expr[]; end: number } {
    this.next(); // (
    const args: Expr[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.at('rparen')) break;
      args.push(this.expression());
      this.skipNewlines();
      if (this.at('comma')) {
        this.next();
        continue;
      }
      if (!this.at('rparen')) this.fail('Expected the ")" character or a comma at this location.', this.missingSpan());
    }
    return { args, end: this.next().end };
  }

  stringExpr(): StringExpr {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'string', parts: [t.value], start: t.start, end: t.end };
    if (t.kind === 'multiline') return { kind: 'string', parts: [t.value], multiline: true, start: t.start, end: t.end };
    // Interpolated: left piece, then holes separated by middle pieces, then the right piece.
    const parts: (string | Expr)[] = [t.value];
    for (;;) {
      this.skipNewlines();
      parts.push(this.at('stringMiddle') || this.at('stringRight') ? this.missingHere('Expected an expression at this location.') : this.expression());
      this.skipNewlines();
      const p = this.tok;
      if (p.kind === 'stringMiddle') {
        this.next();
        parts.push(p.value);
        continue;
      }
      if (p.kind === 'stringRight') {
        this.next();
        parts.push(p.value);
        return { kind: 'string', parts, start: t.start, end: p.end };
      }
      this.fail('Expected the "}" character at this location.', this.missingSpan());
    }
  }

  private missingHere(message: string): Expr {
    this.error(message, this.missingSpan());
    return { kind: 'missing', start: this.tok.start, end: this.tok.start };
  }

  private object(): ObjectExpr {
    const open = this.next();
    const items: ObjectExpr['items'] = [];
    for (;;) {
      while (this.at('newline') || this.at('comma')) this.next();
      if (this.at('rbrace')) break;
      if (this.at('eof') || this.at('rbracket') || this.at('rparen') || this.at('stringRight') || this.at('stringMiddle')) {
        this.error('Expected the "}" character at this location.', this.missingSpan());
        return { kind: 'object', items, start: open.start, end: this.tokens[this.pos - 1]!.end };
      }
      const itemStart = this.pos;
      try {
        items.push(this.objectItem());
        if (!this.at('newline') && !this.at('comma') && !this.at('rbrace')) this.fail('Expected a new line or a comma character at this location.');
      } catch (e) {
        if (!(e instanceof Recover)) throw e;
        this.skipLine();
        if (this.pos === itemStart) this.pos++;
      }
    }
    const close = this.next();
    if (items.length > 1) this.reportRepeatedKeys(items);
    return { kind: 'object', items, start: open.start, end: close.end };
  }

  /**
   * A property name given twice in one object is an error of the compiler (BCP025), at every occurrence:
   * which of the values would be deployed is not for the scan to choose. Keys are compared as written
   * (`name` and `'name'` are the same key); an interpolated key is known only when evaluated.
   */
  private reportRepeatedKeys(items: ObjectExpr['items']): void {
    let repeated: Set<string> | undefined;
    const n = items.length;
    if (n <= SMALL_OBJECT) {
      // Most objects are small: their keys compared pairwise, with nothing allocated unless one repeats.
      for (let i = 0; i < n; i++) smallKeys[i] = keyName(items[i]!);
      for (let i = 0; i < n; i++) {
        const a = smallKeys[i];
        if (a === undefined) continue;
        for (let j = i + 1; j < n; j++) if (smallKeys[j] === a) (repeated ??= new Set()).add(a);
      }
      smallKeys.fill(undefined, 0, n); // a key sliced from the text would keep the whole text alive
    } else {
      const seen = new Set<string>();
      for (const it of items) {
        const k = keyName(it);
        if (k !== undefined) (seen.has(k) ? (repeated ??= new Set()) : seen).add(k);
      }
    }
    if (!repeated) return;
    for (const it of items) {
      const k = keyName(it);
      if (k !== undefined && repeated.has(k)) this.error(`The property "${k}" is declared more than once in this object.`, (it as ObjectProperty).key);
    }
  }


  private objectItem(): ObjectProperty | SpreadItem | ResourceDecl {
    if (this.at('ellipsis')) {
      const s = this.next();
      const value = this.expression();
      return { kind: 'spread', value, start: s.start, end: value.end };
    }
    const decorators = this.decorators();
    const t = this.tok;
    if (t.kind === 'ident' && t.value === 'resource' && this.peek().kind === 'ident') {
      return this.resourceDecl(decorators, decorators[0]?.start ?? t.start);
    }
    let key: Ident | StringExpr;
    if (t.kind === 'ident') {
      this.next();
      key = { name: t.value, start: t.start, end: t.end };
    } else if (t.kind === 'string' || t.kind === 'stringLeft' || t.kind === 'multiline') {
      key = this.stringExpr();
    } else {
      this.fail('Expected a property name at this location.', this.missingSpan());
    }
    this.expect('colon', 'the ":" character');
    // Bicep allows the value on the same line only; a line break here is an error the compiler reports too.
    const value = this.expression();
    return { kind: 'property', key, value, decorators, start: decorators[0]?.start ?? key.start, end: value.end };
  }

  private array(): Expr {
    const open = this.next();
    if (this.peekPastNewlines().kind === 'ident' && this.peekPastNewlines().value === 'for') return this.forExpr(open);
    const items: ArrayExpr['items'] = [];
    for (;;) {
      while (this.at('newline') || this.at('comma')) this.next();
      if (this.at('rbracket')) break;
      if (this.at('eof') || this.at('rbrace') || this.at('rparen') || this.at('stringRight') || this.at('stringMiddle')) {
        this.error('Expected the "]" character at this location.', this.missingSpan());
        return { kind: 'array', items, start: open.start, end: this.tokens[this.pos - 1]!.end };
      }
      const itemStart = this.pos;
      try {
        if (this.at('ellipsis')) {
          const s = this.next();
          const value = this.expression();
          items.push({ kind: 'spread', value, start: s.start, end: value.end });
        } else {
          items.push(this.expression());
        }
        if (!this.at('newline') && !this.at('comma') && !this.at('rbracket')) this.fail('Expected a new line or a comma character at this location.');
      } catch (e) {
        if (!(e instanceof Recover)) throw e;
        this.skipLine();
        if (this.pos === itemStart) this.pos++;
      }
    }
    const close = this.next();
    return { kind: 'array', items, start: open.start, end: close.end };
  }

  private forExpr(open: Token): ForExpr {
    this.skipNewlines();
    this.next(); // for
    let item: Ident | undefined;
    let index: Ident | undefined;
    if (this.at('lparen')) {
      this.next();
      item = this.identifier('a loop item identifier');
      this.expect('comma', 'the "," character');
      index = this.identifier('a loop index identifier');
      this.expect('rparen', 'the ")" character');
    } else {
      item = this.identifier('a loop item identifier or "("');
    }
    if (!this.atWord('in')) this.fail('Expected the "in" keyword at this location.', this.missingSpan());
    this.next();
    const source = this.expression();
    this.expect('colon', 'the ":" character');
    this.skipNewlines();
    const body = this.atWord('if') ? this.ifExpr() : this.expression();
    this.skipNewlines();
    const close = this.expect('rbracket', 'the "]" character');
    return { kind: 'for', item, ...(index ? { index } : {}), source, body, start: open.start, end: close.end };
  }
}

/** Parses a Bicep (or, with `paramsFile`, a `.bicepparam`) file. Never throws on any input. */
const SMALL_OBJECT = 8;
const smallKeys: (string | undefined)[] = new Array<string | undefined>(SMALL_OBJECT).fill(undefined);

/** The key of an object property as written (`name` or `'name'`), or undefined (interpolated, or not a property). */
function keyName(it: ObjectExpr['items'][number]): string | undefined {
  if (it.kind !== 'property') return undefined;
  const k = it.key;
  if ('name' in k) return k.name;
  if (k.parts.length === 0) return '';
  return k.parts.length === 1 && typeof k.parts[0] === 'string' ? k.parts[0] : undefined;
}

export function parseBicep(text: string, options: ParseOptions = {}): BicepFile {
  const lexed = lex(text);
  const directives: Span[] = [];
  const tokens: Token[] = [];
  for (const t of lexed.tokens) {
    if (t.kind === 'hash') directives.push({ start: t.start, end: t.end });
    else tokens.push(t);
  }
  const p = new Parser(tokens, options.paramsFile === true);
  const declarations = p.parseFile();
  const errors: ParseError[] = [...lexed.errors.map((e) => ({ start: e.start, end: e.end, message: e.message })), ...p.errors];
  errors.sort((a, b) => a.start - b.start);
  return { declarations, comments: lexed.comments, directives, errors };
}
