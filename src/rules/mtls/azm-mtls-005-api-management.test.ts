import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResource, ruleContext, type Json } from '../../../test/harness/model-builder.js';
import { azmMtls005 } from './azm-mtls-005-api-management.js';

const POLICY_NOTE =
  'Certificate validation itself lives in API Management policies (validate-client-certificate or context.Request.Certificate checks), which this rule does not read.';

function judge(body: { [k: string]: Json }, type = 'Microsoft.ApiManagement/service') {
  const built = buildResource({ type, name: 'contoso-apim', body });
  const v = azmMtls005.check(built.resource, ruleContext());
  assert.ok(v);
  return { v, built };
}

describe('AZM-MTLS-005 service, Consumption', () => {
  test('enableClientCertificate true passes with the policy note', () => {
    const { v } = judge({ sku: { name: 'Consumption', capacity: 0 }, properties: { enableClientCertificate: true } });
    assert.equal(v.status, 'pass');
    assert.equal(v.message, `The gateway requests client certificates: enableClientCertificate is true. ${POLICY_NOTE}`);
  });

  test('absent fails on the service default', () => {
    const { v } = judge({ sku: { name: 'consumption' }, properties: {} });
    assert.equal(v.status, 'fail');
    assert.equal(
      v.message,
      'Require client certificates at the gateway: enableClientCertificate is not set (service default false), so the Consumption gateway does not request client certificates.',
    );
    assert.deepEqual(v.fixes?.map((f) => [f.path, f.kind === 'set' ? f.value : undefined]), [['properties.enableClientCertificate', true]]);
  });
});

describe('AZM-MTLS-005 service, other tiers', () => {
  test('every Proxy hostname negotiating passes; other hostname types are ignored', () => {
    const { v } = judge({
      sku: { name: 'Premium' },
      properties: {
        hostnameConfigurations: [
          { type: 'Proxy', hostName: 'api.contoso.com', negotiateClientCertificate: true },
          { type: 'DeveloperPortal', hostName: 'dev.contoso.com', negotiateClientCertificate: false },
        ],
      },
    });
    assert.equal(v.status, 'pass');
    assert.equal(v.message, `The gateway requests client certificates: Proxy hostname 'api.contoso.com': negotiateClientCertificate is true. ${POLICY_NOTE}`);
  });

  test('one reason per non-negotiating Proxy hostname, each at its own entry', () => {
    const { v, built } = judge({
      sku: { name: 'Developer' },
      properties: {
        hostnameConfigurations: [
          { type: 'Proxy', hostName: 'a.contoso.com', negotiateClientCertificate: false },
          { type: 'Proxy', hostName: 'b.contoso.com', negotiateClientCertificate: true },
          { type: 'proxy', hostName: 'c.contoso.com' },
        ],
      },
    });
    assert.equal(v.status, 'fail');
    assert.equal(
      v.message,
      "Require client certificates at the gateway: Proxy hostname 'a.contoso.com': negotiateClientCertificate is false; Proxy hostname 'c.contoso.com': negotiateClientCertificate is not set (default false).",
    );
    assert.deepEqual(v.reasons?.map((r) => r.ref), [
      built.ref('properties.hostnameConfigurations[0].negotiateClientCertificate'),
      built.ref('properties.hostnameConfigurations[2]'),
    ]);
    assert.deepEqual(v.fixes?.map((f) => f.path), [
      'properties.hostnameConfigurations[0].negotiateClientCertificate',
      'properties.hostnameConfigurations[2].negotiateClientCertificate',
    ]);
  });

  test('no Proxy hostname listed: the default gateway hostname does not negotiate', () => {
    const { v } = judge({ sku: { name: 'Standard' }, properties: {} });
    assert.equal(v.status, 'fail');
    assert.equal(
      v.message,
      'Require client certificates at the gateway: hostnameConfigurations is not set, so the default gateway hostname (contoso-apim.azure-api.net) does not negotiate client certificates.',
    );
    const portalOnly = judge({ sku: { name: 'Standard' }, properties: { hostnameConfigurations: [{ type: 'Portal', hostName: 'portal.contoso.com' }] } }).v;
    assert.match(portalOnly.message, /no Proxy hostname is listed in hostnameConfigurations, so the default gateway hostname/);
  });

  test('an unresolved SKU is unknown when the two settings disagree', () => {
    const { v } = judge({
      sku: { name: { $unresolved: "[parameters('sku')]", reason: 'no value' } },
      properties: { enableClientCertificate: true, hostnameConfigurations: [{ type: 'Proxy', hostName: 'a.contoso.com', negotiateClientCertificate: false }] },
    });
    assert.equal(v.status, 'unknown');
    assert.equal(v.message, "Cannot tell whether the gateway requests client certificates: sku.name comes from [parameters('sku')], which cannot be resolved (no value).");
  });

  test('an unresolved SKU still fails when neither setting requests certificates', () => {
    const { v } = judge({ sku: { name: { $unresolved: "[parameters('sku')]", reason: 'no value' } }, properties: {} });
    assert.equal(v.status, 'fail');
  });

  test('allowed SKU values that exclude Consumption judge only the hostnames', () => {
    const { v } = judge({
      sku: { name: { $unresolved: "[parameters('sku')]", reason: 'no value', candidates: ['Developer', 'Premium'] } },
      properties: { hostnameConfigurations: [{ type: 'Proxy', hostName: 'a.contoso.com', negotiateClientCertificate: true }] },
    });
    assert.equal(v.status, 'pass');
  });
});

describe('AZM-MTLS-005 self-hosted gateway hostname configurations', () => {
  const type = 'Microsoft.ApiManagement/service/gateways/hostnameConfigurations';
  test('negotiateClientCertificate true passes', () => {
    assert.equal(judge({ properties: { hostname: 'gw.contoso.com', negotiateClientCertificate: true } }, type).v.status, 'pass');
  });
  test('absent fails', () => {
    const { v } = judge({ properties: { hostname: 'gw.contoso.com' } }, type);
    assert.equal(v.status, 'fail');
    assert.equal(v.message, "Require client certificates at the gateway: self-hosted gateway hostname 'gw.contoso.com': negotiateClientCertificate is not set (default false).");
  });
});

describe('AZM-MTLS-005 az CLI', () => {
  test('Consumption and Proxy hostname forms', () => {
    const c = buildResource({ type: 'Microsoft.ApiManagement/service', name: 'apim1', body: { sku: { name: 'Consumption' } } });
    assert.equal(azmMtls005.meta.remediation.azCli!(c.resource), 'az apim update --resource-group <resource-group> --name apim1 --set enableClientCertificate=true');
    const p = buildResource({
      type: 'Microsoft.ApiManagement/service',
      name: 'apim1',
      body: { sku: { name: 'Premium' }, properties: { hostnameConfigurations: [{ type: 'Portal' }, { type: 'Proxy', hostName: 'a' }] } },
    });
    assert.equal(azmMtls005.meta.remediation.azCli!(p.resource), 'az apim update --resource-group <resource-group> --name apim1 --set hostnameConfigurations[1].negotiateClientCertificate=true');
  });
});
