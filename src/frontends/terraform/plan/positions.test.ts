import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { JsonPositions, topLevelKeys } from './positions.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every value inside `v` with the path of member names and item indexes that leads to it. */
function* paths(v: Json, path: (string | number)[] = []): Generator<[(string | number)[], Json]> {
  yield [path, v];
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* paths(v[i]!, [...path, i]);
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) yield* paths(v[k]!, [...path, k]);
}

function find(p: JsonPositions, path: (string | number)[]): { start: number; end: number; keyStart?: number } | undefined {
  let at = p.root();
  let keyStart: number | undefined;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!p.isArray(at)) return undefined;
      const item = p.items(at)[step];
      if (item === undefined) return undefined;
      at = item;
      keyStart = undefined;
    } else {
      if (!p.isObject(at)) return undefined;
      const m = p.member(at, step);
      if (!m) return undefined;
      at = m.valueStart;
      keyStart = m.keyStart;
    }
  }
  return { start: at, end: p.end(at), ...(keyStart !== undefined ? { keyStart } : {}) };
}

let tried = 0;

describe('positions in a plan\'s JSON', () => {
  test('every value of generated JSON, pretty or compact, is found where its text parses back to it', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.constantFrom(0, 1, 2, '\t'), (value, indent) => {
        tried++;
        const v = JSON.parse(JSON.stringify(value)) as Json;
        const text = JSON.stringify(v, null, indent);
        const p = new JsonPositions(text);
        for (const [path, expected] of paths(v)) {
          const at = find(p, path);
          assert.ok(at, `no position for ${JSON.stringify(path)}`);
          assert.deepEqual(JSON.parse(text.slice(at.start, at.end)), expected, `value at ${JSON.stringify(path)}`);
          // A member spans its key to its value's end, as a finding's location should.
          if (at.keyStart !== undefined) assert.deepEqual(JSON.parse(`{${text.slice(at.keyStart, at.end)}}`), { [path.at(-1)!]: expected });
        }
      }),
      { numRuns: 400 },
    );
  });

  test('keys with escapes, strings ending in backslashes, and the last of two equal keys (as JSON.parse keeps)', () => {
    const text = '{"a\\"b": "x\\\\", "c": "say \\"hi\\"", "d": 1, "d": [true, {"e\\u0041": null}]}';
    const p = new JsonPositions(text);
    const root = p.root();
    assert.equal(text.slice(p.member(root, 'a"b')!.valueStart, p.member(root, 'a"b')!.end), '"x\\\\"');
    assert.equal(text.slice(p.member(root, 'c')!.valueStart, p.member(root, 'c')!.end), '"say \\"hi\\""');
    const d = p.member(root, 'd')!;
    assert.equal(text.slice(d.valueStart, d.end), '[true, {"e\\u0041": null}]');
    const inner = p.items(d.valueStart)[1]!;
    assert.equal(text.slice(p.member(inner, 'eA')!.keyStart, p.member(inner, 'eA')!.end), '"e\\u0041": null');
  });

  test('100,000 levels of nesting are skipped without recursion', () => {
    const deep = `{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}, "b": 2}`;
    const p = new JsonPositions(deep);
    const b = p.member(p.root(), 'b')!;
    assert.equal(deep.slice(b.valueStart, b.end), '2');
  });

  test('the root keys of a plan cut short are read up to the break, the key being written included', () => {
    const whole = JSON.stringify({ format_version: '1.2', terraform_version: '1.9.0', planned_values: { root_module: {} }, resource_changes: [{ address: 'x' }] });
    assert.deepEqual(topLevelKeys(whole), ['format_version', 'terraform_version', 'planned_values', 'resource_changes']);
    const cut = whole.slice(0, whole.indexOf('"resource_changes"') + 25);
    assert.deepEqual(topLevelKeys(cut), ['format_version', 'terraform_version', 'planned_values', 'resource_changes']);
    assert.deepEqual(topLevelKeys(whole.slice(0, 30)), ['format_version']);
    assert.deepEqual(topLevelKeys('\ufeff  {"a": 1, oops'), ['a']);
    assert.deepEqual(topLevelKeys('{"a": 1, "b" '), ['a', 'b']);
    assert.deepEqual(topLevelKeys('{"a": 1, "b" x'), ['a']);
    for (const text of ['', '[', '[{"a": 1}]', '"format_version"', '{', '{"a', '{"a"', '{"a":', 'null']) assert.ok(topLevelKeys(text).length <= 1, text);
  });

  test('any cut of a plan is read without throwing or looping', () => {
    const whole = JSON.stringify({ format_version: '1.2', resource_changes: [{ change: { after: { name: 'a\\"b', list: [1, 2.5e3, false, null] } } }] }, null, 1);
    for (let i = 0; i <= whole.length; i++) {
      tried++;
      const keys = topLevelKeys(whole.slice(0, i));
      assert.ok(keys.length <= 2);
    }
  });

  test('inputs tried', () => {
    assert.ok(tried > 400, `${tried} inputs`);
    console.log(`# plan JSON positions: ${tried} inputs tried`);
  });
});
