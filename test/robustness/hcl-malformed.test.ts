// Malformed HCL through the hand-written parser and the tree-sitter reference it replaced: valid files
// (the repository's, hand-written tricky ones, generated ones) broken by truncation, byte flips,
// unbalanced quotes and brackets, deep nesting and huge insertions.
// - the parser never throws, ends, and keeps every span inside the text;
// - whenever the reference reports an error, so does the parser, unless the input is one the reference
//   gets wrong (REFERENCE_ONLY_ERRORS, valid HCL that the reference rejects);
// - the statements before the first error are the same in both.
// The reverse (an error only the parser reports) is counted, not failed, except on a file that was only
// cut short: the spec rejects more than the reference did (STRICTER_THAN_REFERENCE), chiefly statements
// that run over a line break.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import type { Expr, HclFile, TemplatePart } from '../../src/frontends/terraform/hcl/ast.js';
import { MAX_NESTING, parseHclText, type ParsedHcl } from '../../src/frontends/terraform/hcl/parser.js';
import { asReferenceReads, firstDifference, REFERENCE_ONLY_ERRORS, referenceParse } from '../support/hcl-reference/differences.js';
import { mutatedSeed, mutationOf } from './mutate.js';
import { hclSeeds } from './support.js';

const seeds = hclSeeds();

const tally = { inputs: 0, bothReport: 0, neither: 0, onlyReference: 0, onlyParser: 0, referenceTooSlow: 0, referenceThrew: 0 };
after(() => console.log(`HCL malformed differential: ${JSON.stringify(tally)}`));

const syntaxErrors = (p: ParsedHcl) => p.diagnostics.filter((d) => d.code === 'AZM1201' || d.code === 'AZM1003');

/**
 * Every node's span lies inside the text, start before end; and the tree is no deeper than the nesting
 * limit allows (the evaluator walks it recursively).
 */
function assertWellFormedTree(file: HclFile): void {
  const n = file.text.length;
  const span = (s: { start: number; end: number }, what: string): void => assert.ok(s.start >= 0 && s.start <= s.end && s.end <= n, `${what} ${s.start}-${s.end} of ${n}`);
  const exprs: [Expr, number][] = [];
  const parts = (ps: TemplatePart[], depth: number): void => {
    for (const p of ps) {
      if (p.k === 'interp') exprs.push([p.expr, depth]);
      else if (p.k === 'if') {
        exprs.push([p.cond, depth + 1]);
        parts(p.then, depth + 1);
        parts(p.else, depth + 1);
      } else if (p.k === 'for') {
        exprs.push([p.coll, depth + 1]);
        parts(p.body, depth + 1);
      }
    }
  };
  let deepest = 0;
  const bodies: [HclFile['body'], number][] = [[file.body, 0]];
  while (bodies.length > 0) {
    const [b, depth] = bodies.pop()!;
    for (const a of b.attributes) {
      span(a, 'attribute');
      span(a.nameSpan, 'attribute name');
      exprs.push([a.expr, depth + 1]);
    }
    for (const bl of b.blocks) {
      span(bl, 'block');
      bl.labelSpans.forEach((l) => span(l, 'label'));
      bodies.push([bl.body, depth + 1]);
    }
  }
  while (exprs.length > 0) {
    const [e, depth] = exprs.pop()!;
    span(e, e.k);
    deepest = Math.max(deepest, depth);
    const d = depth + 1;
    const push = (...xs: Expr[]): void => {
      for (const x of xs) exprs.push([x, d]);
    };
    switch (e.k) {
      case 'template':
        parts(e.parts, d);
        break;
      case 'tuple':
        push(...e.items);
        break;
      case 'object':
        for (const el of e.elems) push(el.key, el.value);
        break;
      case 'call':
        push(...e.args);
        break;
      case 'attr':
        push(e.obj);
        break;
      case 'index':
        push(e.obj, e.key);
        break;
      case 'splat':
        push(e.obj);
        for (const s of e.steps) if (s.k === 'index') push(s.key);
        break;
      case 'forTuple':
      case 'forObject':
        push(e.coll, e.value, ...(e.k === 'forObject' ? [e.key] : []), ...(e.cond ? [e.cond] : []));
        break;
      case 'cond':
        push(e.test, e.then, e.else);
        break;
      case 'unary':
        push(e.operand);
        break;
      case 'binary':
        push(e.left, e.right);
        break;
      case 'paren':
        push(e.expr);
        break;
    }
  }
  assert.ok(deepest <= MAX_NESTING + 5, `the tree is ${deepest} levels deep`);
  for (const c of file.comments) span(c, 'comment');
}

