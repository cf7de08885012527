/**
 * Mutation fuzzing: a seed text changed by a few hostile edits (truncation, byte flips, insertions and
 * deletions, unbalanced quotes and brackets, deep nesting, huge strings, CRLF, BOM, NUL, lone surrogates, and
 * names renamed to members every JavaScript object has, which a lookup in a plain object finds).
 * Positions are fractions of the current length so every mutation applies to every seed.
 */
import fc from 'fast-check';

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; char: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'nest'; at: number; depth: number; open: string; close: string }
  | { kind: 'huge'; at: number; length: number; char: string }
  | { kind: 'rename'; at: number; name: string }
  | { kind: 'crlf' }
  | { kind: 'bom' };

/** Names every JavaScript object answers to: as a key, a type, a variable or a function name they must stay plain text. */
export const OBJECT_MEMBERS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'length'];

/** Fragments that break lexers and parsers: quotes, brackets, interpolation, escapes and odd code points. */
export const HOSTILE = [
  '"', "'", "'''", '`', '\\', '\\u', '\\"', '[', ']', '{', '}', '(', ')', '${', '%{', '}}', '[[', ']]', '[concat(', "[parameters('",
  '/*', '*/', '//', '#', '<<EOT\n', '\nEOT\n', ':', ',', ';', '=', '==', '=>', '?', '??', '.?', '!', '@', '::', '..', '...',
  '\u0000', '\uD800', '\uDC00', '\uFEFF', '\r', '\n', '\r\n', '\t', '\u2028', '\u00e9', '\u{1F600}', '0x', '1e999', '-0',
  'null', 'true', 'resource', 'for', 'if', 'module', 'param', 'var', 'variable', 'locals', 'count', 'for_each', 'dynamic',
  '"copy": {"name":"c","count":', '"condition":', '$schema', 'azmtls-ignore', '// azmtls-ignore AZM-MTLS-001 -- x',
];

// A uniform fraction (fc.double favours tiny values, which would put almost every edit at offset 0).
const at = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000);
const hostileChar = fc.constantFrom(...HOSTILE.filter((h) => h.length <= 2));

const HUGE_CHARS = ['a', '"', "'", '[', '{', ' ', '\n', '$', '\\'];

/** Mutations; `hugeChars` and `maxHuge` narrow the huge insertions (see the Terraform suite for why). */
export function mutationOf(hugeChars: readonly string[] = HUGE_CHARS, maxHuge = 300_000): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), at, char: fc.oneof(hostileChar, fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })) }) },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), at, text: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8, unit: 'binary' })) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 64 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at, length: fc.integer({ min: 1, max: 200 }) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('nest' as const),
        at,
        depth: fc.integer({ min: 100, max: 12_000 }),
        open: fc.constantFrom('[', '{', '(', '["', '[[', '{"a":', 'f('),
        close: fc.constantFrom(']', '}', ')', '"]', '', ']]'),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('huge' as const), at, length: fc.integer({ min: 10_000, max: maxHuge }), char: fc.constantFrom(...hugeChars) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('rename' as const), at, name: fc.constantFrom(...OBJECT_MEMBERS) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'crlf' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'bom' as const }) },
  );
}

export const mutation: fc.Arbitrary<Mutation> = mutationOf();

export function applyMutation(text: string, m: Mutation): string {
  const pos = (f: number) => Math.min(text.length, Math.floor(f * (text.length + 1)));
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, pos(m.at));
    case 'flip': {
      const i = Math.min(pos(m.at), Math.max(0, text.length - 1));
      return text.slice(0, i) + m.char + text.slice(i + 1);
    }
    case 'insert': {
      const i = pos(m.at);
      return text.slice(0, i) + m.text + text.slice(i);
    }
    case 'delete': {
      const i = pos(m.at);
      return text.slice(0, i) + text.slice(i + m.length);
    }
    case 'duplicate': {
      const i = pos(m.at);
      return text.slice(0, i + m.length) + text.slice(i);
    }
    case 'nest': {
      const i = pos(m.at);
      return text.slice(0, i) + m.open.repeat(m.depth) + m.close.repeat(m.depth) + text.slice(i);
    }
    case 'huge': {
      const i = pos(m.at);
      return text.slice(0, i) + m.char.repeat(m.length) + text.slice(i);
    }
    case 'rename': {
      // The first name at or after the position: a key, a type, a parameter, a function or a label.
      const word = /[A-Za-z_][A-Za-z0-9_]*/g;
      word.lastIndex = pos(m.at);
      const w = word.exec(text);
      return w ? text.slice(0, w.index) + m.name + text.slice(w.index + w[0].length) : text;
    }
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'bom':
      return `\uFEFF${text}`;
  }
}

/** A seed (by index) and one to three mutations applied in order. */
export function mutatedSeed(seeds: readonly { name: string; text: string }[], mutations: fc.Arbitrary<Mutation> = mutation): fc.Arbitrary<{ seed: string; mutations: Mutation[]; text: string }> {
  return fc.record({ index: fc.nat({ max: seeds.length - 1 }), mutations: fc.array(mutations, { minLength: 1, maxLength: 3 }) }).map(({ index, mutations }) => {
    const seed = seeds[index]!;
    return { seed: seed.name, mutations, text: mutations.reduce(applyMutation, seed.text) };
  });
}

