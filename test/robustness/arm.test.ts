// Property-based and mutation fuzzing of the ARM frontend: JSONC parser, template-language parser,
// evaluator, lowering, parameter files and the `$schema` sniffer.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { loadArm, parseArmExpression, readParameterFile, sniffArm } from '../../src/frontends/arm/index.js';
import { armExpr, armTemplate } from './generators.js';
import { applyMutation, HOSTILE, mutatedSeed, mutation } from './mutate.js';
import { assertWellFormed, checkProperty, repositorySeeds, Tally, type Seed } from './support.js';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** Small templates that reach the parts of the evaluator the repository examples do not. */
const inlineSeeds: Seed[] = [
  {
    name: 'inline/copy-and-condition.json',
    text: `{
  "$schema": "${SCHEMA}",
  "contentVersion": "1.0.0.0",
  "parameters": { "n": { "type": "int", "defaultValue": 3 }, "mode": { "type": "string", "defaultValue": "Optional" }, "secret": { "type": "securestring" } },
  "variables": { "names": "[range(0, parameters('n'))]", "copy": [ { "name": "modes", "count": 2, "input": "[concat(parameters('mode'), copyIndex('modes'))]" } ] },
  "functions": [ { "namespace": "x", "members": { "pick": { "parameters": [ { "name": "a", "type": "string" } ], "output": { "type": "string", "value": "[toLower(parameters('a'))]" } } } } ],
  "resources": [
    {
      "type": "Microsoft.Web/sites", "apiVersion": "2023-12-01", "name": "[format('app-{0}', copyIndex())]",
      "copy": { "name": "apps", "count": "[parameters('n')]" },
      "condition": "[not(equals(parameters('mode'), 'none'))]",
      "properties": { "clientCertEnabled": true, "clientCertMode": "[x.pick(parameters('mode'))]", "siteConfig": { "appSettings": [ { "name": "S", "value": "[parameters('secret')]" } ] } }
    }
  ]
}`,
  },
  {
    name: 'inline/nested-deployment.json',
    text: `{
  "$schema": "${SCHEMA}",
  "contentVersion": "1.0.0.0",
  "languageVersion": "2.0",
  "resources": {
    "inner": {
      "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "inner",
      "properties": {
        "mode": "Incremental", "expressionEvaluationOptions": { "scope": "inner" },
        "parameters": { "m": { "value": "Required" } },
        "template": {
          "$schema": "${SCHEMA}", "contentVersion": "1.0.0.0", "parameters": { "m": { "type": "string" } },
          "resources": [ { "type": "Microsoft.SignalRService/signalR", "apiVersion": "2024-03-01", "name": "hub", "properties": { "tls": { "clientCertEnabled": "[equals(parameters('m'), 'Required')]" } } } ]
        }
      }
    },
    "linked": { "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "linked", "properties": { "mode": "Incremental", "templateLink": { "relativePath": "missing.json" } } }
  }
}`,
  },
];

const seeds = [...repositorySeeds(['.json']).filter((s) => sniffArm(s.text) !== undefined), ...inlineSeeds];
const templateSeeds = seeds.filter((s) => sniffArm(s.text) === 'template');
const parameterSeeds = seeds.filter((s) => sniffArm(s.text) === 'parameters');
const noFiles = (p: string): string => {
  throw new Error(`ENOENT: no such file '${p}'`);
};
const tally = new Tally();
// Tight enough that a mutation that explodes evaluation ends at the budget quickly, not after 10 s.
const limits = { maxMillis: 2_000 };

after(() => console.log(tally.summary('ARM robustness')));

