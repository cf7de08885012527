/**
 * Comparing the hand-written HCL parser with the tree-sitter reference: the first path where two trees
 * differ, and the cases where the reference does not read HCL as the spec says
 * (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md). For those the new parser keeps the
 * spec's reading; `asReferenceReads` rewrites a tree of the new parser into what the reference makes of
 * the same text, so a difference is either one of these, named, or a real one.
 */
import type { Block, Body, Expr, HclFile, ObjectElem, TemplatePart, TraversalStep } from '../../../src/frontends/terraform/hcl/ast.js';
import type { ParsedHcl } from '../../../src/frontends/terraform/hcl/parser.js';
import type { DiagnosticKind } from '../../../src/core/diagnostics.js';
import { unescapeQuoted } from './convert.js';
import { hclParser } from './grammar.js';
import { parseHcl, PARSE_BUDGET_MS } from './parse.js';

export const SPEC_DIFFERENCES = {
  'string-leading-space':
    'a quoted string without interpolation loses its leading white space in the reference (a block label also its trailing white space): ' +
    "its scanner skips white space before every template token and the string's value starts at the first token. HCL keeps template text as written " +
    '(spec: Template Literals), so `join(" ", x)` joins with a space.',
  'attribute-splat-index':
    'after an attribute-only splat `.*` the reference applies `[…]` steps (and the steps after them) to each element. The spec (Splat Operators) gives ' +
    '`.*` attribute steps only, so `x.*.id[0]` is `(x.*.id)[0]`, the first id, as Terraform reads it.',
  'conditional-associativity':
    'the reference groups `a ? b : c ? d : e` as `(a ? b : c) ? d : e`; the branches of a conditional are whole expressions (spec: Conditional Operator), so Terraform reads `a ? b : (c ? d : e)`.',
} as const;

export type SpecDifference = keyof typeof SPEC_DIFFERENCES;

/** The reference parser: tree-sitter, as azmtls parsed HCL before. */
export async function referenceParse(path: string, text: string, errorKind: DiagnosticKind = 'HclSyntax', budgetMs = PARSE_BUDGET_MS): Promise<ParsedHcl> {
  return parseHcl(await hclParser(), path, text, errorKind, budgetMs);
}

/** The path of the first difference between two values, or undefined when they are deeply equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path || '.'}: ${show(a)} ≠ ${show(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path || '.'}: array ≠ object`;
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${path}.length: ${a.length} ≠ ${b.length}`;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (!(k in ra) || !(k in rb)) return `${path}.${k}: ${k in ra ? 'present' : 'absent'} ≠ ${k in rb ? 'present' : 'absent'}`;
    const d = firstDifference(ra[k], rb[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** What the differential compares: the statements and the comments. */
export function comparable(file: HclFile): { body: Body; comments: HclFile['comments'] } {
  return { body: file.body, comments: file.comments };
}

/**
 * The new parser's tree as the reference reads the same text, and which of the spec differences that
 * took. The input is not changed.
 */
export function asReferenceReads(file: HclFile): { body: Body; comments: HclFile['comments']; applied: Set<SpecDifference> } {
  const applied = new Set<SpecDifference>();
  const text = file.text;
  const body = (b: Body): Body => ({ attributes: b.attributes.map((a) => ({ ...a, expr: expr(a.expr) })), blocks: b.blocks.map(block) });
  const block = (b: Block): Block => {
    const labels = b.labels.map((l, i) => {
      const span = b.labelSpans[i]!;
      if (text[span.start] !== '"') return l;
      const read = unescapeQuoted(trimScannerSpace(text.slice(span.start + 1, span.end - 1), true));
      if (read !== l) applied.add('string-leading-space');
      return read;
    });
    return { ...b, labels, body: body(b.body) };
  };
  const parts = (ps: TemplatePart[]): TemplatePart[] =>
    ps.map((p) => {
      switch (p.k) {
        case 'text':
          return p;
        case 'interp':
          return { ...p, expr: expr(p.expr) };
        case 'if':
          return { ...p, cond: expr(p.cond), then: parts(p.then), else: parts(p.else) };
        case 'for':
          return { ...p, coll: expr(p.coll), body: parts(p.body) };
      }
    });
  const step = (s: TraversalStep): TraversalStep => (s.k === 'index' ? { ...s, key: expr(s.key) } : s);
  const expr = (e: Expr): Expr => {
    switch (e.k) {
      case 'lit': {
        if (typeof e.value !== 'string' || text[e.start] !== '"') return e;
        const read = unescapeQuoted(trimScannerSpace(text.slice(e.start + 1, e.end - 1), false));
        if (read === e.value) return e;
        applied.add('string-leading-space');
        return { ...e, value: read };
      }
      case 'template':
        return { ...e, parts: parts(e.parts) };
      case 'tuple':
        return { ...e, items: e.items.map(expr) };
      case 'object':
        return { ...e, elems: e.elems.map((el): ObjectElem => ({ ...el, key: expr(el.key), value: expr(el.value) })) };
      case 'call':
        return { ...e, args: e.args.map(expr) };
      case 'attr':
      case 'index': {
        const obj = expr(e.obj);
        if (obj.k === 'splat' && !obj.full) {
          const from = stepStart(text, e.k === 'attr' ? e.end - e.name.length : e.key.start);
          const s: TraversalStep = e.k === 'attr' ? { k: 'attr', name: e.name, span: { start: from, end: e.end } } : { k: 'index', key: expr(e.key), span: { start: from, end: e.end } };
          applied.add('attribute-splat-index');
          return { ...obj, steps: [...obj.steps, s], end: e.end };
        }
        return e.k === 'attr' ? { ...e, obj } : { ...e, obj, key: expr(e.key) };
      }
      case 'splat':
        return { ...e, obj: expr(e.obj), steps: e.steps.map(step) };
      case 'forTuple':
        return { ...e, coll: expr(e.coll), value: expr(e.value), ...(e.cond ? { cond: expr(e.cond) } : {}) };
      case 'forObject':
        return { ...e, coll: expr(e.coll), key: expr(e.key), value: expr(e.value), ...(e.cond ? { cond: expr(e.cond) } : {}) };
      case 'cond': {
        // An unparenthesized chain in the else branch: the reference folds it to the left.
        const tests: Expr[] = [expr(e.test)];
        const thens: Expr[] = [expr(e.then)];
        let last: Expr = e.else;
        while (last.k === 'cond') {
          tests.push(expr(last.test));
          thens.push(expr(last.then));
          last = last.else;
        }
        const final = expr(last);
        if (tests.length === 1) return { ...e, test: tests[0]!, then: thens[0]!, else: final };
        applied.add('conditional-associativity');
        let acc = tests[0]!;
        for (let i = 0; i < tests.length; i++) {
          const otherwise = i + 1 < tests.length ? tests[i + 1]! : final;
          acc = { k: 'cond', test: acc, then: thens[i]!, else: otherwise, start: acc.start, end: otherwise.end };
        }
        return acc;
      }
      case 'unary':
        return { ...e, operand: expr(e.operand) };
      case 'binary':
        return { ...e, left: expr(e.left), right: expr(e.right) };
      case 'paren':
        return { ...e, expr: expr(e.expr) };
      default:
        return e;
    }
  };
  return { body: body(file.body), comments: file.comments, applied };
}

