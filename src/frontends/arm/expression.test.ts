import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isArmExpression, parseArmExpression, parseArmString, MAX_EXPRESSION_DEPTH, type ArmExpr } from './expression.js';

function expr(s: string): ArmExpr {
  const p = parseArmString(s);
  assert.equal(p.kind, 'expression', JSON.stringify(p));
  return (p as { expr: ArmExpr }).expr;
}

describe('ARM expression syntax', () => {
  test('a call with string, number and nested call arguments keeps exact offsets', () => {
    const s = "[concat('a''b', 12, parameters('x'))]";
    const e = expr(s);
    assert.equal(e.k, 'call');
    if (e.k !== 'call') return;
    assert.equal(e.name, 'concat');
    assert.equal(e.lname, 'concat');
    assert.deepEqual([e.start, e.end], [1, s.length - 1]);
    const [a, b, c] = e.args;
    assert.deepEqual(a, { k: 'string', value: "a'b", start: 8, end: 14 });
    assert.deepEqual(b, { k: 'number', value: 12, start: 16, end: 18 });
    assert.equal(c!.k, 'call');
    assert.equal(s.slice(c!.start, c!.end), "parameters('x')");
  });

  test('property access and indexing chain after a call', () => {
    const s = "[reference('r').outputs['k'].value]";
    const e = expr(s);
    assert.equal(e.k, 'property');
    if (e.k !== 'property') return;
    assert.equal(e.name, 'value');
    assert.equal(e.target.k, 'index');
    assert.equal(s.slice(e.target.start, e.target.end), "reference('r').outputs['k']");
  });

  test('a namespaced user function is one call; negative numbers and true/false/null literals parse', () => {
    const e = expr('[contoso.name(-1, true, null)]');
    assert.equal(e.k, 'call');
    if (e.k !== 'call') return;
    assert.equal(e.name, 'contoso.name');
    assert.deepEqual(
      e.args.map((a) => (a.k === 'number' || a.k === 'literal' ? a.value : a.k)),
      [-1, true, null],
    );
  });

  test('no-break spaces between arguments count as whitespace', () => {
    const e = expr("[concat('a',\u00a0'b')]");
    assert.equal(e.k === 'call' && e.args.length, 2);
  });

  test('[[ escapes a literal bracket and text not ending in ] is a literal', () => {
    assert.deepEqual(parseArmString('[[not an expression]'), { kind: 'literal', value: '[not an expression]' });
    assert.deepEqual(parseArmString('[abc'), { kind: 'literal', value: '[abc' });
    assert.deepEqual(parseArmString('plain'), { kind: 'literal', value: 'plain' });
    assert.equal(isArmExpression("[variables('a')]"), true);
    assert.equal(isArmExpression('[[x]'), false);
  });

  test('syntax errors carry the offset of the problem', () => {
    assert.deepEqual(parseArmExpression("[concat('a', ]"), {
      kind: 'error',
      error: { message: 'expected a value but found the end of the expression', offset: 13 },
    });
    assert.deepEqual(parseArmExpression("[concat('a'"), { kind: 'error', error: { message: "an expression must be enclosed in '[' and ']'", offset: 0 } });
    assert.deepEqual(parseArmExpression("[concat('a)]"), { kind: 'error', error: { message: 'the string is not closed', offset: 8 } });
    assert.deepEqual(parseArmExpression('[foo]'), { kind: 'error', error: { message: "expected '(' after 'foo' but found the end of the expression", offset: 4 } });
    assert.deepEqual(parseArmExpression("[a() b()]"), { kind: 'error', error: { message: "unexpected 'b' after the end of the expression", offset: 5 } });
    assert.deepEqual(parseArmExpression('[ ]'), { kind: 'error', error: { message: 'the expression is empty', offset: 2 } });
  });

  test('10,000 levels of nesting give an error, not a stack overflow', () => {
    const s = `[${'f('.repeat(10_000)}${')'.repeat(10_000)}]`;
    const p = parseArmExpression(s);
    assert.equal(p.kind, 'error');
    if (p.kind !== 'error') return;
    assert.equal(p.error.tooDeep, true);
    assert.equal(p.error.message, `the expression is nested more than ${MAX_EXPRESSION_DEPTH} levels deep`);
  });
});
