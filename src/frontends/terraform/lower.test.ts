import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attr } from '../../model/access.js';
import { byAddress, lineOf, load, val } from './testing/helpers.js';

const one = (body: string) => ({ 'infra/main.tf': body });

describe('azurerm App Service family', () => {
  test('web apps default the mode to Required, function apps to Optional (marked default with a note)', async () => {
    const out = await load(
      one(`resource "azurerm_linux_web_app" "w" {
  name = "w"
  client_certificate_enabled = true
}
resource "azurerm_windows_function_app" "f" {
  name = "f"
  client_certificate_enabled = true
  public_network_access_enabled = false
}`),
    );
    const w = byAddress(out, 'azurerm_linux_web_app.w');
    assert.equal(w.type, 'Microsoft.Web/sites');
    assert.equal(w.sourceType, 'azurerm_linux_web_app');
    assert.equal(w.source, 'terraform');
    assert.equal(val(w, 'kind'), 'app,linux');
    const wm = attr(w, 'properties.clientCertMode');
    assert.equal(wm.origin, 'default');
    assert.equal(val(w, 'properties.clientCertMode'), 'Required');
    assert.equal(wm.note, 'azurerm_linux_web_app defaults client_certificate_mode to Required');
    assert.equal(attr(w, 'properties.clientCertEnabled').origin, 'explicit');
    assert.equal(lineOf(out, attr(w, 'properties.clientCertEnabled').ref), 3);
    const f = byAddress(out, 'azurerm_windows_function_app.f');
    assert.equal(val(f, 'kind'), 'functionapp');
    assert.equal(val(f, 'properties.clientCertMode'), 'Optional');
    assert.equal(attr(f, 'properties.clientCertMode').note, 'azurerm_windows_function_app defaults client_certificate_mode to Optional, so client_certificate_enabled = true alone does not require certificates');
    assert.equal(val(f, 'properties.publicNetworkAccess'), 'Disabled');
    assert.equal(attr(w, 'properties.publicNetworkAccess').origin, 'default');
  });

  test('slots are Microsoft.Web/sites/slots named site/slot; legacy slots cannot express client certificates', async () => {
    const out = await load(
      one(`resource "azurerm_windows_web_app" "app" { name = "contoso-api" }
resource "azurerm_windows_web_app_slot" "s" {
  name = "staging"
  app_service_id = azurerm_windows_web_app.app.id
  client_certificate_enabled = true
  client_certificate_mode = "Required"
}
resource "azurerm_app_service_slot" "old" {
  name = "old"
  app_service_name = "legacy"
}
resource "azurerm_function_app_slot" "fold" {
  name = "fold"
  function_app_name = "legacyfn"
}`),
    );
    const s = byAddress(out, 'azurerm_windows_web_app_slot.s');
    assert.equal(s.type, 'Microsoft.Web/sites/slots');
    assert.equal(s.name, 'contoso-api/staging');
    const old = byAddress(out, 'azurerm_app_service_slot.old');
    assert.equal(old.name, 'legacy/old');
    assert.equal(old.limitations?.[0]?.id, 'no-client-cert-support');
    assert.match(old.limitations![0]!.message, /^azurerm_app_service_slot cannot express client certificates/);
    assert.equal(byAddress(out, 'azurerm_function_app_slot.fold').limitations?.[0]?.id, 'no-client-cert-support');
  });

  test('legacy azurerm_app_service and azurerm_function_app', async () => {
    const out = await load(
      one(`resource "azurerm_app_service" "a" {
  name = "a"
  client_cert_enabled = true
}
resource "azurerm_function_app" "f" {
  name = "f"
  client_cert_mode = "Optional"
}
resource "azurerm_function_app" "g" { name = "g" }`),
    );
    const a = byAddress(out, 'azurerm_app_service.a');
    assert.equal(val(a, 'properties.clientCertEnabled'), true);
    assert.equal(val(a, 'properties.clientCertMode'), 'Required');
    assert.equal(attr(a, 'properties.clientCertMode').origin, 'default');
    const f = byAddress(out, 'azurerm_function_app.f');
    assert.equal(val(f, 'properties.clientCertEnabled'), true);
    assert.equal(val(f, 'properties.clientCertMode'), 'Optional');
    const g = byAddress(out, 'azurerm_function_app.g');
    assert.equal(val(g, 'properties.clientCertEnabled'), false);
    assert.equal(attr(g, 'properties.clientCertEnabled').origin, 'default');
  });

  test('Logic App Standard: mode set means enabled; unset depends on the provider version', async () => {
    const body = 'resource "azurerm_logic_app_standard" "l" { name = "l" }\nresource "azurerm_logic_app_standard" "m" {\n  name = "m"\n  client_certificate_mode = "Optional"\n}\n';
    const unknown = await load(one(body));
    const l = byAddress(unknown, 'azurerm_logic_app_standard.l');
    assert.equal(val(l, 'kind'), 'functionapp,workflowapp');
    assert.equal(attr(l, 'properties.clientCertEnabled').origin, 'unresolved');
    assert.match(attr(l, 'properties.clientCertEnabled').reason!, /^the azurerm provider version is not known/);
    const m = byAddress(unknown, 'azurerm_logic_app_standard.m');
    assert.equal(val(m, 'properties.clientCertEnabled'), true);
    assert.equal(val(m, 'properties.clientCertMode'), 'Optional');

    const v5 = await load({ ...one(body), 'infra/.terraform.lock.hcl': 'provider "registry.terraform.io/hashicorp/azurerm" {\n  version     = "5.1.0"\n  hashes = []\n}\n' });
    const l5 = byAddress(v5, 'azurerm_logic_app_standard.l');
    assert.equal(val(l5, 'properties.clientCertEnabled'), true);
    assert.equal(val(l5, 'properties.clientCertMode'), 'Required');
    assert.equal(attr(l5, 'properties.clientCertMode').origin, 'default');
    assert.equal(l5.facts?.azurermVersion, '5.1.0');

    const v3 = await load({ ...one(body), 'infra/versions.tf': 'terraform {\n  required_providers {\n    azurerm = {\n      source = "hashicorp/azurerm"\n      version = "~> 3.90"\n    }\n  }\n}\n' });
    const l3 = byAddress(v3, 'azurerm_logic_app_standard.l');
    assert.equal(val(l3, 'properties.clientCertEnabled'), false);
    assert.equal(attr(l3, 'properties.clientCertEnabled').origin, 'default');
  });
});

