// Property-based and mutation fuzzing of the Terraform frontend: HCL parsing, module
// evaluation and lowering, `.tfvars`, and `terraform show -json` plans.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { loadTerraformModule, loadTerraformPlan, sniffPlan } from '../../src/frontends/terraform/index.js';
import { memFs } from '../../src/frontends/terraform/testing/memfs.js';
import { repoRoot } from '../harness/fixtures.js';
import { hclExpr, hclFile } from './generators.js';
import { applyMutation, mutatedSeed, mutationOf } from './mutate.js';
import { assertWellFormed, checkAsyncProperty, Tally, type Seed } from './support.js';

/** A module directory as an in-memory tree of display paths, so a seed's local modules resolve. */
interface ModuleSeed {
  dir: string;
  files: Record<string, string>;
}

function readTree(dir: string, into: Record<string, string>): Record<string, string> {
  for (const name of readdirSync(join(repoRoot, dir)).sort()) {
    const rel = posix.join(dir, name);
    if (statSync(join(repoRoot, rel)).isDirectory()) readTree(rel, into);
    else if (/\.(tf|tfvars|hcl)$/.test(name)) into[rel] = readFileSync(join(repoRoot, rel), 'utf8');
  }
  return into;
}

const fixtureDirs = readdirSync(join(repoRoot, 'src/rules/mtls/fixtures')).filter((d) => d.endsWith('-tf')).map((d) => `src/rules/mtls/fixtures/${d}`);
const moduleSeeds: ModuleSeed[] = ['examples/terraform', ...fixtureDirs].map((dir) => ({ dir, files: readTree(dir, {}) }));

const inlineModule: ModuleSeed = {
  dir: 'inline',
  files: {
    'inline/main.tf': `terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }
  }
}
variable "apps" {
  type    = map(string)
  default = { a = "Required", b = "Optional" }
}
variable "secret" {
  type      = string
  sensitive = true
  default   = "hunter2"
}
locals {
  names = [for k, v in var.apps : "\${k}-app"]
  modes = { for k, v in var.apps : k => lower(v) == "required" ? "Required" : v }
}
resource "azurerm_linux_web_app" "app" {
  for_each                   = var.apps
  name                       = "\${each.key}-web"
  client_certificate_enabled = true
  client_certificate_mode    = local.modes[each.key]
  app_settings               = { SECRET = var.secret }
  site_config {}
}
resource "azurerm_signalr_service" "hub" {
  count                   = length(local.names)
  name                    = local.names[count.index]
  tls_client_cert_enabled = count.index == 0
}
module "child" {
  source = "./child"
  mode   = "Optional"
}
`,
    'inline/child/main.tf': `variable "mode" {}
resource "azurerm_container_app" "c" {
  name = "c"
  ingress {
    client_certificate_mode = var.mode == "Optional" ? "accept" : "require"
  }
}
output "id" { value = azurerm_container_app.c.id }
`,
    'inline/terraform.tfvars': 'apps = { x = "Required" }\n',
  },
};
moduleSeeds.push(inlineModule);

/** The seeds' files that can be mutated (each with the directory it loads from). */
const fileSeeds: (Seed & { dir: string })[] = moduleSeeds.flatMap((m) => Object.entries(m.files).map(([name, text]) => ({ name, text, dir: m.dir })));

const planSeed: Seed = {
  name: 'inline/plan.json',
  text: JSON.stringify(
    {
      format_version: '1.2',
      terraform_version: '1.9.5',
      configuration: { provider_config: { azurerm: { name: 'azurerm', version_constraint: '>= 4.0' } }, root_module: {} },
      resource_changes: [
        {
          address: 'azurerm_windows_function_app.f', mode: 'managed', type: 'azurerm_windows_function_app', name: 'f',
          change: { actions: ['create'], after: { name: 'f', client_certificate_enabled: true }, after_unknown: { client_certificate_mode: true }, after_sensitive: {} },
        },
        {
          address: 'module.m.azurerm_api_management.api[0]', module_address: 'module.m', mode: 'managed', type: 'azurerm_api_management', name: 'api', index: 0,
          change: { actions: ['update'], after: { name: 'api', sku_name: 'Consumption_0', client_certificate_enabled: false }, after_unknown: {}, after_sensitive: {} },
        },
      ],
    },
    null,
    2,
  ),
};

function fsFor(dir: string, replace: Record<string, string> = {}) {
  const seed = moduleSeeds.find((m) => m.dir === dir)!;
  return memFs({ ...seed.files, ...replace });
}

/** The HCL parser is linear on any input, so huge insertions include quotes and brackets at full size. */
const hclMutation = mutationOf();

const tally = new Tally();
after(() => console.log(tally.summary('Terraform robustness')));

