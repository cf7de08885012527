/**
 * The Terraform built-in functions real configurations use, computed as Terraform documents them
 * (https://developer.hashicorp.com/terraform/language/functions). `try` and `can` need their arguments
 * unevaluated and live in the evaluator. A function that cannot be computed at plan time (timestamp,
 * uuid, a provider function) answers Unresolved with the reason.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { getKey, hasKey, setKey, Unresolved, type Value } from '../../../model/value.js';
import { MAX_RESULT_CHARS, MAX_RESULT_ELEMENTS, treeSize } from '../../expressions/size.js';
import { EvalError, equal, firstUnresolved, isObj, numberToString, setOf, TextBudget, toBool, toNum, toStr, typeName, valueKey, writeJson, type Obj } from './values.js';
import { readYamlValue, YamlValueError } from '../../expressions/yaml-value.js';
import { MAX_NESTING } from '../hcl/parser.js';
import { pushAll } from '../../../core/arrays.js';

/** Largest list a function builds, as for-expressions are capped (evaluate.ts). */
const MAX_LIST = 1_000_000;

/** The error for a text result known to be too long before it is built. */
function tooLong(fn: string): EvalError {
  return new EvalError(`${fn}(): the result would be longer than ${MAX_RESULT_CHARS} characters`);
}

function countOf(s: string, search: string): number {
  let n = 0;
  for (let at = s.indexOf(search); at >= 0; at = s.indexOf(search, at + search.length)) n++;
  return n;
}

export interface FunctionEnv {
  /**
   * Where Terraform runs: the root module's directory (display path). Relative paths given to `file()` and
   * its kin are relative to it, not to the module whose code calls them; modules write `${path.module}/x`.
   * https://developer.hashicorp.com/terraform/language/expressions/references#filesystem-and-workspace-info
   */
  workDir: string;
  readFile(path: string): string | undefined;
  /** The call as written, for Unresolved results. */
  expression: string;
}

type Fn = (args: Value[], env: FunctionEnv) => Value;

interface FnDef {
  fn: Fn;
  /** Accepts unresolved parts inside its arguments (structural functions keep them in place). */
  partial?: boolean;
}

const defs = new Map<string, FnDef>();
const def = (names: string, fn: Fn, partial = false): void => {
  for (const n of names.split(',')) defs.set(n, { fn, partial });
};

export function isKnownTfFunction(name: string): boolean {
  return defs.has(name) || name === 'try' || name === 'can';
}

export function callTfFunction(name: string, args: Value[], env: FunctionEnv): Value {
  const d = defs.get(name);
  if (!d) throw new EvalError(`call to unknown function ${name}()`);
  // Before anything walks them: a value built from shared parts may be a huge tree (evaluate.ts bounds its own).
  for (let i = 0; i < args.length; i++) {
    if (treeSize(args[i]!) > MAX_RESULT_ELEMENTS) throw new EvalError(`${name}(): argument ${i + 1} is too large (more than ${MAX_RESULT_ELEMENTS} values, nested ones included)`);
  }
  if (!d.partial) {
    const u = args.map(firstUnresolved).find((x) => x !== undefined);
    if (u) return new Unresolved(env.expression, u.reason, undefined);
  }
  return d.fn(args, env);
}

const str = (v: Value | undefined, fn: string): string => {
  const s = toStr(v ?? null, `${fn}()`);
  if (s instanceof Unresolved) throw new EvalError(`${fn}(): unexpected unknown`);
  return s;
};
const num = (v: Value | undefined, fn: string): number => {
  const n = toNum(v ?? null, `${fn}()`);
  if (n instanceof Unresolved) throw new EvalError(`${fn}(): unexpected unknown`);
  return n;
};
const list = (v: Value | undefined, fn: string): Value[] => {
  if (Array.isArray(v)) return v;
  throw new EvalError(`${fn}(): expected a list, found ${typeName(v ?? null)}`);
};
const obj = (v: Value | undefined, fn: string): Obj => {
  if (v !== undefined && isObj(v)) return v;
  throw new EvalError(`${fn}(): expected a map or object, found ${typeName(v ?? null)}`);
};
const unknownIn = (v: Value, env: FunctionEnv): Unresolved | undefined => {
  const u = v instanceof Unresolved ? v : undefined;
  return u ? new Unresolved(env.expression, u.reason) : undefined;
};

