/**
 * How deep a JSON text nests, counted as jsonc-parser will read it. Its parser and visitor recurse on every
 * bracket, so each frontend that hands it a text (templates, parameter files, variable files, the error
 * path of plans) asks this first and refuses a deeper text with a clear error rather than a stack overflow.
 */

export const MAX_JSON_DEPTH = 512;

/**
 * Offset of the bracket that first takes the nesting deeper than `limit`, or -1. Iterative and linear;
 * brackets inside strings and comments do not count. Strings end where jsonc-parser's scanner ends them,
 * which recurses on every bracket it reads: at the closing quote, or at a line break (an unterminated
 * string), with a backslash escaping whatever follows it.
 */
export function findExcessiveNesting(text: string, limit: number = MAX_JSON_DEPTH): number {
  let depth = 0;
  const open = new Uint8Array(limit);
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === 92 /* \ */) j++;
        else if (d === 34 || d === 10 || d === 13) break;
      }
      if (j >= n) return -1;
      // A line break ends the string and is read as white space; a quote is part of the string.
      i = text.charCodeAt(j) === 34 ? j : j - 1;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === limit) return i;
      open[depth++] = c;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      // Only the closer of the innermost opener ends it: the parser skips a mismatched one, so counting it
      // would let the count fall behind the parser's recursion (`[}, [}, [}, …` nests it without end).
      if (depth > 0 && open[depth - 1] === c - 2) depth--;
    } else if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        const e = text.indexOf('\n', i + 2);
        if (e < 0) return -1;
        i = e;
      } else if (d === 42 /* * */) {
        const e = text.indexOf('*/', i + 2);
        if (e < 0) return -1;
        i = e + 1;
      }
    }
  }
  return -1;
}
