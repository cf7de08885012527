import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attr } from '../../model/access.js';
import { loadTerraformPlan, sniffPlan } from './index.js';
import { memFs } from './testing/memfs.js';
import { byAddress, lineOf, val } from './testing/helpers.js';

const plan = {
  format_version: '1.2',
  terraform_version: '1.9.0',
  configuration: {
    provider_config: { azurerm: { name: 'azurerm', version_constraint: '~> 4.10' } },
    root_module: { module_calls: { apps: { source: './modules/app', module: { resources: [] } } } },
  },
  resource_changes: [
    {
      address: 'azurerm_linux_web_app.a',
      mode: 'managed',
      type: 'azurerm_linux_web_app',
      name: 'a',
      change: {
        actions: ['create'],
        after: { name: 'plan-a', client_certificate_enabled: true, client_certificate_mode: 'Optional', client_certificate_exclusion_paths: 'secret-path', tags: { env: 'prod' } },
        after_unknown: { id: true, public_network_access_enabled: true },
        after_sensitive: { client_certificate_exclusion_paths: true },
      },
    },
    {
      address: 'azurerm_linux_web_app.gone',
      mode: 'managed',
      type: 'azurerm_linux_web_app',
      name: 'gone',
      change: { actions: ['delete'], before: { name: 'gone' }, after: null },
    },
    {
      address: 'module.apps["x"].azurerm_windows_web_app.this',
      module_address: 'module.apps["x"]',
      mode: 'managed',
      type: 'azurerm_windows_web_app',
      name: 'this',
      index: null,
      change: { actions: ['update'], after: { name: 'mod-x', client_certificate_enabled: true, client_certificate_mode: 'Required' }, after_unknown: {}, after_sensitive: {} },
    },
    {
      address: 'data.azurerm_client_config.c',
      mode: 'data',
      type: 'azurerm_client_config',
      name: 'c',
      change: { actions: ['read'], after: {} },
    },
  ],
};
const text = JSON.stringify(plan, null, 2);

