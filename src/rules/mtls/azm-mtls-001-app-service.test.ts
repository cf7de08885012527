import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResource, ruleContext, type BuildSpec, type Json } from '../../../test/harness/model-builder.js';
import { azmMtls001 } from './azm-mtls-001-app-service.js';
import { Limitations } from '../../model/catalog/index.js';

const SITE = 'Microsoft.Web/sites';

function judge(properties: { [k: string]: Json } | undefined, extra: Partial<BuildSpec> = {}, profile: 'strict' | 'cis' = 'strict') {
  const built = buildResource({ type: SITE, apiVersion: '2023-12-01', name: 'contoso-api', ...(properties ? { body: { properties } } : {}), ...extra });
  const v = azmMtls001.check(built.resource, ruleContext(profile));
  assert.ok(v, 'rule 001 always answers for a site');
  return { v, built };
}

const unresolved = (expr: string, reason: string, more: { [k: string]: Json } = {}): Json => ({ $unresolved: expr, reason, ...more });

describe('AZM-MTLS-001 SEMANTICS table', () => {
  test('clientCertEnabled false fails (portal: Ignore), and every other failing value is a reason too', () => {
    const { v, built } = judge({ clientCertEnabled: false, clientCertMode: 'Optional' });
    assert.equal(v.status, 'fail');
    assert.equal(
      v.message,
      "Require client certificates: clientCertEnabled is false, so client certificates are ignored (portal: Ignore); clientCertMode is 'Optional' (portal: Allow).",
    );
    assert.deepEqual(v.reasons?.map((r) => r.ref), [built.ref('properties.clientCertEnabled'), built.ref('properties.clientCertMode')]);
    assert.deepEqual(v.fixes?.map((f) => [f.path, f.kind === 'set' ? f.value : undefined, f.safe]), [
      ['properties.clientCertEnabled', true, false],
      ['properties.clientCertMode', 'Required', false],
    ]);
  });

  test("clientCertMode 'Required' alone never passes", () => {
    const { v } = judge({ clientCertEnabled: false, clientCertMode: 'Required' });
    assert.equal(v.status, 'fail');
    assert.equal(
      v.message,
      "Require client certificates: clientCertEnabled is false, so client certificates are ignored (portal: Ignore). clientCertMode 'Required' has no effect while clientCertEnabled is not true.",
    );
  });

  test('clientCertEnabled absent takes the service default false, pointing at the parent object', () => {
    const { v, built } = judge({ clientCertMode: 'Required' });
    assert.equal(v.status, 'fail');
    assert.equal(
      v.message,
      "Require client certificates: clientCertEnabled is not set (service default false), so client certificates are ignored (portal: Ignore). clientCertMode 'Required' has no effect while clientCertEnabled is not true.",
    );
    assert.deepEqual(v.reasons?.[0]?.ref, built.ref('properties'));
  });

  test('no properties at all points at the resource', () => {
    const { v, built } = judge(undefined);
    assert.equal(v.status, 'fail');
    assert.deepEqual(v.reasons?.[0]?.ref, built.ref('$resource'));
  });

  test("true + 'Required' passes", () => {
    const { v } = judge({ clientCertEnabled: true, clientCertMode: 'Required' });
    assert.equal(v.status, 'pass');
    assert.equal(v.message, "Client certificates are required: clientCertEnabled is true; clientCertMode is 'Required' (portal: Require).");
    assert.equal(v.fixes, undefined);
  });

  test("true + 'Optional' fails as Allow, at the mode", () => {
    const { v, built } = judge({ clientCertEnabled: true, clientCertMode: 'Optional' });
    assert.equal(v.status, 'fail');
    assert.equal(v.message, "Require client certificates: clientCertMode is 'Optional' (portal: Allow).");
    assert.deepEqual(v.reasons?.map((r) => r.ref), [built.ref('properties.clientCertMode')]);
    assert.deepEqual(v.fixes, [
      { kind: 'set', path: 'properties.clientCertMode', value: 'Required', safe: false, description: "set clientCertMode to 'Required' (callers without a certificate will be rejected)" },
    ]);
  });

  test("true + 'OptionalInteractiveUser' fails as the portal's Optional", () => {
    const { v } = judge({ clientCertEnabled: true, clientCertMode: 'OptionalInteractiveUser' });
    assert.equal(v.status, 'fail');
    assert.equal(v.message, "Require client certificates: clientCertMode is 'OptionalInteractiveUser' (portal: Optional).");
  });

  test('true + mode absent at apiVersion >= 2020-06-01 passes on the service default, with a safe fix to write it down', () => {
    const { v } = judge({ clientCertEnabled: true }, { apiVersion: '2020-06-01' });
    assert.equal(v.status, 'pass');
    assert.equal(
      v.message,
      "Client certificates are required: clientCertEnabled is true; clientCertMode is not set (service default 'Required', portal: Require). Set clientCertMode to 'Required' explicitly so the requirement does not rest on a service default.",
    );
    assert.deepEqual(v.fixes, [
      { kind: 'set', path: 'properties.clientCertMode', value: 'Required', safe: true, description: "set clientCertMode to 'Required' explicitly (the service default)" },
    ]);
  });

  test('true + mode absent on a live resource (no apiVersion) passes on the service default', () => {
    const { v } = judge({ clientCertEnabled: true }, { apiVersion: undefined, source: 'azure' });
    assert.equal(v.status, 'pass');
    assert.match(v.message, /service default 'Required'/);
  });

  test('true + mode absent before apiVersion 2020-06-01 passes: enabling meant requiring', () => {
    const { v } = judge({ clientCertEnabled: true }, { apiVersion: '2019-08-01' });
    assert.equal(v.status, 'pass');
    assert.equal(
      v.message,
      'Client certificates are required: clientCertEnabled is true; clientCertMode did not exist before apiVersion 2020-06-01 (this resource uses 2019-08-01), when enabling client certificates meant requiring them.',
    );
    assert.equal(v.fixes, undefined);
  });
});

