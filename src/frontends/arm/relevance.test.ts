import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadArm } from './index.js';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

function load(template: Record<string, unknown> | string) {
  const text = typeof template === 'string' ? template : JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', ...template });
  return loadArm('t.json', text, { readFile: () => { throw new Error('no other files'); } });
}

/** A name that cannot be evaluated: a variable that refers to itself (AZM2002 when evaluated). */
const BROKEN_NAME = "[variables('loop')]";
const variables = { loop: "[variables('loop')]" };

describe('ARM templates that deploy no judged type are not evaluated', () => {
  test('literal types outside the catalogue: nothing is evaluated, so a broken name is not reported', () => {
    const out = load({ variables, resources: [{ type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: BROKEN_NAME }] });
    assert.deepEqual(out.resources, []);
    assert.deepEqual(out.diagnostics, []);
  });

  test('the same template with a judged resource beside it is evaluated, and the fault is reported', () => {
    const out = load({
      variables,
      resources: [
        { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: BROKEN_NAME },
        { type: 'Microsoft.Web/sites', apiVersion: '2024-04-01', name: 'app', properties: {} },
      ],
    });
    assert.deepEqual(out.resources.map((r) => r.type), ['Microsoft.Storage/storageAccounts', 'Microsoft.Web/sites']);
    assert.deepEqual(out.diagnostics.map((d) => d.code), ['AZM2002']);
  });

  test('a type computed by an expression, a deployment or a judged child type leads to evaluation', () => {
    const cases: Record<string, unknown>[] = [
      { variables, resources: [{ type: "[concat('Microsoft.Web', '/sites')]", apiVersion: '2024-04-01', name: BROKEN_NAME }] },
      { variables, resources: [{ type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: BROKEN_NAME, properties: { mode: 'Incremental', template: {} } }] },
      // `hostnameConfigurations` under a gateway composes to a judged type.
      {
        variables,
        resources: [
          {
            type: 'Microsoft.ApiManagement/service/gateways',
            apiVersion: '2023-05-01-preview',
            name: BROKEN_NAME,
            resources: [{ type: 'hostnameConfigurations', apiVersion: '2023-05-01-preview', name: 'h', properties: {} }],
          },
        ],
      },
      // languageVersion 2.0: resources keyed by symbolic name.
      { languageVersion: '2.0', variables, resources: { app: { type: 'microsoft.web/SITES', apiVersion: '2024-04-01', name: BROKEN_NAME } } },
    ];
    for (const c of cases) {
      const out = load(c);
      assert.ok(out.diagnostics.some((d) => d.code === 'AZM2002'), JSON.stringify(c.resources));
    }
  });

  test('a malformed declaration is evaluated so that its fault is reported', () => {
    const out = load({ resources: [{ type: 'Microsoft.Storage/storageAccounts', name: 's' }, 'not an object'] });
    assert.deepEqual(out.diagnostics.map((d) => d.code), ['AZM1002']);
  });

  test('syntax errors are reported whether or not the template is evaluated', () => {
    const out = load(`{"$schema": "${SCHEMA}", "resources": [{"type": "Microsoft.Storage/storageAccounts", "name": "s",, }]}`);
    assert.equal(out.diagnostics[0]?.code, 'AZM1001');
  });
});
