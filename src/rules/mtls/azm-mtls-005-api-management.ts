/**
 * AZM-MTLS-005: API Management gateways request client certificates. The Consumption tier does so only
 * with `enableClientCertificate`; the other tiers negotiate per hostname (`negotiateClientCertificate` on
 * each `Proxy` hostname configuration, default false). Negotiation makes the gateway ask for a certificate;
 * validating it is the job of APIM policies (validate-client-certificate), which this rule does not read.
 */
import { attr, readString, type Attr } from '../../model/access.js';
import type { Resource } from '../../model/resource.js';
import type { ObjectNode } from '../../model/value.js';
import { defineRule, type FixIntent, type Verdict } from '../../engine/rule.js';
import { allOf, judgeAttr, outcome, toVerdict, type Combined, type Judged, type Outcome } from '../support/outcome.js';
import { knownBool, knownList } from '../support/values.js';
import { limitationOutcomes } from '../support/limitations.js';
import { armIdOf, azTarget, nameAt } from '../support/az-target.js';
import { CWE, sharedFrameworks } from '../support/metadata.js';
import { propName } from '../support/names.js';

const SERVICE = 'microsoft.apimanagement/service';

const WORDING = {
  fail: 'Require client certificates at the gateway',
  pass: 'The gateway requests client certificates',
  unknown: 'Cannot tell whether the gateway requests client certificates',
};

const POLICY_NOTE =
  'Certificate validation itself lives in API Management policies (validate-client-certificate or context.Request.Certificate checks), which this rule does not read.';

/** The names this resource's author uses for the properties the rule reads. */
interface Names {
  sku: string;
  enable: string;
  list: string;
  negotiate: string;
}

function namesOf(resource: Resource): Names {
  const service = resource.type.toLowerCase() === SERVICE;
  return {
    sku: propName(resource, 'sku.name'),
    enable: propName(resource, 'properties.enableClientCertificate'),
    list: propName(resource, 'properties.hostnameConfigurations'),
    negotiate: service
      ? propName(resource, 'properties.hostnameConfigurations[].negotiateClientCertificate', 'negotiateClientCertificate')
      : propName(resource, 'properties.negotiateClientCertificate'),
  };
}

function negotiates(label: string, negotiate: string) {
  return (a: Attr): Judged => {
    const b = knownBool(a, negotiate);
    if (b.kind === 'absent') return { state: 'fail', text: `${label}: ${negotiate} is not set (default false)` };
    if (b.kind === 'invalid') return { state: 'fail', text: `${label}: ${b.text}` };
    return { state: b.value ? 'pass' : 'fail', text: `${label}: ${b.text}` };
  };
}

interface Branch {
  combined: Combined;
  fixes: FixIntent[];
}

function consumptionBranch(resource: Resource, names: Names): Branch {
  const a = attr(resource, 'properties.enableClientCertificate');
  const o = judgeAttr(a, names.enable, (k) => {
    const b = knownBool(k, names.enable);
    if (b.kind === 'absent') return { state: 'fail', text: `${names.enable} is not set (service default false), so the Consumption gateway does not request client certificates` };
    if (b.kind === 'invalid') return { state: 'fail', text: b.text };
    return { state: b.value ? 'pass' : 'fail', text: `${b.text}${b.value ? '' : ', so the Consumption gateway does not request client certificates'}` };
  });
  const fixes: FixIntent[] =
    o.state === 'fail' && a.origin !== 'unresolved'
      ? [{ kind: 'set', path: 'properties.enableClientCertificate', value: true, safe: false, description: 'request client certificates on the Consumption gateway' }]
      : [];
  return { combined: allOf([o]), fixes };
}

function hostLabel(item: ObjectNode, i: number, list: string): string {
  const h = readString(attr(item, 'hostName'));
  return h.state === 'value' ? `Proxy hostname '${h.value}'` : `Proxy hostname ${list}[${i}]`;
}

