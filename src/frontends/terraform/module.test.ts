import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { planTerraformUnits } from './index.js';
import { dirPrefix, joinPath } from './module/config.js';
import { hasWord } from './module/units.js';
import { memFs } from './testing/memfs.js';
import { attr } from '../../model/access.js';
import { byAddress, lineOf, load, val } from './testing/helpers.js';

const app = 'resource "azurerm_linux_web_app" "a" { name = var.name }\n';

describe('variables', () => {
  const decl = 'variable "name" { default = "from-default" }\n' + app;

  test('precedence: default < TF_VAR_ < terraform.tfvars < tfvars.json < *.auto.tfvars (lexical) < --var-file < --var', async () => {
    const files: Record<string, string> = { 'infra/main.tf': decl };
    const name = async (extra = {}) => byAddress(await load(files, 'infra', extra), 'azurerm_linux_web_app.a').name;
    assert.equal(await name(), 'from-default');
    assert.equal(await name({ env: { TF_VAR_name: 'from-env' } }), 'from-env');
    files['infra/terraform.tfvars'] = 'name = "from-tfvars"\n';
    assert.equal(await name({ env: { TF_VAR_name: 'from-env' } }), 'from-tfvars');
    files['infra/terraform.tfvars.json'] = '{ "name": "from-tfvars-json" }';
    assert.equal(await name(), 'from-tfvars-json');
    files['infra/b.auto.tfvars'] = 'name = "from-b-auto"\n';
    files['infra/a.auto.tfvars'] = 'name = "from-a-auto"\n';
    assert.equal(await name(), 'from-b-auto');
    files['other/x.tfvars'] = 'name = "from-var-file"\n';
    assert.equal(await name({ varFiles: ['other/x.tfvars'] }), 'from-var-file');
    assert.equal(await name({ varFiles: ['other/x.tfvars'], vars: { name: 'from-cli' } }), 'from-cli');
  });

  test('a value from a tfvars file is a related location; -var strings follow the declared type', async () => {
    const out = await load(
      {
        'infra/main.tf': `variable "on" { type = bool }
variable "modes" { type = map(string) }
resource "azurerm_linux_web_app" "a" {
  name = "a"
  client_certificate_enabled = var.on
  client_certificate_mode = var.modes["a"]
}`,
        'infra/terraform.tfvars': '\non = true\n',
      },
      'infra',
      { vars: { modes: '{ a = "Required" }' } },
    );
    const r = byAddress(out, 'azurerm_linux_web_app.a');
    assert.equal(val(r, 'properties.clientCertEnabled'), true);
    assert.equal(val(r, 'properties.clientCertMode'), 'Required');
    const en = r.body.props.get('properties')!.value;
    const via = en.t === 'object' ? en.props.get('clientcertenabled')!.value.via : undefined;
    assert.equal(via?.[0]?.message, 'value comes from infra/terraform.tfvars');
    assert.equal(lineOf(out, via?.[0]?.ref), 2);
  });

  test('a variable without a value is unresolved with the reason; a sensitive one is never read', async () => {
    const out = await load({
      'infra/main.tf': `variable "name" {}
variable "secret" {
  sensitive = true
  default = "hunter2"
}
resource "azurerm_linux_web_app" "a" {
  name = var.name
  client_certificate_exclusion_paths = var.secret
}`,
    });
    const r = byAddress(out, 'azurerm_linux_web_app.a');
    assert.equal(r.nameResolved, false);
    assert.equal(r.name, 'var.name');
    const p = r.body.props.get('properties')!.value;
    const ex = p.t === 'object' ? p.props.get('clientcertexclusionpaths')!.value : undefined;
    assert.equal(ex?.t, 'unresolved');
    assert.equal(ex?.t === 'unresolved' ? ex.reason : '', 'sensitive value is not read');
    assert.equal(JSON.stringify(r.body, (_k, v: unknown) => (v instanceof Map ? [...v.values()] : v)).includes('hunter2'), false);
  });

  test('optional() attribute defaults of object types apply', async () => {
    const out = await load({
      'infra/main.tf': `variable "cfg" {
  type = object({ name = string, mode = optional(string, "Required") })
  default = { name = "opt" }
}
resource "azurerm_linux_web_app" "a" {
  name = var.cfg.name
  client_certificate_mode = var.cfg.mode
}`,
    });
    const r = byAddress(out, 'azurerm_linux_web_app.a');
    assert.equal(r.name, 'opt');
    assert.equal(val(r, 'properties.clientCertMode'), 'Required');
  });
});

