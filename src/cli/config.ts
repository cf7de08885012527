/**
 * `.azmtls.yml`: found upward from the scanned path unless `--config` names one. A malformed file is an
 * error naming the file, line and key (exit 2), never a silent default.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import type { ProfileName } from '../engine/rule.js';
import { toDisplayPath } from './scan/paths.js';

export type FailOn = 'fail' | 'unknown' | 'never';

export interface ConfigException {
  rule: string;
  resource: string;
  reason: string;
  owner?: string;
  expires: string;
  line: number;
}

export interface Config {
  file?: string;
  profile?: ProfileName;
  failOn?: FailOn;
  internalTag?: string;
  exceptions: ConfigException[];
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(`${file}:${line}:${column}: ${message}`);
  }
}

const CONFIG_NAMES = ['.azmtls.yml', '.azmtls.yaml'];

export function findConfig(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const PROFILES = ['strict', 'cis', 'internal'];
const FAIL_ON = ['fail', 'unknown', 'never'];
const TOP_KEYS = new Set(['profile', 'failOn', 'internalTag', 'exceptions']);
const EXCEPTION_KEYS = new Set(['rule', 'resource', 'reason', 'owner', 'expires']);

export function loadConfig(absPath: string, cwd: string): Config {
  const display = toDisplayPath(cwd, absPath);
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch (err) {
    throw new ConfigError(display, 1, 1, `cannot read the configuration file: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseConfig(text, display);
}

export function parseConfig(text: string, display: string): Config {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const at = (node: { range?: [number, number, number] | null } | null | undefined): [number, number] => {
    const off = node?.range?.[0] ?? 0;
    const p = lc.linePos(off);
    return [p.line, p.col];
  };
  const fail = (node: { range?: [number, number, number] | null } | null | undefined, msg: string): never => {
    const [l, c] = at(node);
    throw new ConfigError(display, l, c, msg);
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const p = lc.linePos(e.pos[0]);
    throw new ConfigError(display, p.line, p.col, `YAML syntax error: ${e.message.split('\n')[0]}`);
  }
  const config: Config = { file: display, exceptions: [] };
  const root = doc.contents;
  if (root === null || root === undefined) return config;
  if (!isMap(root)) return fail(root as YamlNode, 'the configuration must be a mapping of keys (profile, failOn, internalTag, exceptions)');
  for (const pair of root.items as Pair<YamlNode, YamlNode>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!TOP_KEYS.has(key)) fail(pair.key, `unknown key '${key}' (expected one of: ${[...TOP_KEYS].join(', ')})`);
    const v = pair.value;
    const scalarString = (name: string, allowed?: string[]): string => {
      if (!isScalar(v) || typeof v.value !== 'string') return fail(v ?? pair.key, `'${name}' must be a string`);
      if (allowed && !allowed.includes(v.value)) fail(v, `'${name}' must be one of ${allowed.join(', ')}, not '${v.value}'`);
      return v.value;
    };
    if (key === 'profile') config.profile = scalarString('profile', PROFILES) as ProfileName;
    else if (key === 'failOn') config.failOn = scalarString('failOn', FAIL_ON) as FailOn;
    else if (key === 'internalTag') config.internalTag = scalarString('internalTag');
    else if (key === 'exceptions') {
      if (v === null || v === undefined) continue;
      if (!isSeq(v)) fail(v, `'exceptions' must be a list`);
      for (const item of (v as { items: YamlNode[] }).items) {
        if (!isMap(item)) fail(item, 'each exception must be a mapping with rule, resource, reason, expires');
        const fields = new Map<string, YamlNode>();
        for (const p of (item as { items: Pair<YamlNode, YamlNode>[] }).items) {
          const k = isScalar(p.key) ? String(p.key.value) : '';
          if (!EXCEPTION_KEYS.has(k)) fail(p.key, `unknown exception key '${k}' (expected one of: ${[...EXCEPTION_KEYS].join(', ')})`);
          fields.set(k, p.value as YamlNode);
        }
        const str = (k: string, required: boolean): string | undefined => {
          const n = fields.get(k);
          if (n === undefined || n === null) {
            if (required) fail(item, `exception: '${k}' is required`);
            return undefined;
          }
          if (!isScalar(n) || (typeof n.value !== 'string' && !(n.value instanceof Date))) return fail(n, `exception: '${k}' must be a string`);
          const s = n.value instanceof Date ? n.value.toISOString().slice(0, 10) : String(n.value);
          if (required && s.trim() === '') fail(n, `exception: '${k}' must not be empty`);
          return s;
        };
        const rule = str('rule', true)!;
        if (rule !== '*' && !/^AZM-[A-Z]+-\d{3}$/.test(rule)) fail(fields.get('rule'), `exception: 'rule' must be a rule id such as AZM-MTLS-001, or '*'`);
        const expires = str('expires', true)!;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(expires) || Number.isNaN(Date.parse(`${expires}T00:00:00Z`))) {
          fail(fields.get('expires'), `exception: 'expires' must be a date YYYY-MM-DD, not '${expires}'`);
        }
        const ex: ConfigException = {
          rule,
          resource: str('resource', true)!,
          reason: str('reason', true)!,
          expires,
          line: at(item)[0],
        };
        const owner = str('owner', false);
        if (owner) ex.owner = owner;
        config.exceptions.push(ex);
      }
    }
  }
  return config;
}
