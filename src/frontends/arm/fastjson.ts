/**
 * A fast, iterative parser for well-formed template JSON, producing the same node shape as jsonc-parser
 * (offsets, lengths, `property` nodes with key and value). It accepts what ARM accepts: comments, trailing
 * commas and line breaks inside strings. On the first syntax error it gives up, and the caller parses
 * again with jsonc-parser, which recovers and reports every error; templates with errors are rare, so the
 * common case pays for one pass only.
 *
 * Read as a template (`shape: 'template'`), it builds nodes only for what decides the deployment: the
 * declarations, and each resource's type, name, copy, condition and children. The rest of a resource
 * (its body: most of the bytes) is checked for syntax but not built; `resourceWithBody` parses that
 * resource again, whole, when its body is wanted. Building nodes costs far more than checking syntax.
 *
 * A resource's `properties.template` object (a nested deployment's template; the type may come after the
 * properties, so any resource's) is kept as a lazy node, built when the deployment is evaluated. The pass
 * records where every large value it checks ends (`Spans`), and later readings of parts of the text jump
 * over those values instead of checking them again: reading a template nested n levels deep, as compiled
 * Bicep modules are, costs one pass over the text, not n.
 */
import type { ParsedString } from './expression.js';

export type JNodeType = 'object' | 'array' | 'property' | 'string' | 'number' | 'boolean' | 'null';

export interface JNode {
  type: JNodeType;
  value?: unknown;
  offset: number;
  length: number;
  children?: JNode[];
  colonOffset?: number;
  /** The template-language reading of a string node, cached by the evaluator (copies evaluate a node again). */
  parsed?: ParsedString;
  /** A resource object some of whose properties were checked but not built (see `resourceWithBody`). */
  partial?: boolean;
  /** An object or array checked but not built: `expand` builds its children when they are wanted. */
  lazy?: boolean;
  /** On a lazy nested template: the spans recorded by the reading that checked it. */
  spans?: Spans;
}

/** Values checked by a reading of a text, by start offset: their end offset (see the file's comment). */
export type Spans = Map<number, number>;

/** Values shorter than this are checked again rather than recorded. */
const MIN_SPAN = 512;

export type FastResult = { kind: 'ok'; root: JNode } | { kind: 'error' } | { kind: 'deep'; offset: number };

/** What a value is, for deciding what to build of it. */
const enum Shape {
  Full,
  Template,
  Resources,
  Resource,
  /** A resource's `properties`: only `template` is kept (see `NestedTemplate`). */
  ResourceProperties,
  /** `properties.template`: a lazy node when it is an object (a nested deployment's), otherwise built whole. */
  NestedTemplate,
  /** A deployment's `properties` read again for everything but `template`, which the first pass built. */
  DeploymentRest,
  Parameters,
  Parameter,
  Variables,
  /** Built when read (see `expand`): a variable's value, a parameter's default. */
  Lazy,
  Skip,
}

/** `deploymentRest`: a deployment's `properties` object without its `template` (see `deploymentWithProperties`). */
export type ParseShape = 'full' | 'template' | 'deploymentRest';

export interface FastOptions {
  /** What the text (or the range) holds; `full` builds every node. */
  shape?: ParseShape;
  /** A range of the text to parse (offsets stay those of the whole text). */
  start?: number;
  end?: number;
  /** Values checked by an earlier reading of the text: jumped over, not checked again; new ones are added. */
  spans?: Spans;
}

const enum S {
  Value,
  KeyOrClose,
  ValueOrClose,
  Key,
  After,
}

interface Frame {
  readonly node: JNode;
  readonly object: boolean;
  readonly shape: Shape;
  /** The property whose value is being parsed (built objects only). */
  prop: JNode | undefined;
  /** A resource whose literal `type` has been read: whether it is a deployment (whose `properties` are read). */
  deployment?: boolean;
}