// ----- strings -----
def('lower', (a) => str(a[0], 'lower').toLowerCase());
def('upper', (a) => str(a[0], 'upper').toUpperCase());
def('title', (a) => str(a[0], 'title').replace(/\b\p{L}/gu, (c) => c.toUpperCase()));
def('trimspace', (a) => str(a[0], 'trimspace').trim());
def('chomp', (a) => str(a[0], 'chomp').replace(/(\r?\n)+$/, ''));
def('strrev', (a) => [...str(a[0], 'strrev')].reverse().join(''));
def('trim', (a) => {
  const s = str(a[0], 'trim');
  const cut = new Set([...str(a[1], 'trim')]);
  let i = 0;
  let j = s.length;
  while (i < j && cut.has(s[i]!)) i++;
  while (j > i && cut.has(s[j - 1]!)) j--;
  return s.slice(i, j);
});
def('trimprefix', (a) => {
  const s = str(a[0], 'trimprefix');
  const p = str(a[1], 'trimprefix');
  return s.startsWith(p) ? s.slice(p.length) : s;
});
def('trimsuffix', (a) => {
  const s = str(a[0], 'trimsuffix');
  const p = str(a[1], 'trimsuffix');
  return p && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
});
def('startswith', (a) => str(a[0], 'startswith').startsWith(str(a[1], 'startswith')));
def('endswith', (a) => str(a[0], 'endswith').endsWith(str(a[1], 'endswith')));
def('strcontains', (a) => str(a[0], 'strcontains').includes(str(a[1], 'strcontains')));
def('split', (a) => {
  const sep = str(a[0], 'split');
  const s = str(a[1], 'split');
  if (s === '') return [''];
  if ((sep === '' ? s.length : countOf(s, sep) + 1) > MAX_LIST) throw new EvalError(`split(): the result would have more than ${MAX_LIST} elements`);
  return s.split(sep);
});
def('join', (a) => {
  const sep = str(a[0], 'join');
  const parts: string[] = [];
  let length = 0;
  for (const l of a.slice(1)) {
    for (const x of list(l, 'join')) {
      const p = str(x, 'join');
      length += p.length + (parts.length > 0 ? sep.length : 0);
      if (length > MAX_RESULT_CHARS) throw tooLong('join');
      parts.push(p);
    }
  }
  return parts.join(sep);
});
def('substr', (a) => {
  const cps = [...str(a[0], 'substr')];
  let off = num(a[1], 'substr');
  const len = num(a[2], 'substr');
  if (off < 0) off = cps.length + off;
  if (off < 0 || off > cps.length) throw new EvalError('substr(): offset out of range');
  return cps.slice(off, len < 0 ? undefined : off + len).join('');
});
def('replace', (a) => {
  const s = str(a[0], 'replace');
  const search = str(a[1], 'replace');
  const rep = str(a[2], 'replace');
  if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
    const re = compileRegex(search.slice(1, -1), 'g');
    return replaceRegex(s, re, rep.replace(/\$\{(\w+)\}/g, '$<$1>'));
  }
  if (search === '') return s;
  if (rep.length > search.length && s.length + countOf(s, search) * (rep.length - search.length) > MAX_RESULT_CHARS) throw tooLong('replace');
  return s.split(search).join(rep);
});
def('regex', (a) => {
  const re = compileRegex(str(a[0], 'regex'), '');
  const m = re.exec(str(a[1], 'regex'));
  if (!m) throw new EvalError('regex(): pattern did not match');
  return regexResult(m);
});
def('regexall', (a) => {
  const re = compileRegex(str(a[0], 'regexall'), 'g');
  const out: Value[] = [];
  for (const m of str(a[1], 'regexall').matchAll(re)) {
    // A pattern that matches the empty string matches at every position of the text.
    if (out.length >= MAX_LIST) throw new EvalError(`regexall(): more than ${MAX_LIST} matches`);
    out.push(regexResult(m));
  }
  return out;
});
def('format', (a) => format(str(a[0], 'format'), a.slice(1), new TextBudget('format()')));
def('formatlist', (a) => {
  const f = str(a[0], 'formatlist');
  const lists = a.slice(1);
  let n = 0;
  for (const l of lists) if (Array.isArray(l)) n = Math.max(n, l.length);
  // One budget for every line: a format applied to a million items is a million strings.
  const budget = new TextBudget('formatlist()');
  const out: Value[] = [];
  for (let i = 0; i < n; i++) out.push(format(f, lists.map((l) => (Array.isArray(l) ? l[i]! : l)), budget));
  return out;
});
def('indent', (a) => {
  const width = num(a[0], 'indent');
  const s = str(a[1], 'indent');
  if (width > 0 && s.length + countOf(s, '\n') * width > MAX_RESULT_CHARS) throw tooLong('indent');
  const pad = ' '.repeat(Math.max(0, width));
  return s.replace(/\n/g, '\n' + pad);
});
def('urlencode', (a) => encodeURIComponent(str(a[0], 'urlencode')));
def('base64encode', (a) => Buffer.from(str(a[0], 'base64encode'), 'utf8').toString('base64'));
def('base64decode', (a) => Buffer.from(str(a[0], 'base64decode'), 'base64').toString('utf8'));
def('md5', (a) => createHash('md5').update(str(a[0], 'md5')).digest('hex'));
def('sha1', (a) => createHash('sha1').update(str(a[0], 'sha1')).digest('hex'));
def('sha256', (a) => createHash('sha256').update(str(a[0], 'sha256')).digest('hex'));
def('sha512', (a) => createHash('sha512').update(str(a[0], 'sha512')).digest('hex'));

