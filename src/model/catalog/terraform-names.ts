/**
 * The azurerm attribute behind each ARM property the rules read, per Terraform resource type, so a
 * finding on `azurerm_linux_function_app` names `client_certificate_mode`, the word its author wrote
 * (or left out), rather than ARM's `clientCertMode`. Paths follow how the Terraform frontend lowers each
 * resource (provider source read at v5.2.0, v4.81.0 for the legacy resources). `azapi_*` resources are
 * absent on purpose: their `body` is written in ARM's own words.
 */

export interface TerraformNameTable {
  /** azurerm resource types that share these names. */
  readonly resourceTypes: readonly string[];
  /** The ARM type they are lowered into. */
  readonly armType: string;
  /**
   * ARM path (dot-separated from the resource body, `[]` for every array item, as in `ArmTypes.reads`)
   * to the Terraform attribute path (`.` also steps into nested blocks: `ingress.client_certificate_mode`).
   */
  readonly attributes: Readonly<Record<string, string>>;
  /**
   * ARM properties the resource type has no argument for, because the provider derives them from
   * another one: `clientCertEnabled` is true whenever the named attribute is set.
   */
  readonly impliedBySetting?: Readonly<Record<string, string>>;
}

const MODERN_SITE: TerraformNameTable['attributes'] = {
  'properties.clientCertEnabled': 'client_certificate_enabled',
  'properties.clientCertMode': 'client_certificate_mode',
  'properties.clientCertExclusionPaths': 'client_certificate_exclusion_paths',
  'properties.publicNetworkAccess': 'public_network_access_enabled',
};

