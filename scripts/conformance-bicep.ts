/**
 * Bicep frontend conformance against the shared corpus (skipped when ../shared/corpus is absent):
 *  1. every .bicep / .bicepparam under bicep-avm and bicep-baselines is read with no crash and no hang;
 *  2. valid baselines parse with zero errors;
 *  3. Invalid* baselines report errors on the lines where the compiler's main.diagnostics.bicep does;
 *  4. every AVM module with main.bicep and main.json lowers to the same deployed resources through the
 *     Bicep frontend and the ARM frontend (type, evaluated name, the property values the rules read);
 *  5. throughput (files/second, total parse time) and linearity of parse time in file size.
 *
 * Run: node --import tsx scripts/conformance-bicep.ts [--verbose]
 * Exit code: 1 only when the frontend crashes or exhausts its evaluation budget (a hang); differences are
 * figures, printed with their classes.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripBom } from '../src/core/source.js';
import { attr } from '../src/model/access.js';
import type { Diagnostic } from '../src/core/diagnostics.js';
import type { Resource } from '../src/model/resource.js';
import { toValue, Unresolved, type Value } from '../src/model/value.js';
import { loadBicep, parseBicep, type ModuleCall } from '../src/frontends/bicep/index.js';
import { pairLowerings } from './bicep-arm-pairing.js';
import { resolveRelative } from '../src/frontends/bicep/program.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(repo, '../shared/corpus');
const verbose = process.argv.includes('--verbose');

if (!existsSync(corpus)) {
  console.log(`conformance-bicep: skipped, no corpus at ${corpus}`);
  process.exit(0);
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (name.endsWith('.bicep') || name.endsWith('.bicepparam')) out.push(full);
  }
  return out;
}

const display = (abs: string) => relative(corpus, abs).split('\\').join('/');
const readCorpus = (p: string) => readFileSync(join(corpus, p), 'utf8');
let failures = 0;

// ---------------------------------------------------------------------------------------------
// 1 + 5: read everything, time it

const files = [...walk(join(corpus, 'bicep-avm')), ...walk(join(corpus, 'bicep-baselines'))].sort();
let totalParse = 0;
let totalChars = 0;
let crashes = 0;
let slowest = { file: '', ms: 0 };
const perFile: { chars: number; ms: number }[] = [];
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const t0 = performance.now();
  try {
    parseBicep(text, { paramsFile: f.endsWith('.bicepparam') });
  } catch (err) {
    crashes++;
    console.log(`CRASH ${display(f)}: ${err instanceof Error ? err.stack : String(err)}`);
  }
  const ms = performance.now() - t0;
  totalParse += ms;
  totalChars += text.length;
  perFile.push({ chars: text.length, ms });
  if (ms > slowest.ms) slowest = { file: display(f), ms };
}
console.log(`read: ${files.length} files, ${(totalChars / 1e6).toFixed(1)}M chars, ${crashes} crashes`);
console.log(`parse: total ${totalParse.toFixed(0)} ms, ${(files.length / (totalParse / 1000)).toFixed(0)} files/s, ${(totalChars / 1000 / totalParse).toFixed(0)}k chars/ms... slowest ${slowest.file} ${slowest.ms.toFixed(1)} ms`);
if (crashes > 0) failures++;

// Linearity: the same large template repeated 1x, 4x, 16x.
{
  const base = readFileSync(join(corpus, 'bicep-baselines/LargeTemplate_Stress_LF/main.bicep'), 'utf8');
  const time = (k: number) => {
    const text = Array.from({ length: k }, () => base).join('\n');
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      parseBicep(text);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  time(1);
  const t1 = time(1);
  const t4 = time(4);
  const t16 = time(16);
  // Small inputs are dominated by warm-up and garbage collection: linearity is judged between the larger sizes.
  console.log(`linearity: ${base.length} chars x1 ${t1.toFixed(1)} ms, x4 ${t4.toFixed(1)} ms, x16 ${t16.toFixed(1)} ms (x16/x4 = ${(t16 / t4).toFixed(1)}, linear is 4)`);
  if (t16 / t4 > 8) console.log('WARN parse time grows faster than the file size');
}

// ---------------------------------------------------------------------------------------------
// 2 + 3: baselines

const baselineRoot = join(corpus, 'bicep-baselines');
let validFiles = 0;
let validWithErrors = 0;
let invalidCases = 0;
let baselineLines = 0;
let agreedLines = 0;
let syntaxLines = 0;
let agreedSyntax = 0;
let ourLines = 0;
let ourLinesConfirmed = 0;
// Compiler codes that are syntax errors (the parser's), as opposed to type or semantic checks.
const SYNTAX_CODES = new Set(['BCP007', 'BCP008', 'BCP009', 'BCP010', 'BCP013', 'BCP015', 'BCP016', 'BCP017', 'BCP018', 'BCP019', 'BCP020', 'BCP022', 'BCP023', 'BCP024', 'BCP025', 'BCP044', 'BCP047', 'BCP068', 'BCP118', 'BCP121', 'BCP238', 'BCP249', 'BCP279']);

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) line++;
  }
  return line;
}

for (const name of readdirSync(baselineRoot).sort()) {
  const dir = join(baselineRoot, name);
  if (!statSync(dir).isDirectory()) continue;
  const invalid = name.startsWith('Invalid');
  if (!invalid) {
    for (const f of walk(dir)) {
      if (f.endsWith('.diagnostics.bicep')) continue;
      validFiles++;
      const r = parseBicep(readFileSync(f, 'utf8'), { paramsFile: f.endsWith('.bicepparam') });
      if (r.errors.length > 0) {
        validWithErrors++;
        console.log(`FAIL valid baseline with parse errors: ${display(f)}: ${r.errors[0]!.message}`);
      }
    }
    continue;
  }
  const mainPath = join(dir, 'main.bicep');
  const diagPath = join(dir, 'main.diagnostics.bicep');
  if (!existsSync(mainPath) || !existsSync(diagPath)) continue;
  invalidCases++;
  // main.diagnostics.bicep is main.bicep with `//@[...] [CODE (Error)] ...` lines under each source line.
  const expected = new Map<number, Set<string>>();
  let srcLine = 0;
  for (const line of readFileSync(diagPath, 'utf8').split(/\r?\n/)) {
    const m = /^\/\/@\[[^\]]*\) \[(BCP\d+|[\w-]+) \((Error|Warning|Info)\)\]/.exec(line);
    if (m) {
      if (m[2] === 'Error') {
        const s = expected.get(srcLine) ?? new Set<string>();
        s.add(m[1]!);
        expected.set(srcLine, s);
      }
    } else srcLine++;
  }
  const text = readFileSync(mainPath, 'utf8');
  const r = parseBicep(text);
  const ours = new Set(r.errors.map((e) => lineOf(text, e.start)));
  for (const [line, codes] of expected) {
    baselineLines++;
    const hit = ours.has(line);
    if (hit) agreedLines++;
    if ([...codes].some((c) => SYNTAX_CODES.has(c))) {
      syntaxLines++;
      if (hit) agreedSyntax++;
      else if (verbose) console.log(`  missed syntax error ${name}:${line} ${[...codes].join(',')}`);
    }
  }
  for (const line of ours) {
    ourLines++;
    if (expected.has(line)) ourLinesConfirmed++;
    else if (verbose) console.log(`  extra error ${name}:${line}`);
  }
}
const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
console.log(`valid baselines: ${validFiles} files, ${validWithErrors} with parse errors`);
console.log(
  `invalid baselines: ${invalidCases} cases; compiler error lines also reported: ${agreedLines}/${baselineLines} (${pct(agreedLines, baselineLines)}), ` +
    `syntax-error lines: ${agreedSyntax}/${syntaxLines} (${pct(agreedSyntax, syntaxLines)}); our error lines the compiler also flags: ${ourLinesConfirmed}/${ourLines} (${pct(ourLinesConfirmed, ourLines)})`,
);

// ---------------------------------------------------------------------------------------------
// 4: AVM main.bicep vs main.json

type ArmModule = typeof import('../src/frontends/arm/index.js');
let arm: ArmModule | undefined;
try {
  arm = await import('../src/frontends/arm/index.js');
} catch (err) {
  console.log(`avm equivalence: skipped, the ARM frontend is not available (${err instanceof Error ? err.message : String(err)})`);
}

const RULE_PATHS = [
  'kind',
  'sku.name',
  'properties.clientCertEnabled',
  'properties.clientCertMode',
  'properties.clientCertExclusionPaths',
  'properties.tls.clientCertEnabled',
  'properties.configuration.ingress.clientCertificateMode',
  'properties.hostnameConfigurations',
  'properties.enableClientCertificate',
  'properties.credentials.certificates',
  'properties.clientCertificates',
  'properties.clientCertificateThumbprints',
  'properties.clientCertificateCommonNames',
  'properties.clients',
];

/** A comparable rendering of what a rule would read at `path`. */
function reading(r: Resource, path: string): string {
  const a = attr(r, path);
  if (a.origin === 'absent') return 'absent';
  if (a.origin === 'unresolved') return 'unresolved';
  return JSON.stringify(normalize(toValue(a.node!)));
}

