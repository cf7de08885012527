/**
 * Mutation fuzzing over a corpus of real templates (by default ../shared/corpus next to the repository, or
 * AZMTLS_CORPUS): every file is mutated a few times (truncation, byte flips, unbalanced quotes and brackets,
 * deep nesting, huge strings, CRLF/BOM/NUL) and loaded through its frontend. A crash is an exception, an
 * internal AZM9xxx diagnostic, or a diagnostic whose range leaves the text. Prints the inputs tried, the
 * crashes and the slowest input; exits 1 when anything crashed, 0 otherwise (also when there is no corpus).
 *
 *   node --import tsx scripts/fuzz-corpus.ts [--per-file N] [--seed N] [--limit FILES] [--corpus DIR]
 */
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FrontendOutput } from '../src/frontends/types.js';
import { loadArm, sniffArm } from '../src/frontends/arm/index.js';
import { loadBicep, loadBicepParam } from '../src/frontends/bicep/index.js';
import { loadTerraformModule, loadTerraformPlan, sniffPlan } from '../src/frontends/terraform/index.js';
import { memFs } from '../src/frontends/terraform/testing/memfs.js';
import { applyMutation, mutation, type Mutation } from '../test/robustness/mutate.js';
import { deferralDifference } from '../test/robustness/support.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function option(name: string, fallback: string | undefined): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const corpus = resolve(option('--corpus', process.env.AZMTLS_CORPUS ?? join(repo, '..', 'shared', 'corpus'))!);
const perFile = Number(option('--per-file', '3'));
const seed = Number(option('--seed', '1'));
const limit = Number(option('--limit', 'Infinity'));

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(json|bicep|bicepparam|tf)$/i.test(name)) out.push(full);
  }
  return out;
}

const noFiles = (p: string): string => {
  throw new Error(`ENOENT: ${p}`);
};

type Kind = 'arm' | 'plan' | 'bicep' | 'bicepparam' | 'tf';

function kindOf(path: string, text: string): Kind | undefined {
  const p = path.toLowerCase();
  if (p.endsWith('.bicep')) return 'bicep';
  if (p.endsWith('.bicepparam')) return 'bicepparam';
  if (p.endsWith('.tf')) return 'tf';
  if (sniffArm(text) === 'template') return 'arm';
  if (sniffPlan(text)) return 'plan';
  return undefined;
}

async function load(kind: Kind, text: string): Promise<FrontendOutput> {
  switch (kind) {
    case 'arm':
      return loadArm('fuzz.json', text, { readFile: noFiles, evaluateEveryTemplate: true });
    case 'plan':
      return loadTerraformPlan('fuzz.json', text, memFs({}));
    case 'bicep':
      return loadBicep('fuzz.bicep', text, { readFile: noFiles });
    case 'bicepparam':
      return loadBicepParam('fuzz.bicepparam', text, { readFile: noFiles });
    case 'tf':
      return loadTerraformModule('fuzz', { ...memFs({ 'fuzz/main.tf': text }), env: {} });
  }
}

/** Why an output breaks the frontend contract, or undefined when it keeps it. */
function problem(out: FrontendOutput): string | undefined {
  for (const d of out.diagnostics) {
    if (d.code.startsWith('AZM9')) return `${d.code} ${d.message}`;
    if (!d.ref) continue;
    const src = out.sources.get(d.ref.file);
    if (!src) return `${d.code} points at unread file '${d.ref.file}'`;
    if (d.ref.start < 0 || d.ref.start > d.ref.end || d.ref.end > src.text.length) return `${d.code} range ${d.ref.start}..${d.ref.end} outside 0..${src.text.length}`;
  }
  return undefined;
}

async function main(): Promise<number> {
  if (!existsSync(corpus)) {
    console.log(`fuzz-corpus: no corpus at ${corpus}; skipped (0 inputs tried)`);
    return 0;
  }
  const files = walk(corpus, []).slice(0, limit);
  const mutations = fc.sample(fc.array(mutation, { minLength: 1, maxLength: 3 }), { seed, numRuns: Math.max(1, files.length * perFile) });
  let tried = 0;
  const crashes: { file: string; mutations: Mutation[]; why: string }[] = [];
  let slowest = { millis: 0, file: '', mutations: [] as Mutation[] };
  const started = performance.now();
  let m = 0;
  const deferral = { inputs: 0, deferred: 0 };
  for (const path of files) {
    const original = readFileSync(path, 'utf8');
    const kind = kindOf(path, original);
    if (!kind) continue;
    for (let i = 0; i < perFile; i++) {
      const ms = mutations[m++ % mutations.length]!;
      const text = ms.reduce(applyMutation, original);
      const file = relative(corpus, path);
      tried++;
      const t0 = performance.now();
      try {
        const why = problem(await load(kind, text));
        if (why) crashes.push({ file, mutations: ms, why });
      } catch (err) {
        crashes.push({ file, mutations: ms, why: `threw: ${err instanceof Error ? err.message : String(err)}` });
      }
      const millis = performance.now() - t0;
      if (millis > slowest.millis) slowest = { millis, file, mutations: ms };
      if (kind === 'tf') {
        // Deferred block bodies must not change what is reported or read (the original file once, then each mutant).
        for (const [input, applied] of i === 0 ? [[original, []] as const, [text, ms] as const] : [[text, ms] as const]) {
          const d = deferralDifference(input);
          deferral.inputs++;
          deferral.deferred += d.deferred;
          if (d.difference) crashes.push({ file, mutations: [...applied], why: `deferred bodies: ${d.difference}` });
        }
      }
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`fuzz-corpus: ${tried} inputs tried from ${files.length} files in ${seconds} s (seed ${seed}, ${perFile} per file)`);
  console.log(`fuzz-corpus: Terraform parsed with deferred bodies and at once: ${deferral.inputs} inputs, ${deferral.deferred} bodies deferred`);
  console.log(`fuzz-corpus: ${crashes.length} crashes`);
  for (const c of crashes.slice(0, 50)) console.log(`  ${c.file}: ${c.why}\n    mutations: ${JSON.stringify(c.mutations)}`);
  console.log(`fuzz-corpus: slowest input ${slowest.millis.toFixed(0)} ms: ${slowest.file} with ${JSON.stringify(slowest.mutations)}`);
  return crashes.length > 0 ? 1 : 0;
}

process.exitCode = await main();
