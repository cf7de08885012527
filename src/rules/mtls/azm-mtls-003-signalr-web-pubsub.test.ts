import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResource, ruleContext, type Json } from '../../../test/harness/model-builder.js';
import { azmMtls003 } from './azm-mtls-003-signalr-web-pubsub.js';

function judge(body: { [k: string]: Json }, type = 'Microsoft.SignalRService/signalR') {
  const built = buildResource({ type, name: 'contoso-signalr', body });
  const v = azmMtls003.check(built.resource, ruleContext());
  assert.ok(v);
  return { v, built };
}

describe('AZM-MTLS-003', () => {
  test('tls.clientCertEnabled true passes, noting who validates', () => {
    const { v } = judge({ sku: { name: 'Standard_S1' }, properties: { tls: { clientCertEnabled: true } } });
    assert.equal(v.status, 'pass');
    assert.equal(
      v.message,
      'Client certificates are requested in the TLS handshake: tls.clientCertEnabled is true. The service only requests the certificate; the app server must validate it.',
    );
    const wps = judge({ sku: { name: 'Standard_S1' }, properties: { tls: { clientCertEnabled: true } } }, 'Microsoft.SignalRService/webPubSub').v;
    assert.match(wps.message, /the upstream connect event handler must validate it\.$/);
  });

  test('false fails at the property', () => {
    const { v, built } = judge({ sku: { name: 'Standard_S1' }, properties: { tls: { clientCertEnabled: false } } });
    assert.equal(v.status, 'fail');
    assert.equal(v.message, 'Require client certificates: tls.clientCertEnabled is false.');
    assert.deepEqual(v.reasons?.[0]?.ref, built.ref('properties.tls.clientCertEnabled'));
    assert.deepEqual(v.fixes?.map((f) => [f.path, f.kind === 'set' ? f.value : undefined, f.safe]), [['properties.tls.clientCertEnabled', true, false]]);
  });

  test('no tls object is false by default, pointing at properties', () => {
    const { v, built } = judge({ sku: { name: 'Standard_S1' }, properties: {} });
    assert.equal(v.status, 'fail');
    assert.equal(v.message, 'Require client certificates: tls.clientCertEnabled is not set (service default false).');
    assert.deepEqual(v.reasons?.[0]?.ref, built.ref('properties'));
  });

  test('the Free tier fails even when enabled, and offers no fix', () => {
    const { v, built } = judge({ sku: { name: 'free_f1' }, properties: { tls: { clientCertEnabled: true } } }, 'Microsoft.SignalRService/webPubSub');
    assert.equal(v.status, 'fail');
    assert.equal(v.message, "Require client certificates: sku.name is 'Free_F1': the Free tier ignores tls.clientCertEnabled and cannot require client certificates.");
    assert.deepEqual(v.reasons?.[0]?.ref, built.ref('sku.name'));
    assert.equal(v.fixes, undefined);
  });

  test('an unresolved SKU with clientCertEnabled true is unknown; with false it fails', () => {
    const sku = { name: { $unresolved: "[parameters('tier')]", reason: 'no value' } };
    const u = judge({ sku, properties: { tls: { clientCertEnabled: true } } }).v;
    assert.equal(u.status, 'unknown');
    assert.equal(u.message, "Cannot tell whether client certificates are requested: sku.name comes from [parameters('tier')], which cannot be resolved (no value).");
    assert.equal(judge({ sku, properties: { tls: { clientCertEnabled: false } } }).v.status, 'fail');
  });

  test('az CLI: generic update by id, scaling up from Free first', () => {
    const free = buildResource({ type: 'Microsoft.SignalRService/signalR', name: 'hub1', body: { sku: { name: 'Free_F1' } } });
    assert.equal(
      azmMtls003.meta.remediation.azCli!(free.resource),
      'az signalr update --resource-group <resource-group> --name hub1 --sku Standard_S1 && az resource update --ids $(az signalr show --resource-group <resource-group> --name hub1 --query id -o tsv) --set properties.tls.clientCertEnabled=true',
    );
    const wps = buildResource({ type: 'Microsoft.SignalRService/webPubSub', name: 'pubsub1' });
    assert.equal(
      azmMtls003.meta.remediation.azCli!(wps.resource),
      'az resource update --ids $(az webpubsub show --resource-group <resource-group> --name pubsub1 --query id -o tsv) --set properties.tls.clientCertEnabled=true',
    );
  });
});
