import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAll, ruleContext } from '../../test/harness/model-builder.js';
import { allRules } from './index.js';
import { runRules } from '../engine/run.js';
import { toResult } from '../engine/locate.js';

describe('rules through the engine', () => {
  test('existing resources get no result; a resource whose condition is unresolved says when it is deployed', () => {
    const { resources, sources, built } = buildAll([
      { type: 'Microsoft.Web/sites', name: 'shared', existing: true, body: { properties: { clientCertEnabled: false } } },
      {
        type: 'microsoft.web/SITES',
        name: 'conditional',
        condition: { expression: "[parameters('deployApi')]", reason: 'no value' },
        body: { properties: { clientCertEnabled: true, clientCertMode: 'Optional' } },
      },
    ]);
    const { findings, diagnostics } = runRules(resources, allRules, ruleContext());
    assert.deepEqual(diagnostics, []);
    assert.equal(findings.length, 1, 'only rule 001 on the conditional site (no exclusion paths, so no 002 result)');
    const r = toResult(findings[0]!, sources);
    assert.equal(r.status, 'fail');
    assert.equal(r.message, "Require client certificates: clientCertMode is 'Optional' (portal: Allow). (Deployed only when [parameters('deployApi')].)");
    assert.equal(r.location?.startLine, built[1]!.lineOf('properties.clientCertMode'));
    assert.deepEqual(
      r.relatedLocations.map((l) => [l.startLine, l.message]),
      [[built[1]!.lineOf("condition:[parameters('deployApi')]"), "deployed only when [parameters('deployApi')]"]],
    );
    assert.equal(r.remediation.azCli, 'az webapp update --resource-group <resource-group> --name conditional --set clientCertEnabled=true clientCertMode=Required');
    assert.deepEqual(r.remediation.fix, { safe: false, description: "set clientCertMode to 'Required' (callers without a certificate will be rejected)" });
  });

  test('the parameter behind an unresolved value becomes a related location', () => {
    const { resources, sources, built } = buildAll([
      {
        type: 'Microsoft.Web/sites',
        name: 'api',
        body: {
          properties: {
            clientCertEnabled: true,
            clientCertMode: { $unresolved: "[parameters('certMode')]", reason: 'no value', via: ["value comes from parameter 'certMode'"] },
          },
        },
      },
    ]);
    const { findings } = runRules(resources, allRules, ruleContext());
    const r = toResult(findings[0]!, sources);
    assert.equal(r.status, 'unknown');
    assert.equal(r.location?.startLine, built[0]!.lineOf('properties.clientCertMode'));
    assert.deepEqual(r.relatedLocations.map((l) => [l.startLine, l.message]), [[built[0]!.lineOf("via:value comes from parameter 'certMode'"), "value comes from parameter 'certMode'"]]);
  });

  test('one result per rule and resource, across every family', () => {
    const { resources } = buildAll([
      { type: 'Microsoft.Web/sites', body: { properties: { clientCertEnabled: true, clientCertMode: 'Required', clientCertExclusionPaths: '/health' } } },
      { type: 'Microsoft.SignalRService/signalR', body: { sku: { name: 'Standard_S1' }, properties: { tls: { clientCertEnabled: true } } } },
      { type: 'Microsoft.App/containerApps', apiVersion: '2024-03-01', body: { properties: { configuration: { ingress: { clientCertificateMode: 'accept' } } } } },
      { type: 'Microsoft.ApiManagement/service', body: { sku: { name: 'Consumption' }, properties: { enableClientCertificate: true } } },
      { type: 'Microsoft.DataFactory/factories/linkedservices', body: { properties: { type: 'Web', typeProperties: { authenticationType: 'Basic' } } } },
      { type: 'Microsoft.ContainerRegistry/registries/tokens', body: { properties: { credentials: { passwords: [{ name: 'password1' }] } } } },
      { type: 'Microsoft.DocumentDB/cassandraClusters', body: { properties: { clientCertificates: [{ pem: 'x' }] } } },
      { type: 'Microsoft.ServiceFabric/clusters', body: { properties: {} } },
      { type: 'Microsoft.Storage/storageAccounts', body: { properties: {} } },
    ]);
    const { findings } = runRules(resources, allRules, ruleContext());
    assert.deepEqual(
      findings.map((f) => [f.rule.meta.id, f.status, f.severity]),
      [
        ['AZM-MTLS-001', 'pass', 'medium'],
        ['AZM-MTLS-002', 'fail', 'low'],
        ['AZM-MTLS-003', 'pass', 'medium'],
        ['AZM-MTLS-004', 'fail', 'medium'],
        ['AZM-MTLS-005', 'pass', 'medium'],
        ['AZM-MTLS-006', 'fail', 'medium'],
        ['AZM-MTLS-007', 'fail', 'medium'],
        ['AZM-MTLS-008', 'pass', 'medium'],
        ['AZM-MTLS-009', 'fail', 'medium'],
      ],
    );
  });
});
