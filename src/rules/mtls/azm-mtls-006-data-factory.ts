/**
 * AZM-MTLS-006: Data Factory authenticates to HTTP endpoints with a client certificate. Here Data Factory
 * is the TLS client: Web and HttpServer linked services (`typeProperties.authenticationType`) and pipeline
 * Web/WebHook activities (`typeProperties.authentication.type`, an object; some templates write a flat
 * `authenticationType`, which is accepted too). Activities nest inside ForEach, Until, IfCondition and Switch.
 */
import { attr, readString, type Attr } from '../../model/access.js';
import type { Resource } from '../../model/resource.js';
import type { ObjectNode, VNode } from '../../model/value.js';
import { defineRule, type Verdict } from '../../engine/rule.js';
import { allOf, judgeAttr, outcome, toVerdict, type Judged, type Outcome } from '../support/outcome.js';
import { knownEnum, knownList } from '../support/values.js';
import { limitationOutcomes } from '../support/limitations.js';
import { azTarget, nameAt } from '../support/az-target.js';
import { CWE, sharedFrameworks } from '../support/metadata.js';
import { propName } from '../support/names.js';
import { canonicalEnum } from '../../model/catalog/index.js';

const LINKED_SERVICE = 'microsoft.datafactory/factories/linkedservices';
const CLIENT_CERTIFICATE = 'ClientCertificate';

const LINKED_WORDING = {
  fail: 'Authenticate the linked service with a client certificate',
  pass: 'The linked service authenticates with a client certificate',
  unknown: 'Cannot tell whether the linked service authenticates with a client certificate',
};

const PIPELINE_WORDING = {
  fail: 'Authenticate web activities with a client certificate',
  pass: 'Every web activity authenticates with a client certificate',
  unknown: 'Cannot tell whether every web activity authenticates with a client certificate',
};

function judgeAuthType(label: string) {
  return (a: Attr): Judged => {
    const e = knownEnum(a, label, 'DataFactoryAuthenticationType');
    if (e.kind === 'absent') return { state: 'fail', text: `${label} is not set` };
    if (e.kind === 'invalid') return { state: 'fail', text: e.text };
    return { state: e.canonical === CLIENT_CERTIFICATE ? 'pass' : 'fail', text: e.text };
  };
}

function checkLinkedService(resource: Resource): Verdict {
  const typeAttr = attr(resource, 'properties.type');
  const authLabel = propName(resource, 'properties.typeProperties.authenticationType');
  const auth = judgeAttr(attr(resource, 'properties.typeProperties.authenticationType'), authLabel, judgeAuthType(authLabel));
  const type = readString(typeAttr);
  if (type.state === 'value') {
    const canonical = canonicalEnum('DataFactoryCertCapableLinkedService', type.value);
    if (!canonical) {
      return {
        status: 'not-applicable',
        message: `Linked service type '${type.value}' is not Web or HttpServer, the types that can authenticate with a client certificate.`,
      };
    }
    return toVerdict(allOf([auth]), LINKED_WORDING);
  }
  if (auth.state === 'pass') return toVerdict(allOf([auth]), LINKED_WORDING);
  const typeOutcome =
    typeAttr.origin === 'unresolved'
      ? judgeAttr(typeAttr, propName(resource, 'properties.type'), () => ({ state: 'unknown', text: '' }))
      : outcome('unknown', `${propName(resource, 'properties.type')} is not set, so whether the linked service can use a client certificate is not known`, { ref: typeAttr.ref });
  return toVerdict({ state: 'unknown', deciding: [typeOutcome, ...(auth.state === 'unknown' ? [auth] : [])] }, LINKED_WORDING);
}

interface Pending {
  node: VNode;
  /** "inside ForEach 'EachFile'" for nested activities. */
  context: string;
}

const NESTED_LISTS = ['typeProperties.activities', 'typeProperties.ifTrueActivities', 'typeProperties.ifFalseActivities', 'typeProperties.defaultActivities'];

