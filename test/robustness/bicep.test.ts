// Property-based and mutation fuzzing of the Bicep frontend: lexer, recovering parser, evaluator, modules
// and `.bicepparam` files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { loadBicep, loadBicepParam, parseBicep } from '../../src/frontends/bicep/index.js';
import { bicepExpr, bicepFile } from './generators.js';
import { applyMutation, HOSTILE, mutatedSeed, mutation } from './mutate.js';
import { repoRoot } from '../harness/fixtures.js';
import { assertWellFormed, checkProperty, repositorySeeds, Tally, type Seed } from './support.js';

const repo = repositorySeeds(['.bicep', '.bicepparam']);
const moduleSeed = repo.find((s) => s.name.endsWith('modules/function-app.bicep'));

const inlineSeeds: Seed[] = [
  {
    name: 'inline/loops.bicep',
    text: `@secure()
param adminPassword string
param names array = [
  'a'
  'b'
]
param modes object = {
  a: 'Required'
  b: 'Optional'
}
var prefix = toLower('\${resourceGroup().name}-app')
var indexes = [for (n, i) in names: i]

@batchSize(1)
resource sites 'Microsoft.Web/sites@2023-12-01' = [for (n, i) in names: if (n != 'skip') {
  name: '\${prefix}-\${n}'
  location: resourceGroup().location
  properties: {
    clientCertEnabled: contains(modes, n) ? true : false
    clientCertMode: modes[?n] ?? 'Optional'
    clientCertExclusionPaths: i == 0 ? '/health;/status' : null
    siteConfig: {
      appSettings: [
        { name: 'PW', value: adminPassword }
      ]
    }
  }
}]

resource hub 'Microsoft.SignalRService/signalR@2024-03-01' = {
  name: 'hub'
  sku: { name: 'Free_F1' }
  properties: {
    tls: { clientCertEnabled: length(indexes) > 1 }
  }
}

resource existingApp 'Microsoft.Web/sites@2023-12-01' existing = {
  name: 'old'
}

func pick(m object, k string) string => m[?k] ?? 'none'
output mode string = pick(modes, 'a')
output ids array = [for i in range(0, 3): sites[i].id]
`,
  },
  {
    name: 'inline/main-with-module.bicep',
    text: `param certMode string = 'Required'
module fn './modules/function-app.bicep' = {
  name: 'fn'
  params: {
    name: 'fn-app'
    clientCertMode: certMode
  }
}
module many './modules/function-app.bicep' = [for i in range(0, 3): {
  name: 'many\${i}'
  params: {
    name: 'fn-\${i}'
  }
}]
output host string = fn.outputs.?host ?? ''
`,
  },
];

const seeds = [...repo.filter((s) => s.name.endsWith('.bicep')), ...inlineSeeds];
const paramSeeds: Seed[] = [
  ...repo.filter((s) => s.name.endsWith('.bicepparam')),
  {
    name: 'inline/main.bicepparam',
    text: `using './main.bicep'

param prefix = 'contoso'
param certMode = toUpper(substring('required', 0, 1)) == 'R' ? 'Required' : 'Optional'
var suffix = 'x'
`,
  },
];

/**
 * Files a Bicep input may refer to: the repository's own files (seeds load as themselves, so their modules
 * resolve), over an in-memory tree for the inline seeds.
 */
function files(extra: Record<string, string> = {}): (p: string) => string {
  const tree: Record<string, string> = { 'inline/modules/function-app.bicep': moduleSeed?.text ?? 'param name string\n', 'inline/main.bicep': seeds[0]!.text, ...extra };
  return (p) => tree[p] ?? readFileSync(join(repoRoot, p), 'utf8');
}

const tally = new Tally();
after(() => console.log(tally.summary('Bicep robustness')));

describe('Bicep frontend under fuzzing', () => {
  test('the seeds exist and load cleanly', () => {
    assert.ok(moduleSeed, 'examples/bicep/modules/function-app.bicep is a seed');
    assert.ok(seeds.length >= 4, `only ${seeds.length} seeds`);
    for (const s of seeds) {
      const out = loadBicep(s.name, s.text, { readFile: files() });
      assertWellFormed(out, s.name);
      assert.deepEqual(out.diagnostics.filter((d) => /^AZM1/.test(d.code)), [], s.name);
      assert.ok(out.resources.length > 0, `${s.name} lowered no resource`);
    }
  });

  test('mutated files: loadBicep returns, never throws, diagnostics stay inside the text', () => {
    checkProperty('mutated files', tally, mutatedSeed(seeds), ({ seed, text }) => {
      assertWellFormed(loadBicep(seed, text, { readFile: files() }), seed);
    }, { seed: 0x424943, numRuns: 400 });
  });

  test('mutated modules: a broken module is reported in its own file', () => {
    checkProperty('mutated modules', tally, mutatedSeed(moduleSeed ? [moduleSeed] : []), ({ text }) => {
      const out = loadBicep('inline/main.bicep', inlineSeeds[1]!.text, { readFile: files({ 'inline/modules/function-app.bicep': text }) });
      assertWellFormed(out, 'mutated module');
    }, { seed: 0x4d4f44, numRuns: 150 });
  });

  test('mutated .bicepparam files never throw', () => {
    checkProperty('mutated bicepparam', tally, mutatedSeed(paramSeeds), ({ seed, text }) => {
      assertWellFormed(loadBicepParam(seed, text, { readFile: files() }), seed);
    }, { seed: 0x504152, numRuns: 200 });
  });

  test('generated files: parse, evaluate and lower into well-formed output', () => {
    checkProperty('generated files', tally, bicepFile, (text) => {
      assertWellFormed(loadBicep('inline/main.bicep', text, { readFile: files() }), 'generated file');
    }, { seed: 0x47454e, numRuns: 300 });
  });

  test('parseBicep: every syntax error has a range inside the text', () => {
    const texts = fc.oneof(
      bicepExpr.map((e) => `var x = ${e}\n`),
      fc.tuple(bicepExpr, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([e, ms]) => ms.reduce(applyMutation, `var x = ${e}\n`)),
      fc.array(fc.constantFrom(...HOSTILE), { maxLength: 30 }).map((a) => a.join(' ')),
      fc.string({ maxLength: 200, unit: 'binary' }),
    );
    checkProperty('parsed texts', tally, texts, (text) => {
      for (const paramsFile of [false, true]) {
        const ast = parseBicep(text, { paramsFile });
        for (const e of ast.errors) {
          assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `error ${e.start}..${e.end} outside 0..${text.length}: ${e.message}`);
          assert.ok(e.message.length > 0);
        }
      }
    }, { seed: 0x505253, numRuns: 1500 });
  });
});