describe('Terraform frontend under fuzzing', () => {
  test('the seeds exist and load cleanly', async () => {
    assert.ok(moduleSeeds.length >= 8, `only ${moduleSeeds.length} module seeds`);
    for (const m of moduleSeeds) {
      const out = await loadTerraformModule(m.dir, { ...fsFor(m.dir), env: {} });
      assertWellFormed(out, m.dir);
      assert.deepEqual(out.diagnostics.filter((d) => /^AZM1/.test(d.code)), [], m.dir);
      assert.ok(out.resources.length > 0, `${m.dir} lowered no resource`);
    }
    assert.equal(sniffPlan(planSeed.text), true);
    assertWellFormed(await loadTerraformPlan(planSeed.name, planSeed.text, { ...memFs({}) }), planSeed.name);
  });

  test('mutated .tf and .tfvars files: the module loads, never throws, diagnostics stay inside the text', async () => {
    await checkAsyncProperty('mutated files', tally, mutatedSeed(fileSeeds, hclMutation), async ({ seed, text }) => {
      const dir = fileSeeds.find((s) => s.name === seed)!.dir;
      const out = await loadTerraformModule(dir, { ...fsFor(dir, { [seed]: text }), env: {} });
      assertWellFormed(out, seed);
    }, { seed: 0x544652, numRuns: 250 });
  });

  test('generated configurations: evaluation and lowering return well-formed output', async () => {
    await checkAsyncProperty('generated configurations', tally, hclFile, async (text) => {
      const out = await loadTerraformModule('gen', { ...memFs({ 'gen/main.tf': text }), env: {}, vars: { mode: 'Required' } });
      assertWellFormed(out, 'generated configuration');
      // Generated HCL is well-formed: never an HCL syntax error.
      assert.deepEqual(out.diagnostics.filter((d) => d.code === 'AZM1201'), []);
    }, { seed: 0x47454e, numRuns: 250 });
  });

  test('generated override files merged into generated configurations: well-formed output, never a throw', async () => {
    // Both files come from one generator, so many override blocks name a block of the base and many do not.
    const pair = fc.tuple(hclFile, hclFile, fc.constantFrom('override.tf', 'main_override.tf', 'z_override.tf'));
    await checkAsyncProperty('generated overrides', tally, pair, async ([base, over, name]) => {
      const out = await loadTerraformModule('gen', { ...memFs({ 'gen/main.tf': base, [`gen/${name}`]: over }), env: {}, vars: { mode: 'Required' } });
      assertWellFormed(out, 'generated override');
      assert.deepEqual(out.diagnostics.filter((d) => d.code === 'AZM1201'), []);
    }, { seed: 0x4f5652, numRuns: 250 });
  });

  test('mutated expressions inside an attribute never throw', async () => {
    const exprs = fc.tuple(hclExpr, fc.array(hclMutation, { maxLength: 2 })).map(([e, ms]) => ms.reduce(applyMutation, e));
    await checkAsyncProperty('mutated expressions', tally, exprs, async (e) => {
      const text = `locals {\n  a = ${e}\n}\nresource "azurerm_linux_web_app" "w" {\n  name = "w"\n  client_certificate_enabled = true\n  client_certificate_mode = local.a\n}\n`;
      assertWellFormed(await loadTerraformModule('x', { ...memFs({ 'x/main.tf': text }), env: {} }), e);
    }, { seed: 0x455850, numRuns: 250 });
  });

  test('mutated plan JSON: sniffPlan and loadTerraformPlan never throw', async () => {
    await checkAsyncProperty('mutated plans', tally, mutatedSeed([planSeed]), async ({ text }) => {
      sniffPlan(text);
      assertWellFormed(await loadTerraformPlan('plan.json', text, { ...memFs({}) }), 'mutated plan');
    }, { seed: 0x504c4e, numRuns: 250 });
  });

  test('a plan cut anywhere after its resource_changes key is still a plan, and broken where the cut is', async () => {
    const from = planSeed.text.indexOf('"resource_changes"') + '"resource_changes"'.length;
    for (let cut = from; cut < planSeed.text.length - 1; cut++) {
      tally.add('cut plans');
      const text = planSeed.text.slice(0, cut);
      assert.equal(sniffPlan(text), true, `cut at ${cut}`);
      const out = await loadTerraformPlan('plan.json', text, { ...memFs({}) });
      assertWellFormed(out, `cut at ${cut}`);
      assert.deepEqual(out.diagnostics.map((d) => d.code), ['AZM1001'], `cut at ${cut}`);
      // Where the text stops making sense: at or before the cut, never past it.
      assert.ok(out.diagnostics[0]!.ref!.start <= cut, `cut at ${cut}: error at ${out.diagnostics[0]!.ref!.start}`);
      assert.equal(out.resources.length, 0);
    }
  });
});
