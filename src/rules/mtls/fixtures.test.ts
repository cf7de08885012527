// Each rule's ARM fixture, through the real scan pipeline: every annotated line, status and message must match.
import { describe, test } from 'node:test';
import { checkFixture } from '../../../test/harness/fixtures.js';
import { allRules } from '../index.js';

describe('ARM fixtures with inline expectations', () => {
  for (const rule of allRules) {
    const n = rule.meta.id.slice(-3);
    test(rule.meta.id, async () => {
      await checkFixture(`src/rules/mtls/fixtures/azm-mtls-${n}.json`);
    });
  }
});