describe('locals', () => {
  test('locals across files; a cycle is AZM2002 and unresolved', async () => {
    const out = await load({
      'infra/locals.tf': 'locals {\n  base = "ct"\n  a = local.b\n  b = local.a\n}\n',
      'infra/main.tf': 'resource "azurerm_linux_web_app" "a" { name = "${local.base}-${local.a}" }\n',
    });
    const cyc = out.diagnostics.filter((d) => d.code === 'AZM2002');
    assert.equal(cyc.length, 1);
    assert.match(cyc[0]!.message, /^local value "a" refers to itself through local\.a -> local\.b$/);
    const r = byAddress(out, 'azurerm_linux_web_app.a');
    assert.equal(r.nameResolved, false);
    assert.equal(r.name, '"${local.base}-${local.a}"');
  });
});

describe('count and for_each', () => {
  test('one instance each, with its address and evaluated name', async () => {
    const out = await load({
      'infra/main.tf': `resource "azurerm_linux_web_app" "many" {
  count = 2
  name = "api-\${count.index}"
}
resource "azurerm_linux_web_app" "keyed" {
  for_each = { blue = "Required", green = "Optional" }
  name = "app-\${each.key}"
  client_certificate_mode = each.value
}
resource "azurerm_linux_web_app" "none" {
  count = 0
  name = "never"
}`,
    });
    assert.deepEqual(
      out.resources.map((r) => `${r.address}=${r.name}`),
      ['azurerm_linux_web_app.many[0]=api-0', 'azurerm_linux_web_app.many[1]=api-1', 'azurerm_linux_web_app.keyed["blue"]=app-blue', 'azurerm_linux_web_app.keyed["green"]=app-green'],
    );
    assert.equal(val(byAddress(out, 'azurerm_linux_web_app.keyed["green"]'), 'properties.clientCertMode'), 'Optional');
  });

  test('count = var.enabled ? 1 : 0 with an unknown variable: one instance, deployed only when var.enabled', async () => {
    const out = await load({ 'infra/main.tf': 'variable "enabled" {}\nresource "azurerm_linux_web_app" "c" {\n  count = var.enabled ? 1 : 0\n  name = "c"\n}\n' });
    const r = byAddress(out, 'azurerm_linux_web_app.c[0]');
    assert.equal(r.condition?.expression, 'var.enabled');
    assert.match(r.condition!.reason, /variable "enabled" has no default/);
  });

  test('dynamic blocks expand with their iterator', async () => {
    const out = await load({
      'infra/main.tf': `locals {
  hosts = { "api.contoso.com" = true, "www.contoso.com" = false }
}
resource "azurerm_api_management" "a" {
  name = "apim"
  sku_name = "Premium_1"
  hostname_configuration {
    dynamic "proxy" {
      for_each = local.hosts
      iterator = h
      content {
        host_name = h.key
        negotiate_client_certificate = h.value
      }
    }
  }
}`,
    });
    assert.deepEqual(val(byAddress(out, 'azurerm_api_management.a'), 'properties.hostnameConfigurations'), [
      { type: 'Proxy', hostName: 'api.contoso.com', negotiateClientCertificate: true },
      { type: 'Proxy', hostName: 'www.contoso.com', negotiateClientCertificate: false },
    ]);
  });

  test('a resource attribute is evaluated when configured, otherwise known after apply', async () => {
    const out = await load({
      'infra/main.tf': `resource "azurerm_service_plan" "p" {
  name = "plan-1"
}
resource "azurerm_linux_web_app" "a" {
  name = "\${azurerm_service_plan.p.name}-app"
  client_certificate_exclusion_paths = azurerm_service_plan.p.id
}`,
    });
    const r = byAddress(out, 'azurerm_linux_web_app.a');
    assert.equal(r.name, 'plan-1-app');
    const p = r.body.props.get('properties')!.value;
    const ex = p.t === 'object' ? p.props.get('clientcertexclusionpaths')!.value : undefined;
    assert.equal(ex?.t === 'unresolved' ? `${ex.expression}: ${ex.reason}` : '', 'azurerm_service_plan.p.id: known after apply');
  });
});