function classicBranch(resource: Resource, names: Names): Branch {
  const listAttr = attr(resource, 'properties.hostnameConfigurations');
  const noProxy = (why: string): Outcome =>
    outcome('fail', `${why}, so the default gateway hostname (${resource.nameResolved ? resource.name : '<name>'}.azure-api.net) does not negotiate client certificates`, {
      ref: listAttr.ref,
    });
  if (listAttr.origin === 'unresolved') {
    return { combined: allOf([judgeAttr(listAttr, names.list, () => ({ state: 'unknown', text: '' }))]), fixes: [] };
  }
  const list = knownList(listAttr, names.list);
  if (list.kind === 'invalid') return { combined: allOf([outcome('fail', list.text, { ref: listAttr.ref, via: listAttr.via })]), fixes: [] };
  const items = list.kind === 'list' ? list.items : [];
  const outcomes: Outcome[] = [];
  const fixes: FixIntent[] = [];
  let proxies = 0;
  items.forEach((item, i) => {
    if (item.t === 'unresolved') {
      outcomes.push(outcome('unknown', `${names.list}[${i}] comes from ${item.expression}, which cannot be resolved (${item.reason})`, { ref: item.ref }));
      return;
    }
    if (item.t !== 'object') return;
    const typeAttr = attr(item, 'type');
    const negAttr = attr(item, 'negotiateClientCertificate');
    const label = hostLabel(item, i, names.list);
    const neg = judgeAttr(negAttr, names.negotiate, negotiates(label, names.negotiate));
    const type = readString(typeAttr);
    if (typeAttr.origin === 'unresolved') {
      // Whatever the type, a hostname that negotiates satisfies the rule.
      if (neg.state !== 'pass') {
        outcomes.push(judgeAttr(typeAttr, `${names.list}[${i}].type`, () => ({ state: 'unknown', text: '' })));
      }
      return;
    }
    if (type.state !== 'value' || type.value.toLowerCase() !== 'proxy') return;
    proxies++;
    outcomes.push(neg);
    if (neg.state === 'fail' && negAttr.origin !== 'unresolved') {
      fixes.push({
        kind: 'set',
        path: `properties.hostnameConfigurations[${i}].negotiateClientCertificate`,
        value: true,
        safe: false,
        description: `negotiate client certificates on ${label}`,
      });
    }
  });
  if (proxies === 0 && !outcomes.some((o) => o.state === 'unknown')) {
    outcomes.push(noProxy(list.kind === 'absent' ? `${names.list} is not set` : `no Proxy hostname is listed in ${names.list}`));
  }
  return { combined: allOf(outcomes), fixes };
}

function checkService(resource: Resource): Verdict {
  const names = namesOf(resource);
  const skuAttr = attr(resource, 'sku.name');
  const sku = readString(skuAttr);
  const note = (c: Combined): string | undefined => (c.state === 'pass' ? POLICY_NOTE : undefined);
  if (sku.state === 'value') {
    const b = sku.value.toLowerCase() === 'consumption' ? consumptionBranch(resource, names) : classicBranch(resource, names);
    const n = note(b.combined);
    return toVerdict(b.combined, WORDING, { fixes: b.fixes, ...(n ? { note: n } : {}) });
  }
  // The SKU decides which setting counts; when it is not known, the answer holds only if both settings agree.
  const candidates = skuAttr.node?.t === 'unresolved' ? skuAttr.node.candidates : undefined;
  const consumptionPossible = !candidates || candidates.some((c) => typeof c === 'string' && c.toLowerCase() === 'consumption');
  const classicPossible = !candidates || candidates.some((c) => !(typeof c === 'string' && c.toLowerCase() === 'consumption'));
  const branches = [...(consumptionPossible ? [consumptionBranch(resource, names)] : []), ...(classicPossible ? [classicBranch(resource, names)] : [])];
  const states = new Set(branches.map((b) => b.combined.state));
  if (states.size === 1 && !states.has('unknown')) {
    const combined: Combined = { state: branches[0]!.combined.state, deciding: branches.flatMap((b) => b.combined.deciding) };
    const n = note(combined);
    return toVerdict(combined, WORDING, { fixes: branches.flatMap((b) => b.fixes), ...(n ? { note: n } : {}) });
  }
  const skuOutcome =
    skuAttr.origin === 'unresolved'
      ? judgeAttr(skuAttr, names.sku, () => ({ state: 'unknown', text: '' }))
      : outcome('unknown', `${names.sku} is not set, and the SKU decides whether ${names.enable} or the Proxy hostnames count`, { ref: skuAttr.ref });
  const others = branches.flatMap((b) => b.combined.deciding.filter((o) => o.state === 'unknown'));
  return toVerdict({ state: 'unknown', deciding: [skuOutcome, ...others] }, WORDING);
}

function checkGatewayHostname(resource: Resource): Verdict {
  const a = attr(resource, 'properties.negotiateClientCertificate');
  const h = readString(attr(resource, 'properties.hostname'));
  const label = h.state === 'value' ? `self-hosted gateway hostname '${h.value}'` : 'self-hosted gateway hostname';
  const negotiate = namesOf(resource).negotiate;
  const o = judgeAttr(a, negotiate, negotiates(label, negotiate));
  const fixes: FixIntent[] =
    o.state === 'fail' && a.origin !== 'unresolved'
      ? [{ kind: 'set', path: 'properties.negotiateClientCertificate', value: true, safe: false, description: `negotiate client certificates on ${label}` }]
      : [];
  const c = allOf([o]);
  return toVerdict(c, WORDING, { fixes, ...(c.state === 'pass' ? { note: POLICY_NOTE } : {}) });
}

