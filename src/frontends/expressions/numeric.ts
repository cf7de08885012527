/**
 * Numeric functions. https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-numeric
 * ARM integers are 64-bit; JavaScript numbers hold every value a template realistically uses.
 */
import type { Value } from '../../model/value.js';
import { fail, int, wrongType } from './args.js';
import type { Library } from './library.js';

function arithmetic(op: (x: number, y: number, fn: string) => number): Library[string] {
  return { min: 2, max: 2, impl: (a, _c, fn) => op(int(fn, a, 0), int(fn, a, 1), fn) };
}

function nonZero(y: number, fn: string): number {
  if (y === 0) fail(fn, 'cannot divide by zero.');
  return y;
}

function extreme(pick: (values: number[]) => number): Library[string] {
  return {
    min: 1,
    max: Infinity,
    impl: (a, _c, fn) => {
      const values: Value[] = a.length === 1 && Array.isArray(a[0]) ? a[0] : a;
      if (values.length === 0) fail(fn, 'expects at least one value.');
      values.forEach((v, i) => {
        if (typeof v !== 'number') wrongType(fn, i, 'an int', v);
      });
      return pick(values as number[]);
    },
  };
}

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const FLOAT_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

export const numericFunctions: Library = {
  add: arithmetic((x, y) => x + y),
  sub: arithmetic((x, y) => x - y),
  mul: arithmetic((x, y) => x * y),
  // Integer division truncates toward zero, as in .NET.
  div: arithmetic((x, y, fn) => Math.trunc(x / nonZero(y, fn))),
  mod: arithmetic((x, y, fn) => x % nonZero(y, fn)),
  int: {
    min: 1,
    max: 1,
    impl: (a, _c, fn) => {
      const v = a[0]!;
      if (typeof v === 'number') return Math.trunc(v);
      if (typeof v === 'string') {
        if (!INTEGER_TEXT.test(v)) fail(fn, `cannot convert '${v}' to an int.`);
        return Number(v);
      }
      wrongType(fn, 0, 'a string or an int', v);
    },
  },
  float: {
    min: 1,
    max: 1,
    impl: (a, _c, fn) => {
      const v = a[0]!;
      if (typeof v === 'number') return v;
      if (typeof v === 'string') {
        if (!FLOAT_TEXT.test(v)) fail(fn, `cannot convert '${v}' to a float.`);
        return Number(v);
      }
      wrongType(fn, 0, 'a string or an int', v);
    },
  },
  max: extreme((values) => values.reduce((m, v) => (v > m ? v : m))),
  min: extreme((values) => values.reduce((m, v) => (v < m ? v : m))),
};
