/**
 * Reports as a sequence of pieces rather than one string. A string has a length limit (about 512 MiB in
 * V8), and a scan of one very large file can give more results than fit; written piece by piece, the
 * report is never held whole either. Joined, the pieces are exactly the text each reporter defines.
 */

/** Names a list whose items are written one by one; `*` stands for any key or index on the way there. */
export type StreamPath = readonly (string | '*')[];

const INDENT = '  ';

/**
 * `JSON.stringify(value, null, 2)` in pieces: the lists named by `streamed` item by item, everything else
 * in one piece per value. Only plain data is expected (what reporters build).
 */
export function* jsonChunks(value: unknown, streamed: readonly StreamPath[], level = 0): Generator<string> {
  if (streamed.length === 0 || value === null || typeof value !== 'object') {
    yield indented(JSON.stringify(value, null, 2), level);
    return;
  }
  // A list named by a path is written item by item, each item whole.
  const whole = streamed.some((p) => p.length === 0);
  const inner = `\n${INDENT.repeat(level + 1)}`;
  const below = (key: string): StreamPath[] => (whole ? [] : streamed.filter((p) => p[0] === '*' || p[0] === key).map((p) => p.slice(1)));
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? inner : `,${inner}`;
      const item: unknown = value[i];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* jsonChunks(item, below(String(i)), level + 1);
    }
    yield `\n${INDENT.repeat(level)}]`;
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => {
    const v = record[k];
    return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
  });
  if (keys.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    yield `${i === 0 ? inner : `,${inner}`}${JSON.stringify(k)}: `;
    yield* jsonChunks(record[k], below(k), level + 1);
  }
  yield `\n${INDENT.repeat(level)}}`;
}

/** JSON text nested `level` deep: its line breaks (never inside a string: those are escaped) indented. */
function indented(text: string, level: number): string {
  return level === 0 ? text : text.replaceAll('\n', `\n${INDENT.repeat(level)}`);
}

/** Each line followed by `end`. */
export function* lines(list: Iterable<string>, end = '\n'): Generator<string> {
  for (const line of list) yield line + end;
}

export function joinChunks(chunks: Iterable<string>): string {
  let text = '';
  for (const c of chunks) text += c;
  return text;
}
