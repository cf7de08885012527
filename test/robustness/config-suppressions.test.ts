// Fuzzing of the two small parsers every scan runs: `.azmtls.yml` and inline `azmtls-ignore` directives.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { ConfigError, parseConfig } from '../../src/cli/config.js';
import { SourceText } from '../../src/core/source.js';
import { findInlineDirectives } from '../../src/engine/suppressions.js';
import { mutatedSeed } from './mutate.js';
import { checkProperty, Tally, type Seed } from './support.js';

const configSeeds: Seed[] = [
  {
    name: 'inline/.azmtls.yml',
    text: `profile: internal
failOn: unknown
internalTag: requires-mtls
exceptions:
  - rule: AZM-MTLS-001
    resource: "marketing-*"
    reason: public marketing site
    owner: web-team@contoso.com
    expires: 2027-03-31
  - rule: "*"
    resource: legacy
    reason: "decommissioned in Q3"
    expires: "2026-09-30"
`,
  },
];

const directiveSeeds: Seed[] = [
  {
    name: 'inline/directives.bicep',
    text: `// azmtls-ignore AZM-MTLS-001 -- terminated at Application Gateway; until=2027-01-31
@description('x')
resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: 'a'
  properties: {
    /* azmtls-ignore AZM-MTLS-002, AZM-MTLS-001 -- health probe */
    clientCertExclusionPaths: '/health'
  }
}
# azmtls-ignore AZM-MTLS-004
`,
  },
];

const tally = new Tally();
after(() => console.log(tally.summary('configuration and directives robustness')));

describe('configuration and inline directives under fuzzing', () => {
  test('the seed configuration is valid', () => {
    const c = parseConfig(configSeeds[0]!.text, '.azmtls.yml');
    assert.equal(c.profile, 'internal');
    assert.equal(c.exceptions.length, 2);
  });

  test('mutated .azmtls.yml: a valid config or a ConfigError with a position inside the file, nothing else', () => {
    const inputs = fc.oneof(mutatedSeed(configSeeds).map((m) => m.text), fc.string({ maxLength: 300, unit: 'binary' }));
    checkProperty('configurations', tally, inputs, (text) => {
      try {
        const c = parseConfig(text, '.azmtls.yml');
        for (const e of c.exceptions) assert.match(e.expires, /^\d{4}-\d{2}-\d{2}$/);
      } catch (err) {
        assert.ok(err instanceof ConfigError, `not a ConfigError: ${String(err)}`);
        const lines = text.split(/\r\n|\r|\n/).length;
        assert.ok(err.line >= 1 && err.line <= lines + 1, `line ${err.line} of ${lines}`);
        assert.ok(err.message.startsWith('.azmtls.yml:'), err.message);
      }
    }, { seed: 0x434647, numRuns: 600 });
  });

  test('mutated directives: findInlineDirectives never throws and every directive targets a later line', () => {
    checkProperty('directive texts', tally, mutatedSeed(directiveSeeds), ({ text }) => {
      const source = new SourceText('d.bicep', text);
      for (const d of findInlineDirectives(source)) {
        assert.ok(d.line >= 1 && d.line <= source.lineCount());
        assert.ok(d.targetLine > d.line, `directive on ${d.line} targets ${d.targetLine}`);
        assert.ok(d.column >= 1);
      }
    }, { seed: 0x444952, numRuns: 600 });
  });

  test('100,000 directive lines in a row stay linear', () => {
    tally.add('directive texts');
    const text = '// azmtls-ignore AZM-MTLS-001 -- reason\n'.repeat(100_000) + "resource s 'Microsoft.Web/sites@2023-12-01' = {}\n";
    const found = findInlineDirectives(new SourceText('many.bicep', text));
    assert.equal(found.length, 100_000);
    assert.equal(found[99_999]!.targetLine, 100_001);
  });
});
