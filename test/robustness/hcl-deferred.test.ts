// Deferred block bodies against bodies built at once, on valid and broken HCL: the repository's files,
// the tricky inputs and generated files, each also wrapped as the body of one block (so that every
// statement sits in a body that may be deferred), then truncated, flipped, unbalanced, nested deep or
// swollen. Whatever the input, deferring every top-level body the check finds well formed must change
// nothing: the same diagnostics, the same tree and the same comments once the bodies are read. The run
// also counts the bodies deferred, so a check that never says yes (and saves nothing) fails too.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { tokenize } from '../../src/frontends/terraform/hcl/lexer.js';
import { MAX_NESTING, parseHclText } from '../../src/frontends/terraform/hcl/parser.js';
import { mutatedSeed, mutationOf } from './mutate.js';
import { deferralDifference, hclSeeds } from './support.js';

const plain = hclSeeds();
const seeds = [...plain, ...plain.map((s) => ({ name: `${s.name} (as a block's body)`, text: `resource "t" "n" {\n${s.text}\n}\n` }))];

const tally = { inputs: 0, blocks: 0, deferred: 0 };
after(() => console.log(`HCL deferred bodies: ${JSON.stringify(tally)}`));

/** Parses both ways and compares; returns how many top-level blocks were deferred. */
function sameEitherWay(text: string, label: string): number {
  const { deferred, blocks, difference } = deferralDifference(text);
  tally.inputs++;
  tally.blocks += blocks;
  tally.deferred += deferred;
  assert.equal(difference, undefined, label);
  return deferred;
}

/**
 * The most tokens in one argument's expression: the check leaves an expression long enough to reach the
 * parser's nesting limit (block depth + tokens) to the parser.
 */
function longestExpression(text: string): number {
  const tokens = tokenize(text);
  const starts = Array.from(tokens.start.subarray(0, tokens.count));
  const bodies = [parseHclText('m.tf', text).file.body];
  let longest = 0;
  while (bodies.length > 0) {
    const body = bodies.pop()!;
    for (const a of body.attributes) longest = Math.max(longest, starts.filter((p) => p >= a.expr.start && p < a.expr.end).length);
    for (const b of body.blocks) bodies.push(b.body);
  }
  return longest;
}

describe('HCL deferred bodies', () => {
  test('the seeds: each wrapped seed is deferred whole when it has no error and no expression near the nesting limit', () => {
    let checked = 0;
    for (const s of seeds) {
      const deferred = sameEitherWay(s.text, s.name);
      if (s.name.endsWith("(as a block's body)") && parseHclText('m.tf', s.text).diagnostics.length === 0 && longestExpression(s.text) < MAX_NESTING - 50) {
        assert.equal(deferred, 1, `${s.name} was not deferred`);
        checked++;
      }
    }
    assert.ok(checked > plain.length / 2, `only ${checked} wrapped seeds were checked`);
  });

  test('mutated seeds: the same diagnostics, tree and comments as when every body is built at once', () => {
    fc.assert(
      fc.property(mutatedSeed(seeds, mutationOf(undefined, 50_000)), ({ text, seed, mutations }) => {
        sameEitherWay(text, `${seed} after ${JSON.stringify(mutations).slice(0, 300)}`);
      }),
      { seed: 0x444546, numRuns: 1000 },
    );
    assert.ok(tally.deferred > tally.inputs / 4, `only ${tally.deferred} bodies deferred over ${tally.inputs} inputs`);
  });
});
