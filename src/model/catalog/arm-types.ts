/**
 * The ARM resource types the mTLS rules judge, in the casing the REST specifications use, with the
 * property paths (from the resource body) each rule reads. Frontends and collectors use
 * `canonicalArmType` so that `microsoft.web/Sites` and `Microsoft.Web/sites` are the same resource.
 */

export interface ArmTypeEntry {
  /** Canonical casing, as the REST specification spells it. */
  readonly type: string;
  /** Product family, for documentation and reports. */
  readonly family: string;
  /** Paths (dot-separated, from the resource body) that the rules or profiles read. */
  readonly reads: readonly string[];
}

/** A slot is a full site with its own settings, so sites and slots are read alike. */
const APP_SERVICE_READS: readonly string[] = [
  'kind',
  'tags',
  'properties.clientCertEnabled',
  'properties.clientCertMode',
  'properties.clientCertExclusionPaths',
  'properties.publicNetworkAccess',
  'properties.siteConfig.publicNetworkAccess',
];

export const ArmTypes: readonly ArmTypeEntry[] = [
  {
    type: 'Microsoft.Web/sites',
    family: 'App Service',
    reads: APP_SERVICE_READS,
  },
  {
    type: 'Microsoft.Web/sites/slots',
    family: 'App Service',
    reads: APP_SERVICE_READS,
  },
  {
    type: 'Microsoft.SignalRService/signalR',
    family: 'Azure SignalR Service',
    reads: ['sku.name', 'tags', 'properties.tls.clientCertEnabled', 'properties.publicNetworkAccess'],
  },
  {
    type: 'Microsoft.SignalRService/webPubSub',
    family: 'Azure Web PubSub',
    reads: ['sku.name', 'tags', 'properties.tls.clientCertEnabled', 'properties.publicNetworkAccess'],
  },
  {
    type: 'Microsoft.App/containerApps',
    family: 'Azure Container Apps',
    reads: ['tags', 'properties.configuration.ingress', 'properties.configuration.ingress.clientCertificateMode', 'properties.configuration.ingress.external'],
  },
  {
    type: 'Microsoft.ApiManagement/service',
    family: 'API Management',
    reads: [
      'sku.name',
      'tags',
      'properties.enableClientCertificate',
      'properties.hostnameConfigurations',
      'properties.hostnameConfigurations[].type',
      'properties.hostnameConfigurations[].hostName',
      'properties.hostnameConfigurations[].negotiateClientCertificate',
      'properties.publicNetworkAccess',
      'properties.virtualNetworkType',
    ],
  },
  {
    type: 'Microsoft.ApiManagement/service/gateways/hostnameConfigurations',
    family: 'API Management',
    reads: ['properties.hostname', 'properties.negotiateClientCertificate'],
  },
  {
    type: 'Microsoft.DataFactory/factories/linkedservices',
    family: 'Data Factory',
    reads: ['properties.type', 'properties.typeProperties.authenticationType'],
  },
  {
    type: 'Microsoft.DataFactory/factories/pipelines',
    family: 'Data Factory',
    reads: [
      'properties.activities',
      'properties.activities[].name',
      'properties.activities[].type',
      'properties.activities[].typeProperties.authentication.type',
      'properties.activities[].typeProperties.authenticationType',
      'properties.activities[].typeProperties.activities',
      'properties.activities[].typeProperties.ifTrueActivities',
      'properties.activities[].typeProperties.ifFalseActivities',
      'properties.activities[].typeProperties.cases[].activities',
      'properties.activities[].typeProperties.defaultActivities',
    ],
  },
  {
    type: 'Microsoft.ContainerRegistry/registries/tokens',
    family: 'Container Registry',
    reads: ['properties.credentials.certificates', 'properties.credentials.passwords'],
  },
  {
    type: 'Microsoft.DocumentDB/cassandraClusters',
    family: 'Azure Managed Instance for Apache Cassandra',
    reads: ['properties.clientCertificates', 'properties.externalSeedNodes', 'properties.externalGossipCertificates', 'properties.authenticationMethod'],
  },
  {
    type: 'Microsoft.ServiceFabric/clusters',
    family: 'Service Fabric',
    reads: ['properties.clientCertificateThumbprints', 'properties.clientCertificateCommonNames'],
  },
  {
    type: 'Microsoft.ServiceFabric/managedClusters',
    family: 'Service Fabric',
    reads: ['properties.clients'],
  },
];

const byLowerType = new Map(ArmTypes.map((e) => [e.type.toLowerCase(), e]));

/** The catalogue entry of a type, compared case-insensitively as ARM does. */
export function armTypeEntry(type: string): ArmTypeEntry | undefined {
  return byLowerType.get(type.toLowerCase());
}

/** The canonical casing of a known type; other types are returned as given. */
export function canonicalArmType(type: string): string {
  return byLowerType.get(type.toLowerCase())?.type ?? type;
}
