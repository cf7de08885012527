/**
 * AZM-MTLS-003: Azure SignalR Service and Web PubSub request a client certificate in the TLS handshake
 * when `tls.clientCertEnabled` is true. The Free tier ignores the setting ("Not supported for free tier.
 * Any input will be ignored for free tier.", signalr.json 2024-03-01).
 */
import { attr, readString } from '../../model/access.js';
import type { Resource } from '../../model/resource.js';
import { defineRule, type Verdict } from '../../engine/rule.js';
import { allOf, judgeAttr, toVerdict, type Judged } from '../support/outcome.js';
import { knownBool } from '../support/values.js';
import { limitationOutcomes } from '../support/limitations.js';
import { azTarget, nameAt } from '../support/az-target.js';
import { propName } from '../support/names.js';
import { CWE, sharedFrameworks } from '../support/metadata.js';

const WORDING = {
  fail: 'Require client certificates',
  pass: 'Client certificates are requested in the TLS handshake',
  unknown: 'Cannot tell whether client certificates are requested',
};

function isWebPubSub(resource: Resource): boolean {
  return resource.type.toLowerCase() === 'microsoft.signalrservice/webpubsub';
}

function judgeEnabled(label: string) {
  return (a: Parameters<typeof knownBool>[0]): Judged => {
    const b = knownBool(a, label);
    if (b.kind === 'absent') return { state: 'fail', text: `${label} is not set (service default false)` };
    if (b.kind === 'invalid') return { state: 'fail', text: b.text };
    return { state: b.value ? 'pass' : 'fail', text: b.text };
  };
}

function judgeSku(skuLabel: string, enabledLabel: string) {
  return (a: Parameters<typeof readString>[0]): Judged => {
    const r = readString(a);
    if (r.state === 'value' && r.value.trim().toLowerCase() === 'free_f1') {
      return { state: 'fail', text: `${skuLabel} is 'Free_F1': the Free tier ignores ${enabledLabel} and cannot require client certificates` };
    }
    return { state: 'pass', text: r.state === 'value' ? `${skuLabel} is '${r.value}'` : `${skuLabel} is not the Free tier` };
  };
}

function check(resource: Resource): Verdict {
  const limited = limitationOutcomes(resource);
  if (limited.length > 0) return toVerdict(allOf(limited), WORDING);
  const enabledAttr = attr(resource, 'properties.tls.clientCertEnabled');
  const enabledLabel = propName(resource, 'properties.tls.clientCertEnabled');
  const skuLabel = propName(resource, 'sku.name');
  const enabled = judgeAttr(enabledAttr, enabledLabel, judgeEnabled(enabledLabel));
  const sku = judgeAttr(attr(resource, 'sku.name'), skuLabel, judgeSku(skuLabel, enabledLabel));
  const c = allOf([enabled, sku]);
  if (c.state === 'pass') c.deciding = [enabled];
  const fixes =
    enabled.state === 'fail' && sku.state === 'pass' && enabledAttr.origin !== 'unresolved'
      ? [{ kind: 'set' as const, path: 'properties.tls.clientCertEnabled', value: true, safe: false, description: 'request client certificates in the TLS handshake (clients without one will be refused)' }]
      : [];
  const validator = isWebPubSub(resource) ? 'the upstream connect event handler' : 'the app server';
  return toVerdict(c, WORDING, {
    fixes,
    ...(c.state === 'pass' ? { note: `The service only requests the certificate; ${validator} must validate it.` } : {}),
  });
}

function azCli(resource: Resource): string {
  const t = azTarget(resource);
  const group = isWebPubSub(resource) ? 'webpubsub' : 'signalr';
  const name = nameAt(t, 0);
  const ids = t.id ?? `$(az ${group} show --resource-group ${t.resourceGroup} --name ${name} --query id -o tsv)`;
  const update = `az resource update --ids ${ids} --set properties.tls.clientCertEnabled=true`;
  const sku = readString(attr(resource, 'sku.name'));
  if (sku.state === 'value' && sku.value.toLowerCase() === 'free_f1') {
    return `az ${group} update --resource-group ${t.resourceGroup} --name ${name} --sku Standard_S1 && ${update}`;
  }
  return update;
}

export const azmMtls003 = defineRule(
  {
    id: 'AZM-MTLS-003',
    slug: 'signalr-web-pubsub-client-cert',
    title: 'SignalR and Web PubSub request client certificates',
    description:
      'Azure SignalR Service and Azure Web PubSub (including Socket.IO) must set tls.clientCertEnabled to true so that the service requests a client certificate during the TLS handshake. The setting is false when absent, and the Free tier (Free_F1) ignores it, so a Free resource can never require client certificates.',
    severity: 'medium',
    cwe: [...CWE],
    frameworks: sharedFrameworks(),
    aliases: [{ tool: 'sonar', id: 'S6382' }],
    appliesTo: ['Microsoft.SignalRService/signalR', 'Microsoft.SignalRService/webPubSub'],
    remediation: {
      summary: 'Use the Standard or Premium tier and set tls.clientCertEnabled to true; validate the certificate in the app server or connect handler.',
      portal:
        'SignalR Service or Web PubSub > your resource > Settings (Web PubSub: Settings > Client certificate): turn on Request client certificate (Enable client certificate), then Save. On the Free tier, first scale up to Standard.',
      azCli,
      arm: '"sku": { "name": "Standard_S1", "capacity": 1 },\n"properties": {\n  "tls": { "clientCertEnabled": true }\n}',
      bicep: "sku: {\n  name: 'Standard_S1'\n  capacity: 1\n}\nproperties: {\n  tls: {\n    clientCertEnabled: true\n  }\n}",
      terraform: 'sku {\n  name     = "Standard_S1"\n  capacity = 1\n}\ntls_client_cert_enabled = true',
    },
    docs: 'src/rules/mtls/azm-mtls-003-signalr-web-pubsub.md',
  },
  check,
);
