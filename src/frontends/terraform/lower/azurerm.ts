/**
 * azurerm resources lowered into ARM's shape, with the provider's own defaults filled in and marked
 * `origin: 'default'`, as the provider source sets them (terraform-provider-azurerm v5.2.0, and v4.81.0 for the
 * legacy resources; https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs). Rules then judge
 * Terraform exactly as they judge ARM.
 */
import type { SourceRef } from '../../../core/source.js';
import { arrayNode, fromValue, objectNode, scalar, Unresolved, type ObjectNode, type Value, type VNode } from '../../../model/value.js';
import { KnownAfterApply } from '../eval/values.js';
import { accessNode, defaulted, nodeOf, put, putAttr } from './build.js';
import type { AzurermVersion } from './provider.js';
import type { TfAttr, TfObject } from './tfobject.js';

export const NO_CLIENT_CERT_SUPPORT = 'no-client-cert-support';

export interface LowerContext {
  provider: AzurermVersion;
  /** The evaluated `name` of the resource an `…id` value points at (`azurerm_linux_web_app.app.id`). */
  nameOf(v: Value): Value | undefined;
}

export interface Lowered {
  type: string;
  body: ObjectNode;
  /** The evaluated name (with its parent's for child types), or an Unresolved. */
  name: Value;
  nameRef?: SourceRef;
  limitations?: { id: string; message: string; ref?: SourceRef }[];
  facts?: Record<string, string>;
  /** For resources that change another one: the target's `id` reference. */
  attachTo?: { kind: 'token-password' | 'apim-custom-domain'; target: Value };
}

type Lower = (o: TfObject, ctx: LowerContext, tfType: string) => Lowered | undefined;

interface SiteDef {
  kind: string;
  slot: boolean;
  /** The provider's default for client_certificate_mode on the modern resources. */
  modeDefault?: 'Required' | 'Optional';
  family: 'modern' | 'logic' | 'legacy-app' | 'legacy-function' | 'no-cert';
}

const SITES: Record<string, SiteDef> = {
  azurerm_linux_web_app: { kind: 'app,linux', slot: false, modeDefault: 'Required', family: 'modern' },
  azurerm_windows_web_app: { kind: 'app', slot: false, modeDefault: 'Required', family: 'modern' },
  azurerm_linux_web_app_slot: { kind: 'app,linux', slot: true, modeDefault: 'Required', family: 'modern' },
  azurerm_windows_web_app_slot: { kind: 'app', slot: true, modeDefault: 'Required', family: 'modern' },
  azurerm_linux_function_app: { kind: 'functionapp,linux', slot: false, modeDefault: 'Optional', family: 'modern' },
  azurerm_windows_function_app: { kind: 'functionapp', slot: false, modeDefault: 'Optional', family: 'modern' },
  azurerm_linux_function_app_slot: { kind: 'functionapp,linux', slot: true, modeDefault: 'Optional', family: 'modern' },
  azurerm_windows_function_app_slot: { kind: 'functionapp', slot: true, modeDefault: 'Optional', family: 'modern' },
  azurerm_function_app_flex_consumption: { kind: 'functionapp,linux', slot: false, modeDefault: 'Optional', family: 'modern' },
  azurerm_logic_app_standard: { kind: 'functionapp,workflowapp', slot: false, family: 'logic' },
  azurerm_app_service: { kind: 'app', slot: false, family: 'legacy-app' },
  azurerm_function_app: { kind: 'functionapp', slot: false, family: 'legacy-function' },
  azurerm_app_service_slot: { kind: 'app', slot: true, family: 'no-cert' },
  azurerm_function_app_slot: { kind: 'functionapp', slot: true, family: 'no-cert' },
};

function base(o: TfObject): ObjectNode {
  const body = objectNode(o.ref);
  putAttr(body, 'location', o.attr('location'));
  putAttr(body, 'tags', o.attr('tags'));
  return body;
}

function nameValue(o: TfObject): { name: Value; nameRef?: SourceRef } {
  const a = o.attr('name');
  if (!a) return { name: new Unresolved('name', 'the resource has no name argument', o.ref) };
  return { name: a.value, ...(a.valueRef ? { nameRef: a.valueRef } : {}) };
}