/** Visits every activity, nested ones included, in document order; iterative, so deep nesting cannot overflow. */
function visitActivities(root: Attr, rootLabel: string, onActivity: (node: ObjectNode, context: string) => void, onUnknown: (o: Outcome) => void): void {
  const stack: Pending[] = [];
  const pushList = (a: Attr, context: string): void => {
    if (a.origin === 'unresolved') {
      onUnknown(judgeAttr(a, context ? `activities ${context}` : rootLabel, () => ({ state: 'unknown', text: '' })));
      return;
    }
    const list = knownList(a, 'activities');
    if (list.kind !== 'list') return;
    for (let i = list.items.length - 1; i >= 0; i--) stack.push({ node: list.items[i]!, context });
  };
  pushList(root, '');
  while (stack.length > 0) {
    const { node, context } = stack.pop()!;
    if (node.t === 'unresolved') {
      onUnknown(outcome('unknown', `an activity${context ? ` ${context}` : ''} comes from ${node.expression}, which cannot be resolved (${node.reason})`, { ref: node.ref }));
      continue;
    }
    if (node.t !== 'object') continue;
    onActivity(node, context);
    const name = readString(attr(node, 'name'));
    const type = readString(attr(node, 'type'));
    const inner = `inside ${type.state === 'value' ? type.value : 'activity'} '${name.state === 'value' ? name.value : '?'}'`;
    const nested: Attr[] = NESTED_LISTS.map((p) => attr(node, p));
    const cases = knownList(attr(node, 'typeProperties.cases'), 'cases');
    if (cases.kind === 'list') for (const c of cases.items) if (c.t === 'object') nested.push(attr(c, 'activities'));
    for (let i = nested.length - 1; i >= 0; i--) pushList(nested[i]!, inner);
  }
}

function judgeActivity(node: ObjectNode, context: string): Outcome | undefined {
  const typeAttr = attr(node, 'type');
  const type = readString(typeAttr);
  const name = readString(attr(node, 'name'));
  const who = `activity '${name.state === 'value' ? name.value : '(unnamed)'}'`;
  if (typeAttr.origin === 'unresolved') {
    return judgeAttr(typeAttr, `the type of ${who}`, () => ({ state: 'unknown', text: '' }));
  }
  const webType = type.state === 'value' ? canonicalEnum('DataFactoryWebActivityType', type.value) : undefined;
  if (!webType) return undefined;
  const label = `${who} (${webType}${context ? `, ${context}` : ''})`;
  const authAttr = attr(node, 'typeProperties.authentication');
  const flatAttr = attr(node, 'typeProperties.authenticationType');
  const judgeType = (a: Attr): Judged => {
    const r = readString(a);
    if (r.state === 'absent' || r.state === 'unresolved') return { state: 'fail', text: `${label} has an authentication object without a type` };
    if (r.state === 'invalid') return { state: 'fail', text: `${label} has an authentication type that is not a string` };
    const canonical = canonicalEnum('WebActivityAuthenticationType', r.value) ?? r.value;
    return { state: canonical === CLIENT_CERTIFICATE ? 'pass' : 'fail', text: `${label} uses '${canonical}'` };
  };
  if (authAttr.origin === 'absent' && flatAttr.origin !== 'absent') return judgeAttr(flatAttr, `${label} authenticationType`, judgeType);
  if (authAttr.origin === 'absent') return outcome('fail', `${label} has no authentication (anonymous)`, { ref: node.ref ?? authAttr.ref });
  return judgeAttr(attr(node, 'typeProperties.authentication.type'), `${label} authentication.type`, judgeType);
}

function checkPipeline(resource: Resource): Verdict {
  const outcomes: Outcome[] = [];
  visitActivities(
    attr(resource, 'properties.activities'),
    propName(resource, 'properties.activities'),
    (node, context) => {
      const o = judgeActivity(node, context);
      if (o) outcomes.push(o);
    },
    (o) => outcomes.push(o),
  );
  if (outcomes.length === 0) {
    return { status: 'not-applicable', message: 'The pipeline has no Web or WebHook activity, so it calls no HTTP endpoint that could take a client certificate.' };
  }
  return toVerdict(allOf(outcomes), PIPELINE_WORDING);
}