describe('other azurerm families', () => {
  test('SignalR and Web PubSub', async () => {
    const out = await load(
      one(`resource "azurerm_signalr_service" "s" {
  name = "sig"
  sku {
    name = "Free_F1"
    capacity = 1
  }
  tls_client_cert_enabled = true
}
resource "azurerm_web_pubsub" "w" {
  name = "wps"
  sku = "Standard_S1"
}
resource "azurerm_web_pubsub_socketio" "io" {
  name = "io"
  sku { name = "Standard_S1" }
  tls_client_cert_enabled = true
}`),
    );
    const s = byAddress(out, 'azurerm_signalr_service.s');
    assert.equal(s.type, 'Microsoft.SignalRService/signalR');
    assert.equal(val(s, 'sku.name'), 'Free_F1');
    assert.equal(val(s, 'properties.tls.clientCertEnabled'), true);
    const w = byAddress(out, 'azurerm_web_pubsub.w');
    assert.equal(w.type, 'Microsoft.SignalRService/webPubSub');
    assert.equal(val(w, 'sku.name'), 'Standard_S1');
    assert.equal(val(w, 'properties.tls.clientCertEnabled'), false);
    assert.equal(attr(w, 'properties.tls.clientCertEnabled').origin, 'default');
    assert.equal(val(byAddress(out, 'azurerm_web_pubsub_socketio.io'), 'kind'), 'SocketIO');
  });

  test('Container Apps ingress', async () => {
    const out = await load(
      one(`resource "azurerm_container_app" "c" {
  name = "ca"
  ingress {
    external_enabled = true
    target_port = 80
    client_certificate_mode = "accept"
  }
}
resource "azurerm_container_app" "noingress" { name = "worker" }`),
    );
    const c = byAddress(out, 'azurerm_container_app.c');
    assert.equal(c.type, 'Microsoft.App/containerApps');
    assert.deepEqual(val(c, 'properties.configuration.ingress'), { external: true, clientCertificateMode: 'accept', targetPort: 80 });
    assert.equal(attr(byAddress(out, 'azurerm_container_app.noingress'), 'properties.configuration.ingress').origin, 'absent');
  });

  test('API Management: Consumption sku, proxy hostnames, custom domains merged, gateway hostnames', async () => {
    const out = await load(
      one(`resource "azurerm_api_management" "cons" {
  name = "cons"
  sku_name = "Consumption_0"
  client_certificate_enabled = true
}
resource "azurerm_api_management" "prem" {
  name = "prem"
  sku_name = "Premium_1"
}
resource "azurerm_api_management_custom_domain" "d" {
  api_management_id = azurerm_api_management.prem.id
  gateway {
    host_name = "api.contoso.com"
    negotiate_client_certificate = true
  }
}
resource "azurerm_api_management_gateway_host_name_configuration" "g" {
  name = "gw-host"
  api_management_id = azurerm_api_management.prem.id
  gateway_name = "selfhosted"
  host_name = "gw.contoso.com"
}`),
    );
    const c = byAddress(out, 'azurerm_api_management.cons');
    assert.equal(val(c, 'sku.name'), 'Consumption');
    assert.equal(val(c, 'sku.capacity'), 0);
    assert.equal(val(c, 'properties.enableClientCertificate'), true);
    const p = byAddress(out, 'azurerm_api_management.prem');
    assert.deepEqual(val(p, 'properties.hostnameConfigurations'), [{ type: 'Proxy', hostName: 'api.contoso.com', negotiateClientCertificate: true }]);
    assert.equal(p.related?.[0]?.message, 'hostname configurations set by azurerm_api_management_custom_domain.d');
    assert.equal(out.resources.some((r) => r.sourceType === 'azurerm_api_management_custom_domain'), false);
    const g = byAddress(out, 'azurerm_api_management_gateway_host_name_configuration.g');
    assert.equal(g.type, 'Microsoft.ApiManagement/service/gateways/hostnameConfigurations');
    assert.equal(g.name, 'prem/selfhosted/gw-host');
    assert.equal(val(g, 'properties.negotiateClientCertificate'), false);
    assert.equal(attr(g, 'properties.negotiateClientCertificate').origin, 'default');
  });

  test('Data Factory linked service and pipeline activities (JSON string and jsonencode)', async () => {
    const out = await load(
      one(`resource "azurerm_data_factory" "f" { name = "adf" }
resource "azurerm_data_factory_linked_service_web" "l" {
  name = "web"
  data_factory_id = azurerm_data_factory.f.id
  authentication_type = "Anonymous"
  url = "https://x"
}
resource "azurerm_data_factory_pipeline" "p" {
  name = "p1"
  data_factory_id = azurerm_data_factory.f.id
  activities_json = jsonencode([
    {
      name = "call"
      type = "WebActivity"
      typeProperties = { url = "https://x", method = "GET" }
    }
  ])
}
resource "azurerm_data_factory_pipeline" "q" {
  name = "p2"
  data_factory_id = azurerm_data_factory.f.id
  activities_json = <<JSON
[{"name": "hook", "type": "WebHook", "typeProperties": {"authentication": {"type": "ClientCertificate"}}}]
JSON
}`),
    );
    const l = byAddress(out, 'azurerm_data_factory_linked_service_web.l');
    assert.equal(l.type, 'Microsoft.DataFactory/factories/linkedservices');
    assert.equal(l.name, 'adf/web');
    assert.equal(val(l, 'properties.type'), 'Web');
    assert.equal(val(l, 'properties.typeProperties.authenticationType'), 'Anonymous');
    const p = byAddress(out, 'azurerm_data_factory_pipeline.p');
    assert.equal(p.name, 'adf/p1');
    assert.deepEqual(val(p, 'properties.activities'), [{ name: 'call', type: 'WebActivity', typeProperties: { url: 'https://x', method: 'GET' } }]);
    const pa = p.body.props.get('properties')!.value;
    const acts = pa.t === 'object' ? pa.props.get('activities')!.value : undefined;
    assert.equal(acts?.t === 'array' ? lineOf(out, acts.items[0]!.ref) : 0, 12);
    assert.equal(val(byAddress(out, 'azurerm_data_factory_pipeline.q'), 'properties.activities') !== undefined, true);
    assert.deepEqual(val(byAddress(out, 'azurerm_data_factory_pipeline.q'), 'properties.activities'), [{ name: 'hook', type: 'WebHook', typeProperties: { authentication: { type: 'ClientCertificate' } } }]);
  });

  test('Container Registry tokens: a limitation, and token passwords as credentials of the token', async () => {
    const out = await load(
      one(`resource "azurerm_container_registry_token" "t" {
  name = "tok"
  container_registry_name = "acr1"
  scope_map_id = "x"
}
resource "azurerm_container_registry_token_password" "pw" {
  container_registry_token_id = azurerm_container_registry_token.t.id
  password1 {}
}`),
    );
    const t = byAddress(out, 'azurerm_container_registry_token.t');
    assert.equal(t.type, 'Microsoft.ContainerRegistry/registries/tokens');
    assert.equal(t.name, 'acr1/tok');
    assert.equal(t.limitations?.[0]?.id, 'no-client-cert-support');
    assert.deepEqual(val(t, 'properties.credentials.passwords'), [{ name: 'password1' }]);
    assert.equal(t.related?.[0]?.message, 'password credentials added by azurerm_container_registry_token_password.pw');
    assert.equal(out.resources.length, 1);
  });

  test('Cassandra and Service Fabric', async () => {
    const out = await load(
      one(`resource "azurerm_cosmosdb_cassandra_cluster" "c" {
  name = "cass"
  client_certificate_pems = ["PEM1"]
  external_seed_node_ip_addresses = ["10.0.0.4", "10.0.0.5"]
}
resource "azurerm_service_fabric_cluster" "s" {
  name = "sf"
  client_certificate_thumbprint {
    thumbprint = "AB"
    is_admin = true
  }
  client_certificate_common_name {
    common_name = "client.contoso.com"
    issuer_thumbprint = "CD"
    is_admin = false
  }
}
resource "azurerm_service_fabric_managed_cluster" "m" {
  name = "sfm"
  authentication {
    certificate {
      thumbprint = "EF"
      type = "AdminClient"
    }
  }
}`),
    );
    const c = byAddress(out, 'azurerm_cosmosdb_cassandra_cluster.c');
    assert.equal(c.type, 'Microsoft.DocumentDB/cassandraClusters');
    assert.deepEqual(val(c, 'properties.clientCertificates'), [{ pem: 'PEM1' }]);
    assert.equal(val(c, 'properties.authenticationMethod'), 'Cassandra');
    assert.deepEqual(val(c, 'properties.externalSeedNodes'), [{ ipAddress: '10.0.0.4' }, { ipAddress: '10.0.0.5' }]);
    const s = byAddress(out, 'azurerm_service_fabric_cluster.s');
    assert.deepEqual(val(s, 'properties.clientCertificateThumbprints'), [{ certificateThumbprint: 'AB', isAdmin: true }]);
    assert.deepEqual(val(s, 'properties.clientCertificateCommonNames'), [{ certificateCommonName: 'client.contoso.com', certificateIssuerThumbprint: 'CD', isAdmin: false }]);
    // The lists point at their first block (lines 8 and 12 of the file), not at the resource line.
    const tpRef = s.body.props.get('properties')!.value;
    assert.equal(tpRef.t, 'object');
    if (tpRef.t === 'object') {
      assert.equal(out.sources.locate(tpRef.props.get('clientcertificatethumbprints')!.ref!).startLine, 8);
      assert.equal(out.sources.locate(tpRef.props.get('clientcertificatecommonnames')!.ref!).startLine, 12);
    }
    const m = byAddress(out, 'azurerm_service_fabric_managed_cluster.m');
    assert.equal(m.type, 'Microsoft.ServiceFabric/managedClusters');
    assert.deepEqual(val(m, 'properties.clients'), [{ thumbprint: 'EF', isAdmin: true }]);
  });
});

