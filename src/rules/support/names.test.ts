import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResource, type BuildSpec } from '../../../test/harness/model-builder.js';
import { impliedBy, propName, speaksTerraform } from './names.js';

const site = (extra: Partial<BuildSpec>) => buildResource({ type: 'Microsoft.Web/sites', ...extra }).resource;

describe('propName', () => {
  test('ARM and Bicep resources keep ARM names, without the properties envelope', () => {
    for (const source of ['arm', 'bicep', 'azure'] as const) {
      const r = site({ source });
      assert.equal(propName(r, 'properties.clientCertMode'), 'clientCertMode');
      assert.equal(propName(r, 'sku.name'), 'sku.name');
      assert.equal(speaksTerraform(r), false);
    }
  });

  test('an explicit label is used when the resource speaks ARM', () => {
    const r = buildResource({ type: 'Microsoft.App/containerApps' }).resource;
    assert.equal(propName(r, 'properties.configuration.ingress.clientCertificateMode', 'ingress.clientCertificateMode'), 'ingress.clientCertificateMode');
  });

  test('azurerm resources use the attribute of their own type, in configuration and in plans', () => {
    for (const source of ['terraform', 'terraform-plan'] as const) {
      assert.equal(propName(site({ source, sourceType: 'azurerm_linux_function_app' }), 'properties.clientCertMode'), 'client_certificate_mode');
      assert.equal(propName(site({ source, sourceType: 'azurerm_app_service' }), 'properties.clientCertMode'), 'client_cert_mode');
      assert.equal(speaksTerraform(site({ source, sourceType: 'azurerm_windows_web_app' })), true);
    }
    const app = buildResource({ type: 'Microsoft.App/containerApps', source: 'terraform', sourceType: 'azurerm_container_app' }).resource;
    assert.equal(propName(app, 'properties.configuration.ingress.clientCertificateMode', 'ingress.clientCertificateMode'), 'ingress.client_certificate_mode');
    const wps = buildResource({ type: 'Microsoft.SignalRService/webPubSub', source: 'terraform', sourceType: 'azurerm_web_pubsub' }).resource;
    assert.equal(propName(wps, 'sku.name'), 'sku');
    const signalr = buildResource({ type: 'Microsoft.SignalRService/signalR', source: 'terraform', sourceType: 'azurerm_signalr_service' }).resource;
    assert.equal(propName(signalr, 'sku.name'), 'sku.name');
  });

  test('azapi resources keep ARM names: their body is ARM', () => {
    const r = site({ source: 'terraform', sourceType: 'azapi_resource' });
    assert.equal(propName(r, 'properties.clientCertMode'), 'clientCertMode');
    assert.equal(speaksTerraform(r), false);
  });

  test('a property the azurerm type has no attribute for keeps its ARM name', () => {
    const r = site({ source: 'terraform', sourceType: 'azurerm_function_app' });
    assert.equal(propName(r, 'properties.clientCertEnabled'), 'clientCertEnabled');
    assert.equal(impliedBy(r, 'properties.clientCertEnabled'), 'client_cert_mode');
    assert.equal(impliedBy(site({ source: 'terraform', sourceType: 'azurerm_logic_app_standard' }), 'properties.clientCertEnabled'), 'client_certificate_mode');
    assert.equal(impliedBy(site({ source: 'terraform', sourceType: 'azurerm_linux_web_app' }), 'properties.clientCertEnabled'), undefined);
    assert.equal(impliedBy(site({ source: 'arm' }), 'properties.clientCertEnabled'), undefined);
  });
});
