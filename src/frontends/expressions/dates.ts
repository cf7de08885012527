/**
 * Date functions. https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-date
 * Times are UTC (ARM evaluates on servers in UTC); formats are .NET date format strings, invariant culture.
 */
import { Unresolved } from '../../model/value.js';
import { fail, int, str } from './args.js';
import type { Library } from './library.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:([T ])(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const DURATION = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

interface Parsed {
  ms: number;
  /** The text used `T` between date and time, so the result keeps ISO 8601 form. */
  iso: boolean;
}

function parseDate(fn: string, text: string): Parsed {
  const m = ISO.exec(text.trim());
  if (!m) fail(fn, `cannot read '${text}' as a date and time; use ISO 8601 (2024-01-31T12:00:00Z).`);
  const [, y, mo, d, sep, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(frac.padEnd(3, '0').slice(0, 3)));
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  if (Number.isNaN(ms)) fail(fn, `cannot read '${text}' as a date and time.`);
  return { ms, iso: sep !== ' ' };
}

/** Calendar arithmetic as .NET's AddYears/AddMonths: the day is clamped to the end of a shorter month. */
function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

function addDuration(fn: string, ms: number, duration: string): number {
  const m = DURATION.exec(duration);
  if (!m || duration === 'P' || duration.endsWith('T')) fail(fn, `cannot read '${duration}' as an ISO 8601 duration (for example P1D or PT1H).`);
  const sign = m[1] ? -1 : 1;
  const n = (i: number): number => (m[i] ? Number(m[i]) : 0);
  let out = addMonths(ms, sign * (n(2) * 12 + n(3)));
  out += sign * (((n(4) * 7 + n(5)) * 24 + n(6)) * 3_600_000 + n(7) * 60_000 + Math.round(n(8) * 1000));
  return out;
}

const pad = (v: number, width: number): string => String(v).padStart(width, '0');

/** .NET custom date format specifiers for a UTC time. */
function formatDate(ms: number, format: string): string | Unresolved {
  const standard: Record<string, string> = {
    o: "yyyy-MM-dd'T'HH:mm:ss.fffffffK",
    O: "yyyy-MM-dd'T'HH:mm:ss.fffffffK",
    s: "yyyy-MM-dd'T'HH:mm:ss",
    u: "yyyy-MM-dd HH:mm:ss'Z'",
    d: 'MM/dd/yyyy',
    g: 'MM/dd/yyyy HH:mm',
    G: 'MM/dd/yyyy HH:mm:ss',
    t: 'HH:mm',
    T: 'HH:mm:ss',
  };
  if (format.length === 1) {
    const expanded = standard[format];
    if (expanded === undefined) return new Unresolved('dateTimeAdd(...)', `the date format '${format}' is not supported`);
    format = expanded;
  }
  const d = new Date(ms);
  const hours = d.getUTCHours();
  let out = '';
  let i = 0;
  while (i < format.length) {
    const c = format[i]!;
    if (c === "'" || c === '"') {
      const end = format.indexOf(c, i + 1);
      out += format.slice(i + 1, end < 0 ? format.length : end);
      i = end < 0 ? format.length : end + 1;
      continue;
    }
    if (c === '\\') {
      out += format[i + 1] ?? '';
      i += 2;
      continue;
    }
    let run = 1;
    while (format[i + run] === c) run++;
    switch (c) {
      case 'y': out += run === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), run); break;
      case 'M': out += run >= 3 ? new Intl.DateTimeFormat('en-US', { month: run === 3 ? 'short' : 'long', timeZone: 'UTC' }).format(d) : pad(d.getUTCMonth() + 1, run); break;
      case 'd': out += run >= 3 ? new Intl.DateTimeFormat('en-US', { weekday: run === 3 ? 'short' : 'long', timeZone: 'UTC' }).format(d) : pad(d.getUTCDate(), run); break;
      case 'H': out += pad(hours, run); break;
      case 'h': out += pad(hours % 12 === 0 ? 12 : hours % 12, run); break;
      case 'm': out += pad(d.getUTCMinutes(), run); break;
      case 's': out += pad(d.getUTCSeconds(), run); break;
      case 'f': out += pad(d.getUTCMilliseconds(), 3).padEnd(7, '0').slice(0, run); break;
      case 't': out += (hours < 12 ? 'AM' : 'PM').slice(0, run === 1 ? 1 : 2); break;
      case 'K': out += 'Z'; break;
      case 'z': out += run >= 3 ? '+00:00' : run === 2 ? '+00' : '+0'; break;
      default: out += c.repeat(run);
    }
    i += run;
  }
  return out;
}

function isoText(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

export const dateFunctions: Library = {
  utcNow: {
    min: 0,
    max: 1,
    impl: () => new Unresolved('utcNow()', 'utcNow() is the time of the deployment'),
  },
  dateTimeAdd: {
    min: 2,
    max: 3,
    impl: (a, _c, fn) => {
      const base = parseDate(fn, str(fn, a, 0));
      const ms = addDuration(fn, base.ms, str(fn, a, 1));
      if (a.length > 2) return formatDate(ms, str(fn, a, 2));
      // Without a format ARM keeps ISO text ISO; other inputs come back in .NET's general format
      // (the documented example turns '2020-04-07 14:53:14Z' into '4/7/2023 2:53:14 PM').
      return base.iso ? isoText(ms) : formatDate(ms, 'M/d/yyyy h:mm:ss tt');
    },
  },
  dateTimeFromEpoch: { min: 1, max: 1, impl: (a, _c, fn) => isoText(int(fn, a, 0) * 1000) },
  dateTimeToEpoch: { min: 1, max: 1, impl: (a, _c, fn) => Math.floor(parseDate(fn, str(fn, a, 0)).ms / 1000) },
};
