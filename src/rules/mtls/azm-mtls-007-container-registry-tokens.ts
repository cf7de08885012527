/**
 * AZM-MTLS-007: Container Registry tokens authenticate with certificates, not passwords. A token's
 * `credentials.certificates` holds public certificates that authenticate it; `credentials.passwords`
 * are generated secrets that work alongside them, so a token with any password is password-protected.
 */
import { attr, type Attr } from '../../model/access.js';
import type { Resource } from '../../model/resource.js';
import { defineRule, type Verdict } from '../../engine/rule.js';
import { allOf, judgeAttr, toVerdict, type Judged } from '../support/outcome.js';
import { knownList, plural, provenance } from '../support/values.js';
import { limitationOutcomes } from '../support/limitations.js';
import { armIdOf, azTarget, nameAt } from '../support/az-target.js';
import { CWE, sharedFrameworks } from '../support/metadata.js';
import { propName } from '../support/names.js';

const WORDING = {
  fail: 'Authenticate the token with certificates, not passwords',
  pass: 'The token authenticates with certificates only',
  unknown: 'Cannot tell whether the token authenticates with certificates only',
};

function judgeCertificates(a: Attr): Judged {
  // Never spoken for Terraform: azurerm tokens cannot hold certificates, and the limitation says so instead.
  const l = knownList(a, 'credentials.certificates');
  if (l.kind === 'invalid') return { state: 'fail', text: l.text };
  if (l.kind === 'absent') return { state: 'fail', text: 'credentials.certificates is not set, so the token relies on generated passwords' };
  if (l.items.length === 0) return { state: 'fail', text: `credentials.certificates is empty${provenance(a)}, so the token relies on generated passwords` };
  return { state: 'pass', text: `credentials.certificates has ${plural(l.items.length, 'certificate')}` };
}

function judgePasswords(label: string) {
  return (a: Attr): Judged => {
    const l = knownList(a, label);
    if (l.kind === 'invalid') return { state: 'fail', text: l.text };
    if (l.kind === 'absent' || l.items.length === 0) return { state: 'pass', text: `${label} is empty` };
    return { state: 'fail', text: `${label} has ${plural(l.items.length, 'password')}${provenance(a)}` };
  };
}

function check(resource: Resource): Verdict {
  const passwordsLabel = propName(resource, 'properties.credentials.passwords');
  const passwords = judgeAttr(attr(resource, 'properties.credentials.passwords'), passwordsLabel, judgePasswords(passwordsLabel));
  const limited = limitationOutcomes(resource);
  if (limited.length > 0) {
    // The input cannot attach certificates; passwords attached elsewhere (a password resource) are a second reason.
    return toVerdict(allOf([...limited, ...(passwords.state === 'fail' ? [passwords] : [])]), WORDING);
  }
  const certificates = judgeAttr(attr(resource, 'properties.credentials.certificates'), 'credentials.certificates', judgeCertificates);
  const c = allOf([certificates, passwords]);
  return toVerdict(c, WORDING, c.state === 'pass' ? { note: 'Clients must present one of these certificates to use the token.' } : {});
}

function azCli(resource: Resource): string {
  const t = azTarget(resource);
  const registry = nameAt(t, 0, '<registry>');
  const token = nameAt(t, 1, '<token>');
  const id = armIdOf(t, 'Microsoft.ContainerRegistry/registries/tokens', ['<registry>', '<token>']);
  const body = `'{"properties":{"credentials":{"certificates":[{"name":"certificate1","encodedPemCertificate":"<base64-pem-certificate>"}]}}}'`;
  return (
    `az rest --method patch --url "https://management.azure.com${id}?api-version=2023-07-01" --body ${body}` +
    ` && az acr token credential delete --registry ${registry} --name ${token} --password1 --password2`
  );
}

export const azmMtls007 = defineRule(
  {
    id: 'AZM-MTLS-007',
    slug: 'container-registry-token-certificates',
    title: 'Container Registry tokens use certificates instead of passwords',
    description:
      'A Container Registry token (repository-scoped access) must carry at least one certificate in credentials.certificates and no password in credentials.passwords. Without a certificate the token relies on generated passwords, and any password remains a shared secret that bypasses the certificate. Terraform cannot attach certificates to azurerm_container_registry_token, so tokens declared there always fail.',
    severity: 'medium',
    cwe: [...CWE],
    frameworks: sharedFrameworks(),
    aliases: [{ tool: 'sonar', id: 'S6382' }],
    appliesTo: ['Microsoft.ContainerRegistry/registries/tokens'],
    remediation: {
      summary: 'Add a certificate to the token (credentials.certificates) and delete its passwords; disable tokens that cannot use certificates.',
      portal:
        'Container registry > Repository permissions > Tokens > the token: under Passwords, delete password1 and password2; add the certificate through ARM (the portal has no certificate field), or set the token Status to Disabled.',
      azCli,
      arm: '"properties": {\n  "scopeMapId": "[resourceId(\'Microsoft.ContainerRegistry/registries/scopeMaps\', \'contosoregistry\', \'pull-only\')]",\n  "credentials": {\n    "certificates": [\n      { "name": "certificate1", "encodedPemCertificate": "[parameters(\'tokenCertificatePem\')]" }\n    ]\n  }\n}',
      bicep: "properties: {\n  scopeMapId: scopeMap.id\n  credentials: {\n    certificates: [\n      {\n        name: 'certificate1'\n        encodedPemCertificate: tokenCertificatePem\n      }\n    ]\n  }\n}",
      terraform:
        '# azurerm_container_registry_token cannot carry certificates: declare the token with azapi\nresource "azapi_resource" "token" {\n  type      = "Microsoft.ContainerRegistry/registries/tokens@2023-07-01"\n  name      = "ci-pull"\n  parent_id = azurerm_container_registry.main.id\n  body = {\n    properties = {\n      scopeMapId  = azurerm_container_registry_scope_map.pull.id\n      credentials = { certificates = [{ name = "certificate1", encodedPemCertificate = var.token_certificate_pem }] }\n    }\n  }\n}\n# and no azurerm_container_registry_token_password for it',
    },
    docs: 'src/rules/mtls/azm-mtls-007-container-registry-tokens.md',
  },
  check,
);
