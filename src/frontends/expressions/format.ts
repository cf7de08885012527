/**
 * ARM's `format()` is .NET composite formatting in the invariant culture: `{index[,alignment][:format]}`,
 * with `{{` and `}}` as literal braces. Numeric format strings cover the standard specifiers templates use
 * (D, N, F, X, P, E, C, G) and simple custom patterns (`000`, `#,##0.00`).
 * https://learn.microsoft.com/dotnet/standard/base-types/composite-formatting
 */
import { Unresolved, type Value } from '../../model/value.js';
import { ExpressionError } from './context.js';
import { MAX_RESULT_CHARS } from './size.js';
import { armString, textTooLong, typeName } from './values.js';

class Unsupported extends Error {}

export function compositeFormat(template: string, args: readonly Value[]): string | Unresolved {
  let out = '';
  let i = 0;
  const n = template.length;
  const bad: (why: string) => never = (why) => {
    throw new ExpressionError(`The template function 'format' cannot use the format string: ${why}.`);
  };
  while (i < n) {
    const c = template[i]!;
    if (c === '}') {
      if (template[i + 1] !== '}') bad(`'}' at position ${i} is not escaped as '}}'`);
      out += '}';
      i += 2;
      continue;
    }
    if (c !== '{') {
      out += c;
      i++;
      continue;
    }
    if (template[i + 1] === '{') {
      out += '{';
      i += 2;
      continue;
    }
    const close = template.indexOf('}', i + 1);
    if (close < 0) bad(`the placeholder at position ${i} is not closed`);
    const item = /^\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?(?::(.*))?$/s.exec(template.slice(i + 1, close));
    if (!item) bad(`'${template.slice(i, close + 1)}' is not a valid placeholder`);
    const index = Number(item[1]);
    if (index >= args.length) {
      bad(`'{${index}}' refers to argument ${index} but only ${args.length} ${args.length === 1 ? 'is' : 'are'} given`);
    }
    let text: string;
    try {
      text = formatItem(args[index]!, item[3] ?? '');
    } catch (e) {
      if (e instanceof Unsupported) {
        return new Unresolved('format(...)', `the format '${item[3] ?? ''}' is not supported for ${typeName(args[index]!)} values`);
      }
      throw e;
    }
    const width = item[2] === undefined ? 0 : Number(item[2]);
    // The alignment is user text: {0,2000000000} must not allocate before the result is measured.
    if (out.length + Math.max(text.length, Math.abs(width)) > MAX_RESULT_CHARS) throw textTooLong('format');
    if (width > 0) text = text.padStart(width);
    else if (width < 0) text = text.padEnd(-width);
    out += text;
    i = close + 1;
  }
  return out;
}

function formatItem(v: Value, spec: string): string {
  if (typeof v === 'number') return formatNumber(v, spec);
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return armString(v);
  // .NET renders a JSON object or array through its own ToString (indented); not modelled.
  throw new Unsupported();
}

function group(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function fixed(abs: number, decimals: number): string {
  return abs.toFixed(Math.min(decimals, 100));
}

export function formatNumber(v: number, spec: string): string {
  if (spec === '') return String(v);
  const std = /^([A-Za-z])(\d{0,2})$/.exec(spec);
  if (!std) return customNumber(v, spec);
  const letter = std[1]!;
  const precision = std[2] === '' ? undefined : Number(std[2]);
  const sign = v < 0 ? '-' : '';
  const abs = Math.abs(v);
  switch (letter.toUpperCase()) {
    case 'D':
      if (!Number.isInteger(v)) throw new ExpressionError(`The template function 'format' cannot apply the format '${spec}' to a non-integer.`);
      return sign + String(abs).padStart(precision ?? 0, '0');
    case 'N': {
      const [ip, fp] = fixed(abs, precision ?? 2).split('.');
      return sign + group(ip!) + (fp ? `.${fp}` : '');
    }
    case 'F':
      return sign + fixed(abs, precision ?? 2);
    case 'P': {
      const [ip, fp] = fixed(abs * 100, precision ?? 2).split('.');
      return `${sign}${group(ip!)}${fp ? `.${fp}` : ''} %`;
    }
    case 'C': {
      const [ip, fp] = fixed(abs, precision ?? 2).split('.');
      return `${v < 0 ? '-' : ''}\u00a4${group(ip!)}${fp ? `.${fp}` : ''}`;
    }
    case 'X': {
      if (!Number.isInteger(v)) throw new ExpressionError(`The template function 'format' cannot apply the format '${spec}' to a non-integer.`);
      const hex = (v < 0 ? BigInt.asUintN(64, BigInt(v)) : BigInt(v)).toString(16).padStart(precision ?? 0, '0');
      return letter === 'X' ? hex.toUpperCase() : hex;
    }
    case 'E': {
      const [mant, exp] = abs.toExponential(precision ?? 6).split('e');
      const e = Number(exp);
      return `${sign}${mant}${letter}${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(3, '0')}`;
    }
    case 'G':
      if (precision === undefined || precision === 0) return String(v);
      return String(Number(v.toPrecision(precision)));
    default:
      throw new Unsupported();
  }
}

/** Custom numeric patterns made of `0`, `#`, `,` and one `.`; anything richer is not modelled. */
function customNumber(v: number, spec: string): string {
  if (!/^[0#,]*(\.[0#]*)?$/.test(spec)) throw new Unsupported();
  const [intPart, fracPart = ''] = spec.split('.');
  const minInt = (intPart!.match(/0/g) ?? []).length;
  const minFrac = (fracPart.match(/0/g) ?? []).length;
  const maxFrac = fracPart.length;
  const grouping = /[0#],+[0#]/.test(intPart!);
  let [ip, fp = ''] = fixed(Math.abs(v), maxFrac).split('.');
  while (fp.length > minFrac && fp.endsWith('0')) fp = fp.slice(0, -1);
  ip = ip === '0' && minInt === 0 ? '' : ip!.padStart(minInt, '0');
  if (grouping) ip = group(ip);
  const body = ip + (fp ? `.${fp}` : '');
  return (v < 0 && /[1-9]/.test(body) ? '-' : '') + body;
}
