/**
 * Profiles decide which (rule, resource) pairs are judged (SEMANTICS.md, Profiles):
 * - strict: everything.
 * - cis: CIS Microsoft Azure Foundations 9.4 (v1.1.0 to v2.0.0), i.e. AZM-MTLS-001 on App Service web
 *   apps (`Microsoft.Web/sites` whose kind does not contain `functionapp`); rule 001 itself applies the
 *   benchmark's test (clientCertEnabled only) when `ctx.profile` is `cis`.
 * - internal: service-to-service endpoints only. App Service, SignalR and Web PubSub with public network
 *   access disabled; Container Apps whose ingress is not external; API Management in an Internal virtual
 *   network or with public network access disabled, and self-hosted gateway hostnames (they run inside the
 *   customer's network); anything tagged `<internalTag>=true`. Data Factory, ACR tokens, Cassandra and
 *   Service Fabric are machine-to-machine by nature and always in scope.
 * An unresolved gate gives `inScope: 'unknown'`; the engine then reports a failure as unknown.
 */
import { attr, readBool, readString, type Attr } from '../model/access.js';
import type { Resource } from '../model/resource.js';
import type { Rule, RuleContext } from './rule.js';

export type Scope =
  | { inScope: true }
  | { inScope: false; reason: string }
  | { inScope: 'unknown'; reason: string; expression?: string };

export function scopeOf(resource: Resource, rule: Rule, ctx: RuleContext): Scope {
  switch (ctx.profile) {
    case 'strict':
      return { inScope: true };
    case 'cis':
      return cisScope(resource, rule);
    case 'internal':
      return internalScope(resource, ctx.internalTag);
  }
}

// ------------------------------------------------------------------------------------------------
// cis

function cisScope(resource: Resource, rule: Rule): Scope {
  if (rule.meta.id !== 'AZM-MTLS-001') {
    return { inScope: false, reason: 'CIS Microsoft Azure Foundations 9.4 covers only App Service web apps (AZM-MTLS-001)' };
  }
  if (resource.type.toLowerCase() !== 'microsoft.web/sites') {
    return { inScope: false, reason: 'CIS Microsoft Azure Foundations 9.4 covers App Service web apps, not deployment slots' };
  }
  const kindAttr = attr(resource, 'kind');
  if (kindAttr.origin === 'unresolved') {
    return {
      inScope: 'unknown',
      reason: `it is a web app only if kind, which comes from ${kindAttr.expression} (${kindAttr.reason}), does not contain 'functionapp'`,
      ...(kindAttr.expression ? { expression: kindAttr.expression } : {}),
    };
  }
  const kind = readString(kindAttr);
  if (kind.state === 'value' && kind.value.toLowerCase().includes('functionapp')) {
    return { inScope: false, reason: `CIS Microsoft Azure Foundations 9.4 covers web apps, and kind '${kind.value}' is a function app or Logic App Standard` };
  }
  return { inScope: true };
}

// ------------------------------------------------------------------------------------------------
// internal

type Gate = { state: 'in' } | { state: 'out'; reason: string } | { state: 'unknown'; reason: string; expression?: string };

const ALWAYS_INTERNAL = new Set([
  'microsoft.datafactory/factories/linkedservices',
  'microsoft.datafactory/factories/pipelines',
  'microsoft.containerregistry/registries/tokens',
  'microsoft.documentdb/cassandraclusters',
  'microsoft.servicefabric/clusters',
  'microsoft.servicefabric/managedclusters',
  // Self-hosted gateways are deployed inside the customer's own network.
  'microsoft.apimanagement/service/gateways/hostnameconfigurations',
]);

const PNA_GATED = new Set(['microsoft.web/sites', 'microsoft.web/sites/slots', 'microsoft.signalrservice/signalr', 'microsoft.signalrservice/webpubsub']);

function unresolvedGate(a: Attr, label: string, condition: string): Gate {
  return {
    state: 'unknown',
    reason: `it is internal only if ${label}, which comes from ${a.expression} (${a.reason}), ${condition}`,
    ...(a.expression ? { expression: a.expression } : {}),
  };
}

