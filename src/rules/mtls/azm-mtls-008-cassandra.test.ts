import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResource, ruleContext, type Json } from '../../../test/harness/model-builder.js';
import { azmMtls008 } from './azm-mtls-008-cassandra.js';

function judge(properties: { [k: string]: Json }) {
  const built = buildResource({ type: 'Microsoft.DocumentDB/cassandraClusters', name: 'orders-cassandra', body: { properties } });
  const v = azmMtls008.check(built.resource, ruleContext());
  assert.ok(v);
  return { v, built };
}

const PEM = { pem: '-----BEGIN CERTIFICATE-----' };

describe('AZM-MTLS-008', () => {
  test('client certificates pass', () => {
    const { v } = judge({ clientCertificates: [PEM] });
    assert.equal(v.status, 'pass');
    assert.equal(v.message, 'Client certificates are required: clientCertificates has 1 certificate.');
  });

  test('absent or empty fails; authenticationMethod None is a further reason', () => {
    const { v, built } = judge({ delegatedManagementSubnetId: 'x' });
    assert.equal(v.message, 'Require client certificates: clientCertificates is not set, so the cluster accepts connections without a client certificate.');
    assert.deepEqual(v.reasons?.[0]?.ref, built.ref('properties'));
    const none = judge({ clientCertificates: [], authenticationMethod: 'None' }).v;
    assert.equal(
      none.message,
      "Require client certificates: clientCertificates is empty, so the cluster accepts connections without a client certificate; authenticationMethod is 'None', so no password is asked either.",
    );
  });

  test('a hybrid cluster also needs gossip certificates', () => {
    const { v, built } = judge({ clientCertificates: [PEM], externalSeedNodes: [{ ipAddress: '10.0.0.4' }, { ipAddress: '10.0.0.5' }] });
    assert.equal(v.status, 'fail');
    assert.equal(
      v.message,
      'Require client certificates: externalGossipCertificates is not set although externalSeedNodes makes this a hybrid cluster (2 external seed nodes), so gossip from unmanaged data centers is not authenticated by certificate.',
    );
    assert.deepEqual(v.reasons?.[0]?.ref, built.ref('properties'));
    assert.equal(judge({ clientCertificates: [PEM], externalSeedNodes: [{ ipAddress: '10.0.0.4' }], externalGossipCertificates: [PEM] }).v.status, 'pass');
  });

  test('unresolved seed nodes are unknown only when gossip certificates are missing', () => {
    const seeds = { $unresolved: "[parameters('seeds')]", reason: 'no value' };
    const { v } = judge({ clientCertificates: [PEM], externalSeedNodes: seeds });
    assert.equal(v.status, 'unknown');
    assert.equal(v.message, "Cannot tell whether client certificates are required: externalSeedNodes comes from [parameters('seeds')], which cannot be resolved (no value).");
    assert.equal(judge({ clientCertificates: [PEM], externalSeedNodes: seeds, externalGossipCertificates: [PEM] }).v.status, 'pass');
  });

  test('az CLI', () => {
    const b = buildResource({ type: 'Microsoft.DocumentDB/cassandraClusters', name: 'c1', body: { properties: { externalSeedNodes: [{ ipAddress: '1' }] } } });
    assert.equal(
      azmMtls008.meta.remediation.azCli!(b.resource),
      'az managed-cassandra cluster update --resource-group <resource-group> --cluster-name c1 --client-certificates <client-ca.pem> --external-gossip-certificates <gossip-ca.pem>',
    );
  });
});