describe('malformed HCL', () => {
  test('the parser never throws, every span and diagnostic lies inside the text, the tree depth is bounded (huge insertions, deep nesting)', () => {
    fc.assert(
      fc.property(mutatedSeed(seeds, mutationOf()), ({ text }) => {
        const parsed = parseHclText('m.tf', text);
        assertWellFormedTree(parsed.file);
        for (const d of parsed.diagnostics) {
          if (d.ref) assert.ok(d.ref.start >= 0 && d.ref.start <= d.ref.end && d.ref.end <= text.length, `${d.code} ${d.message}`);
        }
        assert.ok(parsed.diagnostics.filter((d) => d.code === 'AZM1003').length <= 1);
      }),
      { seed: 0x4d414c, numRuns: 300 },
    );
  });

  test('an error wherever the reference finds one, and the same statements before the first error', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedSeed(seeds, mutationOf(undefined, 10_000)), async ({ text, mutations }) => {
        tally.inputs++;
        const mine = parseHclText('m.tf', text);
        let ref: ParsedHcl;
        try {
          ref = await referenceParse('m.tf', text, 'HclSyntax', 2_000);
        } catch {
          // The reference throws on `\U` escapes past U+10FFFF (String.fromCodePoint).
          tally.referenceThrew++;
          return;
        }
        if (ref.diagnostics.some((d) => d.code === 'AZM2005')) {
          tally.referenceTooSlow++;
          return;
        }
        const refErrors = syntaxErrors(ref);
        const myErrors = syntaxErrors(mine);
        if (refErrors.length > 0 && myErrors.length > 0) tally.bothReport++;
        else if (refErrors.length === 0 && myErrors.length === 0) tally.neither++;
        else if (myErrors.length > 0) {
          tally.onlyParser++;
          // A file cut short is broken for both (unless it was cut right after a complete statement).
          assert.ok(!mutations.every((m) => m.kind === 'truncate'), `only the parser reports ${myErrors.map((d) => d.message).join('; ')} on a truncated file`);
        } else {
          tally.onlyReference++;
          const known = REFERENCE_ONLY_ERRORS.find((k) => k.test.test(text));
          assert.ok(known, `only the reference reports ${refErrors.map((d) => `${d.message} at ${d.ref?.start}`).join('; ')} after ${JSON.stringify(mutations).slice(0, 300)}`);
        }
        // Statements on the lines before the first error (of either), less the last of them: the reference,
        // blind to newlines, may have carried that one across the line break into the error.
        const first = Math.min(...[...refErrors, ...myErrors].map((d) => d.ref?.start ?? text.length), text.length);
        let cut = text.lastIndexOf('\n', first - 1);
        const before = [...mine.file.body.attributes, ...mine.file.body.blocks].filter((s) => s.end <= cut).sort((a, b) => a.start - b.start);
        if (before.length > 0) cut = before[before.length - 1]!.start;
        const emulated = asReferenceReads(mine.file);
        const upTo = (b: { attributes: { end: number }[]; blocks: { end: number }[] }) => ({
          attributes: b.attributes.filter((s) => s.end <= cut),
          blocks: b.blocks.filter((s) => s.end <= cut),
        });
        const d = firstDifference(upTo(ref.file.body), upTo(emulated.body));
        assert.equal(d, undefined, `statements before the first error differ at ${d} after ${JSON.stringify(mutations).slice(0, 300)}`);
      }),
      { seed: 0x444946, numRuns: 400 },
    );
  });
});
