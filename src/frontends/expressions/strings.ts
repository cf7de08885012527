/**
 * String functions. https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string
 * Functions that also take arrays (concat, contains, length, ...) live in collections.ts.
 */
import { Unresolved, type Value } from '../../model/value.js';
import { fail, int, str, wrongType } from './args.js';
import { compositeFormat } from './format.js';
import { guid, uniqueString } from './hashes.js';
import { JsonTextError, parseJsonText } from './json.js';
import type { Library } from './library.js';
import { MAX_RESULT_CHARS } from './size.js';
import { armString, isLambda, textTooLong } from './values.js';

/** Results beyond this size are not built; a template that needs them is beyond what a scan evaluates. */
const MAX_STRING = 4_000_000;

function tooLarge(fn: string): Unresolved {
  return new Unresolved(`${fn}(...)`, `the result of '${fn}' would exceed ${MAX_STRING} characters, which is not evaluated`);
}

function decodeBase64(fn: string, text: string): Buffer {
  // .NET's Convert.FromBase64String: whitespace is ignored, padding only at the end, length a multiple of 4.
  const compact = text.replace(/[\s]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    fail(fn, `cannot decode '${text.length > 60 ? `${text.slice(0, 60)}...` : text}': it is not valid base64.`);
  }
  return Buffer.from(compact, 'base64');
}

/** The hash functions read their arguments joined with '-'; the joined text is refused past the limit. */
function hashInput(fn: string, a: readonly Value[]): string[] {
  const parts = a.map((_, i) => str(fn, a, i));
  let length = parts.length - 1;
  for (const p of parts) length += p.length;
  if (length > MAX_RESULT_CHARS) fail(fn, `cannot hash more than ${MAX_RESULT_CHARS} characters of arguments.`);
  return parts;
}

export function parseJsonArg(fn: string, text: string): Value {
  // An empty text reads as null (Newtonsoft returns no token for it).
  if (text.trim() === '') return null;
  try {
    return parseJsonText(text);
  } catch (e) {
    const why = e instanceof JsonTextError || e instanceof SyntaxError ? e.message : String(e);
    fail(fn, `cannot parse its argument as JSON: ${why}.`);
  }
}

