import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Diagnostic } from '../../core/diagnostics.js';
import { fastParse, type JNode } from './fastjson.js';
import { literalValue, parseJsonc, stringValueOffset } from './jsonc.js';
import { sniffArm } from './sniff.js';

/** Every node's span, re-read with JSON.parse, gives the node's value back. */
function checkSpans(text: string, node: JNode): void {
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const raw = text.slice(n.offset, n.offset + n.length);
    if (n.type === 'property') {
      assert.equal(raw.startsWith(JSON.stringify(n.children![0]!.value)), true);
    } else {
      assert.deepEqual(JSON.parse(raw), literalValue(n));
    }
    for (const c of n.children ?? []) stack.push(c);
  }
}

describe('template JSON', () => {
  test('the fast parser agrees with JSON.parse on values and spans (property test)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (v, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined) ?? 'null';
        const r = fastParse(text, 512);
        assert.equal(r.kind, 'ok');
        if (r.kind !== 'ok') return;
        assert.deepEqual(literalValue(r.root), JSON.parse(text));
        checkSpans(text, r.root);
      }),
      { numRuns: 300 },
    );
  });

  test('escapes are decoded and offsets inside escaped strings map back to the raw text', () => {
    const text = '{"k": "a\\"b\\u0041\\n["}';
    const r = fastParse(text, 512);
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    const v = r.root.children![0]!.children![1]!;
    assert.equal(v.value, 'a"bA\n[');
    assert.equal(text[stringValueOffset(text, v, 2)], 'b');
    assert.equal(text[stringValueOffset(text, v, 5)], '[');
  });

  test('malformed input falls back to the recovering parser with every error', () => {
    for (const bad of ['{"a": 01}', '{"a": tru}', '{"a" 1}', '{a: 1}', '[1 2]', '{"a": "\\x"}', '{}}']) {
      assert.equal(fastParse(bad, 512).kind, 'error', bad);
    }
    const diagnostics: Diagnostic[] = [];
    const { root } = parseJsonc('f.json', '{"a": [1 2], "b": true}', diagnostics);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.message, d.ref!.start]), [['AZM1001', "JSON syntax error: ',' expected", 9]]);
    assert.equal(root?.children?.length, 2);
  });
});

describe('sniffArm', () => {
  const doc = (schema: string) => `{\n  "$schema": "${schema}",\n  "resources": []\n}`;
  test('templates at every deployment scope and parameter files', () => {
    assert.equal(sniffArm(doc('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#')), 'template');
    assert.equal(sniffArm(doc('https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#')), 'template');
    assert.equal(sniffArm(doc('https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#')), 'template');
    assert.equal(sniffArm(doc('https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#')), 'template');
    assert.equal(sniffArm(doc('https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#')), 'parameters');
  });
  test('other JSON is not ARM, and a late $schema is still found', () => {
    assert.equal(sniffArm('{"name": "pkg", "version": "1.0.0"}'), undefined);
    assert.equal(sniffArm(doc('https://json.schemastore.org/package')), undefined);
    const late = `{"description": "${'x'.repeat(5000)}", "$schema": "https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#"}`;
    assert.equal(sniffArm(late), 'template');
  });
});