function normalize(v: Value): unknown {
  if (v instanceof Unresolved) return '<unresolved>';
  if (Array.isArray(v)) return v.map(normalize);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) o[k.toLowerCase()] = normalize((v as Record<string, Value>)[k]!);
    return o;
  }
  return v;
}

/** Declarations of modules a scan does not read (registry, template spec), in a file and the local modules it calls. */
function opaqueDeclarations(file: string, out = new Map<string, string>(), seen = new Set<string>()): Map<string, string> {
  if (seen.has(file)) return out;
  seen.add(file);
  let text: string;
  try {
    text = stripBom(readCorpus(file));
  } catch {
    return out;
  }
  for (const d of parseBicep(text).declarations) {
    if (d.kind !== 'module') continue;
    const p = d.path.parts.length === 1 && typeof d.path.parts[0] === 'string' ? d.path.parts[0] : '';
    if (/^(br|ts)(:|\/)/i.test(p)) out.set(`${file}@${d.keywordStart ?? d.start}`, `${file} module ${d.name.name} '${p}'`);
    else if (p.endsWith('.bicep')) opaqueDeclarations(resolveRelative(file, p), out, seen);
  }
  return out;
}

/** One comparison finding, with its class (for the tally) and its detail (for --verbose). */
interface Finding {
  cls: string;
  detail: string;
  /** The Bicep-side resource, when there is one. */
  bicep?: Resource;
}