function check(resource: Resource): Verdict {
  const limited = limitationOutcomes(resource);
  if (limited.length > 0) return toVerdict(allOf(limited), LINKED_WORDING);
  return resource.type.toLowerCase() === LINKED_SERVICE ? checkLinkedService(resource) : checkPipeline(resource);
}

function azCli(resource: Resource): string {
  const t = azTarget(resource);
  const factory = nameAt(t, 0, '<factory>');
  if (resource.type.toLowerCase() === LINKED_SERVICE) {
    return `az datafactory linked-service create --resource-group ${t.resourceGroup} --factory-name ${factory} --linked-service-name ${nameAt(t, 1, '<linked-service>')} --properties @linked-service.json`;
  }
  return `az datafactory pipeline create --resource-group ${t.resourceGroup} --factory-name ${factory} --name ${nameAt(t, 1, '<pipeline>')} --pipeline @pipeline.json`;
}

export const azmMtls006 = defineRule(
  {
    id: 'AZM-MTLS-006',
    slug: 'data-factory-client-cert-auth',
    title: 'Data Factory authenticates to HTTP endpoints with client certificates',
    description:
      "Data Factory Web and HttpServer linked services must use authenticationType 'ClientCertificate', and every Web and WebHook activity of a pipeline, including those nested in ForEach, Until, IfCondition and Switch, must use authentication type 'ClientCertificate'. An activity without authentication calls its endpoint anonymously. Other linked-service types (RestService has no client-certificate option) are not applicable.",
    severity: 'medium',
    cwe: [...CWE],
    frameworks: sharedFrameworks(),
    aliases: [{ tool: 'sonar', id: 'S6382' }],
    appliesTo: ['Microsoft.DataFactory/factories/linkedservices', 'Microsoft.DataFactory/factories/pipelines'],
    remediation: {
      summary:
        "Use authenticationType 'ClientCertificate' with the PFX in Key Vault for Web/HttpServer linked services, and authentication { type: 'ClientCertificate', pfx, password } for Web and WebHook activities.",
      portal:
        'Data Factory Studio > Manage > Linked services > the Web or HTTP linked service > Authentication type: Client certificate (PFX from Azure Key Vault). For activities: Author > the pipeline > the Web or Webhook activity > Settings > Authentication: Client certificate. Publish.',
      azCli,
      arm: '"properties": {\n  "type": "Web",\n  "typeProperties": {\n    "url": "https://partner.contoso.com/",\n    "authenticationType": "ClientCertificate",\n    "pfx": { "type": "AzureKeyVaultSecret", "store": { "referenceName": "KeyVault", "type": "LinkedServiceReference" }, "secretName": "partner-pfx" },\n    "password": { "type": "AzureKeyVaultSecret", "store": { "referenceName": "KeyVault", "type": "LinkedServiceReference" }, "secretName": "partner-pfx-password" }\n  }\n}',
      bicep: "properties: {\n  type: 'Web'\n  typeProperties: {\n    url: 'https://partner.contoso.com/'\n    authenticationType: 'ClientCertificate'\n    pfx: { type: 'AzureKeyVaultSecret', store: { referenceName: 'KeyVault', type: 'LinkedServiceReference' }, secretName: 'partner-pfx' }\n    password: { type: 'AzureKeyVaultSecret', store: { referenceName: 'KeyVault', type: 'LinkedServiceReference' }, secretName: 'partner-pfx-password' }\n  }\n}",
      terraform:
        '# azurerm_data_factory_linked_service_web cannot send a PFX; use a custom linked service\nresource "azurerm_data_factory_linked_custom_service" "partner" {\n  name            = "partner"\n  data_factory_id = azurerm_data_factory.main.id\n  type            = "HttpServer"\n  type_properties_json = jsonencode({\n    url                = "https://partner.contoso.com/"\n    authenticationType = "ClientCertificate"\n    embeddedCertData   = var.partner_pfx_base64\n    password           = { type = "SecureString", value = var.partner_pfx_password }\n  })\n}',
    },
    docs: 'src/rules/mtls/azm-mtls-006-data-factory.md',
  },
  check,
);