describe('ARM frontend under fuzzing', () => {
  test('the seeds exist and load cleanly', () => {
    assert.ok(templateSeeds.length >= 6, `only ${templateSeeds.length} template seeds`);
    assert.ok(parameterSeeds.length >= 1);
    for (const s of templateSeeds) {
      const out = loadArm(s.name, s.text, { readFile: noFiles, limits, evaluateEveryTemplate: true });
      assertWellFormed(out, s.name);
      assert.ok(out.resources.length > 0, `${s.name} lowered no resource`);
    }
  });

  test('mutated templates: loadArm returns, never throws, diagnostics stay inside the text', () => {
    checkProperty('mutated templates', tally, mutatedSeed(templateSeeds), ({ seed, text }) => {
      assertWellFormed(loadArm('fuzz.json', text, { readFile: noFiles, limits, evaluateEveryTemplate: true }), seed);
    }, { seed: 0x41524d, numRuns: 400 });
  });

  test('generated templates: evaluation and lowering return well-formed output', () => {
    checkProperty('generated templates', tally, armTemplate, (text) => {
      const out = loadArm('gen.json', text, { readFile: noFiles, limits, evaluateEveryTemplate: true });
      assertWellFormed(out, 'generated template');
      // A syntactically valid template is never reported as a JSON syntax error.
      assert.deepEqual(out.diagnostics.filter((d) => d.code === 'AZM1001'), []);
    }, { seed: 0x41524e, numRuns: 250 });
  });

  test('parameter files: mutated seeds never throw, and a template loads with them', () => {
    checkProperty('mutated parameter files', tally, mutatedSeed(parameterSeeds), ({ text }) => {
      const parsed = readParameterFile('p.json', text);
      for (const d of parsed.diagnostics) {
        assert.ok(!d.code.startsWith('AZM9'), d.message);
        if (d.ref) assert.ok(d.ref.start >= 0 && d.ref.start <= d.ref.end && d.ref.end <= text.length, JSON.stringify(d));
      }
      const out = loadArm(templateSeeds[0]!.name, templateSeeds[0]!.text, { readFile: () => text, parameterFiles: ['p.json'], limits, evaluateEveryTemplate: true });
      assertWellFormed(out, 'template with mutated parameters');
    }, { seed: 0x504152, numRuns: 150 });
  });

  test('template-language expressions: valid and mutated strings parse without throwing, errors point inside', () => {
    const exprs = fc.oneof(
      armExpr.map((e) => `[${e}]`),
      fc.tuple(armExpr, fc.array(mutation, { minLength: 1, maxLength: 2 })).map(([e, ms]) => ms.reduce(applyMutation, `[${e}]`)),
      fc.array(fc.constantFrom(...HOSTILE), { maxLength: 20 }).map((a) => `[${a.join('')}]`),
    );
    checkProperty('expressions', tally, exprs, (s) => {
      const r = parseArmExpression(s);
      if (r.kind === 'error') {
        assert.ok(r.error.offset >= 0 && r.error.offset <= s.length, `offset ${r.error.offset} of ${s.length}`);
        assert.ok(r.error.message.length > 0);
      }
    }, { seed: 0x455850, numRuns: 1500 });
  });

  test('generated expressions evaluate inside a template without internal faults', () => {
    checkProperty('evaluated expressions', tally, fc.array(armExpr, { minLength: 1, maxLength: 6 }), (es) => {
      const text = JSON.stringify({
        $schema: SCHEMA,
        contentVersion: '1.0.0.0',
        parameters: { p1: { type: 'string', defaultValue: 'Required' }, p2: { type: 'array', defaultValue: [1, 2] }, certMode: { type: 'securestring' } },
        variables: { v1: `[${es[0]}]`, v2: `[${es[es.length - 1]}]` },
        resources: es.map((e, i) => ({ type: 'Microsoft.Web/sites', apiVersion: '2023-12-01', name: `s${i}`, properties: { clientCertEnabled: `[${e}]`, clientCertMode: `[${e}]` } })),
      });
      assertWellFormed(loadArm('expr.json', text, { readFile: noFiles, limits, evaluateEveryTemplate: true }), es.join(' | '));
    }, { seed: 0x45564c, numRuns: 300 });
  });

  test('sniffArm never throws on mutated text', () => {
    checkProperty('sniffed', tally, mutatedSeed(seeds), ({ text }) => {
      const kind = sniffArm(text);
      assert.ok(kind === undefined || kind === 'template' || kind === 'parameters');
    }, { seed: 0x534e49, numRuns: 300 });
  });
});