/** `parent/child` names for child resources; unknown when either part is. */
function childName(parent: Value | undefined, own: Value, parentExpr: string): Value {
  if (typeof parent === 'string' && typeof own === 'string') return `${parent}/${own}`;
  if (own instanceof Unresolved) return own;
  const reason = parent instanceof Unresolved ? parent.reason : 'the parent resource is not in this configuration';
  return new Unresolved(`${parentExpr}/${typeof own === 'string' ? own : '?'}`, reason);
}

function parentName(o: TfObject, idAttr: string, nameAttr: string | undefined, ctx: LowerContext): { value: Value | undefined; expr: string } {
  if (nameAttr) {
    const n = o.attr(nameAttr);
    if (n) return { value: n.value, expr: exprText(n.value, nameAttr) };
  }
  const id = o.attr(idAttr);
  if (!id) return { value: undefined, expr: idAttr };
  if (typeof id.value === 'string') {
    const last = id.value.split('/').filter(Boolean).pop();
    return { value: last, expr: idAttr };
  }
  return { value: ctx.nameOf(id.value) ?? id.value, expr: exprText(id.value, idAttr) };
}

function exprText(v: Value, fallback: string): string {
  return v instanceof Unresolved ? v.expression : fallback;
}

const lowerSite: Lower = (o, ctx, tfType) => {
  const def = SITES[tfType]!;
  const body = base(o);
  const ref = o.ref;
  body.props.set('kind', { name: 'kind', value: scalar(kindOf(def, o), ref, { note: `kind implied by the Terraform resource type ${tfType}` }), ...(ref ? { ref } : {}) });
  const limitations: Lowered['limitations'] = [];
  const enabled = o.attr('client_certificate_enabled');
  const mode = o.attr('client_certificate_mode');
  switch (def.family) {
    case 'modern': {
      putAttr(body, 'properties.clientCertEnabled', enabled, { value: false, note: `${tfType} defaults client_certificate_enabled to false`, ref });
      const note =
        def.modeDefault === 'Optional'
          ? `${tfType} defaults client_certificate_mode to Optional, so client_certificate_enabled = true alone does not require certificates`
          : `${tfType} defaults client_certificate_mode to Required`;
      putAttr(body, 'properties.clientCertMode', mode, { value: def.modeDefault!, note, ref });
      putAttr(body, 'properties.clientCertExclusionPaths', o.attr('client_certificate_exclusion_paths'));
      break;
    }
    case 'logic': {
      // Only a mode exists: the provider enables client certificates whenever the mode is set.
      if (mode && mode.value !== null) {
        put(body, 'properties.clientCertMode', nodeOf(mode), mode.ref);
        const v = mode.value;
        const en: VNode =
          v instanceof Unresolved
            ? fromValue(v, mode.valueRef, mode.via ? { via: mode.via } : undefined)
            : scalar(v !== '', mode.valueRef, { note: 'azurerm_logic_app_standard enables client certificates whenever client_certificate_mode is set' });
        put(body, 'properties.clientCertEnabled', en, mode.ref);
      } else if (ctx.provider.atLeast5 === true) {
        const note = `azurerm ${ctx.provider.text ?? '>= 5'} defaults azurerm_logic_app_standard client_certificate_mode to Required, which enables client certificates`;
        put(body, 'properties.clientCertMode', defaulted('Required', note, ref), ref);
        put(body, 'properties.clientCertEnabled', defaulted(true, note, ref), ref);
      } else if (ctx.provider.atLeast5 === false) {
        const note = `azurerm ${ctx.provider.text ?? '< 5'} leaves azurerm_logic_app_standard client_certificate_mode unset, so client certificates are off`;
        put(body, 'properties.clientCertEnabled', defaulted(false, note, ref), ref);
      } else {
        const reason =
          'the azurerm provider version is not known (no .terraform.lock.hcl and no bounding required_providers constraint): from 5.0 client_certificate_mode defaults to Required, before 5.0 client certificates stay off';
        put(body, 'properties.clientCertMode', fromValue(new Unresolved('client_certificate_mode', reason, ref), ref), ref);
        put(body, 'properties.clientCertEnabled', fromValue(new Unresolved('client_certificate_mode', reason, ref), ref), ref);
      }
      break;
    }
    case 'legacy-app': {
      putAttr(body, 'properties.clientCertEnabled', o.attr('client_cert_enabled'), { value: false, note: 'azurerm_app_service defaults client_cert_enabled to false', ref });
      putAttr(body, 'properties.clientCertMode', o.attr('client_cert_mode'), { value: 'Required', note: 'azurerm_app_service leaves client_cert_mode to the service, which defaults to Required', ref });
      break;
    }
    case 'legacy-function': {
      const m = o.attr('client_cert_mode');
      if (m && m.value !== null) {
        put(body, 'properties.clientCertMode', nodeOf(m), m.ref);
        const en = m.value instanceof Unresolved ? nodeOf(m) : scalar(m.value !== '', m.valueRef, { note: 'azurerm_function_app enables client certificates whenever client_cert_mode is set' });
        put(body, 'properties.clientCertEnabled', en, m.ref);
      } else put(body, 'properties.clientCertEnabled', defaulted(false, 'azurerm_function_app enables client certificates only when client_cert_mode is set', ref), ref);
      break;
    }
    case 'no-cert':
      limitations.push({
        id: NO_CLIENT_CERT_SUPPORT,
        message: `${tfType} cannot express client certificates (it has no client certificate arguments); use ${tfType === 'azurerm_app_service_slot' ? 'azurerm_linux_web_app_slot or azurerm_windows_web_app_slot' : 'azurerm_linux_function_app_slot or azurerm_windows_function_app_slot'}`,
        ...(ref ? { ref } : {}),
      });
      break;
  }
  putAttr(body, 'properties.httpsOnly', o.attr('https_only'), { value: false, note: `${tfType} defaults https_only to false`, ref });
  const pna = o.attr('public_network_access_enabled');
  if (pna && pna.value !== null) put(body, 'properties.publicNetworkAccess', accessNode(pna), pna.ref);
  else if (def.family === 'modern' || def.family === 'logic')
    put(body, 'properties.publicNetworkAccess', defaulted('Enabled', `${tfType} defaults public_network_access_enabled to true`, ref), ref);
  const sc = o.blocks('site_config')[0];
  if (sc) {
    putAttr(body, 'properties.siteConfig.http20Enabled', sc.attr('http2_enabled'));
    putAttr(body, 'properties.siteConfig.minTlsVersion', sc.attr('minimum_tls_version') ?? sc.attr('min_tls_version'));
  }
  const own = nameValue(o);
  let name = own.name;
  if (def.slot) {
    const parent =
      tfType === 'azurerm_app_service_slot'
        ? parentName(o, 'app_service_id', 'app_service_name', ctx)
        : tfType === 'azurerm_function_app_slot'
          ? parentName(o, 'function_app_id', 'function_app_name', ctx)
          : parentName(o, tfType.includes('function') ? 'function_app_id' : 'app_service_id', undefined, ctx);
    name = childName(parent.value, own.name, parent.expr);
  }
  return {
    type: def.slot ? 'Microsoft.Web/sites/slots' : 'Microsoft.Web/sites',
    body,
    name,
    ...(own.nameRef ? { nameRef: own.nameRef } : {}),
    ...(limitations.length > 0 ? { limitations } : {}),
  };
};

