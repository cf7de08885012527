import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { parse, type ParseError } from 'jsonc-parser';
import { allRules, ruleById } from '../../src/rules/index.js';
import { ArmTypes, armTypeEntry, limitationIds, TerraformNameTables, terraformTypesFor } from '../../src/model/catalog/index.js';
import { isLoweredType } from '../../src/frontends/terraform/lower/azurerm.js';
import { buildResource } from '../harness/model-builder.js';

const SECTIONS = [
  '## What it checks',
  '## Why it matters',
  '## Examples',
  '### ARM',
  '### Bicep',
  '### Terraform',
  '## Remediation',
  '### Portal',
  '### Azure CLI',
  '### ARM template',
  '### Azure Policy',
  '## Differences from other tools',
  '## References',
];

const KNOWN_TOOLS = new Set(['checkov', 'trivy', 'kics', 'prowler', 'cloudsploit', 'azure-policy', 'sonar', 'cloudguard', 'steampipe']);

/** Rules that no peer implements; their documentation must say so instead of listing aliases. */
const WITHOUT_PEERS = new Set(['AZM-MTLS-002']);

function doc(path: string): string {
  return readFileSync(path, 'utf8');
}

function jsonBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('rule catalogue', () => {
  test('ids are unique, sequential and in order; ruleById finds each', () => {
    assert.deepEqual(
      allRules.map((r) => r.meta.id),
      allRules.map((_, i) => `AZM-MTLS-${String(i + 1).padStart(3, '0')}`),
    );
    assert.equal(allRules.length, 9);
    for (const r of allRules) assert.equal(ruleById(r.meta.id.toLowerCase()), r);
    assert.equal(ruleById('AZM-MTLS-999'), undefined);
  });

  test('slugs are unique kebab-case and titles are set', () => {
    const slugs = allRules.map((r) => r.meta.slug);
    assert.equal(new Set(slugs).size, slugs.length);
    for (const r of allRules) {
      assert.match(r.meta.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/, r.meta.id);
      assert.ok(r.meta.title.length > 10 && r.meta.description.length > 80, r.meta.id);
    }
  });

  test('every rule has its documentation beside it, with every section', () => {
    for (const r of allRules) {
      const path = r.meta.docs;
      assert.match(path, /^src\/rules\/mtls\/azm-mtls-\d{3}-[a-z0-9-]+\.md$/, r.meta.id);
      assert.ok(existsSync(path), `${r.meta.id}: ${path} exists`);
      assert.ok(existsSync(path.replace(/\.md$/, '.ts')), `${r.meta.id}: the rule's source sits beside its doc`);
      const text = doc(path);
      assert.ok(text.startsWith(`# ${r.meta.id} `), `${r.meta.id}: title line`);
      let last = -1;
      for (const s of SECTIONS) {
        const at = text.indexOf(`\n${s}\n`);
        assert.ok(at > last, `${r.meta.id}: section '${s}' present and in order`);
        last = at;
      }
    }
  });

  test('JSON examples in the documentation are valid JSON (fragments inside braces)', () => {
    for (const r of allRules) {
      for (const block of jsonBlocks(doc(r.meta.docs))) {
        const errors: ParseError[] = [];
        parse(block, errors, { allowTrailingComma: false });
        if (errors.length > 0) {
          const wrapped: ParseError[] = [];
          parse(`{${block}}`, wrapped, { allowTrailingComma: false });
          assert.deepEqual(wrapped, [], `${r.meta.id}: invalid JSON example:\n${block}`);
        }
      }
    }
  });

  test('aliases name real peers; rules without peers say so in their documentation', () => {
    for (const r of allRules) {
      if (WITHOUT_PEERS.has(r.meta.id)) {
        assert.deepEqual(r.meta.aliases, [], r.meta.id);
        assert.match(doc(r.meta.docs), /No other scanner or built-in policy/, r.meta.id);
        continue;
      }
      assert.ok(r.meta.aliases.length > 0, `${r.meta.id}: aliases`);
      for (const a of r.meta.aliases) assert.ok(KNOWN_TOOLS.has(a.tool) && a.id.length > 0, `${r.meta.id}: ${a.tool}:${a.id}`);
      const ids = r.meta.aliases.map((a) => `${a.tool}:${a.id}`);
      assert.equal(new Set(ids).size, ids.length, `${r.meta.id}: duplicate alias`);
    }
  });

  test('remediation is complete for every channel, and the az command names the resource', () => {
    for (const r of allRules) {
      const m = r.meta.remediation;
      for (const [k, v] of Object.entries({ summary: m.summary, portal: m.portal, arm: m.arm, bicep: m.bicep, terraform: m.terraform })) {
        assert.ok(v.trim().length > 0, `${r.meta.id}: remediation.${k}`);
      }
      assert.ok(m.azCli, `${r.meta.id}: azCli`);
      const name = r.meta.appliesTo[0]!.split('/').length > 2 ? 'parent-x/child-y/leaf-z' : 'named-x';
      const cmd = m.azCli(buildResource({ type: r.meta.appliesTo[0]!, name }).resource);
      assert.ok(cmd && cmd.startsWith('az ') || cmd?.startsWith('APP_ID='), `${r.meta.id}: ${cmd}`);
      assert.ok(cmd!.includes(name.split('/')[0]!), `${r.meta.id}: names the resource: ${cmd}`);
    }
  });

  test('weaknesses and frameworks', () => {
    for (const r of allRules) {
      assert.deepEqual(r.meta.cwe, ['CWE-287', 'CWE-295'], r.meta.id);
      const refs = r.meta.frameworks.map((f) => `${f.framework}|${f.id}`);
      for (const expected of [
        'Microsoft cloud security benchmark|IM-4',
        'Microsoft cloud security benchmark|PV-2',
        'NIST SP 800-53|CM-6',
        'NIST SP 800-53|IA-3',
        'NIST SP 800-53|IA-5(2)',
        'NIST SP 800-53|SC-8',
        'PCI DSS|4.2.1.2',
      ]) {
        assert.ok(refs.includes(expected), `${r.meta.id}: ${expected}`);
      }
      const cis = r.meta.frameworks.filter((f) => f.framework.startsWith('CIS'));
      assert.deepEqual(cis.map((f) => [f.id, f.version]), r.meta.id === 'AZM-MTLS-001' ? [['9.4', 'v1.1.0-v2.0.0']] : [], r.meta.id);
    }
  });

  test('every type a rule applies to is in the catalogue, in canonical casing, and every catalogue type has a rule', () => {
    const covered = new Set<string>();
    for (const r of allRules) {
      for (const t of r.meta.appliesTo) {
        assert.equal(armTypeEntry(t)?.type, t, `${r.meta.id}: ${t}`);
        covered.add(t);
      }
    }
    assert.deepEqual(ArmTypes.map((e) => e.type).filter((t) => !covered.has(t)), []);
  });

  test('the limitation ids rules read are catalogued', () => {
    assert.deepEqual([...limitationIds], ['no-client-cert-support']);
  });

  test('every rule has a fixture in each format it claims: ARM and Bicep always, Terraform where azurerm lowers into its types', () => {
    for (const r of allRules) {
      const stem = `src/rules/mtls/fixtures/${r.meta.id.toLowerCase()}`;
      assert.ok(existsSync(`${stem}.json`), `${r.meta.id}: ARM fixture ${stem}.json`);
      assert.ok(existsSync(`${stem}.bicep`), `${r.meta.id}: Bicep fixture ${stem}.bicep`);
      const tfTypes = terraformTypesFor(r.meta.appliesTo);
      assert.ok(tfTypes.length > 0, `${r.meta.id}: the catalogue names the azurerm types of ${r.meta.appliesTo.join(', ')}`);
      const main = `${stem}-tf/main.tf`;
      assert.ok(existsSync(main), `${r.meta.id}: Terraform fixture ${main}`);
      const text = readFileSync(main, 'utf8');
      assert.ok(
        tfTypes.some((t) => text.includes(`resource "${t}"`)),
        `${r.meta.id}: the Terraform fixture declares one of ${tfTypes.join(', ')}`,
      );
      for (const [file, marker] of [
        [`${stem}.json`, '// Noncompliant'],
        [`${stem}.bicep`, '// Noncompliant'],
        [main, '# Noncompliant'],
      ] as const) {
        assert.ok(readFileSync(file, 'utf8').includes(marker), `${r.meta.id}: ${file} annotates at least one failure`);
      }
    }
  });

  test('the Terraform name tables cover exactly the azurerm types the frontend lowers, and only ARM paths the rules read', () => {
    const tabled = TerraformNameTables.flatMap((t) => [...t.resourceTypes]);
    assert.equal(new Set(tabled).size, tabled.length, 'a resource type is in one table only');
    for (const t of tabled) assert.ok(isLoweredType(t), `${t} is lowered by the Terraform frontend`);
    const lowerSource = readFileSync('src/frontends/terraform/lower/azurerm.ts', 'utf8');
    const lowered = [...new Set([...lowerSource.matchAll(/\bazurerm_[a-z0-9_]+/g)].map((m) => m[0]))].filter((t) => isLoweredType(t));
    assert.ok(lowered.length >= 25, `found the lowered types (${lowered.length})`);
    for (const t of lowered) assert.ok(tabled.includes(t), `${t} has a Terraform name table`);
    for (const table of TerraformNameTables) {
      const entry = armTypeEntry(table.armType);
      assert.equal(entry?.type, table.armType, `${table.armType} is a catalogue type in canonical casing`);
      for (const path of [...Object.keys(table.attributes), ...Object.keys(table.impliedBySetting ?? {})]) {
        assert.ok(entry!.reads.includes(path), `${table.resourceTypes[0]}: ${path} is a path the rules read on ${table.armType}`);
      }
      for (const name of Object.values(table.attributes)) assert.match(name, /^[a-z0-9_]+(\.[a-zA-Z0-9_]+)*$/, `${table.resourceTypes[0]}: ${name}`);
    }
  });
});