describe('modules', () => {
  const files = {
    'infra/main.tf': `provider "azurerm" {
  features {}
}
module "apps" {
  source = "./modules/app"
  for_each = toset(["a", "b"])
  name = "app-\${each.key}"
}
module "remote" {
  source = "Azure/avm-res-web-site/azurerm"
  version = "0.1.0"
}
module "missing" {
  source = "./nowhere"
}
resource "azurerm_linux_web_app" "root" { name = module.apps["a"].site_name }`,
    'infra/modules/app/main.tf': `variable "name" {}
resource "azurerm_windows_web_app" "this" {
  name = var.name
  client_certificate_enabled = true
}
output "site_name" { value = azurerm_windows_web_app.this.name }`,
    'infra/modules/app/versions.tf': 'terraform {\n  required_providers {\n    azurerm = { source = "hashicorp/azurerm" }\n  }\n}\n',
  };

  test('local child modules evaluated with their arguments; call site related; outputs readable', async () => {
    const out = await load(files);
    const a = byAddress(out, 'module.apps["a"].azurerm_windows_web_app.this');
    assert.equal(a.name, 'app-a');
    assert.equal(a.file, 'infra/modules/app/main.tf');
    assert.equal(a.related?.[0]?.message, 'instantiated by module "apps" instance ["a"]');
    assert.equal(lineOf(out, a.related?.[0]?.ref), 4);
    assert.equal(byAddress(out, 'module.apps["b"].azurerm_windows_web_app.this').name, 'app-b');
    assert.equal(byAddress(out, 'azurerm_linux_web_app.root').name, 'app-a');
  });

  test('registry modules are AZM2008 at the module block; a missing local module is AZM2004', async () => {
    const out = await load(files);
    const w = out.diagnostics.filter((d) => d.code === 'AZM2008');
    assert.equal(w.length, 1);
    assert.equal(w[0]!.message, 'module "remote" is not evaluated: module "remote" comes from "Azure/avm-res-web-site/azurerm", which azmtls does not download; its resources are not scanned');
    assert.equal(lineOf(out, w[0]!.ref), 9);
    const m = out.diagnostics.filter((d) => d.code === 'AZM2004');
    assert.equal(m.length, 1);
    assert.equal(lineOf(out, m[0]!.ref), 13);
  });

  test('a directory called by another scanned directory is not a root, unless it declares a provider or backend', () => {
    const fs = memFs({
      ...files,
      'infra/modules/rooted/main.tf': 'terraform {\n  backend "azurerm" {}\n}\n',
      'infra/caller.tf': 'module "r" {\n  source = "./modules/rooted"\n}\n',
      'solo/main.tf': 'resource "azurerm_linux_web_app" "x" { name = "x" }\n',
      'cyc/a/main.tf': 'module "b" {\n  source = "../b"\n}\n',
      'cyc/b/main.tf': 'module "a" {\n  source = "../a"\n}\n',
    });
    assert.deepEqual(planTerraformUnits(['infra', 'infra/modules/app', 'infra/modules/rooted', 'solo', 'cyc/a', 'cyc/b'], fs), ['infra', 'infra/modules/rooted', 'solo', 'cyc/a']);
  });

  test('the facts come from whichever file holds them; the words alone (in comments, strings, names) decide nothing', () => {
    const fs = memFs({
      // The call is in one file, the callee's provider block in another that never says "module".
      'top/main.tf': '# uses the module below\nmodule "n" {\n  source = "../net"\n}\n',
      'net/main.tf': 'resource "azurerm_virtual_network" "v" { name = "provider-module" }\n',
      'net/providers.tf': 'provider "azurerm" {\n  features {}\n}\n',
      // Called, and only mentions the words: not a root.
      'top2/main.tf': 'module "n" {\n  source = "../lib"\n}\noutput "id" { value = module.n.id }\n',
      'lib/main.tf': '# a provider is configured by the caller; no backend, no cloud\nvariable "module_name" { default = "provider" }\n',
    });
    assert.deepEqual(planTerraformUnits(['top', 'net', 'top2', 'lib'], fs), ['top', 'net', 'top2']);
  });
});

