// Lowering values into the model and back, and searching them, must not recurse: json() of user text and
// jsondecode() give values thousands of levels deep, and one array may hold a million elements.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SourceRef } from '../core/source.js';
import { Unresolved, containsUnresolved, fromValue, toValue, type Value, type VNode } from './value.js';

const REF: SourceRef = { file: 'f', start: 1, end: 2 };
const VIA = { via: [{ ref: REF, message: 'value comes from variable x' }] };

/** The lowering as it was written before it became iterative: the reference the iterative one must match. */
function recursiveFromValue(v: Value): VNode {
  if (v instanceof Unresolved) return { t: 'unresolved', expression: v.expression, reason: v.reason, ref: v.ref ?? REF, ...VIA, ...(v.candidates ? { candidates: v.candidates } : {}) };
  if (Array.isArray(v)) return { t: 'array', items: v.map(recursiveFromValue), ref: REF, ...VIA };
  if (v !== null && typeof v === 'object') {
    const props = new Map<string, { name: string; value: VNode; ref: SourceRef }>();
    for (const k of Object.keys(v)) props.set(k.toLowerCase(), { name: k, value: recursiveFromValue((v as { [k: string]: Value })[k]!), ref: REF });
    return { t: 'object', props, ref: REF, ...VIA };
  }
  return { t: 'scalar', value: v, ref: REF, ...VIA };
}

/** JSON-like values with unresolved parts, and keys that collide case-insensitively. */
const values: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.constant(new Unresolved('parameters(\'p\')', 'no value', undefined, ['a', 'b'])),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'A', 'b', 'name', 'Name', '__proto__'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

function nested(depth: number): Value {
  let v: Value = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

describe('fromValue', () => {
  test('builds the same tree as the recursive lowering, in the same key order', () => {
    fc.assert(
      fc.property(values, (v) => {
        assert.deepEqual(fromValue(v, REF, VIA), recursiveFromValue(v));
      }),
      { seed: 20_260_101, numRuns: 500 },
    );
  });

  test('100,000 levels deep: lowered whole, no stack overflow', () => {
    let n = fromValue(nested(100_000), REF);
    let depth = 0;
    while (n.t !== 'scalar') {
      n = n.t === 'array' ? n.items[0]! : n.t === 'object' ? n.props.get('a')!.value : assert.fail(`unexpected ${n.t}`);
      depth++;
    }
    assert.equal(depth, 100_000);
    assert.equal(n.value, 'leaf');
  });

  test('a function value is not a property value', () => {
    const fn = { lambda: true as const, params: [], call: () => null };
    assert.deepEqual(fromValue([fn], REF), { t: 'array', ref: REF, items: [{ t: 'unresolved', expression: '<function>', reason: 'a function value cannot be a property value', ref: REF }] });
  });
});

describe('toValue and containsUnresolved', () => {
  test('toValue undoes fromValue', () => {
    fc.assert(
      fc.property(values, (v) => {
        const back = toValue(fromValue(v));
        // Keys that differ only in case are one property of the model: the last one written wins.
        assert.deepEqual(fromValue(back), fromValue(v));
      }),
      { seed: 20_260_102, numRuns: 300 },
    );
  });

  test('100,000 levels deep, and an array of a million elements (once spread as arguments)', () => {
    const deep = nested(100_000);
    assert.equal(containsUnresolved(deep), false);
    let back = toValue(fromValue(deep));
    for (let i = 0; i < 100_000; i++) back = Array.isArray(back) ? back[0]! : (back as { a: Value }).a;
    assert.equal(back, 'leaf');
    const wide: Value[] = new Array<Value>(1_000_000).fill(0);
    assert.equal(containsUnresolved(wide), false);
    wide[999_999] = new Unresolved('x', 'not known');
    assert.equal(containsUnresolved(wide), true);
  });
});
