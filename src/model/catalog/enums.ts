/**
 * Enum values in the exact casing of the REST specifications. Inputs compare case-insensitively;
 * messages and fixes speak these spellings.
 */

export const Enums = {
  /** Microsoft.Web/sites `clientCertMode` (2020-06-01: Required, Optional; 2020-12-01 added OptionalInteractiveUser). */
  ClientCertMode: ['Required', 'Optional', 'OptionalInteractiveUser'],
  /** Microsoft.App/containerApps `configuration.ingress.clientCertificateMode` (lower case in the API). */
  IngressClientCertificateMode: ['ignore', 'accept', 'require'],
  PublicNetworkAccess: ['Enabled', 'Disabled'],
  /** Microsoft.ApiManagement/service `hostnameConfigurations[].type`. */
  ApimHostnameType: ['Proxy', 'Portal', 'Management', 'Scm', 'DeveloperPortal', 'ConfigurationApi'],
  ApimSkuName: ['Consumption', 'Developer', 'Basic', 'BasicV2', 'Standard', 'StandardV2', 'Premium', 'PremiumV2'],
  ApimVirtualNetworkType: ['None', 'External', 'Internal'],
  /** Microsoft.DataFactory linked service `properties.type` values that can authenticate with a client certificate. */
  DataFactoryCertCapableLinkedService: ['Web', 'HttpServer'],
  /** `typeProperties.authenticationType` of Web (Anonymous, Basic, ClientCertificate) and HttpServer linked services. */
  DataFactoryAuthenticationType: ['Anonymous', 'Basic', 'ClientCertificate', 'Digest', 'Windows'],
  /** Pipeline activity types that call an HTTP endpoint. */
  DataFactoryWebActivityType: ['WebActivity', 'WebHook'],
  /** Pipeline activity types that contain other activities. */
  DataFactoryContainerActivityType: ['ForEach', 'Until', 'IfCondition', 'Switch'],
  /** `typeProperties.authentication.type` of Web/WebHook activities (an open string in the API). */
  WebActivityAuthenticationType: ['Basic', 'ClientCertificate', 'MSI', 'ServicePrincipal', 'UserAssignedManagedIdentity'],
  SignalRSkuName: ['Free_F1', 'Standard_S1', 'Premium_P1', 'Premium_P2'],
  CassandraAuthenticationMethod: ['None', 'Cassandra', 'Ldap'],
} as const;

export type EnumName = keyof typeof Enums;

const lowered = new Map<EnumName, Map<string, string>>(
  (Object.keys(Enums) as EnumName[]).map((name) => [name, new Map(Enums[name].map((v: string) => [v.toLowerCase(), v]))]),
);

/** The canonical spelling of `value` in enum `name`, or undefined when it is not one of its values. */
export function canonicalEnum(name: EnumName, value: string): string | undefined {
  return lowered.get(name)!.get(value.trim().toLowerCase());
}
