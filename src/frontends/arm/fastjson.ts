/**
 * A fast, iterative parser for well-formed template JSON, producing the same node shape as jsonc-parser
 * (offsets, lengths, `property` nodes with key and value). It accepts what ARM accepts: comments, trailing
 * commas and line breaks inside strings. On the first syntax error it gives up, and the caller parses
 * again with jsonc-parser, which recovers and reports every error; templates with errors are rare, so the
 * common case pays for one pass only.
 */
import type { ParsedString } from './expression.js';

export type JNodeType = 'object' | 'array' | 'property' | 'string' | 'number' | 'boolean' | 'null';

export interface JNode {
  type: JNodeType;
  value?: unknown;
  offset: number;
  length: number;
  children?: JNode[];
  colonOffset?: number;
  /** The template-language reading of a string node, cached by the evaluator (copies evaluate a node again). */
  parsed?: ParsedString;
}

export type FastResult = { kind: 'ok'; root: JNode } | { kind: 'error' } | { kind: 'deep'; offset: number };

const enum S {
  Value,
  KeyOrClose,
  ValueOrClose,
  Key,
  After,
}

interface Frame {
  node: JNode;
  object: boolean;
  /** The property whose value is being parsed (objects only). */
  prop: JNode | undefined;
}

export function fastParse(text: string, maxDepth: number): FastResult {
  const n = text.length;
  const stack: Frame[] = [];
  let root: JNode | undefined;
  let state: S = S.Value;
  let i = 0;
  let nextBackslash = text.indexOf('\\');
  if (nextBackslash < 0) nextBackslash = n;

  const attach = (node: JNode): void => {
    const top = stack[stack.length - 1];
    if (!top) root = node;
    else if (top.object) top.prop!.children!.push(node);
    else top.node.children!.push(node);
  };
  /** A value is complete: its property (if any) now spans key to value end. */
  const complete = (node: JNode): void => {
    const top = stack[stack.length - 1];
    if (top && top.object) {
      const p = top.prop!;
      p.length = node.offset + node.length - p.offset;
      top.prop = undefined;
    }
  };

  for (;;) {
    // Whitespace and comments.
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else if (c === 47) {
        const d = text.charCodeAt(i + 1);
        if (d === 47) {
          const e = text.indexOf('\n', i + 2);
          i = e < 0 ? n : e + 1;
        } else if (d === 42) {
          const e = text.indexOf('*/', i + 2);
          if (e < 0) return { kind: 'error' };
          i = e + 2;
        } else return { kind: 'error' };
      } else if (c === 0xfeff) i++;
      else break;
    }
    if (i >= n) {
      return stack.length === 0 && root && state === S.After ? { kind: 'ok', root } : { kind: 'error' };
    }
    const c = text.charCodeAt(i);

    if (state === S.After) {
      const top = stack[stack.length - 1];
      if (!top) return { kind: 'error' };
      if (c === 44 /* , */) {
        i++;
        state = top.object ? S.Key : S.ValueOrClose;
        continue;
      }
      if ((c === 125 && top.object) || (c === 93 && !top.object)) {
        i++;
        stack.pop();
        top.node.length = i - top.node.offset;
        complete(top.node);
        state = S.After;
        continue;
      }
      return { kind: 'error' };
    }

    if (state === S.KeyOrClose || state === S.Key) {
      if (c === 125) {
        // `{}` or a trailing comma before `}`.
        const top = stack.pop()!;
        i++;
        top.node.length = i - top.node.offset;
        complete(top.node);
        state = S.After;
        continue;
      }
      if (c !== 34) return { kind: 'error' };
      const key = readString(i);
      if (!key) return { kind: 'error' };
      i = key.offset + key.length;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 32 || d === 10 || d === 13 || d === 9) i++;
        else break;
      }
      if (text.charCodeAt(i) !== 58 /* : */) return { kind: 'error' };
      const prop: JNode = { type: 'property', offset: key.offset, length: 0, colonOffset: i, children: [key] };
      const top = stack[stack.length - 1]!;
      top.node.children!.push(prop);
      top.prop = prop;
      i++;
      state = S.Value;
      continue;
    }

    if (state === S.ValueOrClose && c === 93) {
      const top = stack.pop()!;
      i++;
      top.node.length = i - top.node.offset;
      complete(top.node);
      state = S.After;
      continue;
    }

    // A value.
    if (c === 123 || c === 91) {
      if (stack.length >= maxDepth) return { kind: 'deep', offset: i };
      const node: JNode = { type: c === 123 ? 'object' : 'array', offset: i, length: 0, children: [] };
      attach(node);
      stack.push({ node, object: c === 123, prop: undefined });
      i++;
      state = c === 123 ? S.KeyOrClose : S.ValueOrClose;
      continue;
    }
    let node: JNode;
    if (c === 34) {
      const s = readString(i);
      if (!s) return { kind: 'error' };
      node = s;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) j++;
        else break;
      }
      const raw = text.slice(i, j);
      const v = Number(raw);
      if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(raw) || Number.isNaN(v)) return { kind: 'error' };
      node = { type: 'number', value: v, offset: i, length: j - i };
    } else if (c === 116 && text.startsWith('true', i)) {
      node = { type: 'boolean', value: true, offset: i, length: 4 };
    } else if (c === 102 && text.startsWith('false', i)) {
      node = { type: 'boolean', value: false, offset: i, length: 5 };
    } else if (c === 110 && text.startsWith('null', i)) {
      node = { type: 'null', value: null, offset: i, length: 4 };
    } else {
      return { kind: 'error' };
    }
    attach(node);
    complete(node);
    i = node.offset + node.length;
    state = S.After;
  }

  /** A string literal at `start` (its opening quote); undefined when malformed. */
  function readString(start: number): JNode | undefined {
    const close = text.indexOf('"', start + 1);
    if (close < 0) return undefined;
    if (nextBackslash < start) {
      nextBackslash = text.indexOf('\\', start);
      if (nextBackslash < 0) nextBackslash = n;
    }
    if (nextBackslash > close) {
      // No escapes: raw line breaks are kept as they are, as ARM reads multi-line strings.
      return { type: 'string', value: text.slice(start + 1, close), offset: start, length: close + 1 - start };
    }
    let out = '';
    let j = start + 1;
    let chunk = j;
    for (;;) {
      if (j >= n) return undefined;
      const d = text.charCodeAt(j);
      if (d === 34) break;
      if (d !== 92) {
        j++;
        continue;
      }
      out += text.slice(chunk, j);
      const e = text.charCodeAt(j + 1);
      switch (e) {
        case 34:
          out += '"';
          break;
        case 92:
          out += '\\';
          break;
        case 47:
          out += '/';
          break;
        case 98:
          out += '\b';
          break;
        case 102:
          out += '\f';
          break;
        case 110:
          out += '\n';
          break;
        case 114:
          out += '\r';
          break;
        case 116:
          out += '\t';
          break;
        case 117: {
          const hex = text.slice(j + 2, j + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
          out += String.fromCharCode(parseInt(hex, 16));
          j += 4;
          break;
        }
        default:
          return undefined;
      }
      j += 2;
      chunk = j;
    }
    out += text.slice(chunk, j);
    nextBackslash = text.indexOf('\\', j);
    if (nextBackslash < 0) nextBackslash = n;
    return { type: 'string', value: out, offset: start, length: j + 1 - start };
  }
}