// ----- numbers -----
def('abs', (a) => Math.abs(num(a[0], 'abs')));
def('ceil', (a) => Math.ceil(num(a[0], 'ceil')));
def('floor', (a) => Math.floor(num(a[0], 'floor')));
def('signum', (a) => Math.sign(num(a[0], 'signum')));
def('pow', (a) => Math.pow(num(a[0], 'pow'), num(a[1], 'pow')));
def('log', (a) => Math.log(num(a[0], 'log')) / Math.log(num(a[1], 'log')));
// A loop, not Math.min(...a): `min(local.list...)` passes every element as an argument.
def('min', (a) => a.reduce<number>((m, x) => Math.min(m, num(x, 'min')), Infinity));
def('max', (a) => a.reduce<number>((m, x) => Math.max(m, num(x, 'max')), -Infinity));
def('sum', (a) => list(a[0], 'sum').reduce<number>((s, x) => s + num(x, 'sum'), 0));
def('parseint', (a) => {
  const n = parseInt(str(a[0], 'parseint'), num(a[1], 'parseint'));
  if (Number.isNaN(n)) throw new EvalError('parseint(): not a number in that base');
  return n;
});

// ----- collections -----
def(
  'length',
  (a, env) => {
    const v = a[0] ?? null;
    const u = unknownIn(v, env);
    if (u) return u;
    if (typeof v === 'string') return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (isObj(v)) return Object.keys(v).length;
    throw new EvalError(`length(): cannot take the length of ${typeName(v)}`);
  },
  true,
);
def(
  'concat',
  (a, env) => {
    const out: Value[] = [];
    for (const l of a) {
      const u = unknownIn(l, env);
      if (u) return u;
      pushAll(out, list(l, 'concat'));
      // Lists that double on every local (concat(local.v, local.v)) must end with an error, not exhaust memory.
      if (out.length > MAX_LIST) throw new EvalError(`concat: the result has more than ${MAX_LIST} elements`);
    }
    return out;
  },
  true,
);
def(
  'merge',
  (a, env) => {
    const out: Obj = {};
    for (const m of a) {
      if (m === null) continue;
      const u = unknownIn(m, env);
      if (u) return u;
      const o = obj(m, 'merge');
      for (const k of Object.keys(o)) setKey(out, k, o[k]!);
    }
    return out;
  },
  true,
);
def(
  'lookup',
  (a, env) => {
    const m = a[0] ?? null;
    const u = unknownIn(m, env) ?? unknownIn(a[1] ?? null, env);
    if (u) return u;
    const k = str(a[1], 'lookup');
    const o = obj(m, 'lookup');
    if (hasKey(o, k)) return o[k]!;
    if (a.length > 2) return a[2]!;
    throw new EvalError(`lookup(): the map has no key "${k}"`);
  },
  true,
);
def(
  'element',
  (a, env) => {
    const l = a[0] ?? null;
    const u = unknownIn(l, env) ?? unknownIn(a[1] ?? null, env);
    if (u) return u;
    const xs = list(l, 'element');
    if (xs.length === 0) throw new EvalError('element(): the list is empty');
    const i = num(a[1], 'element');
    return xs[((i % xs.length) + xs.length) % xs.length]!;
  },
  true,
);
def(
  'keys',
  (a, env) => {
    const u = unknownIn(a[0] ?? null, env);
    if (u) return u;
    return Object.keys(obj(a[0], 'keys')).sort();
  },
  true,
);
def(
  'values',
  (a, env) => {
    const u = unknownIn(a[0] ?? null, env);
    if (u) return u;
    const o = obj(a[0], 'values');
    return Object.keys(o)
      .sort()
      .map((k) => o[k]!);
  },
  true,
);
def(
  'flatten',
  (a, env) => {
    const out: Value[] = [];
    const stack: Value[] = [a[0] ?? null];
    const root = list(a[0], 'flatten');
    stack.length = 0;
    for (let i = root.length - 1; i >= 0; i--) stack.push(root[i]!);
    while (stack.length > 0) {
      const x = stack.pop()!;
      const u = unknownIn(x, env);
      if (u) return u;
      if (Array.isArray(x)) for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]!);
      else out.push(x);
    }
    return out;
  },
  true,
);
def(
  'tolist',
  (a, env) => {
    const u = unknownIn(a[0] ?? null, env);
    if (u) return u;
    return list(a[0], 'tolist');
  },
  true,
);
def('distinct', (a) => setOf(list(a[0], 'distinct'), new TextBudget('distinct()')));
def('toset', (a) => setOf(list(a[0], 'toset'), new TextBudget('toset()')).sort(setOrder));
def(
  'tomap',
  (a, env) => {
    const u = unknownIn(a[0] ?? null, env);
    if (u) return u;
    return obj(a[0], 'tomap');
  },
  true,
);
def('contains', (a) => list(a[0], 'contains').some((x) => equal(x, a[1] ?? null)));
def('index', (a) => {
  const i = list(a[0], 'index').findIndex((x) => equal(x, a[1] ?? null));
  if (i < 0) throw new EvalError('index(): the value is not in the list');
  return i;
});
def(
  'zipmap',
  (a, env) => {
    const u = unknownIn(a[0] ?? null, env) ?? unknownIn(a[1] ?? null, env);
    if (u) return u;
    const ks = list(a[0], 'zipmap');
    const vs = list(a[1], 'zipmap');
    const out: Obj = {};
    ks.forEach((k, i) => setKey(out, str(k, 'zipmap'), vs[i] ?? null));
    return out;
  },
  true,
);
def('range', (a) => {
  const ns = a.map((x) => num(x, 'range'));
  const [start, end, step] = ns.length === 1 ? [0, ns[0]!, 1] : [ns[0]!, ns[1]!, ns[2] ?? (ns[1]! >= ns[0]! ? 1 : -1)];
  if (step === 0) throw new EvalError('range(): step must not be zero');
  const out: number[] = [];
  for (let x = start; step > 0 ? x < end : x > end; x += step) {
    out.push(x);
    if (out.length > 1024) throw new EvalError('range(): more than 1024 elements');
  }
  return out;
});
def('reverse', (a) => [...list(a[0], 'reverse')].reverse());
def('sort', (a) => list(a[0], 'sort').map((x) => str(x, 'sort')).sort());
def(
  'slice',
  (a, env) => {
    const u = unknownIn(a[0] ?? null, env);
    if (u) return u;
    return list(a[0], 'slice').slice(num(a[1], 'slice'), num(a[2], 'slice'));
  },
  true,
);
def('compact', (a) => list(a[0], 'compact').filter((x) => x !== null && x !== ''));
def(
  'one',
  (a, env) => {
    const u = unknownIn(a[0] ?? null, env);
    if (u) return u;
    const xs = list(a[0], 'one');
    if (xs.length > 1) throw new EvalError('one(): the list has more than one element');
    return xs[0] ?? null;
  },
  true,
);
def('alltrue', (a) => list(a[0], 'alltrue').every((x) => toBool(x, 'alltrue()') === true));
def('anytrue', (a) => list(a[0], 'anytrue').some((x) => toBool(x, 'anytrue()') === true));
def('chunklist', (a) => {
  const xs = list(a[0], 'chunklist');
  const n = num(a[1], 'chunklist');
  if (n <= 0) return [xs];
  const out: Value[] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
});
def('setunion', (a) => {
  const items: Value[] = [];
  for (const l of a) for (const x of list(l, 'setunion')) items.push(x);
  return setOf(items, new TextBudget('setunion()'));
});
// Membership by key, not by comparing every pair: sets of a hundred thousand names would be quadratic.
def('setintersection', (a) => {
  const [first, ...rest] = a.map((l) => list(l, 'setintersection'));
  const budget = new TextBudget('setintersection()');
  const keys = rest.map((r) => new Set(r.map((y) => valueKey(y, budget))));
  return setOf((first ?? []).filter((x) => {
    const k = valueKey(x, budget);
    return keys.every((ks) => ks.has(k));
  }), budget);
});
def('setsubtract', (a) => {
  const budget = new TextBudget('setsubtract()');
  const b = new Set(list(a[1], 'setsubtract').map((y) => valueKey(y, budget)));
  return setOf(list(a[0], 'setsubtract').filter((x) => !b.has(valueKey(x, budget))), budget);
});
def('transpose', (a) => {
  const out: Obj = {};
  const o = obj(a[0], 'transpose');
  for (const k of Object.keys(o)) {
    for (const v of list(o[k], 'transpose')) {
      const key = str(v, 'transpose');
      const keys = getKey(out, key) as string[] | undefined;
      if (keys) keys.push(k);
      else setKey(out, key, [k]);
    }
  }
  return out;
});
def(
  'coalesce',
  (a, env) => {
    for (const x of a) {
      const u = unknownIn(x, env);
      if (u) return u;
      if (x !== null && x !== '') return x;
    }
    throw new EvalError('coalesce(): no non-null, non-empty argument');
  },
  true,
);
def(
  'coalescelist',
  (a, env) => {
    for (const x of a) {
      const u = unknownIn(x, env);
      if (u) return u;
      if (Array.isArray(x) && x.length > 0) return x;
    }
    throw new EvalError('coalescelist(): no non-empty list');
  },
  true,
);

