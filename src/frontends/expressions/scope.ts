/**
 * Deployment and scope functions. Their values come from the deployment a scan does not have, so they
 * are built from `ctx.scope`, where every unknown fact is `Unresolved`; `environment()` is the public
 * cloud, whose endpoints are fixed. Functions that read live state (reference, list*, pickZones,
 * providers, deployer, newGuid) are unresolved with the reason.
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-scope
 * https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-deployment
 */
import { Unresolved, type Value } from '../../model/value.js';
import type { FunctionContext } from './context.js';
import type { Library } from './library.js';
import { firstUnresolvedOf } from './values.js';

/** A string built from scope facts, or unresolved (named `expression`) when one of them is unknown. */
export function joinScope(expression: string, parts: Value[]): Value {
  const u = firstUnresolvedOf(parts);
  if (u) return new Unresolved(expression, u.reason, u.ref);
  return parts.map((p) => String(p)).join('');
}

function unknown(expression: string, reason: string): Unresolved {
  return new Unresolved(expression, reason);
}

function resourceGroup(ctx: FunctionContext): Value {
  const { subscriptionId, resourceGroupName, resourceGroupLocation } = ctx.scope;
  return {
    id: joinScope('resourceGroup().id', ['/subscriptions/', subscriptionId, '/resourceGroups/', resourceGroupName]),
    name: resourceGroupName,
    type: 'Microsoft.Resources/resourceGroups',
    location: resourceGroupLocation,
    tags: {},
    properties: { provisioningState: 'Succeeded' },
  };
}

function subscription(ctx: FunctionContext): Value {
  const { subscriptionId, tenantId } = ctx.scope;
  return {
    id: joinScope('subscription().id', ['/subscriptions/', subscriptionId]),
    subscriptionId,
    tenantId,
    displayName: unknown('subscription().displayName', 'the subscription name is known only at deployment time'),
  };
}

function managementGroup(ctx: FunctionContext): Value {
  const name = ctx.scope.managementGroupName ?? unknown('managementGroup().name', 'the management group is known only at deployment time');
  return {
    id: joinScope('managementGroup().id', ['/providers/Microsoft.Management/managementGroups/', name]),
    name,
    type: 'Microsoft.Management/managementGroups',
    properties: {
      tenantId: ctx.scope.tenantId,
      displayName: unknown('managementGroup().properties.displayName', 'the management group name is known only at deployment time'),
    },
  };
}

function deployment(ctx: FunctionContext): Value {
  const d: { [k: string]: Value } = {
    name: ctx.scope.deploymentName,
    properties: unknown('deployment().properties', 'the deployment properties are known only at deployment time'),
  };
  // Deployments at subscription, management group and tenant scope have a location of their own.
  if ((ctx.scope.targetScope ?? 'resourceGroup') !== 'resourceGroup') {
    d.location = unknown('deployment().location', 'the deployment location is known only at deployment time');
  }
  return d;
}

/** The public cloud (AzureCloud), as `environment()` returns it there. */
function environment(): Value {
  return {
    name: 'AzureCloud',
    gallery: 'https://gallery.azure.com/',
    graph: 'https://graph.windows.net/',
    portal: 'https://portal.azure.com',
    graphAudience: 'https://graph.windows.net/',
    activeDirectoryDataLake: 'https://datalake.azure.net/',
    batch: 'https://batch.core.windows.net/',
    media: 'https://rest.media.azure.net',
    sqlManagement: 'https://management.core.windows.net:8443/',
    vmImageAliasDoc: 'https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json',
    resourceManager: 'https://management.azure.com/',
    authentication: {
      loginEndpoint: 'https://login.microsoftonline.com/',
      audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'],
      tenant: 'common',
      identityProvider: 'AAD',
    },
    suffixes: {
      acrLoginServer: '.azurecr.io',
      azureDatalakeAnalyticsCatalogAndJob: 'azuredatalakeanalytics.net',
      azureDatalakeStoreFileSystem: 'azuredatalakestore.net',
      azureFrontDoorEndpointSuffix: 'azurefd.net',
      keyvaultDns: '.vault.azure.net',
      sqlServerHostname: '.database.windows.net',
      storage: 'core.windows.net',
    },
  };
}

function deploymentTime(expression: string, reason: string, min = 0, max = Infinity): Library[string] {
  return { min, max, lazy: true, impl: () => unknown(expression, reason) };
}

/** Any `list*` function (listKeys, listSecrets, ...): it reads secrets of a deployed resource. */
export function listFunction(name: string): Unresolved {
  return unknown(`${name}(...)`, `${name}() reads a deployed resource at deployment time`);
}

export const scopeFunctions: Library = {
  resourceGroup: { min: 0, max: 0, impl: (_a, ctx) => resourceGroup(ctx) },
  subscription: { min: 0, max: 0, impl: (_a, ctx) => subscription(ctx) },
  managementGroup: { min: 0, max: 0, impl: (_a, ctx) => managementGroup(ctx) },
  tenant: {
    min: 0,
    max: 0,
    impl: (_a, ctx) => ({
      tenantId: ctx.scope.tenantId,
      countryCode: unknown('tenant().countryCode', 'the tenant is known only at deployment time'),
      displayName: unknown('tenant().displayName', 'the tenant is known only at deployment time'),
    }),
  },
  deployment: { min: 0, max: 0, impl: (_a, ctx) => deployment(ctx) },
  environment: { min: 0, max: 0, impl: () => environment() },
  deployer: deploymentTime('deployer()', 'the deploying identity is known only at deployment time', 0, 0),
  newGuid: deploymentTime('newGuid()', 'newGuid() returns a new value at every deployment', 0, 0),
  reference: deploymentTime('reference(...)', 'reference() reads a deployed resource at deployment time', 1, 3),
  pickZones: deploymentTime('pickZones(...)', 'pickZones() reads the availability zones of a region at deployment time', 3, 5),
  providers: deploymentTime('providers(...)', 'providers() reads resource provider metadata at deployment time', 1, 2),
};
