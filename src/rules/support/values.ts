/**
 * Phrases for how a value came to be: written, a provider default (Terraform, filled in by the
 * frontend) or a service default (absent in ARM, Bicep or a live payload). Results must say which.
 */
import { readBool, readString, readArray, describe, type Attr } from '../../model/access.js';
import type { VNode } from '../../model/value.js';
import { canonicalEnum, type EnumName } from '../../model/catalog/index.js';

/** " (provider default)" for values a frontend filled in from the provider's defaults. */
export function provenance(a: Attr): string {
  return a.origin === 'default' ? ' (provider default)' : '';
}

export type BoolRead =
  | { kind: 'bool'; value: boolean; text: string }
  | { kind: 'absent' }
  | { kind: 'invalid'; text: string };

/** A known bool: its clause reads "`label` is true", with the string-to-bool note when the input wrote "true". */
export function knownBool(a: Attr, label: string): BoolRead {
  const r = readBool(a);
  if (r.state === 'absent' || r.state === 'unresolved') return { kind: 'absent' };
  if (r.state === 'invalid') return { kind: 'invalid', text: `${label} is ${describe(a.node!)}, not a bool` };
  const written = r.note ? `the string '${String((a.node as { value: unknown }).value)}' (read as the bool ${r.value})` : String(r.value);
  return { kind: 'bool', value: r.value, text: `${label} is ${written}${provenance(a)}` };
}

export type EnumRead =
  | { kind: 'enum'; value: string; canonical: string | undefined; text: string }
  | { kind: 'absent' }
  | { kind: 'invalid'; text: string };

/** A known enum string, in canonical casing when it is one of the enum's values. */
/** Values and expressions quoted in a clause: long ones are shortened so the clauses around them stay readable. */
const MAX_QUOTED = 200;

export function clip(text: string): string {
  if (text.length <= MAX_QUOTED) return text;
  const c = text.charCodeAt(MAX_QUOTED - 1);
  const cut = c >= 0xd800 && c <= 0xdbff ? MAX_QUOTED - 1 : MAX_QUOTED; // never split a surrogate pair
  return `${text.slice(0, cut)}… (${text.length} characters)`;
}

export function knownEnum(a: Attr, label: string, name: EnumName): EnumRead {
  const r = readString(a);
  if (r.state === 'absent' || r.state === 'unresolved') return { kind: 'absent' };
  if (r.state === 'invalid') return { kind: 'invalid', text: `${label} is ${describe(a.node!)}, not a string` };
  const canonical = canonicalEnum(name, r.value);
  return { kind: 'enum', value: r.value, canonical, text: `${label} is '${clip(canonical ?? r.value)}'${provenance(a)}` };
}

export type ListRead =
  | { kind: 'list'; items: VNode[] }
  | { kind: 'absent' }
  | { kind: 'invalid'; text: string };

export function knownList(a: Attr, label: string): ListRead {
  const r = readArray(a);
  if (r.state === 'absent' || r.state === 'unresolved') return { kind: 'absent' };
  if (r.state === 'invalid') return { kind: 'invalid', text: `${label} is ${describe(a.node!)}, not a list` };
  return { kind: 'list', items: r.value };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** ARM apiVersion comparison on the date part (`2020-12-01-preview` sorts as 2020-12-01). */
export function apiVersionBefore(apiVersion: string | undefined, date: string): boolean {
  if (!apiVersion) return false;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(apiVersion.trim());
  return m !== null && m[1]! < date;
}
