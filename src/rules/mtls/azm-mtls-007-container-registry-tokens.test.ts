import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResource, ruleContext, type BuildSpec, type Json } from '../../../test/harness/model-builder.js';
import { azmMtls007 } from './azm-mtls-007-container-registry-tokens.js';
import { Limitations } from '../../model/catalog/index.js';

function judge(credentials: Json | undefined, extra: Partial<BuildSpec> = {}) {
  const built = buildResource({
    type: 'Microsoft.ContainerRegistry/registries/tokens',
    name: 'contosoacr/ci-pull',
    body: { properties: credentials === undefined ? { scopeMapId: 'x' } : { credentials } },
    ...extra,
  });
  const v = azmMtls007.check(built.resource, ruleContext());
  assert.ok(v);
  return { v, built };
}

const CERT = { name: 'certificate1', encodedPemCertificate: 'LS0t' };

describe('AZM-MTLS-007', () => {
  test('certificates and no passwords pass', () => {
    const { v } = judge({ certificates: [CERT] });
    assert.equal(v.status, 'pass');
    assert.equal(v.message, 'The token authenticates with certificates only: credentials.certificates has 1 certificate; credentials.passwords is empty. Clients must present one of these certificates to use the token.');
    assert.equal(judge({ certificates: [CERT], passwords: [] }).v.status, 'pass');
  });

  test('passwords fail even next to certificates', () => {
    const { v, built } = judge({ certificates: [CERT], passwords: [{ name: 'password1' }, { name: 'password2' }] });
    assert.equal(v.status, 'fail');
    assert.equal(v.message, 'Authenticate the token with certificates, not passwords: credentials.passwords has 2 passwords.');
    assert.deepEqual(v.reasons?.[0]?.ref, built.ref('properties.credentials.passwords'));
  });

  test('no certificate fails: the token relies on generated passwords', () => {
    assert.equal(judge(undefined).v.message, 'Authenticate the token with certificates, not passwords: credentials.certificates is not set, so the token relies on generated passwords.');
    assert.equal(judge({ certificates: [] }).v.message, 'Authenticate the token with certificates, not passwords: credentials.certificates is empty, so the token relies on generated passwords.');
  });

  test('a Terraform token fails with the limitation, and its password resource is a second reason', () => {
    const { v } = judge(
      { passwords: [{ name: 'password1' }] },
      {
        source: 'terraform',
        sourceType: 'azurerm_container_registry_token',
        limitations: [{ id: Limitations.NoClientCertSupport, message: 'azurerm_container_registry_token cannot attach certificates to a token.' }],
      },
    );
    assert.equal(v.status, 'fail');
    assert.equal(
      v.message,
      'Authenticate the token with certificates, not passwords: azurerm_container_registry_token cannot attach certificates to a token; azurerm_container_registry_token_password has 1 password.',
    );
    assert.equal(v.reasons?.length, 2);
  });

  test('unresolved certificates are unknown', () => {
    const { v } = judge({ certificates: { $unresolved: "[parameters('certs')]", reason: 'no value' } });
    assert.equal(v.status, 'unknown');
    assert.equal(v.message, "Cannot tell whether the token authenticates with certificates only: credentials.certificates comes from [parameters('certs')], which cannot be resolved (no value).");
  });

  test('az CLI adds a certificate then deletes the passwords', () => {
    const b = buildResource({ type: 'Microsoft.ContainerRegistry/registries/tokens', name: 'contosoacr/ci-pull' });
    assert.equal(
      azmMtls007.meta.remediation.azCli!(b.resource),
      `az rest --method patch --url "https://management.azure.com/subscriptions/<subscription-id>/resourceGroups/<resource-group>/providers/Microsoft.ContainerRegistry/registries/contosoacr/tokens/ci-pull?api-version=2023-07-01" --body '{"properties":{"credentials":{"certificates":[{"name":"certificate1","encodedPemCertificate":"<base64-pem-certificate>"}]}}}' && az acr token credential delete --registry contosoacr --name ci-pull --password1 --password2`,
    );
  });
});
