/**
 * `.azmtls.yml`: found upward from the scanned path unless `--config` names one. A malformed file is an
 * error naming the file, line and key (exit 2), never a silent default.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair } from 'yaml';
import type { ProfileName } from '../engine/rule.js';
import { checkYamlShape, MAX_CONFIG_BYTES, MAX_CONFIG_DEPTH, MAX_CONFIG_NODES, yamlPosition } from './config-limits.js';
import { toDisplayPath } from './scan/paths.js';
import { decodeText } from './scan/read.js';

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

function tooLarge(display: string, bytes: number): ConfigError {
  const size = bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${bytes} bytes`;
  return new ConfigError(display, 1, 1, `the configuration file is ${size}, over the limit of ${MAX_CONFIG_BYTES / (1024 * 1024)} MiB; a configuration is a few KB`);
}

export function loadConfig(absPath: string, cwd: string): Config {
  const display = toDisplayPath(cwd, absPath);
  let text: string;
  try {
    // Checked before reading, so a multi-gigabyte file named by --config is never loaded.
    const size = statSync(absPath).size;
    if (size > MAX_CONFIG_BYTES) throw tooLarge(display, size);
    const bytes = readFileSync(absPath);
    text = decodeText(bytes, 0, bytes.length);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(display, 1, 1, `cannot read the configuration file: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseConfig(text, display);
}

export function parseConfig(text: string, display: string): Config {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_BYTES) throw tooLarge(display, bytes);
  // Before `yaml` composes anything: its cost on these shapes is seconds per hundred KB, or a stack overflow.
  const shape = checkYamlShape(text, MAX_CONFIG_DEPTH, MAX_CONFIG_NODES);
  if (shape) {
    const [line, col] = yamlPosition(text, shape.offset);
    const messages = {
      depth: `YAML nested more than ${MAX_CONFIG_DEPTH} levels deep; a configuration is at most 4 levels deep`,
      nodes: `more than ${MAX_CONFIG_NODES} YAML nodes (values, anchors, tags); a configuration holds far fewer`,
      closer: `YAML syntax error: '${text[shape.offset]}' closes no flow collection`,
    };
    throw new ConfigError(display, line, col, messages[shape.problem]);
  }
  const lc = new LineCounter();
  // Duplicate keys are found below: yaml's own check compares every key with every other (quadratic).
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  const at = (node: { range?: [number, number, number] | null } | null | undefined): [number, number] => {
    const off = node?.range?.[0] ?? 0;
    const p = lc.linePos(off);
    return [p.line, p.col];
  };
  const fail = (node: { range?: [number, number, number] | null } | null | undefined, msg: string): never => {
    const [l, c] = at(node);
    throw new ConfigError(display, l, c, msg);
  };
  // Aliases are never expanded (no value here is a collection), so an alias bomb stays a few nodes.
  const noAlias = (node: YamlNode | null | undefined): void => {
    if (isAlias(node)) fail(node, `YAML aliases (*${node.source}) are not supported in the configuration; write the value itself`);
  };
  const unique = (seen: Set<string>, key: string, node: YamlNode): void => {
    if (seen.has(key)) fail(node, `duplicate key '${key}'`);
    seen.add(key);
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const p = lc.linePos(e.pos[0]);
    throw new ConfigError(display, p.line, p.col, `YAML syntax error: ${e.message.split('\n')[0]}`);
  }
  const config: Config = { file: display, exceptions: [] };
  const root = doc.contents;
  if (root === null || root === undefined) return config;
  noAlias(root as YamlNode);
  if (!isMap(root)) return fail(root as YamlNode, 'the configuration must be a mapping of keys (profile, failOn, internalTag, exceptions)');
  const topSeen = new Set<string>();
  for (const pair of root.items as Pair<YamlNode, YamlNode>[]) {
    noAlias(pair.key);
    if (!isScalar(pair.key)) fail(pair.key ?? root, 'a key must be a plain name, not a list or a mapping');
    const key = String((pair.key as { value: unknown }).value);
    if (!TOP_KEYS.has(key)) fail(pair.key, `unknown key '${key}' (expected one of: ${[...TOP_KEYS].join(', ')})`);
    unique(topSeen, key, pair.key);
    const v = pair.value;
    noAlias(v);
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
        noAlias(item);
        if (!isMap(item)) fail(item, 'each exception must be a mapping with rule, resource, reason, expires');
        const fields = new Map<string, YamlNode>();
        for (const p of (item as { items: Pair<YamlNode, YamlNode>[] }).items) {
          noAlias(p.key);
          if (!isScalar(p.key)) fail(p.key ?? item, 'exception: a key must be a plain name, not a list or a mapping');
          const k = String((p.key as { value: unknown }).value);
          if (!EXCEPTION_KEYS.has(k)) fail(p.key, `unknown exception key '${k}' (expected one of: ${[...EXCEPTION_KEYS].join(', ')})`);
          if (fields.has(k)) fail(p.key, `exception: duplicate key '${k}'`);
          noAlias(p.value as YamlNode);
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
        // Date.parse accepts 2027-02-30 (as March 2); a date that does not read back the same is not a date.
        const day = /^\d{4}-\d{2}-\d{2}$/.test(expires) ? new Date(`${expires}T00:00:00Z`) : undefined;
        if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== expires) {
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