/** .NET Uri.EscapeDataString: everything but the RFC 3986 unreserved characters is percent-encoded. */
function escapeDataString(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** .NET Uri.UnescapeDataString: decodes valid UTF-8 percent sequences and leaves invalid ones as written. */
function unescapeDataString(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** .NET String.Split(string[], None): at each position the first separator that matches wins. */
function splitBy(s: string, separators: string[]): string[] {
  const seps = separators.filter((d) => d.length > 0);
  if (seps.length === 0) return s.split(/\s/u);
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < s.length) {
    const sep = seps.find((d) => s.startsWith(d, i));
    if (sep === undefined) {
      i++;
      continue;
    }
    out.push(s.slice(start, i));
    i += sep.length;
    start = i;
  }
  out.push(s.slice(start));
  return out;
}

const DATA_URI = /^data:([^,]*?)(;base64)?,(.*)$/s;

export const stringFunctions: Library = {
  base64: { min: 1, max: 1, impl: (a, _c, fn) => Buffer.from(str(fn, a, 0), 'utf8').toString('base64') },
  base64ToString: { min: 1, max: 1, impl: (a, _c, fn) => decodeBase64(fn, str(fn, a, 0)).toString('utf8') },
  base64ToJson: { min: 1, max: 1, impl: (a, _c, fn) => parseJsonArg(fn, decodeBase64(fn, str(fn, a, 0)).toString('utf8')) },
  dataUri: {
    min: 1,
    max: 1,
    impl: (a, _c, fn) => `data:text/plain;charset=utf8;base64,${Buffer.from(armString(a[0]!, fn), 'utf8').toString('base64')}`,
  },
  dataUriToString: {
    min: 1,
    max: 1,
    impl: (a, _c, fn) => {
      const m = DATA_URI.exec(str(fn, a, 0));
      if (!m) fail(fn, `expects a data URI ('data:[mediatype][;base64],data'), but got '${a[0] as string}'.`);
      return m[2] ? decodeBase64(fn, m[3]!).toString('utf8') : unescapeDataString(m[3]!);
    },
  },
  endsWith: {
    min: 2,
    max: 2,
    // ARM compares case-insensitively here (endsWith('abcdef', 'EF') is true).
    impl: (a, _c, fn) => str(fn, a, 0).toLowerCase().endsWith(str(fn, a, 1).toLowerCase()),
  },
  startsWith: {
    min: 2,
    max: 2,
    impl: (a, _c, fn) => str(fn, a, 0).toLowerCase().startsWith(str(fn, a, 1).toLowerCase()),
  },
  format: { min: 1, max: Infinity, impl: (a, _c, fn) => compositeFormat(str(fn, a, 0), a.slice(1)) },
  guid: {
    min: 1,
    max: Infinity,
    impl: (a, _c, fn) => guid(...hashInput(fn, a)),
  },
  uniqueString: {
    min: 1,
    max: Infinity,
    impl: (a, _c, fn) => uniqueString(...hashInput(fn, a)),
  },
  json: { min: 1, max: 1, impl: (a, _c, fn) => parseJsonArg(fn, str(fn, a, 0)) },
  padLeft: {
    min: 2,
    max: 3,
    impl: (a, _c, fn) => {
      const v = a[0]!;
      if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v))) wrongType(fn, 0, 'a string or an int', v);
      const total = int(fn, a, 1);
      const pad = a.length > 2 ? str(fn, a, 2) : ' ';
      if (pad.length !== 1) fail(fn, `expects a single padding character, but got '${pad}'.`);
      if (total > MAX_STRING) return tooLarge(fn);
      return String(v).padStart(total, pad);
    },
  },
  replace: {
    min: 3,
    max: 3,
    impl: (a, _c, fn) => {
      const [s, oldValue, newValue] = [str(fn, a, 0), str(fn, a, 1), str(fn, a, 2)];
      if (oldValue === '') fail(fn, 'cannot replace an empty string.');
      if (newValue.length > oldValue.length) {
        let count = 0;
        for (let at = s.indexOf(oldValue); at >= 0; at = s.indexOf(oldValue, at + oldValue.length)) count++;
        if (s.length + count * (newValue.length - oldValue.length) > MAX_RESULT_CHARS) throw textTooLong(fn);
      }
      return s.split(oldValue).join(newValue);
    },
  },
  split: {
    min: 2,
    max: 2,
    impl: (a, _c, fn) => {
      const s = str(fn, a, 0);
      const d = a[1]!;
      if (typeof d === 'string') return splitBy(s, [d]);
      if (Array.isArray(d) && d.every((x) => typeof x === 'string')) return splitBy(s, d as string[]);
      wrongType(fn, 1, 'a string or an array of strings', d);
    },
  },
  string: {
    min: 1,
    max: 1,
    impl: (a, _c, fn) => {
      if (isLambda(a[0]!)) wrongType(fn, 0, 'a value', a[0]!);
      return armString(a[0]!, fn);
    },
  },
  substring: {
    min: 2,
    max: 3,
    impl: (a, _c, fn) => {
      const s = str(fn, a, 0);
      const start = int(fn, a, 1);
      const length = a.length > 2 ? int(fn, a, 2) : s.length - start;
      if (start < 0 || start > s.length || length < 0 || start + length > s.length) {
        fail(
          fn,
          `was given a start index (${start}) and length (${length}) outside the string '${s}' (length ${s.length}).`,
        );
      }
      return s.substring(start, start + length);
    },
  },
  toLower: { min: 1, max: 1, impl: (a, _c, fn) => str(fn, a, 0).toLowerCase() },
  toUpper: { min: 1, max: 1, impl: (a, _c, fn) => str(fn, a, 0).toUpperCase() },
  trim: { min: 1, max: 1, impl: (a, _c, fn) => str(fn, a, 0).trim() },
  uri: {
    min: 2,
    max: 2,
    impl: (a, _c, fn) => {
      const base = str(fn, a, 0);
      const relative = str(fn, a, 1);
      try {
        return new URL(relative, base).href;
      } catch {
        fail(fn, `cannot combine the base URI '${base}' with '${relative}': the base URI must be absolute.`);
      }
    },
  },
  uriComponent: { min: 1, max: 1, impl: (a, _c, fn) => escapeDataString(str(fn, a, 0)) },
  uriComponentToString: { min: 1, max: 1, impl: (a, _c, fn) => unescapeDataString(str(fn, a, 0)) },
};
