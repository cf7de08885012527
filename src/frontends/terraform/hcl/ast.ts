/**
 * The HCL syntax tree azmtls evaluates: built by parser.ts, positions as UTF-16 offsets
 * into the file's text. Only what evaluation needs is kept; every node knows its span, so an unresolved
 * value can quote the expression exactly as written.
 */
import type { Scalar } from '../../../model/value.js';

export interface Span {
  start: number;
  end: number;
}

export type TraversalStep = { k: 'attr'; name: string; span: Span } | { k: 'index'; key: Expr; span: Span };

export type TemplatePart =
  | { k: 'text'; text: string }
  | { k: 'interp'; expr: Expr; stripBefore: boolean; stripAfter: boolean }
  | { k: 'if'; cond: Expr; then: TemplatePart[]; else: TemplatePart[] }
  | { k: 'for'; keyVar?: string; valVar: string; coll: Expr; body: TemplatePart[] };

export interface ObjectElem extends Span {
  key: Expr;
  /** `{ name = 1 }`: a bare identifier key is the string "name", never a variable. */
  bareKey?: string;
  value: Expr;
}

export type Expr = Span &
  (
    | { k: 'lit'; value: Scalar }
    | { k: 'template'; parts: TemplatePart[] }
    | { k: 'tuple'; items: Expr[] }
    | { k: 'object'; elems: ObjectElem[] }
    | { k: 'var'; name: string }
    | { k: 'call'; name: string; args: Expr[]; expandLast: boolean }
    | { k: 'attr'; obj: Expr; name: string }
    | { k: 'index'; obj: Expr; key: Expr }
    | { k: 'splat'; obj: Expr; steps: TraversalStep[]; full: boolean }
    | { k: 'forTuple'; keyVar?: string; valVar: string; coll: Expr; value: Expr; cond?: Expr }
    | { k: 'forObject'; keyVar?: string; valVar: string; coll: Expr; key: Expr; value: Expr; group: boolean; cond?: Expr }
    | { k: 'cond'; test: Expr; then: Expr; else: Expr }
    | { k: 'unary'; op: string; operand: Expr }
    | { k: 'binary'; op: string; left: Expr; right: Expr }
    | { k: 'paren'; expr: Expr }
    | { k: 'bad'; reason: string }
  );

export interface Attribute extends Span {
  name: string;
  nameSpan: Span;
  expr: Expr;
}

export interface Block extends Span {
  type: string;
  labels: string[];
  labelSpans: Span[];
  body: Body;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

/** A comment with the span of the statement (attribute or block) that follows it, if any. */
export interface Comment extends Span {
  text: string;
  next?: Span;
}

export interface HclFile {
  path: string;
  text: string;
  body: Body;
  comments: Comment[];
}
