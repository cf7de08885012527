// Bicep's loadYamlContent on YAML that the `yaml` package alone would chew on for seconds (its duplicate-key
// check compares every key with every other) or overflow its stack on (it composes nesting recursively).
// The text is measured first with the pre-scan the configuration file uses (src/core/yaml-limits.ts);
// each input ends in its exact diagnostic on the call, or in its value.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { loadBicep } from '../../src/frontends/bicep/index.js';
import type { VNode } from '../../src/model/value.js';
import { assertWellFormed } from './support.js';

const codes = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.code} ${d.message}`);

/** Loads `data.yaml` into `properties.data` of a site; the lowered value and the diagnostics. */
function load(yaml: string): { value: VNode | undefined; diagnostics: string[]; callStart: number | undefined } {
  const text = "var data = loadYamlContent('data.yaml')\nresource s 'Microsoft.Web/sites@2023-12-01' = {\n  name: 's'\n  properties: {\n    data: data\n  }\n}\n";
  const out = loadBicep('main.bicep', text, {
    readFile: (p: string) => {
      if (p.endsWith('data.yaml')) return yaml;
      throw new Error(`ENOENT: no such file '${p}'`);
    },
  });
  assertWellFormed(out, 'main.bicep');
  const props = out.resources[0]?.body.props.get('properties')?.value;
  return { value: props?.t === 'object' ? props.props.get('data')?.value : undefined, diagnostics: codes(out.diagnostics), callStart: out.diagnostics[0]?.ref?.start };
}

const CALL = "AZM2001 loadYamlContent('data.yaml')";

describe('loadYamlContent', () => {
  test('ordinary YAML: mappings, lists, anchors and aliases, a __proto__ key kept as a key', () => {
    const { value, diagnostics } = load('mode: Required\nlist:\n  - &x {a: 1}\n  - *x\n"__proto__": {polluted: true}\nempty:\n');
    assert.deepEqual(diagnostics, []);
    assert.equal(value?.t, 'object');
    assert.deepEqual(value?.t === 'object' ? [...value.props.keys()] : [], ['mode', 'list', '__proto__', 'empty']);
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });

  test('40,000 keys (seconds with a duplicate check that compares every pair): read whole', () => {
    const { value, diagnostics } = load(Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`).join('\n'));
    assert.deepEqual(diagnostics, []);
    assert.equal(value?.t === 'object' && value.props.size, 40_000);
  });

  test('a duplicate key is still an error, found in one pass, with its line and column', () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`);
    keys.push('nested:', '  a: 1', '  a: 2');
    const { value, diagnostics, callStart } = load(keys.join('\n'));
    assert.deepEqual(diagnostics, [`${CALL}: the file is not valid YAML: the key 'a' appears twice in one mapping (line 40003, column 3).`]);
    assert.equal(value?.t, 'unresolved');
    // The diagnostic is on the call in the Bicep file; the YAML file's position is in the message.
    assert.equal(callStart, 'var data = '.length);
  });

  test('10,000 levels of [ (a stack overflow in yaml): nested too deeply, at the bracket past the limit', () => {
    const { value, diagnostics } = load(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    assert.deepEqual(diagnostics, [`${CALL}: the file is nested more than 200 levels deep (line 1, column 200); it is not read.`]);
    assert.equal(value?.t === 'unresolved' && value.reason, 'the file is nested more than 200 levels deep (line 1, column 200); it is not read');
  });

  test('5,000 levels of block mappings, and of "- - - ..." on one line', () => {
    const block = Array.from({ length: 5_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n');
    assert.deepEqual(load(`${block} 1\n`).diagnostics, [`${CALL}: the file is nested more than 200 levels deep (line 201, column 201); it is not read.`]);
    assert.deepEqual(load(`${'- '.repeat(5_000)}x\n`).diagnostics, [`${CALL}: the file is nested more than 200 levels deep (line 1, column 401); it is not read.`]);
  });

  test('199 levels, inside a Bicep expression nested 190 levels deep: read whole', () => {
    const text = `var data = ${'('.repeat(190)}loadYamlContent('data.yaml')${')'.repeat(190)}\nresource s 'Microsoft.Web/sites@2023-12-01' = {\n  name: 's'\n  properties: {\n    data: data\n  }\n}\n`;
    const out = loadBicep('main.bicep', text, { readFile: () => `${'['.repeat(199)}${']'.repeat(199)}` });
    assert.deepEqual(codes(out.diagnostics), []);
    let n = out.resources[0]!.body.props.get('properties')?.value;
    n = n?.t === 'object' ? n.props.get('data')?.value : undefined;
    let depth = 0;
    while (n?.t === 'array') {
      n = n.items[0];
      depth++;
    }
    assert.equal(depth, 199);
  });

  test('500,000 flow items (seconds for yaml to compose): refused at the node past the limit', () => {
    const { diagnostics } = load(`[${new Array(500_000).fill('a').join(',')}]\n`);
    assert.deepEqual(diagnostics, [`${CALL}: the file has more than 200000 YAML nodes (values, anchors, tags), the limit is passed at line 1, column 400000; it is not read.`]);
  });

  test('an alias bomb, a stray bracket, a syntax error and a second document', () => {
    let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f']]) bomb += `${name}: &${name} [${new Array(9).fill(`*${prev}`).join(',')}]\n`;
    assert.deepEqual(load(bomb).diagnostics, [`${CALL}: the file could not be read as a value: Excessive alias count indicates a resource exhaustion attack.`]);
    assert.deepEqual(load('a: 1\n]\n').diagnostics, [`${CALL}: the file is not valid YAML: ']' closes no flow collection (line 2, column 1).`]);
    assert.deepEqual(load('a: [1, 2\n').diagnostics, [`${CALL}: the file is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (line 2, column 1).`]);
    assert.deepEqual(load('a: 1\n---\nb: 2\n').diagnostics, [`${CALL}: the file is not valid YAML: the file holds more than one document (line 2, column 1).`]);
  });
});
