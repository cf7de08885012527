/**
 * Where the values of a plan's JSON text are, found by scanning only what is asked for. The values
 * themselves come from `JSON.parse`; positions are wanted only for the instances the rules judge, often a
 * small part of a large plan, so no tree of the whole text is built (a node per value of a 30 MB plan
 * was most of a scan's memory and time). Each object and array asked for is scanned once: its members
 * and items are kept by their offset.
 *
 * The text given to `JsonPositions` is valid JSON (`JSON.parse` accepted it). `topLevelKeys` takes any
 * text: it stops where the text breaks, so a truncated plan is still recognised as one.
 */

export interface Member {
  keyStart: number;
  valueStart: number;
  /** Just past the value; -1 when the text ends inside it (only `topLevelKeys` reads broken text). */
  end: number;
}

export class JsonPositions {
  private readonly objects = new Map<number, Map<string, Member>>();
  private readonly arrays = new Map<number, number[]>();

  constructor(readonly text: string) {}

  /** The first value of the text: where its root begins. */
  root(): number {
    return skipSpace(this.text, 0);
  }

  /** Member `key` of the object whose `{` is at `start`; the last of that name, as `JSON.parse` keeps. */
  member(start: number, key: string): Member | undefined {
    let members = this.objects.get(start);
    if (!members) this.objects.set(start, (members = readMembers(this.text, start)));
    return members.get(key);
  }

  /** Where each item of the array whose `[` is at `start` begins. */
  items(start: number): number[] {
    let items = this.arrays.get(start);
    if (!items) this.arrays.set(start, (items = readItems(this.text, start)));
    return items;
  }

  /** Just past the value that begins at `start`. */
  end(start: number): number {
    return valueEnd(this.text, start);
  }

  isObject(start: number): boolean {
    return this.text.charCodeAt(start) === 123;
  }

  isArray(start: number): boolean {
    return this.text.charCodeAt(start) === 91;
  }
}

/** The keys of the root object as far as the text is well formed (a key whose value breaks off counts). */
export function topLevelKeys(text: string): string[] {
  const start = skipSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  return text.charCodeAt(start) === 123 ? [...readMembers(text, start).keys()] : [];
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** Just past the string whose opening quote is at `start`, or -1 when it does not end. */
function stringEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return -1;
    let b = q - 1;
    while (text.charCodeAt(b) === 92) b--;
    // An even number of backslashes before the quote escape one another, not the quote.
    if ((q - 1 - b) % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** Just past the value at `start`, or -1 when the text ends first. Iterative: any depth. */
function valueEnd(text: string, start: number): number {
  const n = text.length;
  let depth = 0;
  let i = start;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i = stringEnd(text, i);
      if (i < 0) return -1;
      if (depth === 0) return i;
      continue;
    }
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      if (--depth <= 0) return depth === 0 ? i + 1 : -1;
    } else if (depth === 0) {
      // A number, true, false or null.
      let j = i;
      while (j < n && !isDelimiter(text.charCodeAt(j))) j++;
      return j === i ? -1 : j;
    }
    i++;
  }
  return -1;
}

function isDelimiter(c: number): boolean {
  return c === 44 || c === 125 || c === 93 || isSpace(c);
}

/** The members of the object at `start`, up to its end or to where the text breaks. */
function readMembers(text: string, start: number): Map<string, Member> {
  const members = new Map<string, Member>();
  let i = skipSpace(text, start + 1);
  if (text.charCodeAt(i) === 125) return members;
  for (;;) {
    if (text.charCodeAt(i) !== 34) return members;
    const keyStart = i;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return members;
    const raw = text.slice(i + 1, keyEnd - 1);
    let key: string;
    try {
      key = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
    } catch {
      return members;
    }
    i = skipSpace(text, keyEnd);
    if (i >= text.length) {
      // Cut short after the key.
      members.set(key, { keyStart, valueStart: i, end: -1 });
      return members;
    }
    if (text.charCodeAt(i) !== 58) return members;
    const valueStart = skipSpace(text, i + 1);
    const end = valueEnd(text, valueStart);
    members.set(key, { keyStart, valueStart, end });
    if (end < 0) return members;
    i = skipSpace(text, end);
    if (text.charCodeAt(i) !== 44) return members;
    i = skipSpace(text, i + 1);
  }
}

function readItems(text: string, start: number): number[] {
  const items: number[] = [];
  let i = skipSpace(text, start + 1);
  if (text.charCodeAt(i) === 93) return items;
  for (;;) {
    const end = valueEnd(text, i);
    if (end < 0) return items;
    items.push(i);
    i = skipSpace(text, end);
    if (text.charCodeAt(i) !== 44) return items;
    i = skipSpace(text, i + 1);
  }
}