/** `publicNetworkAccess: 'Disabled'`; frontends lower Terraform's `public_network_access_enabled = false` into it. */
function enumGate(a: Attr, label: string, internalValue: string): Gate {
  if (a.origin === 'unresolved') {
    const c = a.node?.t === 'unresolved' ? a.node.candidates : undefined;
    if (c && c.length > 0 && c.every((v) => typeof v === 'string' && v.toLowerCase() === internalValue.toLowerCase())) return { state: 'in' };
    if (c && c.length > 0 && c.every((v) => !(typeof v === 'string' && v.toLowerCase() === internalValue.toLowerCase()))) {
      return { state: 'out', reason: `every allowed value of ${a.expression} leaves ${label} other than '${internalValue}'` };
    }
    return unresolvedGate(a, label, `is '${internalValue}'`);
  }
  const r = readString(a);
  if (r.state === 'value' && r.value.toLowerCase() === internalValue.toLowerCase()) return { state: 'in' };
  if (r.state === 'value') return { state: 'out', reason: `${label} is '${r.value}'` };
  return { state: 'out', reason: `${label} is not set` };
}

function tagGate(resource: Resource, tag: string): Gate {
  const tags = attr(resource, 'tags');
  if (tags.origin === 'unresolved') return unresolvedGate(tags, 'the tags', `include ${tag}=true`);
  if (tags.node?.t !== 'object') return { state: 'out', reason: `it is not tagged ${tag}=true` };
  // Tag names compare case-insensitively in Azure; read the property directly since a tag name may contain dots.
  const prop = tags.node.props.get(tag.toLowerCase());
  if (!prop) return { state: 'out', reason: `it is not tagged ${tag}=true` };
  const a: Attr =
    prop.value.t === 'unresolved'
      ? { path: `tags.${tag}`, origin: 'unresolved', node: prop.value, expression: prop.value.expression, reason: prop.value.reason }
      : { path: `tags.${tag}`, origin: 'explicit', node: prop.value };
  if (a.origin === 'unresolved') return unresolvedGate(a, `tag ${tag}`, "is 'true'");
  const b = readBool(a);
  return b.state === 'value' && b.value ? { state: 'in' } : { state: 'out', reason: `tag ${tag} is not 'true'` };
}

function typeGate(resource: Resource): Gate {
  const type = resource.type.toLowerCase();
  if (ALWAYS_INTERNAL.has(type)) return { state: 'in' };
  if (PNA_GATED.has(type)) {
    const gates = [enumGate(attr(resource, 'properties.publicNetworkAccess'), 'publicNetworkAccess', 'Disabled')];
    if (type.startsWith('microsoft.web/')) {
      const site = attr(resource, 'properties.siteConfig.publicNetworkAccess');
      if (site.origin !== 'absent') gates.push(enumGate(site, 'siteConfig.publicNetworkAccess', 'Disabled'));
    }
    return anyGate(gates, (reasons) => `public network access is not disabled (${reasons})`);
  }
  if (type === 'microsoft.app/containerapps') {
    const external = attr(resource, 'properties.configuration.ingress.external');
    if (external.origin === 'unresolved') return unresolvedGate(external, 'ingress.external', 'is false');
    const b = readBool(external);
    // `external` defaults to false: an ingress reachable only inside the environment.
    if (b.state === 'value' && b.value) return { state: 'out', reason: 'ingress.external is true' };
    return { state: 'in' };
  }
  if (type === 'microsoft.apimanagement/service') {
    return anyGate(
      [
        enumGate(attr(resource, 'properties.virtualNetworkType'), 'virtualNetworkType', 'Internal'),
        enumGate(attr(resource, 'properties.publicNetworkAccess'), 'publicNetworkAccess', 'Disabled'),
      ],
      (reasons) => `the gateway is reachable from outside (${reasons})`,
    );
  }
  return { state: 'out', reason: 'this resource type is not a service-to-service endpoint' };
}

function anyGate(gates: Gate[], outReason: (reasons: string) => string): Gate {
  if (gates.some((g) => g.state === 'in')) return { state: 'in' };
  const unknown = gates.find((g) => g.state === 'unknown');
  if (unknown) return unknown;
  const reasons = gates.map((g) => (g.state === 'out' ? g.reason : '')).filter((r) => r.length > 0);
  return { state: 'out', reason: outReason(reasons.join(', ')) };
}

function internalScope(resource: Resource, tag: string): Scope {
  const byType = typeGate(resource);
  if (byType.state === 'in') return { inScope: true };
  const byTag = tagGate(resource, tag);
  if (byTag.state === 'in') return { inScope: true };
  const unknown = [byType, byTag].flatMap((g) => (g.state === 'unknown' ? [g] : []));
  if (unknown.length > 0) {
    const expression = unknown[0]!.expression;
    return { inScope: 'unknown', reason: unknown.map((g) => g.reason).join('; or '), ...(expression ? { expression } : {}) };
  }
  const reasons = [byType, byTag].map((g) => (g.state === 'out' ? g.reason : '')).filter((r) => r.length > 0);
  return { inScope: false, reason: reasons.join(', and ') };
}
