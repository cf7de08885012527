/**
 * Terraform conformance over the corpus of azurerm examples: every directory read without a crash,
 * roots chosen, errors counted by code, resources lowered per ARM type, the most common reasons values
 * stay unresolved, and the time taken. Run: node --import tsx scripts/conformance-terraform.ts
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadTerraformModule, planTerraformUnits } from '../src/frontends/terraform/index.js';
import type { Resource } from '../src/model/resource.js';
import type { VNode } from '../src/model/value.js';

const corpus = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'terraform-azurerm-examples');
if (!existsSync(corpus)) {
  console.log(`skipped: ${corpus} is not present`);
  process.exit(0);
}
const cwd = process.cwd();
const display = (p: string): string => relative(cwd, p).split('\\').join('/') || '.';
const dirs: string[] = [];
let tfFiles = 0;
const walk = (d: string): void => {
  const names = readdirSync(d);
  const tf = names.filter((n) => n.endsWith('.tf'));
  if (tf.length > 0) {
    dirs.push(display(d));
    tfFiles += tf.length;
  }
  for (const n of names) {
    if (n === '.terraform' || n === '.git' || n === 'node_modules') continue;
    if (statSync(join(d, n)).isDirectory()) walk(join(d, n));
  }
};
walk(corpus);
const fs = {
  readFile: (p: string) => readFileSync(join(cwd, p), 'utf8'),
  listDir: (d: string) => {
    try {
      return readdirSync(join(cwd, d));
    } catch {
      return [];
    }
  },
};
const t0 = performance.now();
const roots = planTerraformUnits(dirs, fs);
const errorsByCode = new Map<string, number>();
const perType = new Map<string, number>();
const unresolved = new Map<string, number>();
const resources: Resource[] = [];
let crashes = 0;
let filesWithResources = 0;
const sample: string[] = [];
for (const root of roots) {
  try {
    const out = await loadTerraformModule(root, { ...fs, env: {} });
    resources.push(...out.resources);
    filesWithResources += new Set(out.resources.map((r) => r.file)).size;
    for (const d of out.diagnostics) {
      errorsByCode.set(d.code, (errorsByCode.get(d.code) ?? 0) + 1);
      if (d.code === 'AZM9001' || (d.severity === 'error' && sample.length < 15)) sample.push(`${d.code} ${d.file}: ${d.message}`);
      if (d.code === 'AZM9001') crashes++;
    }
  } catch (err) {
    crashes++;
    sample.push(`CRASH ${root}: ${err instanceof Error ? err.stack : String(err)}`);
  }
}
const ms = performance.now() - t0;
for (const r of resources) {
  perType.set(r.type, (perType.get(r.type) ?? 0) + 1);
  const stack: VNode[] = [r.body];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.t === 'unresolved') {
      const k = n.reason.replace(/"[^"]*"/g, '"…"').slice(0, 90);
      unresolved.set(k, (unresolved.get(k) ?? 0) + 1);
    } else if (n.t === 'object') for (const p of n.props.values()) stack.push(p.value);
    else if (n.t === 'array') stack.push(...n.items);
  }
}
const top = (m: Map<string, number>, n = 12) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`directories with .tf: ${dirs.length}, .tf files: ${tfFiles}, roots: ${roots.length}`);
console.log(`resources lowered: ${resources.length} (from ${filesWithResources} files), crashes: ${crashes}`);
console.log(`time: ${ms.toFixed(0)} ms, ${((tfFiles / ms) * 1000).toFixed(0)} files/s`);
console.log('diagnostics by code:');
for (const [k, v] of top(errorsByCode, 30)) console.log(`  ${k}: ${v}`);
console.log('resources per ARM type:');
for (const [k, v] of top(perType, 30)) console.log(`  ${k}: ${v}`);
console.log('top unresolved causes:');
for (const [k, v] of top(unresolved)) console.log(`  ${v}  ${k}`);
if (sample.length > 0) {
  console.log('sample errors:');
  for (const s of sample) console.log(`  ${s}`);
}
try {
  const rulesPath = '../src/rules/index.js';
  const rules = (await import(rulesPath)) as { allRules?: unknown };
  if (Array.isArray(rules.allRules)) {
    const { runRules } = await import('../src/engine/run.js');
    const run = runRules(resources, rules.allRules as Parameters<typeof runRules>[1], { profile: 'strict', internalTag: 'requires-mtls' });
    const per = new Map<string, number>();
    for (const f of run.findings) per.set(`${f.rule.meta.id} ${f.status}`, (per.get(`${f.rule.meta.id} ${f.status}`) ?? 0) + 1);
    console.log('results per rule:');
    for (const [k, v] of [...per.entries()].sort()) console.log(`  ${k}: ${v}`);
    if (run.diagnostics.length > 0) console.log(`rule errors: ${run.diagnostics.length}`);
  }
} catch {
  console.log('rules: not available yet');
}
if (crashes > 0) process.exitCode = 1;