/** Template keys read by the evaluator; `outputs`, `metadata`, `definitions` and the like are only checked. */
const TEMPLATE_KEYS = new Set(['$schema', 'languageversion', 'contentversion', 'functions']);
/** Parameter declaration keys read by the evaluator besides `defaultValue`. */
const PARAMETER_KEYS = new Set(['type', 'allowedvalues', 'nullable']);
/** Resource keys read to decide the deployment; `resources` (children) is walked as resources. */
const IDENTITY_KEYS = new Set(['type', 'name', 'copy', 'condition', 'existing', 'apiversion', 'resourcegroup', 'subscriptionid', 'scope']);

function shapeOfProperty(parent: Shape, key: string): Shape {
  switch (parent) {
    case Shape.Full:
      return Shape.Full;
    case Shape.Skip:
      return Shape.Skip;
    case Shape.Resources:
      return Shape.Resource;
    case Shape.ResourceProperties:
      return isTemplateKey(key) ? Shape.NestedTemplate : Shape.Skip;
    case Shape.DeploymentRest:
      return isTemplateKey(key) ? Shape.Skip : Shape.Full;
  }
  const l = key.toLowerCase();
  switch (parent) {
    case Shape.Parameters:
      return Shape.Parameter;
    case Shape.Parameter:
      // `metadata` (descriptions) and the like are only checked.
      return l === 'defaultvalue' ? Shape.Lazy : PARAMETER_KEYS.has(l) ? Shape.Full : Shape.Skip;
    case Shape.Variables:
      return l === 'copy' ? Shape.Full : Shape.Lazy;
    case Shape.Lazy:
      return Shape.Full;
  }
  if (l === 'resources') return Shape.Resources;
  if (parent === Shape.Template) {
    if (l === 'parameters') return Shape.Parameters;
    if (l === 'variables') return Shape.Variables;
    return TEMPLATE_KEYS.has(l) ? Shape.Full : Shape.Skip;
  }
  if (IDENTITY_KEYS.has(l)) return Shape.Full;
  return l === 'properties' ? Shape.ResourceProperties : Shape.Skip;
}

function isTypeKey(prop: JNode): boolean {
  const k = prop.children![0]!.value as string;
  return k.length === 4 && k.toLowerCase() === 'type';
}

/** As `isDeployment` of resources.ts, which reads the trees this module builds. */
function isDeploymentType(type: string): boolean {
  return type.length === 31 && type.toLowerCase() === 'microsoft.resources/deployments';
}

function isTemplateKey(key: string): boolean {
  return key.length === 8 && key.toLowerCase() === 'template';
}

function shapeOfItem(parent: Shape): Shape {
  if (parent === Shape.Skip) return Shape.Skip;
  return parent === Shape.Resources ? Shape.Resource : Shape.Full;
}

function shapeOf(s: ParseShape | undefined): Shape {
  return s === 'template' ? Shape.Template : s === 'deploymentRest' ? Shape.DeploymentRest : Shape.Full;
}

/** States of `skipValue`. */
const enum K {
  Value,
  Key,
  ValueOrClose,
  After,
}

const ERROR = -1;
const DEEP = -2;

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

