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
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attr } from '../src/model/access.js';
import type { Resource } from '../src/model/resource.js';
import { toValue, Unresolved, type Value } from '../src/model/value.js';
import { loadBicep, parseBicep } from '../src/frontends/bicep/index.js';
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
  console.log(`linearity: ${base.length} chars x1 ${t1.toFixed(1)} ms, x4 ${t4.toFixed(1)} ms (${(t4 / t1).toFixed(1)}x), x16 ${t16.toFixed(1)} ms (${(t16 / t1).toFixed(1)}x)`);
  if (t16 / t1 > 40) {
    console.log('FAIL parse time is not linear in file size');
    failures++;
  }
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
if (validWithErrors > 0) failures++;

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

/** Symbolic names of registry / template-spec modules in a file and the local modules it calls. */
function registryModules(file: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(file)) return out;
  seen.add(file);
  let text: string;
  try {
    text = readCorpus(file);
  } catch {
    return out;
  }
  for (const d of parseBicep(text).declarations) {
    if (d.kind !== 'module') continue;
    const p = d.path.parts.length === 1 && typeof d.path.parts[0] === 'string' ? d.path.parts[0] : '';
    if (/^(br|ts)(:|\/)/i.test(p)) out.add(d.name.name.toLowerCase());
    else if (p.endsWith('.bicep')) for (const x of registryModules(resolveRelative(file, p), seen)) out.add(x);
  }
  return out;
}

const deployed = (rs: Resource[]) => rs.filter((r) => r.type.toLowerCase() !== 'microsoft.resources/deployments');

if (arm) {
  let modules = 0;
  let localOnly = 0;
  let localAgree = 0;
  let withRegistry = 0;
  let registryAgree = 0;
  let registryCallsReported = 0;
  let registryCalls = 0;
  let bicepMs = 0;
  let armMs = 0;
  const mismatches: string[] = [];
  for (const f of walk(join(corpus, 'bicep-avm'))) {
    if (!f.endsWith('/main.bicep')) continue;
    const jsonPath = join(dirname(f), 'main.json');
    if (!existsSync(jsonPath)) continue;
    modules++;
    const file = display(f);
    const jsonFile = display(jsonPath);
    let t0 = performance.now();
    const b = loadBicep(file, readFileSync(f, 'utf8'), { readFile: readCorpus });
    bicepMs += performance.now() - t0;
    t0 = performance.now();
    const a = arm.loadArm(jsonFile, readFileSync(jsonPath, 'utf8'), { readFile: readCorpus });
    armMs += performance.now() - t0;
    const registry = registryModules(file);
    const fromRegistry = (addr: string) => addr.toLowerCase().split('>').slice(0, -1).some((seg) => registry.has(seg.replace(/\[.*$/, '')));
    const armRes = deployed(a.resources).filter((r) => !fromRegistry(r.address));
    const bicepRes = deployed(b.resources);
    const problems: string[] = [];
    const byAddr = new Map(armRes.map((r) => [r.address.toLowerCase(), r]));
    // Templates compiled without symbolic names address nested deployments by resource id: pair those
    // by type and evaluated name, then by type in document order.
    const pairs: [Resource, Resource][] = [];
    const unpaired: Resource[] = [];
    for (const r of bicepRes) {
      const o = byAddr.get(r.address.toLowerCase());
      if (o) {
        byAddr.delete(r.address.toLowerCase());
        pairs.push([r, o]);
      } else unpaired.push(r);
    }
    for (const r of unpaired) {
      const rest = [...byAddr.values()].filter((o) => o.type.toLowerCase() === r.type.toLowerCase());
      const o = rest.find((x) => x.nameResolved && r.nameResolved && x.name === r.name) ?? rest.find((x) => !x.nameResolved && !r.nameResolved) ?? rest[0];
      if (!o) {
        problems.push(`only in bicep: ${r.address} ${r.type}`);
        continue;
      }
      byAddr.delete(o.address.toLowerCase());
      pairs.push([r, o]);
    }
    for (const [r, o] of pairs) {
      if (r.type.toLowerCase() !== o.type.toLowerCase()) problems.push(`${r.address}: type ${r.type} vs ${o.type}`);
      if (r.nameResolved !== o.nameResolved || (r.nameResolved && r.name !== o.name)) problems.push(`${r.address}: name ${r.name} vs ${o.name}`);
      if (Boolean(r.existing) !== Boolean(o.existing)) problems.push(`${r.address}: existing ${r.existing} vs ${o.existing}`);
      if (Boolean(r.condition) !== Boolean(o.condition)) problems.push(`${r.address}: condition ${r.condition?.expression} vs ${o.condition?.expression}`);
      for (const p of RULE_PATHS) {
        const x = reading(r, p);
        const y = reading(o, p);
        if (x !== y) problems.push(`${r.address}: ${p} ${x} vs ${y}`);
      }
    }
    for (const r of byAddr.values()) problems.push(`only in arm: ${r.address} ${r.type}`);
    if (registry.size > 0) {
      withRegistry++;
      registryCalls += registry.size;
      const reported = b.diagnostics.filter((d) => d.code === 'AZM2008').length;
      registryCallsReported += Math.min(reported, registry.size);
      if (problems.length === 0) registryAgree++;
    } else {
      localOnly++;
      if (problems.length === 0) localAgree++;
    }
    if (problems.length > 0) mismatches.push(`${file}:\n    ${problems.slice(0, verbose ? 50 : 3).join('\n    ')}`);
  }
  console.log(`avm equivalence: ${modules} modules; local-only modules agreeing: ${localAgree}/${localOnly} (${pct(localAgree, localOnly)}); modules with registry calls agreeing on their own resources: ${registryAgree}/${withRegistry} (${pct(registryAgree, withRegistry)}), AZM2008 warnings for registry declarations: ${registryCallsReported} of ${registryCalls} declared (declarations not deployed under the defaults, e.g. loops over empty optional parameters, give none)`);
  console.log(`lowering time: bicep ${bicepMs.toFixed(0)} ms, arm ${armMs.toFixed(0)} ms`);
  if (mismatches.length > 0) console.log(`first mismatches:\n  ${mismatches.slice(0, verbose ? mismatches.length : 8).join('\n  ')}`);
}

process.exit(failures > 0 ? 1 : 0);
