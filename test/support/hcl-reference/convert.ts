/**
 * Reference implementation, for tests only (see parse.ts). From the copied tree-sitter tree to the
 * evaluable syntax tree. Recursion here is bounded: the copy stops at a fixed depth, so a hostile input
 * cannot overflow the stack.
 */
import type { Attribute, Block, Body, Comment, Expr, ObjectElem, Span, TemplatePart, TraversalStep } from '../../../src/frontends/terraform/hcl/ast.js';
import { child, kids, named, type SNode } from './syntax.js';

const BINARY_OPS = new Set(['*', '/', '%', '+', '-', '>', '>=', '<', '<=', '==', '!=', '&&', '||']);

export class Converter {
  constructor(
    private readonly text: string,
    private readonly commentsByStart: Map<number, Comment>,
  ) {}

  private slice(n: Span): string {
    return this.text.slice(n.start, n.end);
  }

  body(n: SNode): Body {
    const body: Body = { attributes: [], blocks: [] };
    this.collectBody(n, body);
    return body;
  }

  private collectBody(n: SNode, body: Body): void {
    let pending: Comment[] = [];
    for (const c of n.children) {
      if (c.type === 'comment') {
        const cm = this.commentsByStart.get(c.start);
        if (cm) pending.push(cm);
        continue;
      }
      let span: Span | undefined;
      if (c.type === 'attribute') {
        const a = this.attribute(c);
        if (a) {
          body.attributes.push(a);
          span = a;
        }
      } else if (c.type === 'block') {
        const b = this.block(c);
        if (b) {
          body.blocks.push(b);
          span = b;
        }
      } else if (c.type === 'body' || c.type === 'ERROR') {
        // Statements that survived around a syntax error are still read: the error itself is reported.
        this.collectBody(c, body);
      }
      if (span) {
        for (const p of pending) p.next = { start: span.start, end: span.end };
        pending = [];
      }
    }
  }

  private attribute(n: SNode): Attribute | undefined {
    const id = child(n, 'identifier');
    const ex = child(n, 'expression');
    if (!id) return undefined;
    return {
      name: this.slice(id),
      nameSpan: { start: id.start, end: id.end },
      expr: ex ? this.expr(ex) : bad(n, 'missing expression'),
      start: n.start,
      end: n.end,
    };
  }

  private block(n: SNode): Block | undefined {
    const parts = kids(n);
    const id = parts[0];
    if (!id || id.type !== 'identifier') return undefined;
    const labels: string[] = [];
    const labelSpans: Span[] = [];
    for (const p of parts.slice(1)) {
      if (p.type === 'string_lit') {
        const lit = child(p, 'template_literal');
        labels.push(lit ? unescapeQuoted(this.slice(lit)) : '');
        labelSpans.push({ start: p.start, end: p.end });
      } else if (p.type === 'identifier') {
        labels.push(this.slice(p));
        labelSpans.push({ start: p.start, end: p.end });
      } else break;
    }
    const b = child(n, 'body');
    return { type: this.slice(id), labels, labelSpans, body: b ? this.body(b) : { attributes: [], blocks: [] }, start: n.start, end: n.end };
  }

  expr(n: SNode): Expr {
    if (n.cut) return bad(n, 'nested too deeply');
    if (n.type !== 'expression') return this.term([n]);
    const parts = kids(n);
    if (parts.length === 1 && parts[0]!.type === 'conditional') return this.conditional(parts[0]!);
    return this.term(parts, n);
  }

  private conditional(n: SNode): Expr {
    const xs = named(n).filter((x) => x.type === 'expression');
    if (xs.length !== 3) return bad(n, 'incomplete conditional');
    return { k: 'cond', test: this.expr(xs[0]!), then: this.expr(xs[1]!), else: this.expr(xs[2]!), start: n.start, end: n.end };
  }

