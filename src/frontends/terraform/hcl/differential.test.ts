// The hand-written HCL parser against the tree-sitter parser it replaced (test/support/hcl-reference): on
// every Terraform file of the repository, hand-written tricky inputs and generated well-formed HCL, both
// read the same statements and comments with the same spans, and neither reports an error. Where the
// reference departs from the HCL spec, the new parser follows the spec; those cases are checked here one
// by one, each with the reference's reading next to the spec's.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { repoRoot } from '../../../../test/harness/fixtures.js';
import { asReferenceReads, comparable, firstDifference, referenceParse } from '../../../../test/support/hcl-reference/differences.js';
import { TRICKY } from '../../../../test/support/hcl-reference/inputs.js';
import { hclFile, hclSyntaxFile } from '../../../../test/robustness/generators.js';
import { parseHclText } from './parser.js';

let compared = 0;
let explained = 0;
const explainedBy = new Map<string, number>();
after(() =>
  console.log(
    `HCL differential: ${compared} inputs compared with the tree-sitter reference: ${compared - explained} identical, ` +
      `${explained} different only where the reference departs from the HCL spec (${[...explainedBy].map(([k, n]) => `${k}: ${n}`).join(', ') || 'none'})`,
  ),
);

/** Both parsers read `text` without an error and into the same tree (up to the spec differences, if allowed). */
async function assertSame(name: string, text: string, allowSpecDifferences = false): Promise<void> {
  compared++;
  const errorKind = name.endsWith('.tfvars') ? 'TfvarsSyntax' : 'HclSyntax';
  const ref = await referenceParse(name, text, errorKind);
  const mine = parseHclText(name, text, errorKind);
  const messages = (ds: typeof mine.diagnostics) => ds.map((d) => `${d.code} ${d.message} at ${d.ref?.start}`);
  assert.deepEqual(messages(ref.diagnostics), [], `${name}: the reference reports errors on an input meant to be valid`);
  assert.deepEqual(messages(mine.diagnostics), [], `${name}: ${JSON.stringify(text.slice(0, 300))}`);
  let d = firstDifference(comparable(ref.file), comparable(mine.file));
  if (d && allowSpecDifferences) {
    const emulated = asReferenceReads(mine.file);
    d = firstDifference(comparable(ref.file), { body: emulated.body, comments: emulated.comments });
    if (!d) {
      explained++;
      for (const k of emulated.applied) explainedBy.set(k, (explainedBy.get(k) ?? 0) + 1);
    }
  }
  assert.equal(d, undefined, `${name}: first difference at ${d}\n${JSON.stringify(text.slice(0, 500))}`);
}

function terraformFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) terraformFiles(full, out);
    else if (/\.(tf|tfvars)$/.test(name)) out.push(full);
  }
  return out;
}

describe('the HCL parser reads what the tree-sitter reference reads', () => {
  test('every .tf and .tfvars file of the repository', async () => {
    const files = ['src', 'test', 'examples'].flatMap((d) => terraformFiles(join(repoRoot, d)));
    assert.ok(files.length >= 10, `only ${files.length} Terraform files found`);
    for (const f of files) await assertSame(relative(repoRoot, f), readFileSync(f, 'utf8'));
  });

  test('hand-written inputs: heredocs, templates, comments in odd places, unicode, CRLF, one-line blocks, splats, for, provider functions', async () => {
    for (const [name, text] of Object.entries(TRICKY)) {
      await assertSame(`${name}.tf`, text);
      await assertSame(`${name} (CRLF).tf`, text.replace(/\r?\n/g, '\r\n'));
    }
  });

  test('generated well-formed HCL syntax', async () => {
    await fc.assert(
      fc.asyncProperty(hclSyntaxFile, async (text) => assertSame('generated.tf', text)),
      { seed: 0x48434c, numRuns: 400 },
    );
  });

  test('generated Terraform configurations', async () => {
    await fc.assert(
      fc.asyncProperty(hclFile, async (text) => assertSame('configuration.tf', text, true)),
      { seed: 0x544631, numRuns: 150 },
    );
  });
});

describe('where the reference departs from the HCL spec, the parser follows the spec', () => {
  const cases: { text: string; spec: string; reference: string; difference: string }[] = [
    { text: 'a = join(" ", x)\n', spec: '" "', reference: '""', difference: 'string-leading-space' },
    { text: 'a = x.*.id[0]\n', spec: 'index of splat', reference: 'splat with an index step', difference: 'attribute-splat-index' },
    { text: 'a = x ? 1 : y ? 2 : 3\n', spec: 'x ? 1 : (y ? 2 : 3)', reference: '(x ? 1 : y) ? 2 : 3', difference: 'conditional-associativity' },
  ];
  for (const c of cases) {
    test(`${c.difference}: ${c.text.trim()} is ${c.spec}, not ${c.reference}`, async () => {
      const ref = await referenceParse('d.tf', c.text);
      const mine = parseHclText('d.tf', c.text);
      assert.deepEqual([ref.diagnostics, mine.diagnostics], [[], []]);
      assert.notEqual(firstDifference(comparable(ref.file), comparable(mine.file)), undefined);
      const emulated = asReferenceReads(mine.file);
      assert.deepEqual([...emulated.applied], [c.difference]);
      assert.equal(firstDifference(comparable(ref.file), { body: emulated.body, comments: emulated.comments }), undefined);
    });
  }

  test('the spec readings, spelled out', () => {
    const attr = (text: string) => parseHclText('s.tf', text).file.body.attributes[0]!.expr;
    const call = attr('a = join(" ", x)\n');
    assert.ok(call.k === 'call' && call.args[0]!.k === 'lit' && call.args[0]!.value === ' ');
    const idx = attr('a = x.*.id[0]\n');
    assert.ok(idx.k === 'index' && idx.obj.k === 'splat' && idx.obj.steps.length === 1);
    const cond = attr('a = x ? 1 : y ? 2 : 3\n');
    assert.ok(cond.k === 'cond' && cond.test.k === 'var' && cond.else.k === 'cond');
    const exp = attr('a = 1e5\n');
    assert.ok(exp.k === 'lit' && exp.value === 100000);
  });
});