describe('AZM-MTLS-001 values', () => {
  test('enum values compare case-insensitively and are reported in canonical casing', () => {
    const { v } = judge({ clientCertEnabled: true, clientCertMode: 'optionalinteractiveuser' });
    assert.equal(v.message, "Require client certificates: clientCertMode is 'OptionalInteractiveUser' (portal: Optional).");
    const ok = judge({ clientCertEnabled: true, clientCertMode: 'REQUIRED' }).v;
    assert.equal(ok.status, 'pass');
  });

  test("a string 'true' counts as the bool, with a note", () => {
    const { v } = judge({ clientCertEnabled: 'true', clientCertMode: 'Required' });
    assert.equal(v.status, 'pass');
    assert.equal(
      v.message,
      "Client certificates are required: clientCertEnabled is the string 'true' (read as the bool true); clientCertMode is 'Required' (portal: Require).",
    );
  });

  test('a mode that is not in the enum fails and says so', () => {
    const { v } = judge({ clientCertEnabled: true, clientCertMode: 'Allow' });
    assert.equal(v.status, 'fail');
    assert.equal(v.message, "Require client certificates: clientCertMode is 'Allow', which is not a client certificate mode (Required, Optional, OptionalInteractiveUser).");
  });

  test('a Terraform provider default is named as such', () => {
    const { v } = judge({ clientCertEnabled: true, clientCertMode: { $default: 'Optional' } }, { source: 'terraform', sourceType: 'azurerm_linux_function_app', apiVersion: undefined });
    assert.equal(v.status, 'fail');
    assert.equal(v.message, "Require client certificates: client_certificate_mode is 'Optional' (provider default) (portal: Allow).");
  });

  test('an unresolved mode is unknown, naming the expression, the reason and the parameter', () => {
    const { v, built } = judge({
      clientCertEnabled: true,
      clientCertMode: unresolved("[parameters('certMode')]", "parameter 'certMode' has no default and no value was supplied", { via: ["value comes from parameter 'certMode'"] }),
    });
    assert.equal(v.status, 'unknown');
    assert.equal(
      v.message,
      "Cannot tell whether client certificates are required: clientCertMode comes from [parameters('certMode')], which cannot be resolved (parameter 'certMode' has no default and no value was supplied).",
    );
    assert.deepEqual(v.reasons?.[0]?.ref, built.ref('properties.clientCertMode'));
    assert.deepEqual(v.reasons?.[0]?.via, [{ ref: built.ref("via:value comes from parameter 'certMode'"), message: "value comes from parameter 'certMode'" }]);
    assert.equal(v.fixes, undefined, 'no fix rewrites a parameter reference');
  });

  test('a known failing mode decides fail even when clientCertEnabled is unresolved', () => {
    const { v } = judge({ clientCertEnabled: unresolved("[parameters('on')]", 'no value'), clientCertMode: 'Optional' });
    assert.equal(v.status, 'fail');
    assert.equal(v.message, "Require client certificates: clientCertMode is 'Optional' (portal: Allow).");
  });

  test('a known false clientCertEnabled decides fail even when the mode is unresolved', () => {
    const { v } = judge({ clientCertEnabled: false, clientCertMode: unresolved("[parameters('m')]", 'no value') });
    assert.equal(v.status, 'fail');
  });

  test('both unresolved: unknown naming both values, each at its own location', () => {
    const { v, built } = judge({ clientCertEnabled: unresolved('[variables(\'on\')]', 'reference() is known only at deployment'), clientCertMode: unresolved("[parameters('m')]", 'no value') });
    assert.equal(v.status, 'unknown');
    assert.equal(
      v.message,
      "Cannot tell whether client certificates are required: clientCertEnabled comes from [variables('on')], which cannot be resolved (reference() is known only at deployment); clientCertMode comes from [parameters('m')], which cannot be resolved (no value).",
    );
    assert.deepEqual(v.reasons?.map((r) => r.ref), [built.ref('properties.clientCertEnabled'), built.ref('properties.clientCertMode')]);
  });

  test('allowed values that all fail decide fail, and say so', () => {
    const { v } = judge({ clientCertEnabled: true, clientCertMode: unresolved("[parameters('m')]", 'no value', { candidates: ['Optional', 'OptionalInteractiveUser'] }) });
    assert.equal(v.status, 'fail');
    assert.equal(
      v.message,
      "Require client certificates: every allowed value of [parameters('m')] ('Optional', 'OptionalInteractiveUser') fails: clientCertMode is 'Optional' (portal: Allow), clientCertMode is 'OptionalInteractiveUser' (portal: Optional).",
    );
  });

  test('allowed values that all pass decide pass', () => {
    const { v } = judge({ clientCertEnabled: unresolved("[parameters('on')]", 'no value', { candidates: [true] }), clientCertMode: 'Required' });
    assert.equal(v.status, 'pass');
    assert.match(v.message, /every allowed value of \[parameters\('on'\)\] \(true\) passes: clientCertEnabled is true/);
  });

  test('allowed values that disagree stay unknown', () => {
    const { v } = judge({ clientCertEnabled: true, clientCertMode: unresolved("[parameters('m')]", 'no value', { candidates: ['Required', 'Optional'] }) });
    assert.equal(v.status, 'unknown');
    assert.equal(
      v.message,
      "Cannot tell whether client certificates are required: clientCertMode comes from [parameters('m')], which cannot be resolved (no value); its allowed values 'Required', 'Optional' do not all give the same answer.",
    );
  });
});