  /** A primary term followed by postfix attribute, index and splat operations. */
  private term(parts: SNode[], whole?: SNode): Expr {
    if (parts.length === 0) return bad(whole ?? { start: 0, end: 0 }, 'empty expression');
    let i: number;
    let e: Expr;
    const first = parts[0]!;
    if (first.type === '(') {
      const inner = parts.find((p) => p.type === 'expression');
      const close = parts.findIndex((p) => p.type === ')');
      const end = close >= 0 ? parts[close]!.end : (inner?.end ?? first.end);
      e = { k: 'paren', expr: inner ? this.expr(inner) : bad(first, 'empty parentheses'), start: first.start, end };
      i = close >= 0 ? close + 1 : parts.length;
    } else {
      e = this.primary(first);
      i = 1;
    }
    for (; i < parts.length; i++) {
      const p = parts[i]!;
      const start = e.start;
      if (p.type === 'get_attr') {
        const id = child(p, 'identifier');
        e = { k: 'attr', obj: e, name: id ? this.slice(id) : '', start, end: p.end };
      } else if (p.type === 'index') {
        e = { k: 'index', obj: e, key: this.indexKey(p), start, end: p.end };
      } else if (p.type === 'splat') {
        const s = named(p)[0];
        const steps: TraversalStep[] = [];
        for (const st of s ? named(s) : []) {
          if (st.type === 'get_attr') {
            const id = child(st, 'identifier');
            steps.push({ k: 'attr', name: id ? this.slice(id) : '', span: { start: st.start, end: st.end } });
          } else if (st.type === 'index') steps.push({ k: 'index', key: this.indexKey(st), span: { start: st.start, end: st.end } });
        }
        e = { k: 'splat', obj: e, steps, full: s?.type === 'full_splat', start, end: p.end };
      } else if (p.type === 'ERROR' || p.missing) {
        return bad(whole ?? p, 'syntax error');
      }
    }
    return e;
  }

  private indexKey(p: SNode): Expr {
    const inner = named(p)[0];
    if (!inner) return bad(p, 'empty index');
    if (inner.type === 'legacy_index') {
      const digits = this.slice(inner).replace(/^\./, '');
      return { k: 'lit', value: Number(digits), start: inner.start + 1, end: inner.end };
    }
    const ex = child(inner, 'expression');
    return ex ? this.expr(ex) : bad(inner, 'empty index');
  }

  private primary(n: SNode): Expr {
    if (n.cut) return bad(n, 'nested too deeply');
    switch (n.type) {
      case 'expression':
        return this.expr(n);
      case 'literal_value':
        return this.literal(n);
      case 'template_expr': {
        const t = named(n)[0];
        if (!t) return bad(n, 'empty template');
        return t.type === 'heredoc_template' ? this.heredoc(t) : this.quoted(t);
      }
      case 'collection_value': {
        const c = named(n)[0];
        if (!c) return bad(n, 'empty collection');
        return c.type === 'tuple' ? this.tuple(c) : this.object(c);
      }
      case 'variable_expr': {
        const id = child(n, 'identifier');
        return { k: 'var', name: id ? this.slice(id) : this.slice(n), start: n.start, end: n.end };
      }
      case 'function_call':
        return this.call(n);
      case 'for_expr': {
        const f = named(n)[0];
        if (!f) return bad(n, 'empty for expression');
        return this.forExpr(f);
      }
      case 'operation': {
        const o = named(n)[0];
        if (!o) return bad(n, 'empty operation');
        return this.operation(o);
      }
      case 'conditional':
        return this.conditional(n);
      default:
        return bad(n, n.type === 'ERROR' ? 'syntax error' : `unexpected ${n.type}`);
    }
  }

  private literal(n: SNode): Expr {
    const c = named(n)[0];
    if (!c) return bad(n, 'empty literal');
    const span = { start: n.start, end: n.end };
    if (c.type === 'numeric_lit') {
      const s = this.slice(c);
      return { k: 'lit', value: s.startsWith('0x') ? parseInt(s.slice(2), 16) : Number(s), ...span };
    }
    if (c.type === 'bool_lit') return { k: 'lit', value: this.slice(c) === 'true', ...span };
    if (c.type === 'null_lit') return { k: 'lit', value: null, ...span };
    if (c.type === 'string_lit') {
      const lit = child(c, 'template_literal');
      const endTok = child(c, 'quoted_template_end');
      const raw = lit ? this.text.slice(lit.start, endTok ? endTok.start : lit.end) : '';
      return { k: 'lit', value: unescapeQuoted(raw), ...span };
    }
    return bad(n, `unexpected ${c.type}`);
  }

