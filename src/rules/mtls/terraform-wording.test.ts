// Terraform resources are judged on the ARM-shaped model, but their messages name the azurerm attributes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResource, ruleContext, type BuildSpec, type Json } from '../../../test/harness/model-builder.js';
import type { Rule } from '../../engine/rule.js';
import { azmMtls001 } from './azm-mtls-001-app-service.js';
import { azmMtls002 } from './azm-mtls-002-app-service-exclusion-paths.js';
import { azmMtls003 } from './azm-mtls-003-signalr-web-pubsub.js';
import { azmMtls004 } from './azm-mtls-004-container-apps.js';
import { azmMtls005 } from './azm-mtls-005-api-management.js';
import { azmMtls006 } from './azm-mtls-006-data-factory.js';
import { azmMtls007 } from './azm-mtls-007-container-registry-tokens.js';
import { azmMtls008 } from './azm-mtls-008-cassandra.js';
import { azmMtls009 } from './azm-mtls-009-service-fabric.js';

function tf(rule: Rule, type: string, sourceType: string, body: { [k: string]: Json }, extra: Partial<BuildSpec> = {}) {
  const v = rule.check(buildResource({ type, source: 'terraform', sourceType, body, ...extra }).resource, ruleContext());
  assert.ok(v);
  return v;
}

const d = (v: Json): Json => ({ $default: v });
const unresolved = (expr: string, reason: string): Json => ({ $unresolved: expr, reason });

describe('AZM-MTLS-001 in Terraform words', () => {
  const site = (sourceType: string, properties: { [k: string]: Json }, extra: Partial<BuildSpec> = {}) =>
    tf(azmMtls001, 'Microsoft.Web/sites', sourceType, { properties }, extra);

  test('a function app with only client_certificate_enabled fails on the provider default Optional', () => {
    const v = site('azurerm_linux_function_app', { clientCertEnabled: true, clientCertMode: d('Optional') });
    assert.equal(v.status, 'fail');
    assert.equal(v.message, "Require client certificates: client_certificate_mode is 'Optional' (provider default) (portal: Allow).");
    assert.equal(v.fixes?.[0]?.description, "set client_certificate_mode to 'Required' (callers without a certificate will be rejected)");
  });

  test('a web app left alone fails on client_certificate_enabled, without blaming the default mode', () => {
    const v = site('azurerm_windows_web_app', { clientCertEnabled: d(false), clientCertMode: d('Required') });
    assert.equal(v.message, 'Require client certificates: client_certificate_enabled is false (provider default), so client certificates are ignored (portal: Ignore).');
  });

  test("a written mode 'Required' with certificates off says the mode has no effect, in Terraform words", () => {
    const v = site('azurerm_linux_web_app', { clientCertEnabled: false, clientCertMode: 'Required' });
    assert.equal(
      v.message,
      "Require client certificates: client_certificate_enabled is false, so client certificates are ignored (portal: Ignore). client_certificate_mode 'Required' has no effect while client_certificate_enabled is not true.",
    );
  });

  test('a web app with client_certificate_enabled passes on the provider default Required', () => {
    const v = site('azurerm_linux_web_app', { clientCertEnabled: true, clientCertMode: d('Required') });
    assert.equal(v.status, 'pass');
    assert.equal(v.message, "Client certificates are required: client_certificate_enabled is true; client_certificate_mode is 'Required' (provider default) (portal: Require).");
  });

  test('legacy azurerm_app_service speaks client_cert_enabled and client_cert_mode', () => {
    const v = site('azurerm_app_service', { clientCertEnabled: true, clientCertMode: 'Optional' });
    assert.equal(v.message, "Require client certificates: client_cert_mode is 'Optional' (portal: Allow).");
    const off = site('azurerm_app_service', { clientCertEnabled: d(false), clientCertMode: d('Required') });
    assert.equal(off.message, 'Require client certificates: client_cert_enabled is false (provider default), so client certificates are ignored (portal: Ignore).');
  });

  test('legacy azurerm_function_app: client_cert_mode not set leaves certificates off', () => {
    const v = site('azurerm_function_app', { clientCertEnabled: d(false) });
    assert.equal(v.status, 'fail');
    assert.equal(v.message, 'Require client certificates: client_cert_mode is not set, so client certificates are ignored (portal: Ignore).');
    assert.equal(v.fixes?.[0]?.description, "set client_cert_mode to 'Required' to enable client certificates (callers without a certificate will be rejected)");
  });

  test("legacy azurerm_function_app: client_cert_mode 'Required' passes, saying that setting it turns certificates on", () => {
    const v = site('azurerm_function_app', { clientCertEnabled: true, clientCertMode: 'Required' });
    assert.equal(v.status, 'pass');
    assert.equal(v.message, "Client certificates are required: client_cert_mode is set, which turns client certificates on; client_cert_mode is 'Required' (portal: Require).");
  });

  test('Logic App Standard on azurerm >= 5 passes on the provider default', () => {
    const v = site('azurerm_logic_app_standard', { clientCertEnabled: d(true), clientCertMode: d('Required') });
    assert.equal(
      v.message,
      "Client certificates are required: client_certificate_mode takes a provider default, which turns client certificates on; client_certificate_mode is 'Required' (provider default) (portal: Require).",
    );
  });

  test('one unresolved attribute behind both properties is one reason', () => {
    const reason = 'variable "cert_mode" has no value';
    const built = buildResource({
      type: 'Microsoft.Web/sites',
      source: 'terraform',
      sourceType: 'azurerm_logic_app_standard',
      body: { properties: { clientCertMode: unresolved('var.cert_mode', reason) } },
    });
    // The frontend lowers the mode-implied enablement from the same expression at the same place.
    const props = built.resource.body.props.get('properties')!.value;
    assert.ok(props.t === 'object');
    const mode = props.props.get('clientcertmode')!;
    props.props.set('clientcertenabled', { ...mode, name: 'clientCertEnabled' });
    const v = azmMtls001.check(built.resource, ruleContext());
    assert.equal(v?.status, 'unknown');
    assert.equal(v?.message, `Cannot tell whether client certificates are required: client_certificate_mode comes from var.cert_mode, which cannot be resolved (${reason}).`);
    assert.equal(v?.reasons?.length, 1);
  });

  test('azapi_resource keeps ARM names', () => {
    const v = site('azapi_resource', { clientCertEnabled: true, clientCertMode: 'Optional' });
    assert.equal(v.message, "Require client certificates: clientCertMode is 'Optional' (portal: Allow).");
  });

  test('a plan speaks like the configuration', () => {
    const v = site('azurerm_linux_function_app', { clientCertEnabled: true, clientCertMode: 'OptionalInteractiveUser' }, { source: 'terraform-plan' });
    assert.equal(v.message, "Require client certificates: client_certificate_mode is 'OptionalInteractiveUser' (portal: Optional).");
  });
});

