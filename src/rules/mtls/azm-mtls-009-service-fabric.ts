/**
 * AZM-MTLS-009: Service Fabric clusters authorize client certificates. A classic cluster lists them by
 * thumbprint or by common name (+ issuer); a managed cluster lists them in `clients`. With none listed,
 * no client can authenticate to the management endpoints with a certificate.
 */
import { attr, type Attr } from '../../model/access.js';
import type { Resource } from '../../model/resource.js';
import { defineRule, type Verdict } from '../../engine/rule.js';
import { allOf, anyOf, judgeAttr, toVerdict, type Judged } from '../support/outcome.js';
import { knownList, plural } from '../support/values.js';
import { limitationOutcomes } from '../support/limitations.js';
import { azTarget, nameAt } from '../support/az-target.js';
import { CWE, sharedFrameworks } from '../support/metadata.js';
import { propName } from '../support/names.js';

const MANAGED = 'microsoft.servicefabric/managedclusters';

const WORDING = {
  fail: 'Authorize client certificates on the cluster',
  pass: 'The cluster authorizes client certificates',
  unknown: 'Cannot tell whether the cluster authorizes client certificates',
};

function nonEmpty(label: string, noun: string) {
  return (a: Attr): Judged => {
    const l = knownList(a, label);
    if (l.kind === 'invalid') return { state: 'fail', text: l.text };
    if (l.kind === 'absent') return { state: 'fail', text: `${label} is not set` };
    if (l.items.length === 0) return { state: 'fail', text: `${label} is empty` };
    return { state: 'pass', text: `${label} has ${plural(l.items.length, noun)}` };
  };
}

function check(resource: Resource): Verdict {
  const limited = limitationOutcomes(resource);
  if (limited.length > 0) return toVerdict(allOf(limited), WORDING);
  if (resource.type.toLowerCase() === MANAGED) {
    const clients = propName(resource, 'properties.clients');
    return toVerdict(allOf([judgeAttr(attr(resource, 'properties.clients'), clients, nonEmpty(clients, 'client certificate'))]), WORDING);
  }
  const thumbprints = propName(resource, 'properties.clientCertificateThumbprints');
  const commonNames = propName(resource, 'properties.clientCertificateCommonNames');
  return toVerdict(
    anyOf([
      judgeAttr(attr(resource, 'properties.clientCertificateThumbprints'), thumbprints, nonEmpty(thumbprints, 'thumbprint')),
      judgeAttr(attr(resource, 'properties.clientCertificateCommonNames'), commonNames, nonEmpty(commonNames, 'common name')),
    ]),
    WORDING,
  );
}

function azCli(resource: Resource): string {
  const t = azTarget(resource);
  const cluster = nameAt(t, 0, '<cluster>');
  if (resource.type.toLowerCase() === MANAGED) {
    return `az sf managed-cluster client-certificate add --resource-group ${t.resourceGroup} --cluster-name ${cluster} --thumbprint <client-certificate-thumbprint> --is-admin`;
  }
  return `az sf cluster client-certificate add --resource-group ${t.resourceGroup} --cluster-name ${cluster} --thumbprint <client-certificate-thumbprint> --is-admin`;
}

export const azmMtls009 = defineRule(
  {
    id: 'AZM-MTLS-009',
    slug: 'service-fabric-client-certificates',
    title: 'Service Fabric clusters authorize client certificates',
    description:
      'A Service Fabric cluster must list the client certificates allowed to reach its management endpoints: clientCertificateThumbprints or clientCertificateCommonNames on a classic cluster, clients on a managed cluster. Mark only the operators\' certificates isAdmin; read-only clients get isAdmin false.',
    severity: 'medium',
    cwe: [...CWE],
    frameworks: sharedFrameworks(),
    aliases: [{ tool: 'sonar', id: 'S6382' }],
    appliesTo: ['Microsoft.ServiceFabric/clusters', 'Microsoft.ServiceFabric/managedClusters'],
    remediation: {
      summary: 'Add the client certificates (thumbprint, or common name with issuer thumbprint) allowed to manage or read the cluster.',
      portal: 'Service Fabric cluster > Settings > Security > + Add > Admin client or Read-only client: enter the certificate thumbprint (or common name and issuer thumbprint), then Add.',
      azCli,
      arm: '"properties": {\n  "clientCertificateThumbprints": [\n    { "certificateThumbprint": "[parameters(\'adminClientThumbprint\')]", "isAdmin": true }\n  ]\n}',
      bicep: 'properties: {\n  clientCertificateThumbprints: [\n    {\n      certificateThumbprint: adminClientThumbprint\n      isAdmin: true\n    }\n  ]\n}',
      terraform: 'client_certificate_thumbprint {\n  thumbprint = var.admin_client_thumbprint\n  is_admin   = true\n}',
    },
    docs: 'src/rules/mtls/azm-mtls-009-service-fabric.md',
  },
  check,
);