  private tuple(n: SNode): Expr {
    const items = named(n)
      .filter((x) => x.type === 'expression')
      .map((x) => this.expr(x));
    return { k: 'tuple', items, start: n.start, end: n.end };
  }

  private object(n: SNode): Expr {
    const elems: ObjectElem[] = [];
    for (const el of named(n)) {
      if (el.type !== 'object_elem') continue;
      const key = el.children.find((x) => x.field === 'key');
      const val = el.children.find((x) => x.field === 'val');
      if (!key || !val) continue;
      const keyParts = kids(key);
      const elem: ObjectElem = { key: this.expr(key), value: this.expr(val), start: el.start, end: el.end };
      if (keyParts.length === 1 && keyParts[0]!.type === 'variable_expr') elem.bareKey = this.slice(keyParts[0]!);
      elems.push(elem);
    }
    return { k: 'object', elems, start: n.start, end: n.end };
  }

  private call(n: SNode): Expr {
    const id = child(n, 'identifier');
    const argsNode = child(n, 'function_arguments');
    const args = argsNode
      ? named(argsNode)
          .filter((x) => x.type === 'expression')
          .map((x) => this.expr(x))
      : [];
    const expandLast = argsNode ? argsNode.children.some((x) => x.type === 'ellipsis') : false;
    return { k: 'call', name: id ? this.slice(id) : '', args, expandLast, start: n.start, end: n.end };
  }

  private forExpr(n: SNode): Expr {
    const intro = child(n, 'for_intro');
    if (!intro) return bad(n, 'incomplete for expression');
    const ids = named(intro).filter((x) => x.type === 'identifier');
    const collNode = child(intro, 'expression');
    const vars = ids.map((x) => this.slice(x));
    const keyVar = vars.length === 2 ? vars[0] : undefined;
    const valVar = vars.length === 2 ? vars[1]! : (vars[0] ?? '_');
    const coll = collNode ? this.expr(collNode) : bad(intro, 'missing collection');
    const exprs = n.children.filter((x) => x.type === 'expression');
    const condNode = child(n, 'for_cond');
    const condExpr = condNode ? child(condNode, 'expression') : undefined;
    const cond = condExpr ? this.expr(condExpr) : undefined;
    const span = { start: n.start, end: n.end };
    if (n.type === 'for_tuple_expr') {
      if (!exprs[0]) return bad(n, 'incomplete for expression');
      return { k: 'forTuple', ...(keyVar ? { keyVar } : {}), valVar, coll, value: this.expr(exprs[0]), ...(cond ? { cond } : {}), ...span };
    }
    if (!exprs[0] || !exprs[1]) return bad(n, 'incomplete for expression');
    return {
      k: 'forObject',
      ...(keyVar ? { keyVar } : {}),
      valVar,
      coll,
      key: this.expr(exprs[0]),
      value: this.expr(exprs[1]),
      group: n.children.some((x) => x.type === 'ellipsis'),
      ...(cond ? { cond } : {}),
      ...span,
    };
  }

  private operation(n: SNode): Expr {
    const parts = kids(n);
    const span = { start: n.start, end: n.end };
    if (n.type === 'unary_operation') {
      const op = parts[0];
      if (!op) return bad(n, 'empty operation');
      return { k: 'unary', op: op.type, operand: this.term(parts.slice(1), n), ...span };
    }
    const at = parts.findIndex((p) => !p.named && BINARY_OPS.has(p.type));
    if (at <= 0) return bad(n, 'incomplete operation');
    return { k: 'binary', op: parts[at]!.type, left: this.term(parts.slice(0, at), n), right: this.term(parts.slice(at + 1), n), ...span };
  }

  // ----- templates -----

  private quoted(n: SNode): Expr {
    const endTok = child(n, 'quoted_template_end');
    const startTok = child(n, 'quoted_template_start');
    const from = startTok ? startTok.end : n.start;
    const to = endTok ? endTok.start : n.end;
    const inner = n.children.filter((x) => x !== startTok && x !== endTok);
    const parts = this.templateParts(inner, from, to, unescapeQuoted, undefined);
    return { k: 'template', parts, start: n.start, end: n.end };
  }