function kindOf(def: SiteDef, o: TfObject): string {
  const os = o.attr('os_type')?.value;
  if ((def.family === 'legacy-function' || def.family === 'logic') && typeof os === 'string' && os.toLowerCase() === 'linux') return `${def.kind},linux`;
  return def.kind;
}

// ----- SignalR and Web PubSub -----

const lowerSignalR: Lower = (o, _ctx, tfType) => {
  const body = base(o);
  const ref = o.ref;
  const kind = tfType === 'azurerm_signalr_service' ? 'SignalR' : tfType === 'azurerm_web_pubsub_socketio' ? 'SocketIO' : 'WebPubSub';
  body.props.set('kind', { name: 'kind', value: scalar(kind, ref, { note: `kind implied by the Terraform resource type ${tfType}` }), ...(ref ? { ref } : {}) });
  const skuBlock = o.blocks('sku')[0];
  const skuAttr = o.attr('sku');
  if (skuBlock) {
    putAttr(body, 'sku.name', skuBlock.attr('name'));
    putAttr(body, 'sku.capacity', skuBlock.attr('capacity'));
  } else if (skuAttr) putAttr(body, 'sku.name', skuAttr);
  putAttr(body, 'properties.tls.clientCertEnabled', o.attr('tls_client_cert_enabled'), { value: false, note: `${tfType} defaults tls_client_cert_enabled to false`, ref });
  const pna = o.attr('public_network_access_enabled');
  if (pna && pna.value !== null) put(body, 'properties.publicNetworkAccess', accessNode(pna), pna.ref);
  else put(body, 'properties.publicNetworkAccess', defaulted('Enabled', `${tfType} defaults public_network_access_enabled to true`, ref), ref);
  return { type: tfType === 'azurerm_signalr_service' ? 'Microsoft.SignalRService/signalR' : 'Microsoft.SignalRService/webPubSub', body, ...nameValue(o) };
};