export function fastParse(text: string, maxDepth: number, options: FastOptions = {}): FastResult {
  const n = options.end ?? text.length;
  const stack: Frame[] = [];
  let root: JNode | undefined;
  let state: S = S.Value;
  let want: Shape = shapeOf(options.shape);
  let i = options.start ?? 0;
  let deepAt = 0;
  const skipKinds: number[] = [];
  const skipStarts: number[] = [];
  const spans: Spans = options.spans ?? new Map();
  // Only a reading over part of an already read text can meet recorded spans; the first reading only records.
  const known = options.spans !== undefined;
  // Searches stop at the range's end: a reading of one resource of a large template (`resourceWithBody`)
  // must cost that resource's length, not the rest of the text's (a slice shares the text's characters).
  const range = n === text.length ? text : text.slice(0, n);
  const backslashFrom = (from: number): number => {
    const k = range.indexOf('\\', from);
    return k < 0 ? n : k;
  };
  let nextBackslash = backslashFrom(i);

  const attach = (node: JNode): void => {
    const top = stack[stack.length - 1];
    if (!top) root = node;
    else if (top.object) top.prop!.children!.push(node);
    else top.node.children!.push(node);
  };
  /** A value is complete: its property (if any) now spans key to value end. */
  const complete = (node: JNode): void => {
    const top = stack[stack.length - 1];
    if (top && top.object && top.prop) {
      const p = top.prop;
      p.length = node.offset + node.length - p.offset;
      top.prop = undefined;
    }
  };
  const close = (): void => {
    const top = stack.pop()!;
    i++;
    top.node.length = i - top.node.offset;
    complete(top.node);
    state = S.After;
  };

  for (;;) {
    // Whitespace and comments.
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else if (c === 47) {
        const d = text.charCodeAt(i + 1);
        if (d === 47) {
          const e = text.indexOf('\n', i + 2);
          i = e < 0 || e >= n ? n : e + 1;
        } else if (d === 42) {
          const e = text.indexOf('*/', i + 2);
          if (e < 0 || e + 2 > n) return { kind: 'error' };
          i = e + 2;
        } else return { kind: 'error' };
      } else if (c === 0xfeff) i++;
      else break;
    }
    if (i >= n) {
      return stack.length === 0 && root && state === S.After ? { kind: 'ok', root } : { kind: 'error' };
    }
    const c = text.charCodeAt(i);

    if (state === S.After) {
      const top = stack[stack.length - 1];
      if (!top) return { kind: 'error' };
      if (c === 44 /* , */) {
        i++;
        if (top.object) state = S.Key;
        else {
          state = S.ValueOrClose;
          want = shapeOfItem(top.shape);
        }
        continue;
      }
      if ((c === 125 && top.object) || (c === 93 && !top.object)) {
        close();
        continue;
      }
      return { kind: 'error' };
    }

    if (state === S.KeyOrClose || state === S.Key) {
      if (c === 125) {
        // `{}` or a trailing comma before `}`.
        close();
        continue;
      }
      if (c !== 34) return { kind: 'error' };
      const top = stack[stack.length - 1]!;
      // A resource's properties hold one key of interest: the others are checked, never built.
      const plain = top.shape === Shape.ResourceProperties ? plainKeyEnd(i) : -1;
      const key = plain < 0 ? readString(i) : undefined;
      if (plain < 0 && !key) return { kind: 'error' };
      i = key ? key.offset + key.length : plain;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 32 || d === 10 || d === 13 || d === 9) i++;
        else break;
      }
      if (text.charCodeAt(i) !== 58 /* : */ || i >= n) return { kind: 'error' };
      want = key ? shapeOfProperty(top.shape, key.value as string) : Shape.Skip;
      // Only a deployment's properties hold a template; the type usually comes first and says so.
      if (want === Shape.ResourceProperties && top.deployment === false) want = Shape.Skip;
      if (want === Shape.Skip || !key) {
        want = Shape.Skip;
        top.node.partial = true;
      } else {
        // Built, but not whole: the resource is read again when its body is wanted.
        if (want === Shape.ResourceProperties) top.node.partial = true;
        const prop: JNode = { type: 'property', offset: key.offset, length: 0, colonOffset: i, children: [key] };
        top.node.children!.push(prop);
        top.prop = prop;
      }
      i++;
      state = S.Value;
      continue;
    }

    if (state === S.ValueOrClose) {
      if (c === 93) {
        close();
        continue;
      }
      want = shapeOfItem(stack[stack.length - 1]!.shape);
    }

    // A value.
    if (want === Shape.NestedTemplate && c !== 123) want = Shape.Full;
    if (want === Shape.Skip) {
      const end = skipValue(i, stack.length);
      if (end === DEEP) return { kind: 'deep', offset: deepAt };
      if (end < 0) return { kind: 'error' };
      i = end;
      state = S.After;
      continue;
    }
    if ((want === Shape.Lazy && (c === 123 || c === 91)) || want === Shape.NestedTemplate) {
      const end = skipValue(i, stack.length);
      if (end === DEEP) return { kind: 'deep', offset: deepAt };
      if (end < 0) return { kind: 'error' };
      const node: JNode = { type: c === 123 ? 'object' : 'array', offset: i, length: end - i, children: [], lazy: true };
      if (want === Shape.NestedTemplate) node.spans = spans;
      attach(node);
      complete(node);
      i = end;
      state = S.After;
      continue;
    }
    if (c === 123 || c === 91) {
      if (stack.length >= maxDepth) return { kind: 'deep', offset: i };
      const object = c === 123;
      const node: JNode = { type: object ? 'object' : 'array', offset: i, length: 0, children: [] };
      attach(node);
      stack.push({ node, object, shape: want, prop: undefined });
      i++;
      state = object ? S.KeyOrClose : S.ValueOrClose;
      continue;
    }
    let node: JNode;
    if (c === 34) {
      const str = readString(i);
      if (!str) return { kind: 'error' };
      node = str;
      const top = stack[stack.length - 1];
      if (top?.shape === Shape.Resource && top.prop && isTypeKey(top.prop)) top.deployment = isDeploymentType(str.value as string);
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) j++;
        else break;
      }
      const raw = text.slice(i, j);
      const v = Number(raw);
      if (!NUMBER.test(raw) || Number.isNaN(v)) return { kind: 'error' };
      node = { type: 'number', value: v, offset: i, length: j - i };
    } else if (c === 116 && text.startsWith('true', i)) {
      node = { type: 'boolean', value: true, offset: i, length: 4 };
    } else if (c === 102 && text.startsWith('false', i)) {
      node = { type: 'boolean', value: false, offset: i, length: 5 };
    } else if (c === 110 && text.startsWith('null', i)) {
      node = { type: 'null', value: null, offset: i, length: 4 };
    } else {
      return { kind: 'error' };
    }
    if (node.offset + node.length > n) return { kind: 'error' };
    attach(node);
    complete(node);
    i = node.offset + node.length;
    state = S.After;
  }

  /**
   * Checks one JSON(C) value at `start` without building anything: the offset after it, ERROR, or DEEP
   * (with `deepAt`) when it nests beyond `maxDepth` counting the `outer` containers around it.
   */
  function skipValue(start: number, outer: number): number {
    const kinds = skipKinds;
    let depth = 0;
    let j = start;
    let st = K.Value;
    for (;;) {
      while (j < n) {
        const w = text.charCodeAt(j);
        if (w === 32 || w === 10 || w === 13 || w === 9) j++;
        else if (w === 47) {
          const d = text.charCodeAt(j + 1);
          if (d === 47) {
            const e = text.indexOf('\n', j + 2);
            j = e < 0 || e >= n ? n : e + 1;
          } else if (d === 42) {
            const e = text.indexOf('*/', j + 2);
            if (e < 0 || e + 2 > n) return ERROR;
            j = e + 2;
          } else return ERROR;
        } else break;
      }
      if (j >= n) return ERROR;
      const c = text.charCodeAt(j);
      if (st === K.After) {
        if (c === 44) {
          j++;
          st = kinds[depth - 1] === 1 ? K.Key : K.ValueOrClose;
          continue;
        }
        if ((c === 125 && kinds[depth - 1] === 1) || (c === 93 && kinds[depth - 1] === 2)) {
          j = closed(j + 1, --depth);
          if (depth === 0) return j;
          continue;
        }
        return ERROR;
      }
      if (st === K.Key) {
        if (c === 125) {
          j = closed(j + 1, --depth);
          if (depth === 0) return j;
          st = K.After;
          continue;
        }
        if (c !== 34) return ERROR;
        j = skipString(j);
        if (j < 0) return ERROR;
        while (j < n) {
          const w = text.charCodeAt(j);
          if (w === 32 || w === 10 || w === 13 || w === 9) j++;
          else break;
        }
        if (j >= n || text.charCodeAt(j) !== 58) return ERROR;
        j++;
        st = K.Value;
        continue;
      }
      if (st === K.ValueOrClose && c === 93) {
        j = closed(j + 1, --depth);
        if (depth === 0) return j;
        st = K.After;
        continue;
      }
      // A value.
      if (c === 123 || c === 91) {
        const end = known ? spans.get(j) : undefined;
        if (end !== undefined) {
          j = end;
          if (depth === 0) return j;
          st = K.After;
          continue;
        }
        if (outer + depth >= maxDepth) {
          deepAt = j;
          return DEEP;
        }
        skipStarts[depth] = j;
        kinds[depth++] = c === 123 ? 1 : 2;
        j++;
        st = c === 123 ? K.Key : K.ValueOrClose;
        continue;
      }
      if (c === 34) {
        j = skipString(j);
        if (j < 0) return ERROR;
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        let e = j + 1;
        while (e < n) {
          const d = text.charCodeAt(e);
          if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) e++;
          else break;
        }
        if (!NUMBER.test(text.slice(j, e))) return ERROR;
        j = e;
      } else if (c === 116 && text.startsWith('true', j)) j += 4;
      else if (c === 102 && text.startsWith('false', j)) j += 5;
      else if (c === 110 && text.startsWith('null', j)) j += 4;
      else return ERROR;
      if (j > n) return ERROR;
      if (depth === 0) return j;
      st = K.After;
    }
  }

  /** The container opened at `depth` ends at `end`: recorded when it is large (see `Spans`). */
  function closed(end: number, depth: number): number {
    const begin = skipStarts[depth]!;
    if (end - begin >= MIN_SPAN) spans.set(begin, end);
    return end;
  }

  /**
   * The end of the key at `start` when it is well formed, has no escapes and is not `template` (so it can
   * be skipped unread); -1 when it must be read.
   */
  function plainKeyEnd(start: number): number {
    const end = skipString(start);
    if (end < 0 || nextBackslash < end) return -1;
    return end - start === 10 && isTemplateKey(text.slice(start + 1, end - 1)) ? -1 : end;
  }

  /** A string literal at `start` (its opening quote); undefined when malformed. */
  function readString(start: number): JNode | undefined {
    const close = text.indexOf('"', start + 1);
    if (close < 0 || close >= n) return undefined;
    if (nextBackslash < start) {
      nextBackslash = backslashFrom(start);
    }
    if (nextBackslash > close) {
      // No escapes: raw line breaks are kept as they are, as ARM reads multi-line strings.
      return { type: 'string', value: text.slice(start + 1, close), offset: start, length: close + 1 - start };
    }
    let out = '';
    let j = start + 1;
    let chunk = j;
    for (;;) {
      if (j >= n) return undefined;
      const d = text.charCodeAt(j);
      if (d === 34) break;
      if (d !== 92) {
        j++;
        continue;
      }
      out += text.slice(chunk, j);
      const e = text.charCodeAt(j + 1);
      switch (e) {
        case 34:
          out += '"';
          break;
        case 92:
          out += '\\';
          break;
        case 47:
          out += '/';
          break;
        case 98:
          out += '\b';
          break;
        case 102:
          out += '\f';
          break;
        case 110:
          out += '\n';
          break;
        case 114:
          out += '\r';
          break;
        case 116:
          out += '\t';
          break;
        case 117: {
          const hex = text.slice(j + 2, j + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
          out += String.fromCharCode(parseInt(hex, 16));
          j += 4;
          break;
        }
        default:
          return undefined;
      }
      j += 2;
      chunk = j;
    }
    out += text.slice(chunk, j);
    nextBackslash = backslashFrom(j);
    return { type: 'string', value: out, offset: start, length: j + 1 - start };
  }

  /** Checks a string literal at `start` without building it: the offset after its closing quote, or -1. */
  function skipString(start: number): number {
    let j = start + 1;
    for (;;) {
      const close = text.indexOf('"', j);
      if (close < 0 || close >= n) return -1;
      if (nextBackslash < j) {
        nextBackslash = backslashFrom(j);
      }
      if (nextBackslash > close) return close + 1;
      const b = nextBackslash;
      const e = text.charCodeAt(b + 1);
      if (e === 117) {
        for (let h = b + 2; h < b + 6; h++) {
          const x = text.charCodeAt(h);
          if (!((x >= 48 && x <= 57) || (x >= 65 && x <= 70) || (x >= 97 && x <= 102))) return -1;
        }
        j = b + 6;
      } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
        j = b + 2;
      } else {
        return -1;
      }
      nextBackslash = backslashFrom(j);
    }
  }
}

