/**
 * The Bicep syntax tree. Every node has exact UTF-16 offsets (`start`, `end` exclusive) into the file's text.
 * Nodes the parser had to invent while recovering are `missing` expressions with an empty span.
 */

export interface Span {
  start: number;
  end: number;
}

export interface Ident extends Span {
  name: string;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expr =
  | StringExpr
  | NumberExpr
  | BoolExpr
  | NullExpr
  | IdentExpr
  | ObjectExpr
  | ArrayExpr
  | CallExpr
  | MemberExpr
  | IndexExpr
  | ChildAccessExpr
  | UnaryExpr
  | BinaryExpr
  | TernaryExpr
  | ForExpr
  | IfExpr
  | LambdaExpr
  | ParenExpr
  | NonNullExpr
  | MissingExpr;

/** A string literal; `parts` alternates text and holes (`'a${b}c'` is `['a', b, 'c']`). */
export interface StringExpr extends Span {
  kind: 'string';
  parts: (string | Expr)[];
  multiline?: boolean;
}
export interface NumberExpr extends Span { kind: 'number'; value: number }
export interface BoolExpr extends Span { kind: 'bool'; value: boolean }
export interface NullExpr extends Span { kind: 'null' }
export interface IdentExpr extends Span { kind: 'ident'; name: string }

export interface ObjectProperty extends Span {
  kind: 'property';
  /** An identifier or a string (possibly interpolated). */
  key: Ident | StringExpr;
  value: Expr;
  decorators: Decorator[];
}
export interface SpreadItem extends Span { kind: 'spread'; value: Expr }
export interface ObjectExpr extends Span {
  kind: 'object';
  items: (ObjectProperty | SpreadItem | ResourceDecl)[];
}
export interface ArrayExpr extends Span { kind: 'array'; items: (Expr | SpreadItem)[] }

export interface CallExpr extends Span {
  kind: 'call';
  /** `az.resourceGroup()`: the namespace or the object whose method is called (`kv.getSecret('x')`). */
  target?: Expr;
  name: Ident;
  args: Expr[];
}
export interface MemberExpr extends Span { kind: 'member'; object: Expr; name: Ident; safe: boolean }
/** `a[i]`, `a[?i]` (null when missing), `a[^i]` (from the end). */
export interface IndexExpr extends Span { kind: 'index'; object: Expr; index: Expr; safe: boolean; fromEnd?: boolean }
/** `parent::child` */
export interface ChildAccessExpr extends Span { kind: 'child'; object: Expr; name: Ident }
export interface UnaryExpr extends Span { kind: 'unary'; op: '!' | '-'; operand: Expr }
export type BinaryOp = '||' | '&&' | '==' | '!=' | '=~' | '!~' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | '??';
export interface BinaryExpr extends Span { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
export interface TernaryExpr extends Span { kind: 'ternary'; test: Expr; then: Expr; else: Expr }
/** `[for (item, index) in source: body]` */
export interface ForExpr extends Span {
  kind: 'for';
  item?: Ident;
  index?: Ident;
  source: Expr;
  body: Expr;
}
/** `if (test) body`: a resource or module condition, or a loop filter. */
export interface IfExpr extends Span { kind: 'if'; test: Expr; body: Expr }
export interface LambdaExpr extends Span { kind: 'lambda'; params: Ident[]; body: Expr }
export interface ParenExpr extends Span { kind: 'paren'; inner: Expr }
/** `expr!` */
export interface NonNullExpr extends Span { kind: 'nonNull'; inner: Expr }
export interface MissingExpr extends Span { kind: 'missing' }

// ---------------------------------------------------------------------------------------------
// Types (kept as written; the evaluator needs little of them)

export type TypeExpr =
  | { kind: 'typeRef'; start: number; end: number; name: string; args: TypeExpr[]; path: string[] }
  | { kind: 'typeLiteral'; start: number; end: number; value: Expr }
  | { kind: 'typeObject'; start: number; end: number; props: { name: string; type: TypeExpr; decorators: Decorator[]; start: number; end: number }[] }
  | { kind: 'typeTuple'; start: number; end: number; items: TypeExpr[] }
  | { kind: 'typeArray'; start: number; end: number; item: TypeExpr }
  | { kind: 'typeNullable'; start: number; end: number; inner: TypeExpr }
  | { kind: 'typeUnion'; start: number; end: number; members: TypeExpr[] }
  | { kind: 'typeResource'; start: number; end: number; resourceType: string }
  | { kind: 'typeMissing'; start: number; end: number };

// ---------------------------------------------------------------------------------------------
// Declarations

export interface Decorator extends Span {
  /** Without a `sys.` prefix. */
  name: string;
  args: Expr[];
}

interface DeclBase extends Span {
  decorators: Decorator[];
  /** Where the declaration keyword starts (after any decorators). */
  keywordStart?: number;
}

export interface TargetScopeDecl extends DeclBase { kind: 'targetScope'; value: Expr }
export interface MetadataDecl extends DeclBase { kind: 'metadata'; name: Ident; value: Expr }
export interface ParamDecl extends DeclBase { kind: 'param'; name: Ident; type?: TypeExpr; value?: Expr }
export interface VarDecl extends DeclBase { kind: 'var'; name: Ident; type?: TypeExpr; value: Expr }
export interface ResourceDecl extends DeclBase {
  kind: 'resource';
  name: Ident;
  /** The type string as written (`Microsoft.Web/sites@2022-03-01`, or `slots@...` when nested). */
  typeString: StringExpr;
  existing: boolean;
  /** An object, `if (...) {}`, or `[for ...]`. */
  body: Expr;
}
export interface ModuleDecl extends DeclBase { kind: 'module'; name: Ident; path: StringExpr; body: Expr }
export interface OutputDecl extends DeclBase { kind: 'output'; name: Ident; type?: TypeExpr; value: Expr }
export interface TypeDecl extends DeclBase { kind: 'type'; name: Ident; type: TypeExpr }
export interface FuncDecl extends DeclBase {
  kind: 'func';
  name: Ident;
  params: { name: Ident; type?: TypeExpr }[];
  returnType?: TypeExpr;
  body: Expr;
}
/** `import {a, b as c} from 'x'`, `import * as ns from 'x'`, legacy `import 'az@1.0.0'`. */
export interface ImportDecl extends DeclBase {
  kind: 'import';
  items: { name: string; alias?: string; start: number; end: number }[];
  wildcardAlias?: string;
  from?: StringExpr;
}
/** `extension name [with {...}] [as alias]` (and the older `provider`). */
export interface ExtensionDecl extends DeclBase { kind: 'extension'; spec: Expr; config?: Expr; alias?: string }
/** `.bicepparam`: `using './main.bicep'` (or `using none`). */
export interface UsingDecl extends DeclBase { kind: 'using'; path?: StringExpr; none: boolean; config?: Expr }
export interface ExtendsDecl extends DeclBase { kind: 'extends'; path: StringExpr }
/** `.bicepparam` parameter assignment `param x = value`. */
export interface ParamAssignDecl extends DeclBase { kind: 'paramAssign'; name: Ident; value: Expr }
/** Experimental `assert` and `test` declarations: parsed, never evaluated. */
export interface OtherDecl extends DeclBase { kind: 'assert' | 'test'; name: Ident; value: Expr }

export type Decl =
  | TargetScopeDecl
  | MetadataDecl
  | ParamDecl
  | VarDecl
  | ResourceDecl
  | ModuleDecl
  | OutputDecl
  | TypeDecl
  | FuncDecl
  | ImportDecl
  | ExtensionDecl
  | UsingDecl
  | ExtendsDecl
  | ParamAssignDecl
  | OtherDecl;

export interface ParseError {
  start: number;
  end: number;
  message: string;
  /** The input is nested beyond the parser's depth cap. */
  tooDeep?: boolean;
}

export interface BicepFile {
  declarations: Decl[];
  comments: { start: number; end: number; text: string; line: boolean }[];
  /** `#disable-next-line ...` and other directives, as written. */
  directives: Span[];
  errors: ParseError[];
}