// ----- types and encodings -----
def('tostring', (a) => (a[0] === null ? null : str(a[0], 'tostring')));
def('tonumber', (a) => (a[0] === null ? null : num(a[0], 'tonumber')));
def('tobool', (a) => {
  if (a[0] === null) return null;
  const b = toBool(a[0] ?? null, 'tobool()');
  return b instanceof Unresolved ? b : b;
});
def('jsonencode', (a) => writeJson(a[0] ?? null, new TextBudget('jsonencode()')));
def('jsondecode', (a) => {
  try {
    return JSON.parse(str(a[0], 'jsondecode')) as Value;
  } catch (e) {
    throw new EvalError(`jsondecode(): ${e instanceof Error ? e.message : 'invalid JSON'}`);
  }
});
def('yamldecode', (a) => {
  try {
    return readYamlValue(str(a[0], 'yamldecode'), MAX_NESTING, 'the YAML text');
  } catch (e) {
    if (e instanceof YamlValueError) throw new EvalError(`yamldecode(): ${e.message}`);
    throw e;
  }
});
def('type', (a) => typeName(a[0] ?? null));
def('sensitive', (_a, env) => new Unresolved(env.expression, 'sensitive value is not read'), true);
def('nonsensitive', (a) => a[0] ?? null, true);

