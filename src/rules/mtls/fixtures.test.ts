// Each rule's fixtures in every format, through the real scan pipeline: every annotated line, status and
// message must match. Bicep modules and Terraform child modules carry their own annotations.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path/posix';
import { checkFixture } from '../../../test/harness/fixtures.js';
import type { Report, Result } from '../../../test/harness/types.js';
import { allRules } from '../index.js';

const DIR = 'src/rules/mtls/fixtures';

function ruleFixture(id: string): { arm: string; bicep: string; bicepModules: string[]; terraform: string; terraformFiles: string[] } {
  const stem = id.toLowerCase();
  const bicepModules = existsSync(`${DIR}/modules`)
    ? readdirSync(`${DIR}/modules`)
        .filter((f) => f.startsWith(`${stem}-`) && f.endsWith('.bicep') && !f.endsWith('-using.bicep'))
        .map((f) => `${DIR}/modules/${f}`)
    : [];
  const terraform = `${DIR}/${stem}-tf`;
  return { arm: `${DIR}/${stem}.json`, bicep: `${DIR}/${stem}.bicep`, bicepModules, terraform, terraformFiles: tfFiles(terraform) };
}

function tfFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name.endsWith('.tf')) out.push(p);
    }
  }
  return out.sort();
}

function find(report: Report, address: string, ruleId = 'AZM-MTLS-001'): Result {
  const r = report.results.find((x) => x.resource.address === address && x.ruleId === ruleId);
  assert.ok(r, `a ${ruleId} result for ${address}; got ${report.results.map((x) => x.resource.address).join(', ')}`);
  return r;
}

function related(r: Result): string[] {
  return (r.relatedLocations ?? []).map((l) => `${l.file}:${l.startLine} ${l.message}`);
}

describe('ARM fixtures with inline expectations', () => {
  for (const rule of allRules) {
    test(rule.meta.id, async () => {
      await checkFixture(ruleFixture(rule.meta.id).arm);
    });
  }
});

describe('Bicep fixtures with inline expectations', () => {
  for (const rule of allRules) {
    test(rule.meta.id, async () => {
      const f = ruleFixture(rule.meta.id);
      await checkFixture(f.bicep, { annotated: [f.bicep, ...f.bicepModules] });
    });
  }
});

describe('Terraform fixtures with inline expectations', () => {
  for (const rule of allRules) {
    test(rule.meta.id, async () => {
      const f = ruleFixture(rule.meta.id);
      await checkFixture(f.terraform, { annotated: f.terraformFiles });
    });
  }
});

describe('AZM-MTLS-001 fixtures: what annotations cannot say', () => {
  test('Bicep: an inline suppression keeps the status and carries its justification', async () => {
    const f = ruleFixture('AZM-MTLS-001');
    const report = await checkFixture(f.bicep, { annotated: [f.bicep, ...f.bicepModules] });
    const partner = find(report, 'partnerApp');
    assert.equal(partner.status, 'fail');
    assert.deepEqual(partner.suppression, { kind: 'inline', justification: 'terminated and verified at Application Gateway' });
    assert.equal(find(report, 'allowApp').suppression ?? null, null);
    assert.equal(report.summary.suppressed, 1);
  });

  test('Bicep: parameters, variables and module calls are related locations', async () => {
    const f = ruleFixture('AZM-MTLS-001');
    const report = await checkFixture(f.bicep, { annotated: [f.bicep, ...f.bicepModules] });
    assert.deepEqual(related(find(report, 'relaxedApp')), [`${f.bicep}:${lineOf(f.bicep, 'param relaxedMode')} value comes from parameter 'relaxedMode'`]);
    assert.deepEqual(related(find(report, 'paramApp')), [`${f.bicep}:${lineOf(f.bicep, 'param certMode')} value comes from parameter 'certMode'`]);
    assert.ok(related(find(report, 'requiredApp')).includes(`${f.bicep}:${lineOf(f.bicep, 'var strictMode')} value comes from variable 'strictMode'`));
    assert.deepEqual(related(find(report, 'functions>fn')), [
      `${DIR}/modules/azm-mtls-001-function.bicep:2 value comes from parameter 'mode'`,
      `${f.bicep}:${lineOf(f.bicep, "mode: 'Optional'")} value comes from module argument 'mode'`,
      `${f.bicep}:${lineOf(f.bicep, 'module functions')} deployed by module 'functions' ('modules/azm-mtls-001-function.bicep')`,
    ]);
    // A loop gives one result per instance, each with its evaluated name.
    assert.deepEqual(
      report.results.filter((r) => r.resource.address.startsWith('regionalApps')).map((r) => r.resource.name),
      ['api-westeurope', 'api-northeurope'],
    );
    assert.equal(report.results.some((r) => r.resource.name === 'not-deployed'), false, 'a resource whose condition is false is not judged');
  });

  test('.bicepparam: the values it supplies are judged in the template, and it is a related location', async () => {
    const using = `${DIR}/modules/azm-mtls-001-using.bicep`;
    const report = await checkFixture(`${DIR}/azm-mtls-001.bicepparam`, { annotated: [using] });
    assert.deepEqual(related(find(report, 'app')), [
      `${using}:2 value comes from parameter 'certMode'`,
      `${DIR}/azm-mtls-001.bicepparam:3 value comes from parameters file '${DIR}/azm-mtls-001.bicepparam'`,
      `${DIR}/azm-mtls-001.bicepparam:1 deployed with the parameters in '${DIR}/azm-mtls-001.bicepparam'`,
    ]);
  });

  test('Terraform: suppression, module call, count/for_each instances and source types', async () => {
    const f = ruleFixture('AZM-MTLS-001');
    const report = await checkFixture(f.terraform, { annotated: f.terraformFiles });
    const partner = find(report, 'azurerm_windows_web_app.partner');
    assert.equal(partner.status, 'fail');
    assert.deepEqual(partner.suppression, { kind: 'inline', justification: 'terminated and verified at Application Gateway' });
    assert.equal(report.summary.suppressed, 1);
    const fromModule = find(report, 'module.app.azurerm_linux_function_app.this');
    const main = `${f.terraform}/main.tf`;
    assert.deepEqual(related(fromModule), [
      `${main}:${lineOf(main, 'mode   = "Optional"')} value comes from argument "mode" of module "app"`,
      `${main}:${lineOf(main, 'module "app"')} instantiated by module "app"`,
    ]);
    assert.deepEqual(
      report.results.filter((r) => r.resource.address.startsWith('azurerm_linux_web_app_slot.per_team')).map((r) => [r.resource.address, r.resource.name]),
      [
        ['azurerm_linux_web_app_slot.per_team["blue"]', 'plain-web/blue'],
        ['azurerm_linux_web_app_slot.per_team["green"]', 'plain-web/green'],
      ],
    );
    assert.equal(find(report, 'azurerm_linux_function_app.fn_default').resource.sourceType, 'azurerm_linux_function_app');
    assert.equal(find(report, 'azapi_resource.raw_site').resource.source, 'terraform');
  });
});

/** 1-based line of the first line of `file` that starts with `prefix` (after indentation). */
function lineOf(file: string, prefix: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.trimStart().startsWith(prefix));
  assert.ok(i >= 0, `${file} has a line starting with ${prefix}`);
  return i + 1;
}
