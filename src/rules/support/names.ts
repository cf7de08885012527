/**
 * Messages speak the user's own words: an ARM or Bicep author reads `clientCertMode`, a Terraform author
 * reads `client_certificate_mode` on the very resource type they wrote. The catalogue's Terraform name
 * tables say which attribute stands for which ARM property; azapi resources keep ARM's names because
 * their body is ARM's.
 */
import type { Resource } from '../../model/resource.js';
import { terraformAttribute, terraformImpliedBy, terraformNameTable } from '../../model/catalog/index.js';

function terraformType(resource: Resource): string | undefined {
  if (resource.source !== 'terraform' && resource.source !== 'terraform-plan') return undefined;
  const t = resource.sourceType;
  return t !== undefined && terraformNameTable(t) ? t : undefined;
}

/** True when the resource came from an azurerm resource whose attribute names the messages use. */
export function speaksTerraform(resource: Resource): boolean {
  return terraformType(resource) !== undefined;
}

/** ARM's label drops the `properties.` envelope every ARM author writes around it. */
function armLabel(armPath: string): string {
  return armPath.replace(/^properties\./, '');
}

/**
 * The name of the property at `armPath` as the resource's author knows it: the azurerm attribute for
 * Terraform resources that have one, otherwise `label` (default: the ARM path without `properties.`).
 */
export function propName(resource: Resource, armPath: string, label: string = armLabel(armPath)): string {
  const t = terraformType(resource);
  return (t && terraformAttribute(t, armPath)) ?? label;
}

/**
 * For Terraform resource types that have no argument for this ARM property because setting another
 * attribute implies it (`azurerm_function_app` enables client certificates when `client_cert_mode` is set):
 * that attribute's name.
 */
export function impliedBy(resource: Resource, armPath: string): string | undefined {
  const t = terraformType(resource);
  return t ? terraformImpliedBy(t, armPath) : undefined;
}
