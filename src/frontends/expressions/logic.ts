/**
 * Logical and comparison functions.
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-logical
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-comparison
 * `and`/`or` are three-valued: one known `false` (`true`) decides them whatever the unknown arguments are.
 */
import { Unresolved, type Value } from '../../model/value.js';
import { bool, fail, wrongType } from './args.js';
import type { Library } from './library.js';
import { armEquals, typeName } from './values.js';

function junction(decisive: boolean): Library[string] {
  return {
    min: 2,
    max: Infinity,
    lazy: true,
    impl: (a, _c, fn) => {
      let unknown: Unresolved | undefined;
      let decided = false;
      for (let i = 0; i < a.length; i++) {
        const v = a[i]!;
        if (v instanceof Unresolved) unknown ??= v;
        else if (typeof v !== 'boolean') wrongType(fn, i, 'a bool', v);
        else if (v === decisive) decided = true;
      }
      if (decided) return decisive;
      return unknown ?? !decisive;
    },
  };
}

function comparison(test: (order: number) => boolean): Library[string] {
  return {
    min: 2,
    max: 2,
    impl: (a, _c, fn) => {
      const [x, y] = a as [Value, Value];
      // Strings compare ordinally (by UTF-16 code unit), case-sensitive, as ARM does.
      if ((typeof x === 'number' && typeof y === 'number') || (typeof x === 'string' && typeof y === 'string')) {
        return test(x < y ? -1 : x > y ? 1 : 0);
      }
      fail(fn, `expects two ints or two strings, but got ${typeName(x)} and ${typeName(y)}.`);
    },
  };
}

export const logicFunctions: Library = {
  and: junction(false),
  or: junction(true),
  not: { min: 1, max: 1, impl: (a, _c, fn) => !bool(fn, a, 0) },
  true: { min: 0, max: 0, impl: () => true },
  false: { min: 0, max: 0, impl: () => false },
  bool: {
    min: 1,
    max: 1,
    impl: (a, _c, fn) => {
      const v = a[0]!;
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v !== 0;
      if (typeof v === 'string') {
        const t = v.trim().toLowerCase();
        if (t === 'true') return true;
        if (t === 'false') return false;
        fail(fn, `cannot convert the string '${v}' to a bool; use 'true' or 'false'.`);
      }
      wrongType(fn, 0, 'a string, an int or a bool', v);
    },
  },
  /** For callers that evaluated both branches already; lazy evaluation of branches is the caller's job. */
  if: {
    min: 3,
    max: 3,
    lazy: true,
    impl: (a, _c, fn) => {
      const [condition, whenTrue, whenFalse] = a as [Value, Value, Value];
      if (condition instanceof Unresolved) return armEquals(whenTrue, whenFalse) === true ? whenTrue : condition;
      return bool(fn, a, 0) ? whenTrue : whenFalse;
    },
  },
  coalesce: {
    min: 1,
    max: Infinity,
    lazy: true,
    impl: (a) => {
      for (const v of a) {
        // An unknown value before any known non-null one may itself be the answer.
        if (v instanceof Unresolved) return v;
        if (v !== null) return v;
      }
      return null;
    },
  },
  equals: { min: 2, max: 2, lazy: true, impl: (a) => armEquals(a[0]!, a[1]!) },
  greater: comparison((o) => o > 0),
  greaterOrEquals: comparison((o) => o >= 0),
  less: comparison((o) => o < 0),
  lessOrEquals: comparison((o) => o <= 0),
};
