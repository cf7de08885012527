/** Which Terraform resource types the frontend builds resources from; the others are read only through references. */
import { isLoweredType } from './azurerm.js';
import { TEMPLATE_DEPLOYMENTS } from './template-deployment.js';

/** azapi resources name their Azure type in an argument (`type = "Microsoft.Web/sites@2023-01-01"`). */
export function isAzapiType(tfType: string): boolean {
  return tfType === 'azapi_resource' || tfType === 'azapi_update_resource';
}

/** Types a rule judges, azapi resources (any Azure type) and template deployments (which carry templates). */
export function buildsResources(tfType: string): boolean {
  return isLoweredType(tfType) || isAzapiType(tfType) || TEMPLATE_DEPLOYMENTS.has(tfType);
}