// ----- filesystem, relative to the working directory (the root module's) -----
def('file', (a, env) => {
  const p = resolvePath(env.workDir, str(a[0], 'file'));
  const text = env.readFile(p);
  if (text === undefined) throw new EvalError(`file(): no file at ${p}`);
  return text;
});
def('fileexists', (a, env) => env.readFile(resolvePath(env.workDir, str(a[0], 'fileexists'))) !== undefined);
def('basename', (a) => posix.basename(str(a[0], 'basename')));
def('dirname', (a) => posix.dirname(str(a[0], 'dirname')));
def('abspath', (a) => posix.normalize(str(a[0], 'abspath')));
def('pathexpand', (a) => str(a[0], 'pathexpand'));

// ----- not known at plan time -----
for (const n of ['timestamp', 'uuid', 'bcrypt', 'plantimestamp', 'templatefile', 'filebase64', 'fileset', 'cidrsubnet', 'cidrhost', 'cidrsubnets', 'cidrnetmask', 'uuidv5', 'yamlencode']) {
  if (defs.has(n)) continue;
  def(n, (_a, env) => new Unresolved(env.expression, `${n}() is not evaluated by azmtls`), true);
}

function resolvePath(dir: string, p: string): string {
  if (p.startsWith('/')) return posix.normalize(p);
  return posix.normalize(posix.join(dir, p));
}