describe('paths', () => {
  test("a directory's prefix and a file name make the path joinPath makes; a word is found as \\b…\\b finds it", () => {
    const segment = fc.constantFrom('a', 'b.c', '.', '..', '', '.hidden', 'x y', '...');
    const dir = fc.tuple(fc.constantFrom('', '/', './', '../'), fc.array(segment, { maxLength: 5 }), fc.boolean()).map(([lead, segs, slash]) => lead + segs.join('/') + (slash ? '/' : ''));
    const name = fc.constantFrom('main.tf', '.tf', 'x_override.tf', 'terraform.tfvars');
    fc.assert(fc.property(dir, name, (d, n) => dirPrefix(d) + n === joinPath(d, n)), { numRuns: 2000 });
    const text = fc.array(fc.constantFrom('module', 'modules', '_module', 'module_', 'x', ' ', '.', '\n', '-', 'é', '9'), { maxLength: 8 }).map((p) => p.join(''));
    fc.assert(fc.property(text, (t) => hasWord(t, 'module') === /\bmodule\b/.test(t)), { numRuns: 2000 });
  });

  // https://developer.hashicorp.com/terraform/language/expressions/references#filesystem-and-workspace-info
  test('file() is relative to where Terraform runs (the root module); path.module leads to a module from there', async () => {
    const out = await load(
      {
        'infra/tf/main.tf': [
          'module "child" { source = "../modules/app" }',
          'resource "azurerm_linux_web_app" "root" { name = trimspace(file("${path.module}/name.txt")) }',
          'resource "azurerm_linux_web_app" "plain" { name = trimspace(file("data/plain.txt")) }',
          'resource "azurerm_linux_web_app" "paths" { name = "${path.module}|${path.root}|${path.cwd}" }',
        ].join('\n'),
        'infra/tf/name.txt': 'root-app\n',
        'infra/tf/data/plain.txt': 'plain-app\n',
        'infra/modules/app/main.tf': [
          'resource "azurerm_linux_web_app" "a" { name = trimspace(file("${path.module}/name.txt")) }',
          'resource "azurerm_linux_web_app" "p" { name = "${path.module}|${path.root}" }',
        ].join('\n'),
        'infra/modules/app/name.txt': 'child-app\n',
      },
      'infra/tf',
    );
    assert.deepEqual(out.diagnostics, []);
    assert.equal(byAddress(out, 'azurerm_linux_web_app.root').name, 'root-app');
    assert.equal(byAddress(out, 'azurerm_linux_web_app.plain').name, 'plain-app');
    assert.equal(byAddress(out, 'azurerm_linux_web_app.paths').name, '.|.|.');
    assert.equal(byAddress(out, 'module.child.azurerm_linux_web_app.a').name, 'child-app');
    assert.equal(byAddress(out, 'module.child.azurerm_linux_web_app.p').name, '../modules/app|.');
  });
});