/** The white space the reference's template scanner skips (the C library's iswspace in its wasm build). */
function isScannerSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 0x20 || c === 0x85 || (c >= 0x2000 && c <= 0x200a && c !== 0x2007) || c === 0x2028 || c === 0x2029 || c === 0x205f || c === 0x3000;
}

function trimScannerSpace(s: string, bothEnds: boolean): string {
  let a = 0;
  let b = s.length;
  while (a < b && isScannerSpace(s.charCodeAt(a))) a++;
  if (bothEnds) while (b > a && isScannerSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

/** Where the `[` or `.` of a traversal step is, going back from its key or name over white space. */
function stepStart(text: string, at: number): number {
  let p = at - 1;
  while (p > 0 && /\s/.test(text[p]!)) p--;
  return p;
}

/**
 * Valid HCL on which only the reference reports an error. A malformed input that only the reference
 * rejects must contain one of these (the differential tests check that).
 */
export const REFERENCE_ONLY_ERRORS: { what: string; test: { test(text: string): boolean } }[] = [
  { what: 'a NUL character in a string or comment (the reference stops there)', test: { test: (t) => t.includes('\u0000') } },
  { what: 'a number with an exponent but no fraction, such as 1e5 (spec: Numeric Literals)', test: /(?<![\p{ID_Continue}.])\d+[eE][+-]?\d/u },
  { what: 'a full splat written with spaces, `[ * ]` (the reference has `[*]` as one token)', test: /\[(\s+\*\s*|\*\s+)\]/ },
  {
    what: "a name character newer than the reference's Unicode tables",
    test: {
      test: (t) => {
        for (const ch of t) {
          const c = ch.codePointAt(0)!;
          if (c >= 0x10000 || c === 0x88f || c === 0xc5c || c === 0xcdc || (c >= 0xa7ce && c <= 0xa7f1) || (c >= 0x1acf && c <= 0x1aeb)) return true;
        }
        return false;
      },
    },
  },
  { what: "a heredoc's closing marker on the last line, without a newline after it", test: /<<-?[^\n]*\n[\s\S]*\n[ \t]*[\p{ID_Continue}-]+[ \t\r]*$/u },
  { what: 'an object key in parentheses on the line after an element that ends in a name (the reference, blind to newlines, reads a call)', test: /[\p{ID_Continue}\])"]\s*\n\s*\(/u },
];

/**
 * Malformed HCL on which only the new parser reports an error: the spec does not allow it and Terraform
 * rejects it, but the reference lets it pass. Listed for the reports; not checked one by one.
 */
export const STRICTER_THAN_REFERENCE: string[] = [
  'a newline inside a statement or between object elements where HCL ends it (the reference ignores newlines: `a = b` / `+ c` is one attribute to it)',
  'two statements or object elements on one line without a separator',
  'a quoted string that runs over a line break',
  'text after `<<EOT` on its line (the reference drops it)',
  'characters HCL does not allow outside strings and comments: Unicode line separators and spaces, vertical tab, form feed',
  '`::` other than between the parts of a provider function name, hexadecimal numbers, an empty `${}`',
  'chained legacy indexes such as `x.0.1`, where the spec reads the number 0.1',
];
