import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResource, ruleContext, type Json } from '../../../test/harness/model-builder.js';
import { azmMtls004 } from './azm-mtls-004-container-apps.js';

function judge(ingress: Json | undefined, apiVersion = '2024-03-01') {
  const built = buildResource({
    type: 'Microsoft.App/containerApps',
    name: 'orders',
    apiVersion,
    body: { properties: { configuration: ingress === undefined ? {} : { ingress } } },
  });
  const v = azmMtls004.check(built.resource, ruleContext());
  assert.ok(v);
  return { v, built };
}

describe('AZM-MTLS-004', () => {
  test('no ingress: not applicable', () => {
    const { v } = judge(undefined);
    assert.equal(v.status, 'not-applicable');
    assert.equal(v.message, 'The container app has no ingress, so it has no inbound endpoint to require client certificates on.');
  });

  test("'require' passes", () => {
    const { v } = judge({ external: false, clientCertificateMode: 'Require' });
    assert.equal(v.status, 'pass');
    assert.equal(
      v.message,
      "Client certificates are required: ingress.clientCertificateMode is 'require' (portal: Require). The ingress forwards the certificate (X-Forwarded-Client-Cert); the app must validate it.",
    );
  });

  test("'accept' fails as optional", () => {
    const { v, built } = judge({ clientCertificateMode: 'accept' });
    assert.equal(v.status, 'fail');
    assert.equal(v.message, "Require client certificates: ingress.clientCertificateMode is 'accept' (portal: Accept), so callers without a certificate are admitted.");
    assert.deepEqual(v.reasons?.[0]?.ref, built.ref('properties.configuration.ingress.clientCertificateMode'));
    assert.deepEqual(v.fixes?.map((f) => [f.path, f.kind === 'set' ? f.value : undefined, f.safe]), [['properties.configuration.ingress.clientCertificateMode', 'require', false]]);
  });

  test("'ignore' and absent fail as ignored", () => {
    assert.equal(judge({ clientCertificateMode: 'ignore' }).v.message, "Require client certificates: ingress.clientCertificateMode is 'ignore' (portal: Ignore), so client certificates are dropped.");
    const { v, built } = judge({ targetPort: 80 });
    assert.equal(v.message, "Require client certificates: ingress.clientCertificateMode is not set (service default 'ignore', portal: Ignore), so client certificates are dropped.");
    assert.deepEqual(v.reasons?.[0]?.ref, built.ref('properties.configuration.ingress'));
  });

  test('an apiVersion before 2022-10-01 fails, advising a newer one', () => {
    const { v, built } = judge({ clientCertificateMode: 'require' }, '2022-03-01');
    assert.equal(v.status, 'fail');
    assert.equal(
      v.message,
      "Require client certificates: apiVersion 2022-03-01 cannot set ingress.clientCertificateMode (it exists from 2022-10-01); deploy with apiVersion 2022-10-01 or later and set it to 'require'.",
    );
    assert.deepEqual(v.reasons?.[0]?.ref, built.ref('$resource'));
    assert.equal(v.fixes, undefined);
  });

  test('unresolved mode: unknown', () => {
    const { v } = judge({ clientCertificateMode: { $unresolved: 'var.cert_mode', reason: "variable 'cert_mode' has no value" } });
    assert.equal(v.status, 'unknown');
    assert.equal(v.message, "Cannot tell whether client certificates are required: ingress.clientCertificateMode comes from var.cert_mode, which cannot be resolved (variable 'cert_mode' has no value).");
  });

  test('az CLI patches the property through ARM', () => {
    const b = buildResource({ type: 'Microsoft.App/containerApps', name: 'orders' });
    assert.equal(
      azmMtls004.meta.remediation.azCli!(b.resource),
      `APP_ID=$(az containerapp show --resource-group <resource-group> --name orders --query id -o tsv) && az rest --method patch --url "https://management.azure.com$APP_ID?api-version=2024-03-01" --body '{"properties":{"configuration":{"ingress":{"clientCertificateMode":"require"}}}}'`,
    );
  });
});