describe('the other rules in Terraform words', () => {
  test('AZM-MTLS-002 client_certificate_exclusion_paths', () => {
    const v = tf(azmMtls002, 'Microsoft.Web/sites', 'azurerm_linux_web_app', { properties: { clientCertExclusionPaths: '/health;/public' } });
    assert.equal(
      v.message,
      "Remove client certificate exclusion paths: client_certificate_exclusion_paths lets requests under '/health', '/public' through without a client certificate. Exclusion paths also force TLS renegotiation for client certificates, which HTTP/2 and TLS 1.3 do not support.",
    );
    assert.equal(v.fixes?.[0]?.description, 'remove client_certificate_exclusion_paths (callers of the excluded paths will need a certificate)');
  });

  test('AZM-MTLS-003 tls_client_cert_enabled, and sku for Web PubSub', () => {
    const signalr = tf(azmMtls003, 'Microsoft.SignalRService/signalR', 'azurerm_signalr_service', { sku: { name: 'Standard_S1' }, properties: { tls: { clientCertEnabled: d(false) } } });
    assert.equal(signalr.message, 'Require client certificates: tls_client_cert_enabled is false (provider default).');
    const free = tf(azmMtls003, 'Microsoft.SignalRService/webPubSub', 'azurerm_web_pubsub', { sku: { name: 'Free_F1' }, properties: { tls: { clientCertEnabled: true } } });
    assert.equal(free.message, "Require client certificates: sku is 'Free_F1': the Free tier ignores tls_client_cert_enabled and cannot require client certificates.");
  });

  test('AZM-MTLS-004 ingress.client_certificate_mode', () => {
    const v = tf(azmMtls004, 'Microsoft.App/containerApps', 'azurerm_container_app', { properties: { configuration: { ingress: { external: true } } } });
    assert.equal(v.message, "Require client certificates: ingress.client_certificate_mode is not set (service default 'ignore', portal: Ignore), so client certificates are dropped.");
    assert.equal(v.fixes?.[0]?.description, "set ingress.client_certificate_mode to 'require' (callers without a certificate will be refused)");
  });

  test('AZM-MTLS-005 client_certificate_enabled, hostname_configuration and request_client_certificate_enabled', () => {
    const consumption = tf(azmMtls005, 'Microsoft.ApiManagement/service', 'azurerm_api_management', { sku: { name: 'Consumption' }, properties: { enableClientCertificate: d(false) } });
    assert.equal(consumption.message, 'Require client certificates at the gateway: client_certificate_enabled is false (provider default), so the Consumption gateway does not request client certificates.');
    const noProxy = tf(azmMtls005, 'Microsoft.ApiManagement/service', 'azurerm_api_management', { sku: { name: 'Premium' }, properties: {} }, { name: 'contoso-apim' });
    assert.equal(
      noProxy.message,
      'Require client certificates at the gateway: hostname_configuration is not set, so the default gateway hostname (contoso-apim.azure-api.net) does not negotiate client certificates.',
    );
    const proxy = tf(azmMtls005, 'Microsoft.ApiManagement/service', 'azurerm_api_management', {
      sku: { name: 'Developer' },
      properties: { hostnameConfigurations: [{ type: 'Proxy', hostName: 'api.contoso.com', negotiateClientCertificate: d(false) }] },
    });
    assert.equal(proxy.message, "Require client certificates at the gateway: Proxy hostname 'api.contoso.com': negotiate_client_certificate is false (provider default).");
    const gw = tf(azmMtls005, 'Microsoft.ApiManagement/service/gateways/hostnameConfigurations', 'azurerm_api_management_gateway_host_name_configuration', {
      properties: { hostname: 'gw.contoso.com', negotiateClientCertificate: d(false) },
    });
    assert.equal(gw.message, "Require client certificates at the gateway: self-hosted gateway hostname 'gw.contoso.com': request_client_certificate_enabled is false (provider default).");
  });

  test('AZM-MTLS-006 authentication_type; activities keep their JSON names', () => {
    const ls = tf(azmMtls006, 'Microsoft.DataFactory/factories/linkedservices', 'azurerm_data_factory_linked_service_web', { properties: { type: 'Web', typeProperties: { authenticationType: 'Basic' } } });
    assert.equal(ls.message, "Authenticate the linked service with a client certificate: authentication_type is 'Basic'.");
    const custom = tf(azmMtls006, 'Microsoft.DataFactory/factories/linkedservices', 'azurerm_data_factory_linked_custom_service', {
      properties: { type: 'HttpServer', typeProperties: { authenticationType: 'Anonymous' } },
    });
    assert.equal(custom.message, "Authenticate the linked service with a client certificate: type_properties_json.authenticationType is 'Anonymous'.");
    const pipeline = tf(azmMtls006, 'Microsoft.DataFactory/factories/pipelines', 'azurerm_data_factory_pipeline', {
      properties: { activities: unresolved('var.activities', 'variable "activities" has no value') },
    });
    assert.equal(
      pipeline.message,
      'Cannot tell whether every web activity authenticates with a client certificate: activities_json comes from var.activities, which cannot be resolved (variable "activities" has no value).',
    );
  });

  test('AZM-MTLS-008 client_certificate_pems and external_gossip_certificate_pems', () => {
    const v = tf(azmMtls008, 'Microsoft.DocumentDB/cassandraClusters', 'azurerm_cosmosdb_cassandra_cluster', {
      properties: { externalSeedNodes: [{ ipAddress: '10.0.0.4' }], authenticationMethod: 'None' },
    });
    assert.equal(
      v.message,
      "Require client certificates: client_certificate_pems is not set, so the cluster accepts connections without a client certificate; external_gossip_certificate_pems is not set although external_seed_node_ip_addresses makes this a hybrid cluster (1 external seed node), so gossip from unmanaged data centers is not authenticated by certificate; authentication_method is 'None', so no password is asked either.",
    );
  });

  test('AZM-MTLS-009 client_certificate_thumbprint / client_certificate_common_name / authentication.certificate', () => {
    const classic = tf(azmMtls009, 'Microsoft.ServiceFabric/clusters', 'azurerm_service_fabric_cluster', { properties: {} });
    assert.equal(classic.message, 'Authorize client certificates on the cluster: client_certificate_thumbprint is not set; client_certificate_common_name is not set.');
    const managed = tf(azmMtls009, 'Microsoft.ServiceFabric/managedClusters', 'azurerm_service_fabric_managed_cluster', { properties: { clients: [{ thumbprint: 'AB' }] } });
    assert.equal(managed.message, 'The cluster authorizes client certificates: authentication.certificate has 1 client certificate.');
  });

  test('AZM-MTLS-007 keeps the limitation and names the password resource', () => {
    const v = tf(
      azmMtls007,
      'Microsoft.ContainerRegistry/registries/tokens',
      'azurerm_container_registry_token',
      { properties: { credentials: { passwords: [{ name: 'password1' }, { name: 'password2' }] } } },
      { limitations: [{ id: 'no-client-cert-support', message: 'azurerm_container_registry_token cannot express token certificates.' }] },
    );
    assert.equal(v.message, 'Authenticate the token with certificates, not passwords: azurerm_container_registry_token cannot express token certificates; azurerm_container_registry_token_password has 2 passwords.');
  });
});