export const TerraformNameTables: readonly TerraformNameTable[] = [
  {
    resourceTypes: [
      'azurerm_linux_web_app',
      'azurerm_windows_web_app',
      'azurerm_linux_function_app',
      'azurerm_windows_function_app',
      'azurerm_function_app_flex_consumption',
    ],
    armType: 'Microsoft.Web/sites',
    attributes: MODERN_SITE,
  },
  {
    resourceTypes: ['azurerm_linux_web_app_slot', 'azurerm_windows_web_app_slot', 'azurerm_linux_function_app_slot', 'azurerm_windows_function_app_slot'],
    armType: 'Microsoft.Web/sites/slots',
    attributes: MODERN_SITE,
  },
  {
    // Logic App Standard has only a mode; setting it turns client certificates on.
    resourceTypes: ['azurerm_logic_app_standard'],
    armType: 'Microsoft.Web/sites',
    attributes: {
      'properties.clientCertMode': 'client_certificate_mode',
      'properties.publicNetworkAccess': 'public_network_access_enabled',
    },
    impliedBySetting: { 'properties.clientCertEnabled': 'client_certificate_mode' },
  },
  {
    resourceTypes: ['azurerm_app_service'],
    armType: 'Microsoft.Web/sites',
    attributes: {
      'properties.clientCertEnabled': 'client_cert_enabled',
      'properties.clientCertMode': 'client_cert_mode',
      'properties.publicNetworkAccess': 'public_network_access_enabled',
    },
  },
  {
    // The legacy function app likewise enables client certificates whenever client_cert_mode is set.
    resourceTypes: ['azurerm_function_app'],
    armType: 'Microsoft.Web/sites',
    attributes: { 'properties.clientCertMode': 'client_cert_mode' },
    impliedBySetting: { 'properties.clientCertEnabled': 'client_cert_mode' },
  },
  {
    // No client-certificate arguments at all: the frontend states that limitation instead.
    resourceTypes: ['azurerm_app_service_slot', 'azurerm_function_app_slot'],
    armType: 'Microsoft.Web/sites/slots',
    attributes: {},
  },
  {
    resourceTypes: ['azurerm_signalr_service'],
    armType: 'Microsoft.SignalRService/signalR',
    attributes: {
      'properties.tls.clientCertEnabled': 'tls_client_cert_enabled',
      'sku.name': 'sku.name',
      'properties.publicNetworkAccess': 'public_network_access_enabled',
    },
  },
  {
    // Web PubSub takes its SKU as a plain `sku` argument, SignalR as a `sku` block.
    resourceTypes: ['azurerm_web_pubsub', 'azurerm_web_pubsub_socketio'],
    armType: 'Microsoft.SignalRService/webPubSub',
    attributes: {
      'properties.tls.clientCertEnabled': 'tls_client_cert_enabled',
      'sku.name': 'sku',
      'properties.publicNetworkAccess': 'public_network_access_enabled',
    },
  },
  {
    resourceTypes: ['azurerm_container_app'],
    armType: 'Microsoft.App/containerApps',
    attributes: {
      'properties.configuration.ingress': 'ingress',
      'properties.configuration.ingress.clientCertificateMode': 'ingress.client_certificate_mode',
      'properties.configuration.ingress.external': 'ingress.external_enabled',
    },
  },
  {
    resourceTypes: ['azurerm_api_management'],
    armType: 'Microsoft.ApiManagement/service',
    attributes: {
      'sku.name': 'sku_name',
      'properties.enableClientCertificate': 'client_certificate_enabled',
      'properties.hostnameConfigurations': 'hostname_configuration',
      'properties.hostnameConfigurations[].hostName': 'host_name',
      'properties.hostnameConfigurations[].negotiateClientCertificate': 'negotiate_client_certificate',
      'properties.publicNetworkAccess': 'public_network_access_enabled',
      'properties.virtualNetworkType': 'virtual_network_type',
    },
  },
  {
    // Stands alone only when its service is not in the configuration; `gateway` blocks are the Proxy hostnames.
    resourceTypes: ['azurerm_api_management_custom_domain'],
    armType: 'Microsoft.ApiManagement/service',
    attributes: {
      'properties.hostnameConfigurations': 'gateway',
      'properties.hostnameConfigurations[].hostName': 'host_name',
      'properties.hostnameConfigurations[].negotiateClientCertificate': 'negotiate_client_certificate',
    },
  },
  {
    resourceTypes: ['azurerm_api_management_gateway_host_name_configuration'],
    armType: 'Microsoft.ApiManagement/service/gateways/hostnameConfigurations',
    attributes: {
      'properties.hostname': 'host_name',
      'properties.negotiateClientCertificate': 'request_client_certificate_enabled',
    },
  },
  {
    resourceTypes: ['azurerm_data_factory_linked_service_web'],
    armType: 'Microsoft.DataFactory/factories/linkedservices',
    attributes: { 'properties.typeProperties.authenticationType': 'authentication_type' },
  },
  {
    // The type properties are ARM JSON inside the argument, so only the argument's name changes.
    resourceTypes: ['azurerm_data_factory_linked_custom_service'],
    armType: 'Microsoft.DataFactory/factories/linkedservices',
    attributes: {
      'properties.type': 'type',
      'properties.typeProperties.authenticationType': 'type_properties_json.authenticationType',
    },
  },
  {
    // Activities are ARM JSON inside activities_json: their inner names stay ARM's.
    resourceTypes: ['azurerm_data_factory_pipeline'],
    armType: 'Microsoft.DataFactory/factories/pipelines',
    attributes: { 'properties.activities': 'activities_json' },
  },
  {
    // Passwords come from azurerm_container_registry_token_password resources pointing at the token.
    resourceTypes: ['azurerm_container_registry_token', 'azurerm_container_registry_token_password'],
    armType: 'Microsoft.ContainerRegistry/registries/tokens',
    attributes: { 'properties.credentials.passwords': 'azurerm_container_registry_token_password' },
  },
  {
    resourceTypes: ['azurerm_cosmosdb_cassandra_cluster'],
    armType: 'Microsoft.DocumentDB/cassandraClusters',
    attributes: {
      'properties.clientCertificates': 'client_certificate_pems',
      'properties.externalGossipCertificates': 'external_gossip_certificate_pems',
      'properties.externalSeedNodes': 'external_seed_node_ip_addresses',
      'properties.authenticationMethod': 'authentication_method',
    },
  },
  {
    resourceTypes: ['azurerm_service_fabric_cluster'],
    armType: 'Microsoft.ServiceFabric/clusters',
    attributes: {
      'properties.clientCertificateThumbprints': 'client_certificate_thumbprint',
      'properties.clientCertificateCommonNames': 'client_certificate_common_name',
    },
  },
  {
    resourceTypes: ['azurerm_service_fabric_managed_cluster'],
    armType: 'Microsoft.ServiceFabric/managedClusters',
    attributes: { 'properties.clients': 'authentication.certificate' },
  },
];

const byResourceType = new Map<string, TerraformNameTable>(TerraformNameTables.flatMap((t) => t.resourceTypes.map((r) => [r, t] as const)));

/** The table of an azurerm resource type (exact, as Terraform spells types in lower case), or undefined. */
export function terraformNameTable(resourceType: string): TerraformNameTable | undefined {
  return byResourceType.get(resourceType);
}

/** The Terraform attribute path for an ARM path on this azurerm resource type, or undefined when it has none. */
export function terraformAttribute(resourceType: string, armPath: string): string | undefined {
  return terraformNameTable(resourceType)?.attributes[armPath];
}

/** The attribute whose being set implies this ARM property (`client_cert_mode` for `clientCertEnabled`), if any. */
export function terraformImpliedBy(resourceType: string, armPath: string): string | undefined {
  return terraformNameTable(resourceType)?.impliedBySetting?.[armPath];
}

/** azurerm resource types lowered into one of these ARM types (for catalogue checks and fixtures). */
export function terraformTypesFor(armTypes: readonly string[]): string[] {
  const wanted = new Set(armTypes.map((t) => t.toLowerCase()));
  return TerraformNameTables.filter((t) => wanted.has(t.armType.toLowerCase())).flatMap((t) => [...t.resourceTypes]);
}