function check(resource: Resource): Verdict {
  const limited = limitationOutcomes(resource);
  if (limited.length > 0) return toVerdict(allOf(limited), WORDING);
  return resource.type.toLowerCase() === SERVICE ? checkService(resource) : checkGatewayHostname(resource);
}

function firstFailingProxyIndex(resource: Resource): number | undefined {
  const list = knownList(attr(resource, 'properties.hostnameConfigurations'), 'hostnameConfigurations');
  if (list.kind !== 'list') return undefined;
  const i = list.items.findIndex((item) => {
    if (item.t !== 'object') return false;
    const type = readString(attr(item, 'type'));
    const neg = knownBool(attr(item, 'negotiateClientCertificate'), '');
    return type.state === 'value' && type.value.toLowerCase() === 'proxy' && !(neg.kind === 'bool' && neg.value);
  });
  return i >= 0 ? i : undefined;
}

function azCli(resource: Resource): string {
  const t = azTarget(resource);
  if (resource.type.toLowerCase() === SERVICE) {
    const sku = readString(attr(resource, 'sku.name'));
    const base = `az apim update --resource-group ${t.resourceGroup} --name ${nameAt(t, 0)}`;
    if (sku.state === 'value' && sku.value.toLowerCase() === 'consumption') return `${base} --set enableClientCertificate=true`;
    const i = firstFailingProxyIndex(resource);
    return `${base} --set hostnameConfigurations[${i ?? '<index-of-proxy-hostname>'}].negotiateClientCertificate=true`;
  }
  const h = readString(attr(resource, 'properties.hostname'));
  const id = armIdOf(t, 'Microsoft.ApiManagement/service/gateways/hostnameConfigurations', ['<service>', '<gateway>', '<hostname-configuration>']);
  const body = JSON.stringify({
    properties: {
      hostname: h.state === 'value' ? h.value : '<hostname>',
      certificateId: '<certificate-resource-id>',
      negotiateClientCertificate: true,
      tls10Enabled: false,
      tls11Enabled: false,
    },
  });
  return `az rest --method put --url "https://management.azure.com${id}?api-version=2024-05-01" --body '${body}'`;
}

export const azmMtls005 = defineRule(
  {
    id: 'AZM-MTLS-005',
    slug: 'api-management-client-cert',
    title: 'API Management gateways request client certificates',
    description:
      "An API Management service must request client certificates at its gateway: on the Consumption tier with enableClientCertificate, on the other tiers with negotiateClientCertificate on every Proxy hostname configuration (when no Proxy hostname is listed, the default azure-api.net hostname does not negotiate). Self-hosted gateway hostname configurations must set negotiateClientCertificate. Validating the certificate is done by API Management policies, which this rule does not read.",
    severity: 'medium',
    cwe: [...CWE],
    frameworks: sharedFrameworks(),
    aliases: [
      { tool: 'checkov', id: 'CKV_AZURE_152' },
      { tool: 'sonar', id: 'S6382' },
      { tool: 'steampipe', id: 'apimanagement_service_client_certificate_enabled' },
    ],
    appliesTo: ['Microsoft.ApiManagement/service', 'Microsoft.ApiManagement/service/gateways/hostnameConfigurations'],
    remediation: {
      summary:
        'Consumption: set enableClientCertificate to true. Other tiers: set negotiateClientCertificate to true on every Proxy hostname. Then validate certificates with the validate-client-certificate policy.',
      portal:
        'API Management > your service > Deployment + infrastructure > Custom domains > each Gateway hostname: check Negotiate client certificate, then Save (Consumption tier: Security > Client certificates > Request client certificate: Yes).',
      azCli,
      arm: '"properties": {\n  "hostnameConfigurations": [\n    {\n      "type": "Proxy",\n      "hostName": "api.contoso.com",\n      "keyVaultId": "https://contoso-kv.vault.azure.net/secrets/api-cert",\n      "negotiateClientCertificate": true\n    }\n  ]\n}',
      bicep: "properties: {\n  hostnameConfigurations: [\n    {\n      type: 'Proxy'\n      hostName: 'api.contoso.com'\n      keyVaultId: 'https://contoso-kv.vault.azure.net/secrets/api-cert'\n      negotiateClientCertificate: true\n    }\n  ]\n}",
      terraform: 'hostname_configuration {\n  proxy {\n    host_name                    = "api.contoso.com"\n    key_vault_id                 = "https://contoso-kv.vault.azure.net/secrets/api-cert"\n    negotiate_client_certificate = true\n  }\n}',
    },
    docs: 'src/rules/mtls/azm-mtls-005-api-management.md',
  },
  check,
);
