/**
 * ARM conformance over ../shared/corpus/arm-quickstart: every file is read through the same code path
 * as `azmtls scan`. Prints files read, resources judged per rule, unknowns and their top causes, errors
 * by code, how many templates resolved every value the rules read, and time. Then the evaluator alone over
 * every template, including those a scan does not evaluate because they deploy no judged type: resources
 * lowered, errors by code. Fails on any internal error or crash in either pass.
 */
import { relative } from 'node:path';
import { processUnit, type UnitOutcome } from '../src/cli/scan/process.js';
import { corpusRoot, listFiles, pct } from './corpus.js';
import { readFileSync, statSync } from 'node:fs';
import { loadArm, sniffArm } from '../src/frontends/arm/index.js';

const dir = `${corpusRoot}/arm-quickstart`;
const files = listFiles(dir, (n) => n.toLowerCase().endsWith('.json'));
const started = performance.now();
const perRule = new Map<string, Record<string, number>>();
const unknownCauses = new Map<string, number>();
const errorCodes = new Map<string, number>();
const errorSamples: string[] = [];
let templatesWithResults = 0;
let fullyResolved = 0;
let resources = 0;
let internal = 0;
let slowest: { file: string; ms: number }[] = [];

const normalize = (m: string) => m.replace(/'[^']*'/g, "'…'").replace(/\[[^\]]*\]/g, '[…]').replace(/\d+/g, 'N').slice(0, 140);

for (const abs of files) {
  const file = relative(corpusRoot, abs);
  const t0 = performance.now();
  let o: UnitOutcome;
  try {
    o = await processUnit(
      { kind: 'json', file, size: statSync(abs).size },
      {
        cwd: corpusRoot, profile: 'strict', internalTag: 'requires-mtls', parameterFiles: [], vars: {}, varFiles: [], env: {},
        exceptions: [], today: '2026-11-23', maxFileBytes: 64 * 1024 * 1024,
      },
    );
  } catch (err) {
    internal++;
    errorSamples.push(`CRASH ${file}: ${err instanceof Error ? err.stack : String(err)}`);
    continue;
  }
  const ms = performance.now() - t0;
  slowest.push({ file, ms });
  if (slowest.length > 20) slowest = slowest.sort((a, b) => b.ms - a.ms).slice(0, 5);
  resources += o.resources;
  for (const e of o.errors) {
    errorCodes.set(e.code, (errorCodes.get(e.code) ?? 0) + 1);
    if (e.code.startsWith('AZM9')) internal++;
    if (errorSamples.length < 25) errorSamples.push(`${e.code} ${e.file}:${e.startLine ?? '?'}:${e.startColumn ?? '?'} ${e.message.slice(0, 160)}`);
  }
  const judged = o.results.filter((r) => r.status !== 'not-applicable');
  if (judged.length > 0) {
    templatesWithResults++;
    if (!judged.some((r) => r.status === 'unknown')) fullyResolved++;
  }
  for (const r of o.results) {
    const row = perRule.get(r.ruleId) ?? {};
    row[r.status] = (row[r.status] ?? 0) + 1;
    perRule.set(r.ruleId, row);
    if (r.status === 'unknown') {
      const cause = normalize(r.reasons?.map((x) => x.message).join(' | ') || r.message);
      unknownCauses.set(cause, (unknownCauses.get(cause) ?? 0) + 1);
    }
  }
}
const seconds = (performance.now() - started) / 1000;

console.log(`ARM quickstart corpus: ${files.length} JSON files read in ${seconds.toFixed(1)} s (${(files.length / seconds).toFixed(0)} files/s)`);
console.log(`resources judged: ${resources}`);
console.log('results per rule (pass / fail / unknown / not-applicable):');
for (const [rule, row] of [...perRule.entries()].sort()) {
  console.log(`  ${rule}: ${row.pass ?? 0} / ${row.fail ?? 0} / ${row.unknown ?? 0} / ${row['not-applicable'] ?? 0}`);
}
console.log(`templates with judged resources: ${templatesWithResults}; every value the rules read resolved: ${fullyResolved} (${pct(fullyResolved, templatesWithResults)})`);
console.log('top causes of unknown results:');
for (const [cause, n] of [...unknownCauses.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${n}  ${cause}`);
console.log(`errors by code: ${[...errorCodes.entries()].map(([c, n]) => `${c}=${n}`).join(', ') || 'none'}`);
for (const s of errorSamples) console.log(`  ${s}`);
console.log(`slowest files: ${slowest.sort((a, b) => b.ms - a.ms).slice(0, 5).map((s) => `${s.file} ${s.ms.toFixed(0)} ms`).join(', ')}`);

// The evaluator over every template, judged types or not: nothing a corpus holds may crash it.
let templates = 0;
let lowered = 0;
const everyCodes = new Map<string, number>();
const everyStarted = performance.now();
for (const abs of files) {
  const file = relative(corpusRoot, abs);
  const readFile = (p: string) => readFileSync(`${corpusRoot}/${p}`, 'utf8');
  try {
    const text = readFile(file);
    if (sniffArm(text) !== 'template') continue;
    templates++;
    const out = loadArm(file, text, { readFile, evaluateEveryTemplate: true });
    lowered += out.resources.filter((r) => !r.existing).length;
    for (const d of out.diagnostics) {
      everyCodes.set(d.code, (everyCodes.get(d.code) ?? 0) + 1);
      if (d.code.startsWith('AZM9')) {
        internal++;
        errorSamples.push(`${d.code} ${d.file}: ${d.message.slice(0, 160)}`);
      }
    }
  } catch (err) {
    internal++;
    console.log(`CRASH (every template) ${file}: ${err instanceof Error ? err.stack : String(err)}`);
  }
}
console.log(
  `evaluator over every template (${templates}, judged types or not) in ${((performance.now() - everyStarted) / 1000).toFixed(1)} s: ` +
    `${lowered} resources lowered; diagnostics by code: ${[...everyCodes.entries()].sort().map(([c, n]) => `${c}=${n}`).join(', ') || 'none'}`,
);
if (internal > 0) {
  console.log(`FAIL: ${internal} internal errors or crashes`);
  process.exit(1);
}
