/**
 * YAML read into the shared value domain: Bicep's `loadYamlContent` and Terraform's `yamldecode`. The `yaml`
 * package composes nested collections recursively and, by default, compares every key of a mapping with
 * every other, so the text is measured first (src/core/yaml-limits.ts) and duplicate keys are found here in
 * one pass instead.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { Value } from '../../model/value.js';
import { checkYamlShape, yamlPosition } from '../../core/yaml-limits.js';

/**
 * Scalars, collections, aliases, anchors and tags. Bicep itself refuses a file over 1,048,576 characters;
 * a file of that size in ordinary YAML holds far fewer nodes, while one of `[a,a,a,...` holds half a million,
 * which `yaml` takes seconds to compose.
 */
export const MAX_YAML_NODES = 200_000;

/** Why a text was not read; the message is for a diagnostic on the call. */
export class YamlValueError extends Error {}

/**
 * The value of a YAML text (its only document), or a `YamlValueError` naming the line and column at fault.
 * `subject` names the text in messages ("the file").
 */
export function readYamlValue(text: string, maxDepth: number, subject: string): Value {
  const shape = checkYamlShape(text, maxDepth, MAX_YAML_NODES);
  const at = (offset: number): string => {
    const [line, column] = yamlPosition(text, offset);
    return `line ${line}, column ${column}`;
  };
  if (shape) {
    switch (shape.problem) {
      case 'depth':
        throw new YamlValueError(`${subject} is nested more than ${maxDepth} levels deep (${at(shape.offset)}); it is not read`);
      case 'nodes':
        throw new YamlValueError(`${subject} has more than ${MAX_YAML_NODES} YAML nodes (values, anchors, tags), the limit is passed at ${at(shape.offset)}; it is not read`);
      case 'closer':
        throw new YamlValueError(`${subject} is not valid YAML: '${text[shape.offset]}' closes no flow collection (${at(shape.offset)})`);
    }
  }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    // yaml's own wording for this one is advice to a programmer.
    const message = error.code === 'MULTIPLE_DOCS' ? `${subject} holds more than one document` : error.message.split('\n')[0];
    throw new YamlValueError(`${subject} is not valid YAML: ${message} (${at(error.pos[0])})`);
  }
  const stack: (YamlNode | null | undefined)[] = [doc.contents as YamlNode | null];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        if (isScalar(key)) {
          const name = String(key.value);
          if (seen.has(name)) throw new YamlValueError(`${subject} is not valid YAML: the key '${name}' appears twice in one mapping (${at(key.range?.[0] ?? 0)})`);
          seen.add(name);
        } else stack.push(key);
        stack.push(pair.value as YamlNode | null);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item as YamlNode | null);
    }
    // An alias is checked where its anchor is written.
  }
  try {
    // toJS refuses aliases that would expand past its own limit (a "billion laughs" document).
    return doc.toJS() as Value;
  } catch (err) {
    throw new YamlValueError(`${subject} could not be read as a value: ${err instanceof Error ? err.message : String(err)}`);
  }
}
