/**
 * The hand-written HCL parser (src/frontends/terraform/hcl/parser.ts) against the tree-sitter parser it
 * replaced (test/support/hcl-reference), over the corpus of azurerm examples: every .tf/.tfvars file is
 * parsed by both and the trees (statements, spans, comments) compared, with the errors each reports and
 * the throughput of each. Run: npx tsx scripts/hcl-differential.ts
 *
 * A difference is either real (the script fails) or one of the places where the reference does not read
 * HCL as the spec says (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md); there the new
 * parser follows the spec, and the script names the case and says why:
 * - string-leading-space: tree-sitter's template scanner skips white space before each token, so a quoted
 *   string without interpolation lost its leading white space (`join(" ", x)` joined with "");
 * - attribute-splat-index: `.*` takes attribute steps only, so `x.*.id[0]` is `(x.*.id)[0]`;
 * - conditional-associativity: `a ? b : c ? d : e` is `a ? b : (c ? d : e)`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DiagnosticKind } from '../src/core/diagnostics.js';
import { parseHclText, type ParsedHcl } from '../src/frontends/terraform/hcl/parser.js';
import { asReferenceReads, comparable, firstDifference, referenceParse, SPEC_DIFFERENCES, type SpecDifference } from '../test/support/hcl-reference/differences.js';
import { listFiles } from './corpus.js';

const corpus = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'terraform-azurerm-examples');
if (!existsSync(corpus)) {
  console.log(`hcl-differential: skipped, ${corpus} is not present`);
  process.exit(0);
}

const files = listFiles(corpus, (n) => n.endsWith('.tf') || n.endsWith('.tfvars')).map((path) => ({
  name: relative(corpus, path).split('\\').join('/'),
  text: readFileSync(path, 'utf8').replace(/^\uFEFF/, ''),
  kind: (path.endsWith('.tfvars') ? 'TfvarsSyntax' : 'HclSyntax') as DiagnosticKind,
}));
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text, 'utf8'), 0);

let identical = 0;
const explained = new Map<SpecDifference, string[]>();
const unexplained: string[] = [];
const errors = { reference: [] as string[], parser: [] as string[] };
const errorText = (p: ParsedHcl) => p.diagnostics.map((d) => `${d.code} ${d.message}${d.ref ? ` at ${d.ref.start}` : ''}`).join('; ');

for (const f of files) {
  const ref = await referenceParse(f.name, f.text, f.kind);
  const mine = parseHclText(f.name, f.text, f.kind);
  if (ref.diagnostics.length > 0) errors.reference.push(`${f.name}: ${errorText(ref)}`);
  if (mine.diagnostics.length > 0) errors.parser.push(`${f.name}: ${errorText(mine)}`);
  const d = firstDifference(comparable(ref.file), comparable(mine.file));
  if (!d) {
    identical++;
    continue;
  }
  const emulated = asReferenceReads(mine.file);
  const rest = firstDifference(comparable(ref.file), { body: emulated.body, comments: emulated.comments });
  if (rest) {
    unexplained.push(`${f.name}: first difference at ${d}`);
    continue;
  }
  for (const kind of emulated.applied) {
    let list = explained.get(kind);
    if (!list) explained.set(kind, (list = []));
    list.push(`${f.name}: first difference at ${d}`);
  }
}

/** Seconds per pass over all files, after a warm-up pass: the best of `rounds`. */
async function timeIt(parse: (f: (typeof files)[number]) => unknown, rounds: number): Promise<number> {
  for (const f of files) await parse(f);
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const f of files) await parse(f);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}
const refSeconds = await timeIt((f) => referenceParse(f.name, f.text, f.kind), 3);
const mySeconds = await timeIt((f) => parseHclText(f.name, f.text, f.kind), 10);
const mbps = (s: number) => (bytes / 1e6 / s).toFixed(1);

const explainedFiles = new Set([...explained.values()].flat().map((l) => l.split(':')[0])).size;
console.log(`HCL differential over ${relative(process.cwd(), corpus) || corpus}: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB`);
console.log(`  identical trees:        ${identical}`);
console.log(`  spec differences:       ${explainedFiles} file(s), where the reference departs from the HCL spec and the new parser follows it`);
for (const [kind, list] of explained) {
  console.log(`    ${kind} (${list.length}): ${SPEC_DIFFERENCES[kind]}`);
  for (const l of list) console.log(`      ${l}`);
}
console.log(`  other differences:      ${unexplained.length}`);
for (const l of unexplained) console.log(`    ${l}`);
console.log(`  files with syntax errors: reference ${errors.reference.length}, new parser ${errors.parser.length}`);
for (const l of errors.reference.slice(0, 10)) console.log(`    reference: ${l}`);
for (const l of errors.parser.slice(0, 10)) console.log(`    new parser: ${l}`);
console.log(`  throughput (parse to tree, best pass): tree-sitter ${mbps(refSeconds)} MB/s, new parser ${mbps(mySeconds)} MB/s (${(refSeconds / mySeconds).toFixed(0)}x)`);

process.exit(unexplained.length > 0 || errors.parser.length !== errors.reference.length ? 1 : 0);