  private heredoc(n: SNode): Expr {
    const ids = n.children.filter((x) => x.type === 'heredoc_identifier');
    const startTok = child(n, 'heredoc_start');
    const flush = startTok ? this.slice(startTok) === '<<-' : false;
    const open = ids[0];
    const close = ids.length > 1 ? ids[ids.length - 1] : undefined;
    let from = open ? open.end : n.start;
    const nl = this.text.indexOf('\n', from);
    from = nl >= 0 && (!close || nl < close.start) ? nl + 1 : from;
    let to = close ? close.start : n.end;
    while (to > from && this.text[to - 1] !== '\n') to--;
    const inner = n.children.filter((x) => x !== startTok && x !== open && x !== close);
    const unescapeHeredoc = (s: string): string => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
    const parts = this.templateParts(inner, from, to, unescapeHeredoc, flush ? minIndent(this.text.slice(from, to)) : undefined);
    return { k: 'template', parts, start: n.start, end: n.end };
  }

  /**
   * Literal text is taken from the source between the interpolations and directives (the grammar's
   * literal chunks leave out some whitespace), then strip markers `~` and the flush heredoc's indent apply.
   */
  private templateParts(nodes: SNode[], from: number, to: number, unescape: (s: string) => string, indent: number | undefined): TemplatePart[] {
    type Flat =
      | { k: 'text'; text: string }
      | { k: 'interp'; expr?: Expr; sb: boolean; sa: boolean; at: SNode }
      | { k: 'if'; cond?: Expr; sb: boolean; sa: boolean; at: SNode }
      | { k: 'else' | 'endif' | 'endfor'; sb: boolean; sa: boolean }
      | { k: 'for'; keyVar?: string; valVar: string; coll?: Expr; sb: boolean; sa: boolean; at: SNode };
    const flat: Flat[] = [];
    let pos = from;
    const text = (end: number): void => {
      if (end > pos) {
        let raw = this.text.slice(pos, end);
        if (indent !== undefined && indent > 0) raw = stripIndent(raw, indent, pos === from || this.text[pos - 1] === '\n');
        flat.push({ k: 'text', text: unescape(raw) });
      }
    };
    const markers = (n: SNode): { sb: boolean; sa: boolean } => {
      const ks = n.children;
      const startIdx = ks.findIndex((x) => x.type === 'template_interpolation_start' || x.type === 'template_directive_start');
      const endIdx = ks.findIndex((x) => x.type === 'template_interpolation_end' || x.type === 'template_directive_end');
      return {
        sb: startIdx >= 0 && ks[startIdx + 1]?.type === 'strip_marker',
        sa: endIdx > 0 && ks[endIdx - 1]?.type === 'strip_marker',
      };
    };
    const visit = (list: SNode[]): void => {
      for (const n of list) {
        if (n.type === 'template_literal' || n.type === 'comment') continue;
        if (n.type === 'template_interpolation') {
          text(n.start);
          const ex = child(n, 'expression');
          flat.push({ k: 'interp', ...(ex ? { expr: this.expr(ex) } : {}), ...markers(n), at: n });
          pos = n.end;
        } else if (n.type === 'template_directive' || n.type === 'template_if' || n.type === 'template_for') {
          visit(n.children);
        } else if (n.type === 'template_if_intro') {
          text(n.start);
          const ex = child(n, 'expression');
          flat.push({ k: 'if', ...(ex ? { cond: this.expr(ex) } : {}), ...markers(n), at: n });
          pos = n.end;
        } else if (n.type === 'template_else_intro' || n.type === 'template_if_end' || n.type === 'template_for_end') {
          text(n.start);
          flat.push({ k: n.type === 'template_else_intro' ? 'else' : n.type === 'template_if_end' ? 'endif' : 'endfor', ...markers(n) });
          pos = n.end;
        } else if (n.type === 'template_for_start') {
          text(n.start);
          const ids = named(n)
            .filter((x) => x.type === 'identifier')
            .map((x) => this.slice(x));
          const ex = child(n, 'expression');
          flat.push({
            k: 'for',
            ...(ids.length === 2 ? { keyVar: ids[0]! } : {}),
            valVar: ids.length === 2 ? ids[1]! : (ids[0] ?? '_'),
            ...(ex ? { coll: this.expr(ex) } : {}),
            ...markers(n),
            at: n,
          });
          pos = n.end;
        }
      }
    };
    visit(nodes);
    text(to);
    // strip markers trim the whitespace of the neighbouring literal text
    for (let i = 0; i < flat.length; i++) {
      const f = flat[i]!;
      if (f.k === 'text') continue;
      const prev = flat[i - 1];
      const next = flat[i + 1];
      if (f.sb && prev?.k === 'text') prev.text = prev.text.replace(/\s+$/, '');
      if (f.sa && next?.k === 'text') next.text = next.text.replace(/^\s+/, '');
    }
    // fold the flat list into nested if/for parts
    const root: TemplatePart[] = [];
    const stack: { parts: TemplatePart[]; node?: Extract<TemplatePart, { k: 'if' }> | Extract<TemplatePart, { k: 'for' }>; inElse?: boolean }[] = [{ parts: root }];
    const top = (): TemplatePart[] => {
      const s = stack[stack.length - 1]!;
      if (s.node?.k === 'if') return s.inElse ? s.node.else : s.node.then;
      if (s.node?.k === 'for') return s.node.body;
      return s.parts;
    };
    for (const f of flat) {
      if (f.k === 'text') {
        if (f.text) top().push({ k: 'text', text: f.text });
      } else if (f.k === 'interp') {
        top().push({ k: 'interp', expr: f.expr ?? bad(f.at, 'empty interpolation'), stripBefore: f.sb, stripAfter: f.sa });
      } else if (f.k === 'if') {
        const node: Extract<TemplatePart, { k: 'if' }> = { k: 'if', cond: f.cond ?? bad(f.at, 'missing condition'), then: [], else: [] };
        top().push(node);
        stack.push({ parts: [], node });
      } else if (f.k === 'for') {
        const node: Extract<TemplatePart, { k: 'for' }> = {
          k: 'for',
          ...(f.keyVar ? { keyVar: f.keyVar } : {}),
          valVar: f.valVar,
          coll: f.coll ?? bad(f.at, 'missing collection'),
          body: [],
        };
        top().push(node);
        stack.push({ parts: [], node });
      } else if (f.k === 'else') {
        const s = stack[stack.length - 1]!;
        if (s.node?.k === 'if') s.inElse = true;
      } else if (stack.length > 1) {
        stack.pop();
      }
    }
    return root;
  }
}

