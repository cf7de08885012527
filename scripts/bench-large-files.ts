/**
 * Inputs for the bench's one-large-file scaling: a single file declaring n web apps, half of them
 * requiring client certificates, in each format the scanner reads. Far beyond what Azure deploys from one
 * template (800 resources, 4 MB), so a cost that grows faster than the file (a search to the end of the
 * text per resource, a list scanned per declaration) shows as a rising time per resource.
 */
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

export interface LargeFile {
  format: string;
  name: string;
  text: (n: number) => string;
}

function armTemplate(n: number): string {
  const resources = Array.from({ length: n }, (_, i) => ({
    type: 'Microsoft.Web/sites',
    apiVersion: '2023-12-01',
    name: `app-${i}`,
    location: 'westeurope',
    properties: { httpsOnly: true, clientCertEnabled: i % 2 === 0, ...(i % 2 === 0 ? { clientCertMode: 'Required' } : {}), siteConfig: { alwaysOn: true } },
  }));
  return JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', resources }, null, 2);
}

function bicep(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const mode = i % 2 === 0 ? "\n    clientCertMode: 'Required'" : '';
    out.push(`resource app${i} 'Microsoft.Web/sites@2023-12-01' = {\n  name: 'app-${i}'\n  location: 'westeurope'\n  properties: {\n    httpsOnly: true\n    clientCertEnabled: ${i % 2 === 0}${mode}\n  }\n}\n`);
  }
  return out.join('');
}

function terraform(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const mode = i % 2 === 0 ? '\n  client_certificate_mode    = "Required"' : '';
    out.push(
      `resource "azurerm_linux_web_app" "app${i}" {\n  name                       = "app-${i}"\n  location                   = "westeurope"\n  resource_group_name        = "rg"\n  service_plan_id            = "plan"\n  client_certificate_enabled = ${i % 2 === 0}${mode}\n  site_config {}\n}\n`,
    );
  }
  return out.join('');
}

/** As `terraform show -json` writes it; every other instance a type no rule judges, as in real plans. */
function plan(n: number): string {
  const changes = Array.from({ length: n }, (_, i) => {
    const app = i % 2 === 0;
    const type = app ? 'azurerm_linux_web_app' : 'azurerm_storage_account';
    const after = app
      ? { name: `app-${i}`, location: 'westeurope', client_certificate_enabled: i % 4 === 0, client_certificate_mode: 'Required', site_config: [{ always_on: true }], tags: { env: 'prod' } }
      : { name: `st${i}`, location: 'westeurope', account_tier: 'Standard', account_replication_type: 'LRS', tags: { env: 'prod' } };
    return {
      address: `${type}.r${i}`,
      mode: 'managed',
      type,
      name: `r${i}`,
      provider_name: 'registry.terraform.io/hashicorp/azurerm',
      change: { actions: ['create'], before: null, after, after_unknown: { id: true }, before_sensitive: false, after_sensitive: { tags: {} } },
    };
  });
  return JSON.stringify({ format_version: '1.2', terraform_version: '1.9.5', resource_changes: changes, configuration: { provider_config: {}, root_module: {} } }, null, 2);
}

export const LARGE_FILES: LargeFile[] = [
  { format: 'ARM', name: 'template.json', text: armTemplate },
  { format: 'Bicep', name: 'main.bicep', text: bicep },
  { format: 'Terraform', name: 'main.tf', text: terraform },
  { format: 'plan JSON', name: 'plan.json', text: plan },
];