// ----- Container Apps -----

const lowerContainerApp: Lower = (o) => {
  const body = base(o);
  const ingress = o.blocks('ingress')[0];
  if (ingress) {
    const iref = ingress.ref;
    put(body, 'properties.configuration.ingress', objectNode(iref), iref);
    putAttr(body, 'properties.configuration.ingress.external', ingress.attr('external_enabled'), { value: false, note: 'azurerm_container_app defaults ingress.external_enabled to false', ...(iref ? { ref: iref } : {}) });
    putAttr(body, 'properties.configuration.ingress.clientCertificateMode', ingress.attr('client_certificate_mode'));
    putAttr(body, 'properties.configuration.ingress.transport', ingress.attr('transport'));
    putAttr(body, 'properties.configuration.ingress.allowInsecure', ingress.attr('allow_insecure_connections'));
    putAttr(body, 'properties.configuration.ingress.targetPort', ingress.attr('target_port'));
  }
  return { type: 'Microsoft.App/containerApps', body, ...nameValue(o) };
};

// ----- API Management -----

const HOSTNAME_TYPES: Record<string, string> = { proxy: 'Proxy', management: 'Management', portal: 'Portal', developer_portal: 'DeveloperPortal', scm: 'Scm' };

function hostnameEntry(b: TfObject, type: string, negotiateAttr: string): VNode {
  const e = objectNode(b.ref);
  put(e, 'type', scalar(type, b.ref, { note: `hostname type implied by the ${Object.keys(HOSTNAME_TYPES).find((k) => HOSTNAME_TYPES[k] === type) ?? 'gateway'} block` }), b.ref);
  putAttr(e, 'hostName', b.attr('host_name'));
  if (negotiateAttr === 'negotiate_client_certificate' || b.attr(negotiateAttr))
    putAttr(e, 'negotiateClientCertificate', b.attr(negotiateAttr), { value: false, note: `${negotiateAttr} defaults to false`, ...(b.ref ? { ref: b.ref } : {}) });
  putAttr(e, 'defaultSslBinding', b.attr('default_ssl_binding'));
  return e;
}

const lowerApim: Lower = (o) => {
  const body = base(o);
  const ref = o.ref;
  const sku = o.attr('sku_name');
  if (sku) {
    const v = sku.value;
    if (typeof v === 'string') {
      const [name, cap] = v.split('_');
      put(body, 'sku.name', scalar(name ?? v, sku.valueRef, { note: `from sku_name "${v}"` }), sku.ref);
      if (cap !== undefined && !Number.isNaN(Number(cap))) put(body, 'sku.capacity', scalar(Number(cap), sku.valueRef), sku.ref);
    } else put(body, 'sku.name', nodeOf(sku), sku.ref);
  }
  putAttr(body, 'properties.enableClientCertificate', o.attr('client_certificate_enabled'), { value: false, note: 'azurerm_api_management defaults client_certificate_enabled to false', ref });
  const pna = o.attr('public_network_access_enabled');
  if (pna && pna.value !== null) put(body, 'properties.publicNetworkAccess', accessNode(pna), pna.ref);
  putAttr(body, 'properties.virtualNetworkType', o.attr('virtual_network_type'));
  const hc = o.blocks('hostname_configuration')[0];
  if (hc) {
    const entries: VNode[] = [];
    for (const [block, type] of Object.entries(HOSTNAME_TYPES)) {
      for (const b of hc.blocks(block)) entries.push(hostnameEntry(b, type, type === 'Proxy' ? 'negotiate_client_certificate' : 'negotiate_client_certificate'));
    }
    put(body, 'properties.hostnameConfigurations', arrayNode(entries, hc.ref), hc.ref);
  }
  return { type: 'Microsoft.ApiManagement/service', body, ...nameValue(o) };
};

/**
 * azurerm_api_management_custom_domain writes the service's `hostnameConfigurations` (the ARM property is
 * on Microsoft.ApiManagement/service). It is merged into the service it points at when that service is in
 * the same configuration; otherwise it stands as a service-shaped resource whose SKU is not known.
 */
