/**
 * Variable type constraints, as far as values need them: primitive conversion (a `-var` string becomes
 * a number or bool) and `optional(type, default)` attributes of object types, which modules rely on.
 */
import { getKey, setKey, Unresolved, type Value } from '../../../model/value.js';
import type { Expr } from '../hcl/ast.js';
import { EvalError, isObj, toBool, toNum, toStr, type Obj } from '../eval/values.js';

export type TypeSpec =
  | { k: 'any' }
  | { k: 'string' | 'number' | 'bool' }
  | { k: 'list' | 'set' | 'map'; elem: TypeSpec }
  | { k: 'object'; attrs: Map<string, { type: TypeSpec; optional: boolean; def?: Expr }> }
  | { k: 'tuple'; elems: TypeSpec[] };

const ANY: TypeSpec = { k: 'any' };

export function parseType(e: Expr | undefined): TypeSpec {
  if (!e) return ANY;
  if (e.k === 'var') {
    if (e.name === 'string' || e.name === 'number' || e.name === 'bool') return { k: e.name };
    return ANY;
  }
  if (e.k === 'call') {
    const a0 = e.args[0];
    switch (e.name) {
      case 'list':
      case 'set':
      case 'map':
        return { k: e.name, elem: parseType(a0) };
      case 'tuple':
        return { k: 'tuple', elems: a0 && a0.k === 'tuple' ? a0.items.map(parseType) : [] };
      case 'object': {
        const attrs = new Map<string, { type: TypeSpec; optional: boolean; def?: Expr }>();
        if (a0 && a0.k === 'object') {
          for (const el of a0.elems) {
            const name = el.bareKey ?? (el.key.k === 'lit' && typeof el.key.value === 'string' ? el.key.value : undefined);
            if (!name) continue;
            const v = el.value;
            if (v.k === 'call' && v.name === 'optional') {
              attrs.set(name, { type: parseType(v.args[0]), optional: true, ...(v.args[1] ? { def: v.args[1] } : {}) });
            } else attrs.set(name, { type: parseType(v), optional: false });
          }
        }
        return { k: 'object', attrs };
      }
    }
  }
  return ANY;
}

/** True when a string from the command line or environment is taken literally (Terraform's rule). */
export function takesRawString(t: TypeSpec): boolean {
  return t.k === 'any' || t.k === 'string' || t.k === 'number' || t.k === 'bool';
}

/**
 * Converts a value to the type; `evalDefault` evaluates an `optional()` default (a constant expression).
 * Depth is bounded by the type expression, which is bounded by the parser.
 */
export function convert(v: Value, t: TypeSpec, evalDefault: (e: Expr) => Value): Value {
  if (v instanceof Unresolved || v === null) return v;
  switch (t.k) {
    case 'any':
      return v;
    case 'string':
      return toStr(v, 'a string variable');
    case 'number':
      return toNum(v, 'a number variable');
    case 'bool':
      return toBool(v, 'a bool variable');
    case 'list':
    case 'set':
      if (!Array.isArray(v)) throw new EvalError(`expected a ${t.k}`);
      return v.map((x) => convert(x, t.elem, evalDefault));
    case 'tuple':
      if (!Array.isArray(v)) throw new EvalError('expected a tuple');
      return v.map((x, i) => convert(x, t.elems[i] ?? ANY, evalDefault));
    case 'map': {
      if (!isObj(v)) throw new EvalError('expected a map');
      const o: Obj = {};
      for (const k of Object.keys(v)) setKey(o, k, convert(v[k]!, t.elem, evalDefault));
      return o;
    }
    case 'object': {
      if (!isObj(v)) throw new EvalError('expected an object');
      const o: Obj = {};
      for (const [name, a] of t.attrs) {
        const given = getKey(v, name);
        if (given !== undefined && given !== null) setKey(o, name, convert(given, a.type, evalDefault));
        else if (a.optional) setKey(o, name, a.def ? convert(evalDefault(a.def), a.type, evalDefault) : null);
        else if (given !== undefined) setKey(o, name, null);
        else throw new EvalError(`attribute "${name}" is required`);
      }
      return o;
    }
  }
}
