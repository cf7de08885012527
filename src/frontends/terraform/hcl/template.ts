/**
 * From the sequences the parser found in a quoted template or heredoc to the template's parts: the
 * literal text between them (escapes decoded, a flush heredoc's indentation removed), strip markers
 * applied, and `%{if}`/`%{for}` directives folded into nested parts.
 * https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md#templates
 */
import type { Expr, TemplatePart } from './ast.js';

interface Markers {
  /** `${~` / `%{~`: trailing white space of the text before is removed. */
  stripBefore: boolean;
  /** `~}`: leading white space of the text after is removed. */
  stripAfter: boolean;
  start: number;
  end: number;
}

export type TemplateSequence = Markers &
  (
    | { k: 'interp'; expr: Expr }
    | { k: 'if'; cond: Expr }
    | { k: 'for'; keyVar?: string; valVar: string; coll: Expr }
    | { k: 'else' | 'endif' | 'endfor' }
  );

type Flat = { k: 'text'; text: string } | TemplateSequence;

/**
 * `from`/`to` bound the template's text in the source; `sequences` are in source order and well nested
 * (the parser checks that).
 */
export function templateParts(text: string, from: number, to: number, sequences: readonly TemplateSequence[], heredoc: boolean, flush: boolean): TemplatePart[] {
  const indent = flush ? minIndent(text, from, to) : 0;
  const unescape = heredoc ? unescapeHeredoc : unescapeQuoted;
  const flat: Flat[] = [];
  let pos = from;
  const literal = (end: number): void => {
    if (end <= pos) return;
    let raw = text.slice(pos, end);
    if (indent > 0) raw = stripIndent(raw, indent, pos === from || text.charCodeAt(pos - 1) === 10);
    flat.push({ k: 'text', text: unescape(raw) });
  };
  for (const s of sequences) {
    literal(s.start);
    flat.push(s);
    pos = s.end;
  }
  literal(to);

  for (let i = 0; i < flat.length; i++) {
    const f = flat[i]!;
    if (f.k === 'text') continue;
    const prev = flat[i - 1];
    const next = flat[i + 1];
    if (f.stripBefore && prev?.k === 'text') prev.text = prev.text.trimEnd();
    if (f.stripAfter && next?.k === 'text') next.text = next.text.trimStart();
  }

  const root: TemplatePart[] = [];
  type Open = Extract<TemplatePart, { k: 'if' }> | Extract<TemplatePart, { k: 'for' }>;
  const stack: { node: Open; inElse: boolean }[] = [];
  const target = (): TemplatePart[] => {
    const top = stack[stack.length - 1];
    if (!top) return root;
    if (top.node.k === 'for') return top.node.body;
    return top.inElse ? top.node.else : top.node.then;
  };
  for (const f of flat) {
    switch (f.k) {
      case 'text':
        if (f.text) target().push({ k: 'text', text: f.text });
        break;
      case 'interp':
        target().push({ k: 'interp', expr: f.expr, stripBefore: f.stripBefore, stripAfter: f.stripAfter });
        break;
      case 'if': {
        const node: Open = { k: 'if', cond: f.cond, then: [], else: [] };
        target().push(node);
        stack.push({ node, inElse: false });
        break;
      }
      case 'for': {
        const node: Open = { k: 'for', ...(f.keyVar !== undefined ? { keyVar: f.keyVar } : {}), valVar: f.valVar, coll: f.coll, body: [] };
        target().push(node);
        stack.push({ node, inElse: false });
        break;
      }
      case 'else':
        if (stack.length > 0) stack[stack.length - 1]!.inElse = true;
        break;
      default:
        stack.pop();
    }
  }
  return root;
}

/**
 * Quoted-template escapes, and `$${` / `%%{` for a literal `${` / `%{`. An escape that is not valid is
 * kept as written (the lexer has reported it).
 */
export function unescapeQuoted(s: string): string {
  if (s.indexOf('\\') < 0 && s.indexOf('$${') < 0 && s.indexOf('%%{') < 0) return s;
  let out = '';
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < n) {
      const e = s[i + 1]!;
      i += 2;
      switch (e) {
        case 'n':
          out += '\n';
          continue;
        case 'r':
          out += '\r';
          continue;
        case 't':
          out += '\t';
          continue;
        case '"':
        case '\\':
          out += e;
          continue;
        case 'u':
        case 'U': {
          const len = e === 'u' ? 4 : 8;
          const hex = s.slice(i, i + len);
          const cp = hex.length === len && /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : -1;
          if (cp >= 0 && cp <= 0x10ffff) {
            out += String.fromCodePoint(cp);
            i += len;
          } else out += '\\' + e;
          continue;
        }
        default:
          out += '\\' + e;
          continue;
      }
    }
    if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') {
      out += c + '{';
      i += 3;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Heredocs have no backslash escapes; only `$${` and `%%{`. */
export function unescapeHeredoc(s: string): string {
  if (s.indexOf('$${') < 0 && s.indexOf('%%{') < 0) return s;
  return s.split('$${').join('${').split('%%{').join('%{');
}

/** The smallest indentation (spaces and tabs) of the lines of `text[from, to)` that are not blank. */
function minIndent(text: string, from: number, to: number): number {
  let min = Infinity;
  let lineStart = from;
  while (lineStart <= to) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > to) lineEnd = to;
    let k = lineStart;
    while (k < lineEnd && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
    if (k - lineStart < min && text.slice(k, lineEnd).trim() !== '') min = k - lineStart;
    lineStart = lineEnd + 1;
  }
  return min === Infinity ? 0 : min;
}

/** Removes up to `n` spaces and tabs at the start of each line (of the first only when it starts a line). */
function stripIndent(raw: string, n: number, atLineStart: boolean): string {
  const lines = raw.split('\n');
  for (let i = atLineStart ? 0 : 1; i < lines.length; i++) {
    const l = lines[i]!;
    let k = 0;
    while (k < n && (l.charCodeAt(k) === 32 || l.charCodeAt(k) === 9)) k++;
    if (k > 0) lines[i] = l.slice(k);
  }
  return lines.join('\n');
}