const lowerApimCustomDomain: Lower = (o, ctx) => {
  const body = objectNode(o.ref);
  const entries: VNode[] = [];
  for (const [block, type] of [
    ['gateway', 'Proxy'],
    ['management', 'Management'],
    ['portal', 'Portal'],
    ['developer_portal', 'DeveloperPortal'],
    ['scm', 'Scm'],
  ] as const) {
    for (const b of o.blocks(block)) entries.push(hostnameEntry(b, type, 'negotiate_client_certificate'));
  }
  put(body, 'properties.hostnameConfigurations', arrayNode(entries, o.ref), o.ref);
  const id = o.attr('api_management_id');
  const parent = parentName(o, 'api_management_id', undefined, ctx);
  put(body, 'sku.name', fromValue(new Unresolved('sku_name', 'the API Management service this custom domain belongs to is not in this configuration', o.ref), o.ref), o.ref);
  return {
    type: 'Microsoft.ApiManagement/service',
    body,
    name: parent.value ?? new Unresolved(parent.expr, 'the API Management service is not known'),
    attachTo: { kind: 'apim-custom-domain', target: id?.value ?? null },
  };
};

const lowerGatewayHostname: Lower = (o, ctx) => {
  const body = base(o);
  const ref = o.ref;
  putAttr(body, 'properties.hostname', o.attr('host_name'));
  putAttr(body, 'properties.negotiateClientCertificate', o.attr('request_client_certificate_enabled'), {
    value: false,
    note: 'azurerm_api_management_gateway_host_name_configuration sends request_client_certificate_enabled = false when it is not set',
    ref,
  });
  putAttr(body, 'properties.http2Enabled', o.attr('http2_enabled'));
  putAttr(body, 'properties.tls10Enabled', o.attr('tls10_enabled'));
  putAttr(body, 'properties.tls11Enabled', o.attr('tls11_enabled'));
  const own = nameValue(o);
  const gw = parentName(o, 'gateway_name', undefined, ctx);
  const apim = parentName(o, 'api_management_id', undefined, ctx);
  const gwName = o.attr('gateway_name')?.value;
  const name = childName(childName(apim.value, gwName ?? new Unresolved('gateway_name', 'not set'), apim.expr), own.name, gw.expr);
  return { type: 'Microsoft.ApiManagement/service/gateways/hostnameConfigurations', body, name, ...(own.nameRef ? { nameRef: own.nameRef } : {}) };
};

// ----- Data Factory -----

const lowerLinkedServiceWeb: Lower = (o, ctx) => {
  const body = base(o);
  put(body, 'properties.type', scalar('Web', o.ref, { note: 'azurerm_data_factory_linked_service_web is a Web linked service' }), o.ref);
  putAttr(body, 'properties.typeProperties.authenticationType', o.attr('authentication_type'));
  putAttr(body, 'properties.typeProperties.url', o.attr('url'));
  const f = parentName(o, 'data_factory_id', 'data_factory_name', ctx);
  const own = nameValue(o);
  return { type: 'Microsoft.DataFactory/factories/linkedservices', body, name: childName(f.value, own.name, f.expr), ...(own.nameRef ? { nameRef: own.nameRef } : {}) };
};

const lowerLinkedCustom: Lower = (o, ctx) => {
  const body = base(o);
  putAttr(body, 'properties.type', o.attr('type'));
  const tp = o.attr('type_properties_json');
  if (tp) put(body, 'properties.typeProperties', jsonAttr(tp), tp.ref);
  const f = parentName(o, 'data_factory_id', undefined, ctx);
  const own = nameValue(o);
  return { type: 'Microsoft.DataFactory/factories/linkedservices', body, name: childName(f.value, own.name, f.expr), ...(own.nameRef ? { nameRef: own.nameRef } : {}) };
};

/** A JSON string argument (or jsonencode of an HCL value): its content as a tree, positions at the argument. */
export function jsonAttr(a: TfAttr): VNode {
  const ref = a.valueRef ?? a.ref;
  const v = a.value;
  // jsonencode({...}) of an HCL literal: keep the literal's per-element positions
  const literal = a.node();
  if (literal.t === 'object' || literal.t === 'array') return literal;
  if (typeof v === 'string') {
    try {
      return fromValue(JSON.parse(v) as Value, ref);
    } catch {
      return fromValue(new Unresolved(v.length > 60 ? v.slice(0, 57) + '...' : v, 'the argument is not valid JSON', ref), ref);
    }
  }
  return a.node();
}

