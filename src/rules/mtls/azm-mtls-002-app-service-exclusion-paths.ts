/**
 * AZM-MTLS-002: client-certificate exclusion paths. Requests whose path starts with an excluded prefix
 * (case-insensitive; `,` or `;` separated) skip the certificate requirement, and any exclusion path makes
 * App Service negotiate certificates by TLS renegotiation, which HTTP/2 and TLS 1.3 cannot do
 * (https://learn.microsoft.com/azure/app-service/app-service-web-configure-tls-mutual-auth#exclude-paths-from-requiring-authentication).
 */
import { attr, describe, readString } from '../../model/access.js';
import type { Resource } from '../../model/resource.js';
import { defineRule, type Verdict } from '../../engine/rule.js';
import { allOf, judgeAttr, toVerdict, type Judged } from '../support/outcome.js';
import { provenance } from '../support/values.js';
import { azTarget, nameAt } from '../support/az-target.js';
import { propName } from '../support/names.js';
import { CWE, sharedFrameworks } from '../support/metadata.js';

const RENEGOTIATION =
  'Exclusion paths also force TLS renegotiation for client certificates, which HTTP/2 and TLS 1.3 do not support.';

export function splitExclusionPaths(value: string): string[] {
  return value
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** `label` is the property's name in the author's language (`client_certificate_exclusion_paths` in Terraform). */
function judgePaths(label: string) {
  return (a: Parameters<typeof readString>[0]): Judged => {
    const r = readString(a);
    if (r.state === 'absent' || r.state === 'unresolved') return { state: 'pass', text: `${label} is not set` };
    if (r.state === 'invalid') return { state: 'fail', text: `${label} is ${describe(a.node!)}, not a string of paths` };
    const paths = splitExclusionPaths(r.value);
    if (paths.length === 0) return { state: 'pass', text: `${label} is empty` };
    const list = paths.map((p) => `'${p}'`).join(', ');
    const everything = paths.includes('/') ? " ('/' excludes every path)" : '';
    return {
      state: 'fail',
      text: `${label}${provenance(a)} lets requests under ${list}${everything} through without a client certificate`,
    };
  };
}

function check(resource: Resource): Verdict | undefined {
  const a = attr(resource, 'properties.clientCertExclusionPaths');
  const label = propName(resource, 'properties.clientCertExclusionPaths');
  const o = judgeAttr(a, label, judgePaths(label));
  // Only resources that exclude something (or may) get a result: an app without paths has nothing to report here.
  if (o.state === 'pass') return undefined;
  const r = readString(a);
  const severity = r.state === 'value' && splitExclusionPaths(r.value).includes('/') ? 'medium' : 'low';
  return toVerdict(
    allOf([o]),
    {
      fail: 'Remove client certificate exclusion paths',
      pass: 'No client certificate exclusion paths',
      unknown: 'Cannot tell whether client certificate exclusion paths bypass the requirement',
    },
    {
      severity,
      note: RENEGOTIATION,
      ...(o.state === 'fail' && a.origin !== 'unresolved'
        ? {
            fixes: [
              {
                kind: 'remove' as const,
                path: 'properties.clientCertExclusionPaths',
                safe: false,
                description: `remove ${label} (callers of the excluded paths will need a certificate)`,
              },
            ],
          }
        : {}),
    },
  );
}

function azCli(resource: Resource): string {
  const t = azTarget(resource);
  const k = readString(attr(resource, 'kind'));
  const group = k.state === 'value' && k.value.toLowerCase().includes('functionapp') ? 'functionapp' : 'webapp';
  const slot = resource.type.toLowerCase() === 'microsoft.web/sites/slots' ? ` --slot ${nameAt(t, 1, '<slot>')}` : '';
  return `az ${group} update --resource-group ${t.resourceGroup} --name ${nameAt(t, 0)}${slot} --set clientCertExclusionPaths=""`;
}

export const azmMtls002 = defineRule(
  {
    id: 'AZM-MTLS-002',
    slug: 'app-service-client-cert-exclusion-paths',
    title: 'App Service client-certificate exclusion paths bypass the requirement',
    description:
      'clientCertExclusionPaths lists path prefixes (separated by , or ;, matched case-insensitively) whose requests are served without a client certificate, so a required certificate is only required elsewhere. Any exclusion path also makes App Service negotiate certificates by TLS renegotiation, which HTTP/2 and TLS 1.3 cannot do. Severity is low, or medium when \'/\' excludes every path.',
    severity: 'low',
    cwe: [...CWE],
    frameworks: sharedFrameworks(),
    // No peer checks exclusion paths (see the rule's documentation), so there is no alias to give.
    aliases: [],
    appliesTo: ['Microsoft.Web/sites', 'Microsoft.Web/sites/slots'],
    remediation: {
      summary: 'Remove clientCertExclusionPaths; serve endpoints that must not require a certificate from a separate app.',
      portal:
        'App Service > your app (or the slot) > Settings > Configuration > General settings > Incoming client certificates > Certificate exclusion paths: delete every path, then Save.',
      azCli,
      arm: '"properties": {\n  "clientCertEnabled": true,\n  "clientCertMode": "Required"\n  // no "clientCertExclusionPaths"\n}',
      bicep: "properties: {\n  clientCertEnabled: true\n  clientCertMode: 'Required'\n  // no clientCertExclusionPaths\n}",
      terraform: '# remove client_certificate_exclusion_paths\nclient_certificate_enabled = true\nclient_certificate_mode    = "Required"',
    },
    docs: 'src/rules/mtls/azm-mtls-002-app-service-exclusion-paths.md',
  },
  check,
);