describe('AZM-MTLS-001 applicability', () => {
  test('Functions on Container Apps are not applicable', () => {
    const { v } = judge({ clientCertEnabled: false }, { body: { kind: 'functionapp,linux,container,azurecontainerapps', properties: {} } });
    assert.equal(v.status, 'not-applicable');
    assert.equal(v.message, "Azure Functions on Container Apps (kind contains 'azurecontainerapps'): the Container App's ingress governs client certificates, not App Service settings.");
  });

  test('slots are judged like sites', () => {
    const b = buildResource({ type: 'Microsoft.Web/sites/slots', name: 'contoso-api/staging', body: { properties: { clientCertEnabled: true, clientCertMode: 'Optional' } } });
    assert.equal(azmMtls001.check(b.resource, ruleContext())?.status, 'fail');
  });

  test('an input that cannot express client certificates fails with its own explanation', () => {
    const { v, built } = judge(undefined, {
      source: 'terraform',
      sourceType: 'azurerm_app_service_slot',
      limitations: [{ id: Limitations.NoClientCertSupport, message: 'azurerm_app_service_slot has no client certificate arguments; use azurerm_linux_web_app_slot or azurerm_windows_web_app_slot.' }],
    });
    assert.equal(v.status, 'fail');
    assert.equal(v.message, 'Require client certificates: azurerm_app_service_slot has no client certificate arguments; use azurerm_linux_web_app_slot or azurerm_windows_web_app_slot.');
    assert.deepEqual(v.reasons?.[0]?.ref, built.ref('$resource'));
  });
});

