/**
 * A linear pre-scan of YAML text for what makes the `yaml` package slow or overflow its stack: it composes
 * nested collections recursively, so a few hundred KB of `{` or `- - - ...` costs seconds, ends in a stack
 * overflow, and can leave V8 unable to compile the next regular expression. Text that passes is handed to
 * `yaml`; text that does not is refused before `yaml` builds anything. Used for `.azmtls.yml` and for
 * Bicep's `loadYamlContent`, each with limits of its own.
 *
 * The scan reuses `yaml`'s own lexer (iterative, and exact about quotes, comments and block scalars, where a
 * hand-written scanner would be fooled) and stops at the first token past the limit.
 */
import { CST, Lexer } from 'yaml';

/** Lexer markers that stand for no source text. */
const CONTROL = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

interface Level {
  column: number;
  /** A block sequence may sit at the same column as the mapping key that holds it. */
  seq: boolean;
}

export interface ShapeProblem {
  /** `closer`: a `}` or `]` with no collection open, which `yaml` reports one slow error at a time. */
  problem: 'depth' | 'nodes' | 'closer';
  /** Where the limit is crossed, or the stray bracket. */
  offset: number;
}

/**
 * The first place where the YAML text opens a collection more than `maxDepth` levels deep, holds more than
 * `maxNodes` nodes, or closes a collection that is not open; undefined when there is none. Block levels are
 * counted by indentation (and by `- `, `? `, `: ` indicators that open a nested node on the same line), flow
 * levels by brackets; the count may exceed YAML's own by a level, never fall short.
 */
export function checkYamlShape(text: string, maxDepth: number, maxNodes: number): ShapeProblem | undefined {
  let nodes = 0;
  const levels: Level[] = [];
  let flow = 0;
  let offset = 0;
  let lineStart = 0;
  let atLineStart = true;
  // An indicator earlier on this line means the next node on it is nested one level deeper.
  let pending = false;
  // After a block scalar header, the token after the next scalar marker is the body: it starts at a line
  // start, not at a node, and may be empty or only line breaks.
  let blockHeader = false;
  let blockBody = false;

  const block = (tokenOffset: number, seq: boolean): boolean => {
    const column = tokenOffset - lineStart;
    if (atLineStart) {
      atLineStart = false;
      while (levels.length > 0 && levels[levels.length - 1]!.column > column) levels.pop();
      const top = levels[levels.length - 1];
      if (top === undefined || top.column < column) levels.push({ column, seq });
      else if (seq && !top.seq) levels.push({ column, seq });
      else if (!seq && top.seq) {
        levels.pop();
        const parent = levels[levels.length - 1];
        if (parent === undefined || parent.column !== column) levels.push({ column, seq });
      }
    } else if (pending) {
      levels.push({ column, seq });
    }
    pending = false;
    return levels.length + flow > maxDepth;
  };

  for (const token of new Lexer().lex(text)) {
    if (token.length === 1 && CONTROL.has(token)) {
      if (token === CST.FLOW_END) flow = 0;
      else if (token === CST.DOCUMENT) levels.length = 0;
      else if (token === CST.SCALAR && blockHeader) {
        blockHeader = false;
        blockBody = true;
      }
      continue;
    }
    const at = offset;
    offset += token.length;
    const type = blockBody ? 'block-scalar-body' : CST.tokenType(token);
    blockBody = false;
    let deep = false;
    let node = false;
    switch (type) {
      case 'newline':
        if (flow === 0) {
          atLineStart = true;
          pending = false;
        }
        lineStart = offset;
        continue;
      case 'space':
      case 'comment':
      case 'directive-line':
        break;
      case 'doc-start':
      case 'doc-end':
        levels.length = 0;
        flow = 0;
        break;
      case 'flow-map-start':
      case 'flow-seq-start':
        if (flow === 0) deep = block(at, false);
        flow++;
        deep ||= levels.length + flow > maxDepth;
        node = true;
        break;
      case 'flow-map-end':
      case 'flow-seq-end':
        if (flow === 0) return { problem: 'closer', offset: at };
        flow--;
        break;
      case 'seq-item-ind':
      case 'explicit-key-ind':
      case 'map-value-ind':
        if (flow === 0) {
          deep = block(at, type === 'seq-item-ind');
          pending = true;
        }
        break;
      case 'comma':
      case 'block-scalar-body':
        break;
      case 'block-scalar-header':
        if (flow === 0) deep = block(at, false);
        blockHeader = true;
        node = true;
        break;
      default:
        // Scalars, aliases, anchors and tags: the start of a node.
        if (flow === 0) deep = block(at, false);
        node = true;
    }
    if (deep) return { problem: 'depth', offset: at };
    if (node && ++nodes > maxNodes) return { problem: 'nodes', offset: at };
    // Multi-line scalars (block scalars, folded plain or quoted text) end on a later line.
    const nl = token.lastIndexOf('\n');
    if (nl >= 0) {
      lineStart = at + nl + 1;
      if (nl === token.length - 1 && flow === 0) {
        atLineStart = true;
        pending = false;
      }
    }
  }
  return undefined;
}

/** 1-based line and column of an offset, as `yaml`'s LineCounter counts them, without parsing the text. */
export function yamlPosition(text: string, offset: number): [number, number] {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return [line, offset - start + 1];
}
