import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAll, buildResource, ruleContext, type BuildSpec } from '../../test/harness/model-builder.js';
import { allRules, ruleById } from '../rules/index.js';
import { scopeOf } from './profiles.js';
import { runRules } from './run.js';

const r001 = ruleById('AZM-MTLS-001')!;
const r003 = ruleById('AZM-MTLS-003')!;
const r006 = ruleById('AZM-MTLS-006')!;

function scope(spec: BuildSpec, rule = r001, profile: 'strict' | 'cis' | 'internal' = 'internal', tag = 'requires-mtls') {
  return scopeOf(buildResource(spec).resource, rule, ruleContext(profile, tag));
}

describe('strict', () => {
  test('everything is in scope', () => {
    assert.deepEqual(scope({ type: 'Microsoft.Web/sites', body: { kind: 'functionapp' } }, r001, 'strict'), { inScope: true });
  });
});

describe('cis', () => {
  test('AZM-MTLS-001 on web apps only', () => {
    assert.deepEqual(scope({ type: 'Microsoft.Web/sites', body: { kind: 'app,linux' } }, r001, 'cis'), { inScope: true });
    assert.deepEqual(scope({ type: 'Microsoft.Web/sites' }, r001, 'cis'), { inScope: true });
    assert.deepEqual(scope({ type: 'Microsoft.Web/sites', body: { kind: 'functionapp,linux' } }, r001, 'cis'), {
      inScope: false,
      reason: "CIS Microsoft Azure Foundations 9.4 covers web apps, and kind 'functionapp,linux' is a function app or Logic App Standard",
    });
    assert.deepEqual(scope({ type: 'Microsoft.Web/sites/slots' }, r001, 'cis'), {
      inScope: false,
      reason: 'CIS Microsoft Azure Foundations 9.4 covers App Service web apps, not deployment slots',
    });
    assert.deepEqual(scope({ type: 'Microsoft.SignalRService/signalR' }, r003, 'cis'), {
      inScope: false,
      reason: 'CIS Microsoft Azure Foundations 9.4 covers only App Service web apps (AZM-MTLS-001)',
    });
  });

  test('an unresolved kind makes the scope unknown', () => {
    const s = scope({ type: 'Microsoft.Web/sites', body: { kind: { $unresolved: "[parameters('kind')]", reason: 'no value' } } }, r001, 'cis');
    assert.deepEqual(s, {
      inScope: 'unknown',
      reason: "it is a web app only if kind, which comes from [parameters('kind')] (no value), does not contain 'functionapp'",
      expression: "[parameters('kind')]",
    });
  });
});

