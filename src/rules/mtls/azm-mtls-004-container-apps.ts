/**
 * AZM-MTLS-004: Container Apps ingress requires client certificates (`clientCertificateMode: require`).
 * `accept` forwards a certificate when one is sent but admits callers without one; `ignore`, the
 * default, drops it (https://learn.microsoft.com/azure/container-apps/client-certificate-authorization).
 */
import { attr } from '../../model/access.js';
import type { Resource } from '../../model/resource.js';
import { defineRule, type Verdict } from '../../engine/rule.js';
import { allOf, judgeAttr, outcome, toVerdict, type Judged, type Outcome } from '../support/outcome.js';
import { apiVersionBefore, knownEnum } from '../support/values.js';
import { limitationOutcomes } from '../support/limitations.js';
import { azTarget, nameAt } from '../support/az-target.js';
import { propName } from '../support/names.js';
import { CWE, sharedFrameworks } from '../support/metadata.js';

/** The first stable Microsoft.App apiVersion whose ingress has `clientCertificateMode`. */
const MODE_INTRODUCED = '2022-10-01';
const LABEL = 'ingress.clientCertificateMode';
const PORTAL: Record<string, string> = { require: 'Require', accept: 'Accept', ignore: 'Ignore' };

const WORDING = {
  fail: 'Require client certificates',
  pass: 'Client certificates are required',
  unknown: 'Cannot tell whether client certificates are required',
};

const MODE_PATH = 'properties.configuration.ingress.clientCertificateMode';

function judgeMode(label: string) {
  return (a: Parameters<typeof knownEnum>[0]): Judged => {
    const e = knownEnum(a, label, 'IngressClientCertificateMode');
    if (e.kind === 'absent') return { state: 'fail', text: `${label} is not set (service default 'ignore', portal: Ignore), so client certificates are dropped` };
    if (e.kind === 'invalid') return { state: 'fail', text: e.text };
    switch (e.canonical) {
      case 'require':
        return { state: 'pass', text: `${e.text} (portal: Require)` };
      case 'accept':
        return { state: 'fail', text: `${e.text} (portal: ${PORTAL.accept}), so callers without a certificate are admitted` };
      case 'ignore':
        return { state: 'fail', text: `${e.text} (portal: ${PORTAL.ignore}), so client certificates are dropped` };
      default:
        return { state: 'fail', text: `${e.text}, which is not a client certificate mode (require, accept, ignore)` };
    }
  };
}

function check(resource: Resource): Verdict {
  const limited = limitationOutcomes(resource);
  if (limited.length > 0) return toVerdict(allOf(limited), WORDING);
  const ingress = attr(resource, 'properties.configuration.ingress');
  if (ingress.origin === 'absent') {
    return { status: 'not-applicable', message: 'The container app has no ingress, so it has no inbound endpoint to require client certificates on.' };
  }
  const label = propName(resource, MODE_PATH, LABEL);
  const modeAttr = attr(resource, MODE_PATH);
  const outcomes: Outcome[] = [];
  const legacy = apiVersionBefore(resource.apiVersion, MODE_INTRODUCED);
  if (legacy) {
    outcomes.push(
      outcome(
        'fail',
        `apiVersion ${resource.apiVersion} cannot set ${LABEL} (it exists from ${MODE_INTRODUCED}); deploy with apiVersion ${MODE_INTRODUCED} or later and set it to 'require'`,
        { ref: resource.ref },
      ),
    );
  }
  const mode = judgeAttr(modeAttr, label, judgeMode(label));
  outcomes.push(mode);
  const fixes =
    mode.state === 'fail' && !legacy && modeAttr.origin !== 'unresolved'
      ? [{ kind: 'set' as const, path: MODE_PATH, value: 'require', safe: false, description: `set ${label} to 'require' (callers without a certificate will be refused)` }]
      : [];
  const c = allOf(outcomes);
  return toVerdict(c, WORDING, {
    fixes,
    ...(c.state === 'pass' ? { note: 'The ingress forwards the certificate (X-Forwarded-Client-Cert); the app must validate it.' } : {}),
  });
}

function azCli(resource: Resource): string {
  const t = azTarget(resource);
  const body = `'{"properties":{"configuration":{"ingress":{"clientCertificateMode":"require"}}}}'`;
  // The az containerapp commands have no flag for the mode, so the property is patched through ARM.
  if (t.id) return `az rest --method patch --url "https://management.azure.com${t.id}?api-version=2024-03-01" --body ${body}`;
  return `APP_ID=$(az containerapp show --resource-group ${t.resourceGroup} --name ${nameAt(t, 0)} --query id -o tsv) && az rest --method patch --url "https://management.azure.com$APP_ID?api-version=2024-03-01" --body ${body}`;
}

export const azmMtls004 = defineRule(
  {
    id: 'AZM-MTLS-004',
    slug: 'container-apps-client-cert-required',
    title: 'Container Apps ingress requires client certificates',
    description:
      "A container app with ingress must set configuration.ingress.clientCertificateMode to 'require'. 'accept' admits callers without a certificate and 'ignore' (the default) drops certificates. apiVersions before 2022-10-01 cannot express the mode. The environment's peer-to-peer mTLS secures traffic between apps only and does not satisfy this rule.",
    severity: 'medium',
    cwe: [...CWE],
    frameworks: sharedFrameworks(),
    aliases: [{ tool: 'sonar', id: 'S6382' }],
    appliesTo: ['Microsoft.App/containerApps'],
    remediation: {
      summary: "Set the ingress clientCertificateMode to 'require' (apiVersion 2022-10-01 or later) and validate the forwarded certificate in the app.",
      portal: "Container Apps > your app > Settings > Ingress > Client certificate mode: select Require, then Save.",
      azCli,
      arm: '"apiVersion": "2024-03-01",\n"properties": {\n  "configuration": {\n    "ingress": {\n      "targetPort": 8080,\n      "clientCertificateMode": "require"\n    }\n  }\n}',
      bicep: "properties: {\n  configuration: {\n    ingress: {\n      targetPort: 8080\n      clientCertificateMode: 'require'\n    }\n  }\n}",
      terraform: 'ingress {\n  target_port             = 8080\n  client_certificate_mode = "require"\n  traffic_weight {\n    latest_revision = true\n    percentage      = 100\n  }\n}',
    },
    docs: 'src/rules/mtls/azm-mtls-004-container-apps.md',
  },
  check,
);
