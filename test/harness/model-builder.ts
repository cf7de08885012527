/**
 * Builds `Resource`s from plain JSON for rule tests, without any frontend. Every property gets its own
 * line in a synthetic source file, so tests can assert where a reason points (`ref(path)`, `lineOf(path)`)
 * and run results through the engine's location code.
 *
 * Markers inside `body`:
 * - `{ $unresolved: "[parameters('m')]", reason?: "...", candidates?: [...], via?: ["value comes from parameter 'm'"] }`
 * - `{ $default: <json> }`: a value a frontend filled in from a provider default (`origin: 'default'`).
 */
import { SourceSet, type SourceRef } from '../../src/core/source.js';
import type { Resource, SourceKind } from '../../src/model/resource.js';
import {
  arrayNode,
  objectNode,
  scalar,
  setProp,
  unresolved,
  type NodeBase,
  type ObjectNode,
  type Related,
  type Scalar,
  type VNode,
} from '../../src/model/value.js';

export type Json = Scalar | Json[] | { [key: string]: Json };

export interface BuildSpec {
  type: string;
  name?: string;
  nameResolved?: boolean;
  apiVersion?: string;
  source?: SourceKind;
  sourceType?: string;
  address?: string;
  file?: string;
  body?: { [key: string]: Json };
  limitations?: { id: string; message: string }[];
  existing?: boolean;
  condition?: { expression: string; reason: string };
  facts?: Record<string, string>;
}

export interface Built {
  resource: Resource;
  sources: SourceSet;
  /** The ref of a property (`properties.clientCertMode`), an array item (`properties.activities[1]`), `$resource`, or a `via` message. */
  ref(path: string): SourceRef;
  /** 1-based line of `ref(path)` in the synthetic file. */
  lineOf(path: string): number;
}

let fileCounter = 0;

function isObject(v: Json): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function buildResource(spec: BuildSpec): Built {
  const file = spec.file ?? `test/model-${++fileCounter}.json`;
  const lines: string[] = [];
  const refs = new Map<string, SourceRef>();
  const lineByPath = new Map<string, number>();
  let offset = 0;

  const alloc = (path: string): SourceRef => {
    const existing = refs.get(path);
    if (existing) return existing;
    const label = path.length > 0 ? path : '(root)';
    const ref: SourceRef = { file, start: offset, end: offset + label.length };
    lines.push(label);
    lineByPath.set(path, lines.length);
    offset += label.length + 1;
    refs.set(path, ref);
    return ref;
  };

  const resourceRef = alloc('$resource');

  const lower = (v: Json, path: string, ref: SourceRef | undefined, extra: NodeBase): VNode => {
    if (isObject(v) && typeof v['$unresolved'] === 'string') {
      const via: Related[] = Array.isArray(v['via']) ? (v['via'] as Json[]).map((m) => ({ ref: alloc(`via:${String(m)}`), message: String(m) })) : [];
      const n = unresolved(v['$unresolved'], typeof v['reason'] === 'string' ? v['reason'] : 'the value is not known', ref, {
        ...extra,
        ...(via.length > 0 ? { via } : {}),
      });
      if (Array.isArray(v['candidates'])) n.candidates = v['candidates'] as Scalar[];
      return n;
    }
    if (isObject(v) && '$default' in v) {
      return lower(v['$default']!, path, ref, { ...extra, origin: 'default' });
    }
    if (Array.isArray(v)) {
      const items = v.map((item, i) => {
        const p = `${path}[${i}]`;
        return lower(item, p, alloc(p), extra);
      });
      return arrayNode(items, ref, extra);
    }
    if (isObject(v)) {
      const o = objectNode(ref, extra);
      fill(o, v, path, extra);
      return o;
    }
    return scalar(v, ref, extra);
  };

  const fill = (o: ObjectNode, v: { [key: string]: Json }, path: string, extra: NodeBase): void => {
    for (const [k, child] of Object.entries(v)) {
      const p = path.length > 0 ? `${path}.${k}` : k;
      const r = alloc(p);
      setProp(o, k, lower(child, p, r, extra), r);
    }
  };

  const body = objectNode(resourceRef);
  fill(body, spec.body ?? {}, '', {});

  const resource: Resource = {
    source: spec.source ?? 'arm',
    type: spec.type,
    name: spec.name ?? 'contoso-app',
    nameResolved: spec.nameResolved ?? true,
    address: spec.address ?? spec.name ?? 'contoso-app',
    body,
    file,
    ref: resourceRef,
    ...(spec.apiVersion ? { apiVersion: spec.apiVersion } : {}),
    ...(spec.sourceType ? { sourceType: spec.sourceType } : {}),
    ...(spec.existing ? { existing: true } : {}),
    ...(spec.facts ? { facts: spec.facts } : {}),
    ...(spec.condition ? { condition: { ...spec.condition, ref: alloc(`condition:${spec.condition.expression}`) } } : {}),
    ...(spec.limitations ? { limitations: spec.limitations.map((l) => ({ ...l, ref: resourceRef })) } : {}),
  };

  const sources = new SourceSet();
  sources.add(file, lines.join('\n'));
  return {
    resource,
    sources,
    ref(path: string): SourceRef {
      const r = refs.get(path);
      if (!r) throw new Error(`no ref for '${path}' (known: ${[...refs.keys()].join(', ')})`);
      return r;
    },
    lineOf(path: string): number {
      const l = lineByPath.get(path);
      if (l === undefined) throw new Error(`no line for '${path}'`);
      return l;
    },
  };
}

/** Several resources sharing one SourceSet, for engine runs over a whole input. */
export function buildAll(specs: BuildSpec[]): { resources: Resource[]; sources: SourceSet; built: Built[] } {
  const built = specs.map(buildResource);
  const sources = new SourceSet();
  for (const b of built) {
    const text = b.sources.get(b.resource.file)!.text;
    sources.add(b.resource.file, text);
  }
  return { resources: built.map((b) => b.resource), sources, built };
}

/** The context rules run with in tests: strict unless told otherwise, default internal tag. */
export function ruleContext(profile: 'strict' | 'cis' | 'internal' = 'strict', internalTag = 'requires-mtls'): { profile: 'strict' | 'cis' | 'internal'; internalTag: string } {
  return { profile, internalTag };
}