const lowerPipeline: Lower = (o, ctx) => {
  const body = base(o);
  const act = o.attr('activities_json');
  if (act) {
    const n = jsonAttr(act);
    put(body, 'properties.activities', n, act.ref);
  }
  const f = parentName(o, 'data_factory_id', 'data_factory_name', ctx);
  const own = nameValue(o);
  return { type: 'Microsoft.DataFactory/factories/pipelines', body, name: childName(f.value, own.name, f.expr), ...(own.nameRef ? { nameRef: own.nameRef } : {}) };
};

// ----- Container Registry tokens -----

const lowerToken: Lower = (o, ctx) => {
  const body = base(o);
  putAttr(body, 'properties.scopeMapId', o.attr('scope_map_id'));
  const en = o.attr('enabled');
  if (en && typeof en.value === 'boolean') put(body, 'properties.status', scalar(en.value ? 'enabled' : 'disabled', en.valueRef), en.ref);
  else if (!en) put(body, 'properties.status', defaulted('enabled', 'azurerm_container_registry_token defaults enabled to true', o.ref), o.ref);
  const r = parentName(o, 'container_registry_id', 'container_registry_name', ctx);
  const own = nameValue(o);
  return {
    type: 'Microsoft.ContainerRegistry/registries/tokens',
    body,
    name: childName(r.value, own.name, r.expr),
    ...(own.nameRef ? { nameRef: own.nameRef } : {}),
    limitations: [
      {
        id: NO_CLIENT_CERT_SUPPORT,
        message: 'azurerm_container_registry_token cannot express token certificates (the provider has no argument for credentials.certificates); the token can only use generated passwords',
        ...(o.ref ? { ref: o.ref } : {}),
      },
    ],
  };
};

/** azurerm_container_registry_token_password adds password credentials to the token it names. */
const lowerTokenPassword: Lower = (o, ctx) => {
  const body = objectNode(o.ref);
  const pw: VNode[] = [];
  for (const [block, name] of [
    ['password1', 'password1'],
    ['password2', 'password2'],
  ] as const) {
    for (const b of o.blocks(block)) {
      const e = objectNode(b.ref);
      put(e, 'name', scalar(name, b.ref, { note: `the ${block} block` }), b.ref);
      putAttr(e, 'expiry', b.attr('expiry'));
      pw.push(e);
    }
  }
  put(body, 'properties.credentials.passwords', arrayNode(pw, o.ref), o.ref);
  const id = o.attr('container_registry_token_id');
  const t = parentName(o, 'container_registry_token_id', undefined, ctx);
  return {
    type: 'Microsoft.ContainerRegistry/registries/tokens',
    body,
    name: t.value ?? new Unresolved(t.expr, 'the token is not known'),
    attachTo: { kind: 'token-password', target: id?.value ?? null },
  };
};

// ----- Cassandra, Service Fabric -----

/** A list of strings in HCL is a list of one-key objects in ARM (`[{pem}]`, `[{ipAddress}]`). */
function objectList(a: TfAttr | undefined, key: string): VNode | undefined {
  if (!a || a.value === null) return undefined;
  const ref = a.valueRef ?? a.ref;
  if (Array.isArray(a.value)) return arrayNode(a.value.map((p) => { const e = objectNode(ref); put(e, key, fromValue(p, ref)); return e; }), ref);
  return nodeOf(a);
}

const pemList = (a: TfAttr | undefined): VNode | undefined => objectList(a, 'pem');

const lowerCassandra: Lower = (o) => {
  const body = base(o);
  const cc = pemList(o.attr('client_certificate_pems'));
  if (cc) put(body, 'properties.clientCertificates', cc, o.attr('client_certificate_pems')!.ref);
  const eg = pemList(o.attr('external_gossip_certificate_pems'));
  if (eg) put(body, 'properties.externalGossipCertificates', eg, o.attr('external_gossip_certificate_pems')!.ref);
  // A hybrid cluster (seed nodes outside Azure) also needs gossip certificates: AZM-MTLS-008 reads both.
  const seeds = objectList(o.attr('external_seed_node_ip_addresses'), 'ipAddress');
  if (seeds) put(body, 'properties.externalSeedNodes', seeds, o.attr('external_seed_node_ip_addresses')!.ref);
  putAttr(body, 'properties.authenticationMethod', o.attr('authentication_method'), { value: 'Cassandra', note: 'azurerm_cosmosdb_cassandra_cluster defaults authentication_method to Cassandra', ...(o.ref ? { ref: o.ref } : {}) });
  return { type: 'Microsoft.DocumentDB/cassandraClusters', body, ...nameValue(o) };
};