describe('override files (override.tf, *_override.tf), merged as Terraform merges them', () => {
  const base = `variable "mode" { default = "Optional" }
resource "azurerm_linux_web_app" "a" {
  name                       = "a"
  client_certificate_enabled = true
  client_certificate_mode    = var.mode
  site_config {
    minimum_tls_version = "1.2"
  }
}
`;

  test('an argument of the override replaces the original, is read in its own file, and the rest stays', async () => {
    const out = await load({
      'infra/main.tf': base,
      'infra/main_override.tf': '\n\nresource "azurerm_linux_web_app" "a" {\n  client_certificate_enabled = false\n}\n',
    });
    assert.deepEqual(out.diagnostics, []);
    const r = byAddress(out, 'azurerm_linux_web_app.a');
    assert.equal(val(r, 'properties.clientCertEnabled'), false);
    assert.equal(val(r, 'properties.clientCertMode'), 'Optional');
    assert.equal(r.name, 'a');
    const en = attr(r, 'properties.clientCertEnabled');
    assert.equal(en.ref?.file, 'infra/main_override.tf');
    assert.equal(lineOf(out, en.ref), 4);
    // The resource itself is still where it is declared.
    assert.equal(r.ref?.file, 'infra/main.tf');
  });

  test('override.tf and *_override.tf apply after the other files, in lexical order; a variable default is overridden too', async () => {
    const out = await load({
      'infra/main.tf': base,
      'infra/b_override.tf': 'variable "mode" { default = "OptionalInteractiveUser" }\n',
      'infra/override.tf': 'variable "mode" { default = "Required" }\n',
      'infra/z.tf': '# after main.tf, before the overrides\n',
    });
    assert.deepEqual(out.diagnostics, []);
    // b_override.tf < override.tf lexically: the last one read wins.
    const r = byAddress(out, 'azurerm_linux_web_app.a');
    assert.equal(val(r, 'properties.clientCertMode'), 'Required');
    const mode = attr(r, 'properties.clientCertMode');
    assert.equal(mode.node?.via?.[0]?.ref?.file, 'infra/override.tf');
  });

  test('an override of a block read only through references (its body built on first read) is merged too', async () => {
    const out = await load({
      'infra/main.tf': 'resource "azurerm_service_plan" "p" {\n  name = "plan-a"\n  sku_name = "P1v3"\n}\nresource "azurerm_linux_web_app" "a" {\n  name = azurerm_service_plan.p.name\n  client_certificate_enabled = true\n}\n',
      'infra/main_override.tf': 'resource "azurerm_service_plan" "p" {\n  name = "plan-b"\n}\n',
    });
    assert.deepEqual(out.diagnostics, []);
    const r = byAddress(out, 'azurerm_linux_web_app.a');
    assert.equal(r.name, 'plan-b');
  });

  test('a nested block of the override replaces every block of its type; other types stay', async () => {
    const out = await load({
      'infra/main.tf': base.replace('site_config {', 'auth_settings { enabled = true }\n  site_config {'),
      'infra/x_override.tf': 'resource "azurerm_linux_web_app" "a" {\n  site_config {\n    http2_enabled = true\n  }\n}\n',
    });
    const r = byAddress(out, 'azurerm_linux_web_app.a');
    assert.equal(val(r, 'properties.siteConfig.http20Enabled'), true);
    assert.equal(val(r, 'properties.siteConfig.minTlsVersion'), undefined);
  });

  test('a local value and a module argument are overridden by name', async () => {
    const out = await load({
      'infra/main.tf': 'locals {\n  on = true\n}\nmodule "app" {\n  source = "./app"\n  mode   = "Optional"\n  on     = local.on\n}\n',
      'infra/app/main.tf': 'variable "mode" {}\nvariable "on" {}\nresource "azurerm_linux_web_app" "a" {\n  name = "a"\n  client_certificate_enabled = var.on\n  client_certificate_mode = var.mode\n}\n',
      'infra/override.tf': 'locals {\n  on = false\n}\nmodule "app" {\n  mode = "Required"\n}\n',
    });
    assert.deepEqual(out.diagnostics, []);
    const r = byAddress(out, 'module.app.azurerm_linux_web_app.a');
    assert.equal(val(r, 'properties.clientCertEnabled'), false);
    assert.equal(val(r, 'properties.clientCertMode'), 'Required');
  });

  test('an override of a block no other file declares is an error, as in Terraform', async () => {
    const out = await load({
      'infra/main.tf': base,
      'infra/main_override.tf': 'resource "azurerm_linux_web_app" "b" {\n  client_certificate_enabled = false\n}\n',
    });
    assert.equal(out.resources.length, 1);
    assert.equal(out.diagnostics.length, 1);
    assert.match(out.diagnostics[0]!.message, /override of resource "azurerm_linux_web_app" "b", which no other file of the module declares/);
    assert.equal(out.diagnostics[0]!.file, 'infra/main_override.tf');
  });

  test("an override's azurerm version constraint replaces the original's, and decides the provider's defaults", async () => {
    const logicApp = 'resource "azurerm_logic_app_standard" "l" { name = "l" }\n';
    const versions = (v: string) => `terraform {\n  required_providers {\n    azurerm = {\n      source  = "hashicorp/azurerm"\n      version = "${v}"\n    }\n  }\n}\n`;
    const enabled = async (files: Record<string, string>) => val(byAddress(await load(files), 'azurerm_logic_app_standard.l'), 'properties.clientCertEnabled');
    // Before azurerm 5.0 an unset mode means disabled; from 5.0 on, Required.
    assert.equal(await enabled({ 'infra/main.tf': logicApp, 'infra/versions.tf': versions('~> 3.90') }), false);
    assert.equal(await enabled({ 'infra/main.tf': logicApp, 'infra/versions.tf': versions('~> 3.90'), 'infra/versions_override.tf': versions('~> 5.1') }), true);
    assert.equal(await enabled({ 'infra/main.tf': logicApp, 'infra/versions.tf': versions('~> 5.1'), 'infra/versions_override.tf': versions('~> 3.90') }), false);
  });

  test('a file that only ends in override but not _override.tf is an ordinary file (a duplicate is reported)', async () => {
    const out = await load({
      'infra/main.tf': base,
      'infra/myoverride.tf': 'resource "azurerm_linux_web_app" "a" {\n  client_certificate_enabled = false\n}\n',
    });
    assert.equal(val(byAddress(out, 'azurerm_linux_web_app.a'), 'properties.clientCertEnabled'), true);
    assert.match(out.diagnostics[0]!.message, /duplicate resource/);
  });
});