/**
 * Why a difference remains, when it is one the comparison knows (each one checked by hand against the
 * compiled template). The ARM causes are the ARM frontend's open issues; the others are the corpus's.
 */
const CAUSES = {
  corpus: "the corpus lacks a file the module loads (loadJsonContent): the compiled template has it inlined; Bicep reports AZM2004 for the file and AZM2008 for the deployment whose template it is (its resources are not judged)",
  armEntryExpression: "ARM: a module argument compiled as one expression yielding the whole entry ([if(c, createObject('value', a), createObject('value', b))]) or as a copy loop of 'value' is not read, so the inner template's default is used; Bicep's value is right",
  armLoopCondition: 'ARM: a copy loop whose count is not known gets no condition; Bicep says the instance exists only when the collection is not empty',
  armLoopName: "ARM: a copy-loop instance whose name is constant is reported unresolved when the count is not known; Bicep knows the name",
} as const;

function explain(x: Finding, bicepDiagnostics: Diagnostic[], templateText: string): string | undefined {
  if (x.cls.startsWith('condition unresolved vs none') && x.bicep?.condition?.expression.startsWith('!empty(') && x.bicep.address.includes('[*]')) return CAUSES.armLoopCondition;
  if (x.cls.startsWith('name resolved vs unresolved') && x.bicep?.address.includes('[*]')) return CAUSES.armLoopName;
  if (bicepDiagnostics.some((d) => d.code === 'AZM2004' && /^load(Json|Text|YamlContent)|^loadFileAsBase64/.test(d.message))) return CAUSES.corpus;
  if (/"\[if\([^"\n]*createObject\('value'/.test(templateText) || /"copy": \[\s*\{\s*"name": "value"/.test(templateText)) return CAUSES.armEntryExpression;
  return undefined;
}

function compare(r: Resource, o: Resource, out: Finding[]): void {
  if (r.type.toLowerCase() !== o.type.toLowerCase()) out.push({ cls: 'type differs', detail: `${r.address}: type ${r.type} vs ${o.type}` });
  if (r.nameResolved !== o.nameResolved || (r.nameResolved && r.name !== o.name)) {
    out.push({ cls: `name ${r.nameResolved ? 'resolved' : 'unresolved'} vs ${o.nameResolved ? 'resolved' : 'unresolved'}`, detail: `${r.address}: name ${r.name} vs ${o.name}`, bicep: r });
  }
  if (Boolean(r.condition) !== Boolean(o.condition)) {
    out.push({ cls: `condition ${r.condition ? 'unresolved' : 'none'} vs ${o.condition ? 'unresolved' : 'none'}`, detail: `${r.address}: condition ${r.condition?.expression} vs ${o.condition?.expression}`, bicep: r });
  }
  const props: string[] = [];
  let armUnknown = 0;
  let bicepUnknown = 0;
  for (const p of RULE_PATHS) {
    const x = reading(r, p);
    const y = reading(o, p);
    if (x === y) continue;
    props.push(`${p} ${x} vs ${y}`);
    if (y === 'unresolved') armUnknown++;
    else if (x === 'unresolved') bicepUnknown++;
  }
  // One finding per resource: a whole `properties` that one side cannot read differs on every path at once.
  if (props.length > 0) {
    const kind = armUnknown === props.length ? 'arm unresolved, bicep known' : bicepUnknown === props.length ? 'bicep unresolved, arm known' : 'values differ';
    out.push({ cls: `${kind} (${r.type})`, detail: `${r.address}: ${props.join('; ')}`, bicep: r });
  }
}

if (arm) {
  let modules = 0;
  let localOnly = 0;
  let localAgree = 0;
  let withOpaque = 0;
  let opaqueAgree = 0;
  let bicepMs = 0;
  let armMs = 0;
  let slowModule = { file: '', ms: 0 };
  let budgetHits = 0;
  const classes = new Map<string, number>();
  const causes = new Map<string, { findings: number; modules: number }>();
  const mismatches: string[] = [];
  // Module declarations Bicep does not evaluate, by declaration site: which were met, deployed, reported.
  const declared = new Map<string, string>();
  const met = new Set<string>();
  const lowered = new Set<string>();
  const deployedSites = new Set<string>();
  const reportedSites = new Set<string>();
  const armDeploys = new Set<string>();
  const siteOf = (ref: { file: string; start: number }) => `${ref.file}@${ref.start}`;
  for (const f of walk(join(corpus, 'bicep-avm'))) {
    if (!f.endsWith('/main.bicep')) continue;
    const jsonPath = join(dirname(f), 'main.json');
    if (!existsSync(jsonPath)) continue;
    modules++;
    const file = display(f);
    const jsonFile = display(jsonPath);
    const calls: ModuleCall[] = [];
    let t0 = performance.now();
    const b = loadBicep(file, readFileSync(f, 'utf8'), { readFile: readCorpus, onModule: (c) => calls.push(c), evaluateEveryTemplate: true });
    const ms = performance.now() - t0;
    bicepMs += ms;
    if (ms > slowModule.ms) slowModule = { file, ms };
    t0 = performance.now();
    const a = arm.loadArm(jsonFile, readFileSync(jsonPath, 'utf8'), { readFile: readCorpus, evaluateEveryTemplate: true });
    armMs += performance.now() - t0;
    budgetHits += b.diagnostics.filter((d) => d.code === 'AZM2005').length;

    const opaque = opaqueDeclarations(file);
    for (const [k, v] of opaque) declared.set(k, v);
    lowered.add(file);
    for (const c of calls) {
      if (c.target === 'local' && c.deployed) lowered.add(resolveRelative(c.ref.file, c.path));
      if (c.target === 'local' || c.target === 'arm') continue;
      met.add(siteOf(c.ref));
      if (c.deployed) deployedSites.add(siteOf(c.ref));
    }
    for (const d of b.diagnostics) if (d.code === 'AZM2008' && d.ref) reportedSites.add(siteOf(d.ref));

    const p = pairLowerings(b.resources, calls, a.resources);
    for (const o of p.opaque) if (o.arm.length > 0) armDeploys.add(siteOf(o.call.ref));
    const findings: Finding[] = [];
    for (const [r, o] of p.pairs) compare(r, o, findings);
    for (const r of p.onlyBicep) findings.push({ cls: `only in bicep (${r.type})`, detail: `only in bicep: ${r.address} ${r.type}`, bicep: r });
    for (const r of p.onlyArm) findings.push({ cls: `only in arm (${r.type})`, detail: `only in arm: ${r.address} ${r.type}` });
    for (const x of findings) classes.set(x.cls, (classes.get(x.cls) ?? 0) + 1);
    const templateText = findings.length > 0 ? readFileSync(jsonPath, 'utf8') : '';
    const modCauses = new Set<string>();
    for (const x of findings) {
      const why = explain(x, b.diagnostics, templateText) ?? 'not explained';
      modCauses.add(why);
      const c = causes.get(why) ?? { findings: 0, modules: 0 };
      c.findings++;
      causes.set(why, c);
      x.detail = `${x.detail}  [${why === 'not explained' ? why : why.split(':')[0]}]`;
    }
    for (const why of modCauses) causes.get(why)!.modules++;
    if (opaque.size > 0) {
      withOpaque++;
      if (findings.length === 0) opaqueAgree++;
    } else {
      localOnly++;
      if (findings.length === 0) localAgree++;
    }
    if (findings.length > 0) mismatches.push(`${file}:\n    ${findings.slice(0, verbose ? 200 : 3).map((x) => x.detail).join('\n    ')}`);
  }
  const fileOfSite = (k: string) => k.slice(0, k.lastIndexOf('@'));
  const notLowered = [...declared.keys()].filter((k) => !met.has(k) && !lowered.has(fileOfSite(k)));
  const noInstances = [...declared.keys()].filter((k) => !met.has(k) && lowered.has(fileOfSite(k)));
  const metNotDeployed = [...met].filter((k) => !deployedSites.has(k));
  const deployedNotReported = [...deployedSites].filter((k) => !reportedSites.has(k));
  const armOnly = [...armDeploys].filter((k) => !deployedSites.has(k));
  const bicepOnly = [...deployedSites].filter((k) => !armDeploys.has(k));
  console.log(`avm equivalence: ${modules} modules (main.bicep with main.json)`);
  console.log(`  built from local files only, agreeing: ${localAgree}/${localOnly} (${pct(localAgree, localOnly)})`);
  console.log(`  calling registry modules, agreeing on their own resources: ${opaqueAgree}/${withOpaque} (${pct(opaqueAgree, withOpaque)})`);
  console.log(
    `  registry and template-spec module declarations: ${declared.size} declared in files the modules reach; ` +
      `${deployedSites.size} deployed under the defaults; AZM2008/AZM2004 reported for ${[...deployedSites].filter((k) => reportedSites.has(k)).length}`,
  );
  console.log(`    gap: ${notLowered.length} declared in local modules that are themselves not deployed under the defaults`);
  console.log(`    gap: ${noInstances.length} loops over an array that is empty under the defaults (no instance)`);
  console.log(`    gap: ${metNotDeployed.length} with a condition that is false under the defaults`);
  console.log(`    deployed but not reported: ${deployedNotReported.length}${deployedNotReported.length > 0 ? ` (${deployedNotReported.slice(0, 5).map((k) => declared.get(k) ?? k).join('; ')})` : ''}`);
  console.log(`    cross-check with the compiled template: ${armDeploys.size} of them deploy resources there; deployed by the compiled template only: ${armOnly.length}, by Bicep only (nothing under it in the template): ${bicepOnly.length}`);
  if (verbose) for (const k of [...armOnly, ...bicepOnly]) console.log(`      ${armOnly.includes(k) ? 'template only' : 'bicep only'}: ${declared.get(k) ?? k}`);
  console.log(`  difference classes (findings, one per resource and class):`);
  for (const [k, n] of [...classes].sort((x, y) => y[1] - x[1])) console.log(`    ${String(n).padStart(5)}  ${k}`);
  console.log(`  causes of the remaining differences (modules, findings):`);
  for (const [k, n] of [...causes].sort((x, y) => y[1].modules - x[1].modules)) console.log(`    ${String(n.modules).padStart(4)} ${String(n.findings).padStart(5)}  ${k}`);
  console.log(`lowering time: bicep ${bicepMs.toFixed(0)} ms (slowest ${slowModule.file} ${slowModule.ms.toFixed(0)} ms), arm ${armMs.toFixed(0)} ms; evaluation budget exhausted: ${budgetHits}`);
  if (budgetHits > 0) failures++;
  if (mismatches.length > 0) console.log(`${verbose ? 'mismatches' : 'first mismatches'}:\n  ${mismatches.slice(0, verbose ? mismatches.length : 8).join('\n  ')}`);
}

process.exit(failures > 0 ? 1 : 0);