const lowerServiceFabric: Lower = (o) => {
  const body = base(o);
  const tps = o.blocks('client_certificate_thumbprint').map((b) => {
    const e = objectNode(b.ref);
    putAttr(e, 'certificateThumbprint', b.attr('thumbprint'));
    putAttr(e, 'isAdmin', b.attr('is_admin'));
    return e;
  });
  const cns = o.blocks('client_certificate_common_name').map((b) => {
    const e = objectNode(b.ref);
    putAttr(e, 'certificateCommonName', b.attr('common_name'));
    putAttr(e, 'certificateIssuerThumbprint', b.attr('issuer_thumbprint'));
    putAttr(e, 'isAdmin', b.attr('is_admin'));
    return e;
  });
  // The list points at its first block, where a reader of the .tf file sees the certificates begin.
  const firstTp = o.blocks('client_certificate_thumbprint')[0]?.ref ?? o.ref;
  const firstCn = o.blocks('client_certificate_common_name')[0]?.ref ?? o.ref;
  if (tps.length > 0) put(body, 'properties.clientCertificateThumbprints', arrayNode(tps, firstTp), firstTp);
  if (cns.length > 0) put(body, 'properties.clientCertificateCommonNames', arrayNode(cns, firstCn), firstCn);
  putAttr(body, 'properties.managementEndpoint', o.attr('management_endpoint'));
  return { type: 'Microsoft.ServiceFabric/clusters', body, ...nameValue(o) };
};

const lowerManagedCluster: Lower = (o) => {
  const body = base(o);
  const auth = o.blocks('authentication')[0];
  if (auth) {
    const clients = auth.blocks('certificate').map((b) => {
      const e = objectNode(b.ref);
      putAttr(e, 'thumbprint', b.attr('thumbprint'));
      putAttr(e, 'commonName', b.attr('common_name'));
      const t = b.attr('type');
      if (t) {
        const v = t.value;
        const n = typeof v === 'string' ? scalar(v === 'AdminClient', t.valueRef, { note: `type = "${v}"` }) : nodeOf(t);
        put(e, 'isAdmin', n, t.ref);
      }
      return e;
    });
    if (clients.length > 0) put(body, 'properties.clients', arrayNode(clients, auth.ref), auth.ref);
  }
  return { type: 'Microsoft.ServiceFabric/managedClusters', body, ...nameValue(o) };
};

// A Map, not an object: a resource type is the file's text, and `"constructor" in {}` is true. Also faster
// for strings sliced from a file, which an object's keys would first have to intern.
const TABLE = new Map<string, Lower>(Object.entries({
  ...Object.fromEntries(Object.keys(SITES).map((k) => [k, lowerSite])),
  azurerm_signalr_service: lowerSignalR,
  azurerm_web_pubsub: lowerSignalR,
  azurerm_web_pubsub_socketio: lowerSignalR,
  azurerm_container_app: lowerContainerApp,
  azurerm_api_management: lowerApim,
  azurerm_api_management_custom_domain: lowerApimCustomDomain,
  azurerm_api_management_gateway_host_name_configuration: lowerGatewayHostname,
  azurerm_data_factory_linked_service_web: lowerLinkedServiceWeb,
  azurerm_data_factory_linked_custom_service: lowerLinkedCustom,
  azurerm_data_factory_pipeline: lowerPipeline,
  azurerm_container_registry_token: lowerToken,
  azurerm_container_registry_token_password: lowerTokenPassword,
  azurerm_cosmosdb_cassandra_cluster: lowerCassandra,
  azurerm_service_fabric_cluster: lowerServiceFabric,
  azurerm_service_fabric_managed_cluster: lowerManagedCluster,
}));

export function isLoweredType(tfType: string): boolean {
  return TABLE.has(tfType);
}

export function lowerAzurerm(tfType: string, o: TfObject, ctx: LowerContext): Lowered | undefined {
  const f = TABLE.get(tfType);
  return f ? f(o, ctx, tfType) : undefined;
}

export function targetAddress(v: Value): { address: string; modulePath: string } | undefined {
  return v instanceof KnownAfterApply ? { address: v.address, modulePath: v.modulePath } : undefined;
}
