import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResource, ruleContext, type Json } from '../../../test/harness/model-builder.js';
import { azmMtls009 } from './azm-mtls-009-service-fabric.js';

function judge(properties: { [k: string]: Json }, type = 'Microsoft.ServiceFabric/clusters') {
  const built = buildResource({ type, name: 'sf1', body: { properties } });
  const v = azmMtls009.check(built.resource, ruleContext());
  assert.ok(v);
  return { v, built };
}

describe('AZM-MTLS-009 classic clusters', () => {
  test('thumbprints or common names pass', () => {
    const t = judge({ clientCertificateThumbprints: [{ certificateThumbprint: 'AB', isAdmin: true }] }).v;
    assert.equal(t.status, 'pass');
    assert.equal(t.message, 'The cluster authorizes client certificates: clientCertificateThumbprints has 1 thumbprint.');
    const cn = judge({ clientCertificateThumbprints: [], clientCertificateCommonNames: [{ certificateCommonName: 'ops', certificateIssuerThumbprint: 'CD', isAdmin: false }] }).v;
    assert.equal(cn.status, 'pass');
  });

  test('both absent or empty fail, each a reason at its own location', () => {
    const { v, built } = judge({ clientCertificateThumbprints: [], clientCertificateCommonNames: [] });
    assert.equal(v.status, 'fail');
    assert.equal(v.message, 'Authorize client certificates on the cluster: clientCertificateThumbprints is empty; clientCertificateCommonNames is empty.');
    assert.deepEqual(v.reasons?.map((r) => r.ref), [built.ref('properties.clientCertificateThumbprints'), built.ref('properties.clientCertificateCommonNames')]);
    assert.equal(judge({}).v.message, 'Authorize client certificates on the cluster: clientCertificateThumbprints is not set; clientCertificateCommonNames is not set.');
  });

  test('one unresolved list with the other empty is unknown', () => {
    const { v } = judge({ clientCertificateThumbprints: { $unresolved: "[parameters('tps')]", reason: 'no value' }, clientCertificateCommonNames: [] });
    assert.equal(v.status, 'unknown');
    assert.equal(v.message, "Cannot tell whether the cluster authorizes client certificates: clientCertificateThumbprints comes from [parameters('tps')], which cannot be resolved (no value).");
  });
});

describe('AZM-MTLS-009 managed clusters', () => {
  const type = 'Microsoft.ServiceFabric/managedClusters';
  test('clients pass, empty fails', () => {
    assert.equal(judge({ clients: [{ isAdmin: true, thumbprint: 'AB' }] }, type).v.status, 'pass');
    assert.equal(judge({ clients: [] }, type).v.message, 'Authorize client certificates on the cluster: clients is empty.');
  });
  test('az CLI', () => {
    const b = buildResource({ type, name: 'sfm1' });
    assert.equal(
      azmMtls009.meta.remediation.azCli!(b.resource),
      'az sf managed-cluster client-certificate add --resource-group <resource-group> --cluster-name sfm1 --thumbprint <client-certificate-thumbprint> --is-admin',
    );
  });
});