describe('azapi', () => {
  test('azapi_resource body (HCL object) read as ARM with type, apiVersion and per-property positions', async () => {
    const out = await load(
      one(`resource "azapi_resource" "site" {
  type = "Microsoft.Web/sites@2023-12-01"
  name = "az-site"
  parent_id = "/subscriptions/s/resourceGroups/rg"
  body = {
    kind = "app,linux"
    properties = {
      clientCertEnabled = true
      clientCertMode = "OptionalInteractiveUser"
    }
  }
}
resource "azapi_resource" "slot" {
  type = "Microsoft.Web/sites/slots@2023-12-01"
  name = "stage"
  parent_id = azapi_resource.site.id
  body = jsonencode({
    properties = { clientCertEnabled = false }
  })
}`),
    );
    const s = byAddress(out, 'azapi_resource.site');
    assert.equal(s.type, 'Microsoft.Web/sites');
    assert.equal(s.apiVersion, '2023-12-01');
    assert.equal(s.sourceType, 'azapi_resource');
    assert.equal(val(s, 'properties.clientCertMode'), 'OptionalInteractiveUser');
    assert.equal(lineOf(out, attr(s, 'properties.clientCertMode').ref), 9);
    const slot = byAddress(out, 'azapi_resource.slot');
    assert.equal(slot.name, 'az-site/stage');
    assert.equal(val(slot, 'properties.clientCertEnabled'), false);
    assert.equal(lineOf(out, attr(slot, 'properties.clientCertEnabled').ref), 18);
  });
});