describe('AZM-MTLS-001 under the cis profile', () => {
  test('passes on clientCertEnabled alone, noting the mode the strict profile would reject', () => {
    const { v } = judge({ clientCertEnabled: true, clientCertMode: 'Optional' }, {}, 'cis');
    assert.equal(v.status, 'pass');
    assert.equal(
      v.message,
      "'Client Certificates (Incoming client certificates)' is On (CIS 9.4): clientCertEnabled is true. The strict profile also requires the mode: clientCertMode is 'Optional' (portal: Allow).",
    );
  });

  test('fails when clientCertEnabled is not true', () => {
    const { v } = judge({ clientCertMode: 'Required' }, {}, 'cis');
    assert.equal(v.status, 'fail');
    assert.equal(
      v.message,
      "Set 'Client Certificates (Incoming client certificates)' to On (CIS 9.4): clientCertEnabled is not set (service default false), so client certificates are ignored (portal: Ignore).",
    );
    assert.deepEqual(v.fixes?.map((f) => [f.path, f.kind === 'set' ? f.value : undefined, f.safe]), [['properties.clientCertEnabled', true, false]]);
  });
});

describe('AZM-MTLS-001 az CLI', () => {
  const cli = (spec: Partial<BuildSpec>) => azmMtls001.meta.remediation.azCli!(buildResource({ type: SITE, ...spec }).resource);

  test('web app', () => {
    assert.equal(cli({ name: 'contoso-api' }), 'az webapp update --resource-group <resource-group> --name contoso-api --set clientCertEnabled=true clientCertMode=Required');
  });
  test('function app slot', () => {
    assert.equal(
      cli({ type: 'Microsoft.Web/sites/slots', name: 'contoso-fn/staging', body: { kind: 'functionapp,linux' } }),
      'az functionapp update --resource-group <resource-group> --name contoso-fn --slot staging --set clientCertEnabled=true clientCertMode=Required',
    );
  });
  test('unresolved name uses a placeholder', () => {
    assert.equal(cli({ name: "[parameters('siteName')]", nameResolved: false }), 'az webapp update --resource-group <resource-group> --name <name> --set clientCertEnabled=true clientCertMode=Required');
  });
  test('live resource: resource group from the ARM id', () => {
    assert.equal(
      cli({ name: 'contoso-api', address: '/subscriptions/0000/resourceGroups/rg-web/providers/Microsoft.Web/sites/contoso-api', source: 'azure' }),
      'az webapp update --resource-group rg-web --name contoso-api --set clientCertEnabled=true clientCertMode=Required',
    );
  });
  test('Logic App Standard uses the generic resource update', () => {
    assert.equal(
      cli({ name: 'contoso-flow', body: { kind: 'functionapp,workflowapp' } }),
      'az resource update --ids /subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.Web/sites/contoso-flow --set properties.clientCertEnabled=true properties.clientCertMode=Required',
    );
  });
});
