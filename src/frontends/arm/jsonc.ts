/**
 * JSON with comments, with exact offsets. ARM accepts comments and trailing commas in templates
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/syntax#comments), so the tree keeps
 * going where strict JSON would stop.
 */
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { findExcessiveNesting, MAX_JSON_DEPTH } from '../json-nesting.js';
import { diagnostic, syntaxDiagnostics, type Diagnostic } from '../../core/diagnostics.js';
import { pushAll } from '../../core/arrays.js';
import type { SourceRef } from '../../core/source.js';
import { setKey, type Value } from '../../model/value.js';
import { fastParse, type JNode, type ParseShape } from './fastjson.js';

export type { JNode };

/** jsonc-parser recurses once per nesting level; deeper input would exhaust the stack. */
export interface ParsedJson {
  root: JNode | undefined;
  /** False when the input was not parsed at all (nested too deeply). */
  parsed: boolean;
}

const ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number format',
  PropertyNameExpected: 'property name expected',
  ValueExpected: 'value expected',
  ColonExpected: "':' expected",
  CommaExpected: "',' expected",
  CloseBraceExpected: "'}' expected",
  CloseBracketExpected: "']' expected",
  EndOfFileExpected: 'end of file expected',
  InvalidCommentToken: 'invalid comment token',
  UnexpectedEndOfComment: 'unexpected end of comment',
  UnexpectedEndOfString: 'unexpected end of string',
  UnexpectedEndOfNumber: 'unexpected end of number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character',
};

const OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

/** Replaces raw control characters inside strings by spaces; undefined when there are none. */
function blankControlCharsInStrings(text: string): { text: string; strings: Set<number> } | undefined {
  const strings = new Set<number>();
  const parts: string[] = [];
  let last = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const start = i;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
        else if (d < 32) {
          strings.add(start);
          parts.push(text.slice(last, i), ' ');
          last = i + 1;
        }
      }
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 1;
    }
  }
  if (strings.size === 0) return undefined;
  parts.push(text.slice(last));
  return { text: parts.join(''), strings };
}

function escapeControlChars(raw: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 32) {
      out += `${raw.slice(last, i)}\\u${c.toString(16).padStart(4, '0')}`;
      last = i + 1;
    }
  }
  return out + raw.slice(last);
}

/** Gives the strings that held raw control characters their real value, decoded from the original text. */
function restoreStrings(root: JNode, original: string, starts: Set<number>): void {
  const stack: JNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'string' && starts.has(node.offset)) {
      const raw = original.slice(node.offset, node.offset + node.length);
      try {
        (node as { value: unknown }).value = JSON.parse(escapeControlChars(raw));
      } catch {
        // Keep the blanked value: the parse errors already point at this string.
      }
    }
    if (node.children) for (const c of node.children) stack.push(c);
  }
}

/**
 * Parses `text` (BOM already stripped); syntax errors become AZM1001 diagnostics at their offsets. With
 * `shape: 'template'` the resource bodies of a well-formed template are checked but built only on demand
 * (see fastjson.ts).
 */
