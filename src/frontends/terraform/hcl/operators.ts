/** HCL's binary operators: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#operations */
import { Tok } from './lexer.js';

/** Binding strength of the binary operators, weakest first; 0 for any other token. */
export const PRECEDENCE = new Uint8Array(64);
/** The operator as written, for the syntax tree. */
export const OPERATOR = new Array<string>(64);
for (const [tok, prec, text] of [
  [Tok.OR, 1, '||'],
  [Tok.AND, 2, '&&'],
  [Tok.EQUAL_OP, 3, '=='],
  [Tok.NOT_EQUAL, 3, '!='],
  [Tok.LESS, 4, '<'],
  [Tok.LESS_EQUAL, 4, '<='],
  [Tok.GREATER, 4, '>'],
  [Tok.GREATER_EQUAL, 4, '>='],
  [Tok.PLUS, 5, '+'],
  [Tok.MINUS, 5, '-'],
  [Tok.STAR, 6, '*'],
  [Tok.SLASH, 6, '/'],
  [Tok.PERCENT, 6, '%'],
] as const) {
  PRECEDENCE[tok] = prec;
  OPERATOR[tok] = text;
}