/**
 * A resource node with every property: a node the template reading left partial is parsed again over
 * its own range of `text`; any other node is returned as it is.
 */
export function resourceWithBody(text: string, node: JNode): JNode {
  if (!node.partial) return node;
  // The range was checked when the template was read (syntax and depth), so this cannot fail.
  const r = fastParse(text, Number.MAX_SAFE_INTEGER, { start: node.offset, end: node.offset + node.length });
  return r.kind === 'ok' ? r.root : node;
}

/**
 * A `Microsoft.Resources/deployments` resource with its `properties` built: the nested template as the
 * template reading built it, every other property (parameters, mode, links, evaluation options) whole.
 */
export function deploymentWithProperties(text: string, node: JNode): JNode {
  if (!node.partial || !node.children) return node;
  let changed = false;
  const children = node.children.map((prop) => {
    const value = prop.children?.[1];
    if (!value || value.type !== 'object' || !isPropertiesKey(prop)) return prop;
    const own = value.children ?? [];
    const spans = own.find((p) => p.children![1]!.spans)?.children![1]!.spans;
    const kept = own.map((p) => {
      const v = p.children![1]!;
      return v.lazy && v.spans ? { ...p, children: [p.children![0]!, nestedTemplate(text, v, v.spans)] } : p;
    });
    let rest: JNode[] = [];
    if (value.partial) {
      const r = fastParse(text, Number.MAX_SAFE_INTEGER, { start: value.offset, end: value.offset + value.length, shape: 'deploymentRest', ...(spans ? { spans } : {}) });
      if (r.kind !== 'ok') return prop;
      rest = r.root.children ?? [];
    } else if (!spans) {
      return prop;
    }
    const whole: JNode = { type: 'object', offset: value.offset, length: value.length, children: [...rest, ...kept].sort((a, b) => a.offset - b.offset) };
    changed = true;
    return { ...prop, children: [prop.children![0]!, whole] };
  });
  return changed ? { ...node, children } : node;
}

/** A nested template kept lazy by the reading that checked it, read now as a template (jumping over what it checked). */
function nestedTemplate(text: string, lazy: JNode, spans: Spans): JNode {
  const r = fastParse(text, Number.MAX_SAFE_INTEGER, { shape: 'template', start: lazy.offset, end: lazy.offset + lazy.length, spans });
  return r.kind === 'ok' ? r.root : lazy;
}

function isPropertiesKey(prop: JNode): boolean {
  const k = prop.children?.[0]?.value;
  return typeof k === 'string' && k.length === 10 && k.toLowerCase() === 'properties';
}

/** A node's children, built now if they were only checked when the template was read (in place: once). */
export function expand(text: string, node: JNode): JNode {
  if (!node.lazy) return node;
  const r = fastParse(text, Number.MAX_SAFE_INTEGER, { start: node.offset, end: node.offset + node.length });
  if (r.kind === 'ok') node.children = r.root.children;
  node.lazy = false;
  return node;
}