describe('plan JSON', () => {
  test('sniffPlan recognises terraform show -json output by content', () => {
    assert.equal(sniffPlan(text), true);
    assert.equal(sniffPlan('{"format_version":"1.0"}'), false);
    assert.equal(sniffPlan('{"$schema":"https://schema.management.azure.com/","resources":[]}'), false);
  });

  test('after values, after_unknown as known after apply, sensitive never read, deletes and data ignored', async () => {
    const out = await loadTerraformPlan('plans/plan.json', text, memFs({ 'plans/plan.json': text }));
    assert.deepEqual(
      out.resources.map((r) => r.address),
      ['azurerm_linux_web_app.a', 'module.apps["x"].azurerm_windows_web_app.this'],
    );
    const a = byAddress(out, 'azurerm_linux_web_app.a');
    assert.equal(a.source, 'terraform-plan');
    assert.equal(a.name, 'plan-a');
    assert.equal(val(a, 'properties.clientCertMode'), 'Optional');
    const pna = attr(a, 'properties.publicNetworkAccess');
    assert.equal(pna.origin, 'unresolved');
    assert.equal(pna.reason, 'known after apply');
    const ex = attr(a, 'properties.clientCertExclusionPaths');
    assert.equal(ex.reason, 'sensitive value is not read');
    assert.equal(JSON.stringify(a.body, (_k, v: unknown) => (v instanceof Map ? [...v.values()] : v)).includes('secret-path'), false);
    assert.equal(a.file, 'plans/plan.json');
    const loc = out.sources.locate(attr(a, 'properties.clientCertMode').ref!);
    assert.equal(out.sources.get('plans/plan.json')!.lineText(loc.startLine).trim(), '"client_certificate_mode": "Optional",');
  });

  test('findings map back to the .tf blocks next to the plan, through module calls', async () => {
    const files = {
      'plans/plan.json': text,
      'plans/main.tf': 'resource "azurerm_linux_web_app" "a" {\n  name = "plan-a"\n  client_certificate_enabled = true\n  client_certificate_mode = "Optional"\n}\n',
      'plans/modules/app/main.tf': 'variable "n" {}\n\nresource "azurerm_windows_web_app" "this" {\n  name = var.n\n}\n',
    };
    const out = await loadTerraformPlan('plans/plan.json', text, memFs(files));
    const a = byAddress(out, 'azurerm_linux_web_app.a');
    assert.equal(a.file, 'plans/main.tf');
    assert.equal(lineOf(out, attr(a, 'properties.clientCertMode').ref), 4);
    assert.equal(a.related?.[0]?.message, 'planned values of azurerm_linux_web_app.a');
    const m = byAddress(out, 'module.apps["x"].azurerm_windows_web_app.this');
    assert.equal(m.file, 'plans/modules/app/main.tf');
    assert.equal(lineOf(out, m.ref), 3);
    assert.equal(lineOf(out, attr(m, 'properties.clientCertMode').ref), 3);
  });

  test('a plan cut short is still recognised as a plan, so it is reported instead of passed over', () => {
    const cut = text.slice(0, text.indexOf('"resource_changes"') + 40);
    assert.equal(sniffPlan(cut), true);
    assert.equal(sniffPlan(text.slice(0, text.indexOf('"resource_changes"') - 5)), false);
    // Only the root object's keys count: a template that mentions them deeper is not a plan.
    assert.equal(sniffPlan('{"$schema":"x","variables":{"format_version":1,"resource_changes":[]}}'), false);
  });

  test('nested blocks and planned_values through child modules are located in the plan, each at its own line', async () => {
    const nested = JSON.stringify(
      {
        format_version: '1.0',
        planned_values: {
          root_module: {
            child_modules: [
              {
                address: 'module.aca',
                resources: [
                  { address: 'module.aca.azurerm_container_app.x', mode: 'managed', type: 'azurerm_container_app', name: 'x', values: { name: 'ca', ingress: [{ external_enabled: true, client_certificate_mode: 'ignore' }] } },
                ],
              },
            ],
          },
        },
      },
      null,
      2,
    );
    const out = await loadTerraformPlan('p.json', nested, memFs({ 'p.json': nested }));
    const ca = byAddress(out, 'module.aca.azurerm_container_app.x');
    assert.equal(val(ca, 'properties.configuration.ingress.clientCertificateMode'), 'ignore');
    const src = out.sources.get('p.json')!;
    const line = (ref: Parameters<typeof lineOf>[1]) => src.lineText(lineOf(out, ref)!).trim();
    assert.equal(line(attr(ca, 'properties.configuration.ingress.clientCertificateMode').ref), '"client_certificate_mode": "ignore"');
    assert.equal(line(attr(ca, 'properties.configuration.ingress.external').ref), '"external_enabled": true,');
    assert.equal(line(ca.ref), '"values": {');
  });

  test('a broken plan is a JSON syntax error, never a crash', async () => {
    const out = await loadTerraformPlan('p.json', '{"format_version": "1.2", "resource_changes": [', memFs({}));
    assert.equal(out.resources.length, 0);
    assert.equal(out.diagnostics[0]?.code, 'AZM1001');
    // Where it breaks: the end of the text here; a stray character where it stands.
    assert.equal(out.diagnostics[0]?.ref?.start, 47);
    const stray = await loadTerraformPlan('p.json', '{"format_version": "1.2",\n "resource_changes": [}\n', memFs({}));
    assert.equal(stray.diagnostics[0]?.ref?.start, 48);
  });
});

describe('plan JSON: ARM template deployments', () => {
  const template = JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { mode: { type: 'string', defaultValue: 'Required' } },
    resources: [{ type: 'Microsoft.Web/sites', apiVersion: '2022-03-01', name: 'planned-app', properties: { clientCertEnabled: true, clientCertMode: "[parameters('mode')]" } }],
  });
  const withParameters = (after: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}) =>
    JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.9.0',
      resource_changes: [
        {
          address: 'azurerm_resource_group_template_deployment.d',
          mode: 'managed',
          type: 'azurerm_resource_group_template_deployment',
          name: 'd',
          change: { actions: ['create'], after: { name: 'd', template_content: template, ...after }, after_unknown: afterUnknown },
        },
      ],
    });

  test('the planned template is lowered with the planned parameters_content', async () => {
    const out = await loadTerraformPlan('plan.json', withParameters({ parameters_content: JSON.stringify({ mode: { value: 'Optional' } }) }), memFs({}));
    assert.deepEqual(out.diagnostics, []);
    const r = byAddress(out, 'azurerm_resource_group_template_deployment.d>Microsoft.Web/sites/planned-app');
    assert.equal(val(r, 'properties.clientCertMode'), 'Optional');
    assert.equal(r.file, 'plan.json');
  });

  test('parameters_content known only after apply leaves the parameters unresolved, defaults included', async () => {
    const out = await loadTerraformPlan('plan.json', withParameters({}, { parameters_content: true }), memFs({}));
    assert.equal(attr(out.resources[0]!, 'properties.clientCertMode').reason, "the template parameter 'mode' is not known: known after apply");
  });
});