export function parseJsonc(file: string, text: string, diagnostics: Diagnostic[], shape: ParseShape = 'full'): ParsedJson {
  const fast = fastParse(text, MAX_JSON_DEPTH, { shape });
  if (fast.kind === 'ok') return { root: fast.root, parsed: true };
  // jsonc-parser recurses on every bracket: the text it is given must not nest deeper than the limit.
  const tooDeep = (at: number): ParsedJson => {
    diagnostics.push(diagnostic('NestingTooDeep', file, `JSON is nested more than ${MAX_JSON_DEPTH} levels deep; the file is not evaluated`, { file, start: at, end: at + 1 }));
    return { root: undefined, parsed: false };
  };
  const deep = fast.kind === 'deep' ? fast.offset : findExcessiveNesting(text);
  if (deep >= 0) return tooDeep(deep);
  let errors: ParseError[] = [];
  let root = parseTree(text, errors, OPTIONS) as JNode | undefined;
  if (errors.length > 0) {
    // ARM accepts line breaks inside strings (https://learn.microsoft.com/azure/azure-resource-manager/templates/syntax#multi-line-strings);
    // JSON does not. Blank them out (same length, so offsets hold), parse again, and restore those strings' values.
    const patched = blankControlCharsInStrings(text);
    if (patched) {
      // Strings now run past line breaks, so the brackets outside them are not the same ones.
      const deepPatched = findExcessiveNesting(patched.text);
      if (deepPatched >= 0) return tooDeep(deepPatched);
      const retry: ParseError[] = [];
      const again = parseTree(patched.text, retry, OPTIONS) as JNode | undefined;
      if (retry.length < errors.length) {
        errors = retry;
        root = again;
        if (root) restoreStrings(root, text, patched.strings);
      }
    }
  }
  const syntax = errors.map((e) => {
    const code = printParseErrorCode(e.error);
    // An error at the end of the input (truncated file) gets an empty range there, not one past the text.
    return { start: Math.min(e.offset, text.length), end: Math.min(text.length, e.offset + Math.max(1, e.length)), message: `JSON syntax error: ${ERROR_TEXT[code] ?? code}` };
  });
  pushAll(diagnostics, syntaxDiagnostics('JsonSyntax', file, syntax));
  return { root, parsed: true };
}

export function refOf(file: string, node: JNode): SourceRef {
  return { file, start: node.offset, end: node.offset + node.length };
}

/** The value node of a property, looked up case-insensitively (`name` must be lower-case). */
export function child(obj: JNode | undefined, name: string): JNode | undefined {
  const p = childProp(obj, name);
  return p?.children?.[1];
}

/** The property node (`"key": value`) of a property, looked up case-insensitively (`name` lower-case). */
export function childProp(obj: JNode | undefined, name: string): JNode | undefined {
  if (!obj || obj.type !== 'object' || !obj.children) return undefined;
  for (const p of obj.children) {
    const k = p.children?.[0];
    if (!k || typeof k.value !== 'string') continue;
    const key = k.value;
    if (key.length === name.length && (key === name || key.toLowerCase() === name)) return p;
  }
  return undefined;
}

export function keyOf(prop: JNode): string {
  const k = prop.children?.[0];
  return k && typeof k.value === 'string' ? k.value : '';
}

export function stringOf(node: JNode | undefined): string | undefined {
  return node && node.type === 'string' ? (node.value as string) : undefined;
}

/** The plain value of a literal subtree (no expression evaluation), for parameter files. Bounded by MAX_JSON_DEPTH. */
export function literalValue(node: JNode): Value {
  switch (node.type) {
    case 'object': {
      const o: { [k: string]: Value } = {};
      for (const p of node.children ?? []) {
        const v = p.children?.[1];
        if (v) setKey(o, keyOf(p), literalValue(v));
      }
      return o;
    }
    case 'array':
      return (node.children ?? []).map(literalValue);
    case 'string':
    case 'number':
    case 'boolean':
      return node.value as string | number | boolean;
    default:
      return null;
  }
}

/**
 * File offset of the `index`-th UTF-16 unit of a string node's value. Without escapes in the raw literal
 * this is a plain shift; with escapes the raw text is walked to account for them.
 */
export function stringValueOffset(text: string, node: JNode, index: number): number {
  const start = node.offset + 1;
  const value = node.value as string;
  if (node.length - 2 === value.length) return start + index;
  let raw = start;
  let consumed = 0;
  const end = node.offset + node.length - 1;
  while (consumed < index && raw < end) {
    if (text.charCodeAt(raw) === 92 /* \ */) raw += text.charCodeAt(raw + 1) === 117 /* u */ ? 6 : 2;
    else raw += 1;
    consumed++;
  }
  return raw;
}