describe('internal', () => {
  test('App Service with public network access disabled is in scope; otherwise out, saying why', () => {
    assert.deepEqual(scope({ type: 'Microsoft.Web/sites', body: { properties: { publicNetworkAccess: 'disabled' } } }), { inScope: true });
    assert.deepEqual(scope({ type: 'Microsoft.Web/sites', body: { properties: { siteConfig: { publicNetworkAccess: 'Disabled' } } } }), { inScope: true });
    assert.deepEqual(scope({ type: 'Microsoft.Web/sites', body: { properties: {} } }), {
      inScope: false,
      reason: 'public network access is not disabled (publicNetworkAccess is not set), and it is not tagged requires-mtls=true',
    });
    assert.deepEqual(scope({ type: 'Microsoft.SignalRService/webPubSub', body: { properties: { publicNetworkAccess: 'Enabled' } } }, r003), {
      inScope: false,
      reason: "public network access is not disabled (publicNetworkAccess is 'Enabled'), and it is not tagged requires-mtls=true",
    });
  });

  test('the internal tag (configurable, case-insensitive name, bool or string) puts a resource in scope', () => {
    assert.deepEqual(scope({ type: 'Microsoft.Web/sites', body: { tags: { 'Requires-MTLS': 'true' } } }), { inScope: true });
    assert.deepEqual(scope({ type: 'Microsoft.Web/sites', body: { tags: { 'm2m.only': true } } }, r001, 'internal', 'm2m.only'), { inScope: true });
    assert.equal(scope({ type: 'Microsoft.Web/sites', body: { tags: { 'requires-mtls': 'false' } } }).inScope, false);
  });

  test('Container Apps: ingress not external is in scope (external defaults to false)', () => {
    const r004 = ruleById('AZM-MTLS-004')!;
    assert.deepEqual(scope({ type: 'Microsoft.App/containerApps', body: { properties: { configuration: { ingress: {} } } } }, r004), { inScope: true });
    assert.deepEqual(scope({ type: 'Microsoft.App/containerApps', body: { properties: { configuration: { ingress: { external: true } } } } }, r004), {
      inScope: false,
      reason: 'ingress.external is true, and it is not tagged requires-mtls=true',
    });
  });

  test('API Management: Internal virtual network or public access disabled', () => {
    const r005 = ruleById('AZM-MTLS-005')!;
    assert.deepEqual(scope({ type: 'Microsoft.ApiManagement/service', body: { properties: { virtualNetworkType: 'Internal' } } }, r005), { inScope: true });
    assert.equal(scope({ type: 'Microsoft.ApiManagement/service', body: { properties: { virtualNetworkType: 'External' } } }, r005).inScope, false);
  });

  test('Data Factory, ACR tokens, Cassandra and Service Fabric are always in scope', () => {
    for (const type of [
      'Microsoft.DataFactory/factories/pipelines',
      'Microsoft.ContainerRegistry/registries/tokens',
      'Microsoft.DocumentDB/cassandraClusters',
      'Microsoft.ServiceFabric/managedClusters',
    ]) {
      assert.deepEqual(scope({ type }, r006), { inScope: true }, type);
    }
  });

  test('an unresolved gate is unknown, naming the expression', () => {
    const s = scope({ type: 'Microsoft.Web/sites', body: { properties: { publicNetworkAccess: { $unresolved: "[parameters('pna')]", reason: 'no value' } } } });
    assert.deepEqual(s, {
      inScope: 'unknown',
      reason: "it is internal only if publicNetworkAccess, which comes from [parameters('pna')] (no value), is 'Disabled'",
      expression: "[parameters('pna')]",
    });
  });

  test('allowed values decide the gate when they agree', () => {
    const s = scope({ type: 'Microsoft.Web/sites', body: { properties: { publicNetworkAccess: { $unresolved: "[parameters('pna')]", reason: 'no value', candidates: ['Disabled'] } } } });
    assert.deepEqual(s, { inScope: true });
  });
});

describe('profiles through the engine', () => {
  test('internal: an out-of-scope app is not applicable; an unresolved gate turns a failure into unknown', () => {
    const { resources } = buildAll([
      { type: 'Microsoft.Web/sites', name: 'public-app', body: { properties: { clientCertEnabled: false } } },
      {
        type: 'Microsoft.Web/sites',
        name: 'maybe-internal',
        body: { properties: { clientCertEnabled: false, publicNetworkAccess: { $unresolved: "[parameters('pna')]", reason: 'no value' } } },
      },
    ]);
    const { findings } = runRules(resources, allRules, ruleContext('internal'));
    const by001 = findings.filter((f) => f.rule.meta.id === 'AZM-MTLS-001');
    assert.deepEqual(
      by001.map((f) => [f.resource.name, f.status, f.message]),
      [
        [
          'public-app',
          'not-applicable',
          "Out of scope under the 'internal' profile: public network access is not disabled (publicNetworkAccess is not set), and it is not tagged requires-mtls=true.",
        ],
        [
          'maybe-internal',
          'unknown',
          "Require client certificates: clientCertEnabled is false, so client certificates are ignored (portal: Ignore). This fails only if the resource is in scope: it is internal only if publicNetworkAccess, which comes from [parameters('pna')] (no value), is 'Disabled'.",
        ],
      ],
    );
  });

  test('cis: rule 001 judges clientCertEnabled only; other rules are not applicable', () => {
    const { resources } = buildAll([{ type: 'Microsoft.Web/sites', name: 'web', body: { kind: 'app', properties: { clientCertEnabled: true, clientCertMode: 'Optional' } } }]);
    const { findings } = runRules(resources, allRules, ruleContext('cis'));
    assert.deepEqual(
      findings.filter((f) => f.rule.meta.id === 'AZM-MTLS-001').map((f) => f.status),
      ['pass'],
    );
    assert.deepEqual(findings.filter((f) => f.rule.meta.id !== 'AZM-MTLS-001' && f.status !== 'not-applicable'), []);
  });
});