function bad(n: Span, reason: string): Expr {
  return { k: 'bad', reason, start: n.start, end: n.end };
}

/** HCL quoted-string escapes; `$${` and `%%{` are the literal `${` and `%{`. */
export function unescapeQuoted(s: string): string {
  if (!s.includes('\\') && !s.includes('$${') && !s.includes('%%{')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      const n = s[++i]!;
      if (n === 'n') out += '\n';
      else if (n === 'r') out += '\r';
      else if (n === 't') out += '\t';
      else if (n === '"') out += '"';
      else if (n === '\\') out += '\\';
      else if (n === 'u' || n === 'U') {
        const len = n === 'u' ? 4 : 8;
        const hex = s.slice(i + 1, i + 1 + len);
        if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === len) {
          out += String.fromCodePoint(parseInt(hex, 16));
          i += len;
        } else out += '\\' + n;
      } else out += '\\' + n;
    } else if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') {
      out += c + '{';
      i += 2;
    } else out += c;
  }
  return out;
}

function minIndent(content: string): number {
  let min = Infinity;
  for (const line of content.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^[ \t]*/.exec(line)![0].length;
    if (m < min) min = m;
  }
  return min === Infinity ? 0 : min;
}

function stripIndent(raw: string, n: number, atLineStart: boolean): string {
  const lines = raw.split('\n');
  return lines
    .map((l, i) => {
      if (i === 0 && !atLineStart) return l;
      let k = 0;
      while (k < n && (l[k] === ' ' || l[k] === '\t')) k++;
      return l.slice(k);
    })
    .join('\n');
}