describe('ARM template deployments (azurerm_*_template_deployment)', () => {
  const template = JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { mode: { type: 'string', defaultValue: 'Required' }, siteName: { type: 'string' } },
    resources: [{ type: 'Microsoft.Web/sites', apiVersion: '2022-03-01', name: "[parameters('siteName')]", properties: { clientCertEnabled: true, clientCertMode: "[parameters('mode')]" } }],
  });
  const deployment = (params: string, content = 'file("${path.module}/site.json")') =>
    `variable "mode" {\n  default = "Optional"\n}\nvariable "secret" {}\nresource "azurerm_resource_group_template_deployment" "site" {\n  count = 1\n  name = "site"\n  resource_group_name = "rg"\n  deployment_mode = "Incremental"\n  template_content = ${content}\n  parameters_content = ${params}\n}\n`;

  test('the template is lowered with parameters_content, located at template_content', async () => {
    const out = await load({ 'infra/main.tf': deployment('jsonencode({ mode = { value = var.mode }, siteName = { value = "tf-app" } })'), 'infra/site.json': template });
    assert.deepEqual(out.diagnostics, []);
    const r = byAddress(out, 'azurerm_resource_group_template_deployment.site[0]>Microsoft.Web/sites/tf-app');
    assert.equal(val(r, 'properties.clientCertMode'), 'Optional');
    assert.equal(r.file, 'infra/main.tf');
    assert.equal(lineOf(out, r.ref), 10, 'template_content');
    assert.deepEqual(r.related?.map((x) => [x.message, lineOf(out, x.ref)]), [['deployed by azurerm_resource_group_template_deployment.site[0]', 5]]);
    assert.equal(out.sources.has('infra/main.tf#azurerm_resource_group_template_deployment.site[0].template_content'), false);
  });

  test('parameters that are not known stay unresolved, defaults included; a Key Vault reference is not read', async () => {
    // jsonencode() of a value not known is not known as a whole, so neither parameter is.
    const unknown = await load({ 'infra/main.tf': deployment('jsonencode({ mode = { value = var.secret }, siteName = { value = "a" } })'), 'infra/site.json': template });
    const r = unknown.resources[0]!;
    assert.equal(r.nameResolved, false);
    assert.equal(attr(r, 'properties.clientCertMode').reason, 'a template parameter (mode, siteName) is not known');
    const whole = await load({ 'infra/main.tf': deployment('var.secret'), 'infra/site.json': template });
    const w = whole.resources[0]!;
    assert.equal(attr(w, 'properties.clientCertMode').origin, 'unresolved', 'the default does not apply when parameters_content is not known');
    const kv = await load({
      'infra/main.tf': deployment('jsonencode({ mode = { reference = { keyVault = { id = "kv" }, secretName = "s" } }, siteName = { value = "a" } })'),
      'infra/site.json': template,
    });
    assert.equal(attr(kv.resources[0]!, 'properties.clientCertMode').reason, "the template parameter 'mode' is not known: Key Vault reference (secret not read)");
  });

  test('the older azurerm_template_deployment: template_body, with parameters as a map of strings', async () => {
    const text = 'variable "mode" {\n  default = "Optional"\n}\nresource "azurerm_template_deployment" "old" {\n  name = "old"\n  resource_group_name = "rg"\n  deployment_mode = "Incremental"\n  template_body = file("${path.module}/site.json")\n  parameters = { mode = var.mode, siteName = "old-app" }\n}\n';
    const out = await load({ 'infra/main.tf': text, 'infra/site.json': template });
    assert.deepEqual(out.diagnostics, []);
    assert.equal(val(byAddress(out, 'azurerm_template_deployment.old>Microsoft.Web/sites/old-app'), 'properties.clientCertMode'), 'Optional');
  });

  test('an azapi_resource of type Microsoft.Resources/deployments: body.properties.template with its parameters', async () => {
    const text = `variable "mode" {
  default = "Optional"
}
resource "azapi_resource" "d" {
  type      = "Microsoft.Resources/deployments@2022-09-01"
  name      = "d"
  parent_id = "/subscriptions/x/resourceGroups/rg"
  body = {
    properties = {
      mode       = "Incremental"
      template   = jsondecode(file("\${path.module}/site.json"))
      parameters = { mode = { value = var.mode }, siteName = { value = "azapi-app" } }
    }
  }
}
resource "azapi_resource" "linked" {
  type      = "Microsoft.Resources/deployments@2022-09-01"
  name      = "linked"
  parent_id = "/subscriptions/x/resourceGroups/rg"
  body      = { properties = { mode = "Incremental", templateLink = { uri = "https://example.com/t.json" } } }
}
`;
    const out = await load({ 'infra/main.tf': text, 'infra/site.json': template });
    assert.equal(val(byAddress(out, 'azapi_resource.d>Microsoft.Web/sites/azapi-app'), 'properties.clientCertMode'), 'Optional');
    assert.deepEqual(out.diagnostics.map((d) => [d.code, d.message]), [['AZM2008', 'The linked template of azapi_resource.linked is not read by a scan; its resources are not judged']]);
  });

  test('a template that is not known, or a template spec, is a warning that its resources are not judged', async () => {
    const out = await load({ 'infra/main.tf': deployment('"{}"', 'var.secret') });
    assert.deepEqual(
      out.diagnostics.map((d) => [d.code, d.message]),
      [['AZM2008', 'The template of azurerm_resource_group_template_deployment.site[0] is not known (variable "secret" has no default and no value was supplied); its resources are not judged']],
    );
    assert.equal(out.resources.length, 0);
    const spec = await load({ 'infra/main.tf': 'resource "azurerm_subscription_template_deployment" "s" {\n  name = "s"\n  location = "westeurope"\n  template_spec_version_id = "x"\n}\n' });
    assert.deepEqual(spec.diagnostics.map((d) => d.code), ['AZM2008']);
    assert.match(spec.diagnostics[0]!.message, /template spec \(template_spec_version_id\), which a scan does not read; its resources are not judged$/);
  });
});