function setOrder(a: Value, b: Value): number {
  return typeof a === 'string' && typeof b === 'string' ? (a < b ? -1 : a > b ? 1 : 0) : 0;
}

function compileRegex(pattern: string, flags: string): RegExp {
  // RE2 named groups are (?P<name>...); JavaScript spells them (?<name>...).
  const js = pattern.replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(js, flags + 'u');
  } catch {
    throw new EvalError(`invalid regular expression ${JSON.stringify(pattern)}`);
  }
}

/**
 * `s.replace(re, rep)` with JavaScript's replacement patterns ($$, $&, $`, $', $1..$99, $<name>), written out
 * match by match so a pattern that matches everywhere cannot build a string past the limit.
 */
function replaceRegex(s: string, re: RegExp, rep: string): string {
  const budget = new TextBudget('replace()');
  const parts: string[] = [];
  let last = 0;
  for (const m of s.matchAll(re)) {
    const at = m.index;
    const before = s.slice(last, at);
    budget.take(before.length);
    parts.push(before);
    const piece = substitute(rep, m, s);
    budget.take(piece.length);
    parts.push(piece);
    last = at + m[0].length;
  }
  budget.take(s.length - last);
  parts.push(s.slice(last));
  return parts.join('');
}

function substitute(rep: string, m: RegExpMatchArray, s: string): string {
  if (!rep.includes('$')) return rep;
  const at = m.index ?? 0;
  return rep.replace(/\$(\$|&|`|'|\d{1,2}|<([^>]*)>)/g, (whole, token: string, name: string | undefined) => {
    if (token === '$') return '$';
    if (token === '&') return m[0];
    if (token === '`') return s.slice(0, at);
    if (token === "'") return s.slice(at + m[0].length);
    if (name !== undefined) return m.groups ? (m.groups[name] ?? '') : whole;
    // $nn takes two digits only when that group exists, as String.prototype.replace does.
    const two = Number(token);
    if (token.length === 2 && two >= 1 && two < m.length) return m[two] ?? '';
    const one = Number(token[0]);
    if (one >= 1 && one < m.length) return (m[one] ?? '') + token.slice(1);
    return whole;
  });
}

function regexResult(m: RegExpMatchArray): Value {
  if (m.groups && Object.keys(m.groups).length > 0) {
    const o: Obj = {};
    for (const [k, v] of Object.entries(m.groups)) setKey(o, k, v ?? null);
    return o;
  }
  if (m.length > 1) return m.slice(1).map((x) => x ?? null);
  return m[0];
}

/** Terraform's format(): %v %s %d %f %t %q %% with optional width and precision. */
function format(spec: string, args: Value[], budget: TextBudget): string {
  let i = 0;
  budget.take(spec.length);
  return spec.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (_m, flags: string, width: string | undefined, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) throw new EvalError('format(): not enough arguments for the format string');
    const v = args[i++]!;
    let out: string;
    switch (verb) {
      case 's':
      case 'v':
        out = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(toStr(v, 'format()')) : writeJson(v, budget);
        break;
      case 'd':
        out = numberToString(Math.trunc(num(v, 'format')));
        break;
      case 'f':
        out = num(v, 'format').toFixed(prec !== undefined ? Number(prec) : 6);
        break;
      case 't':
        out = String(toBool(v, 'format()'));
        break;
      case 'q':
        out = JSON.stringify(str(v, 'format'));
        break;
      case 'x':
        out = Math.trunc(num(v, 'format')).toString(16);
        break;
      default:
        throw new EvalError(`format(): unsupported verb %${verb}`);
    }
    if (width) {
      const w = Number(width);
      // The width is user text: %2000000000s must not allocate before it is measured.
      if (w > out.length) budget.take(w - out.length);
      out = flags.includes('-') ? out.padEnd(w) : out.padStart(w, flags.includes('0') ? '0' : ' ');
    }
    budget.take(out.length);
    return out;
  });
}
