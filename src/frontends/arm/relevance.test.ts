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

  test('with a judged resource beside it the template is evaluated; the other type is still not lowered', () => {
    const out = load({
      variables,
      resources: [
        { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: BROKEN_NAME },
        { type: 'Microsoft.Web/sites', apiVersion: '2024-04-01', name: "[concat('app-', variables('loop'))]", properties: {} },
      ],
    });
    assert.deepEqual(out.resources.map((r) => r.type), ['Microsoft.Web/sites']);
    // Reported because the judged resource's name uses the variable, not because of the storage account.
    assert.deepEqual(out.diagnostics.map((d) => d.code), ['AZM2002']);
  });

  test('a resource of another type is lowered when it has children (they may be judged), and everything is with evaluateEveryTemplate', () => {
    const template = {
      variables,
      resources: [
        { type: 'Microsoft.Storage/storageAccounts', apiVersion: '2023-05-01', name: 'st', resources: [{ type: 'blobServices', apiVersion: '2023-05-01', name: 'default' }] },
        { type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-05-01', name: BROKEN_NAME },
        { type: 'Microsoft.Web/sites', apiVersion: '2024-04-01', name: 'app', properties: {} },
      ],
    };
    assert.deepEqual(load(template).resources.map((r) => r.type), ['Microsoft.Storage/storageAccounts', 'Microsoft.Web/sites']);
    const every = loadArm('t.json', JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', ...template }), { readFile: () => '', evaluateEveryTemplate: true });
    assert.deepEqual(every.resources.map((r) => r.type), ['Microsoft.Storage/storageAccounts', 'Microsoft.Storage/storageAccounts/blobServices', 'Microsoft.Network/virtualNetworks', 'Microsoft.Web/sites']);
    assert.deepEqual(every.diagnostics.map((d) => d.code), ['AZM2002']);
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
