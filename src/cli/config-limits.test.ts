// The pre-scan that keeps `.azmtls.yml` parsing bounded. Each pathological input below costs the `yaml`
// package seconds, a stack overflow or quadratic time when handed over whole.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from './config.js';
import { checkYamlShape, MAX_CONFIG_DEPTH, MAX_CONFIG_NODES } from './config-limits.js';

const VALID = `profile: internal # { [ in a comment
failOn: unknown
exceptions:
  - rule: AZM-MTLS-001
    resource: "marketing-[*]"
    reason: |
      text with {{{ and [[[ that is not YAML structure
      ${'{'.repeat(200)}
    owner: 'web-team@contoso.com ]'
    expires: 2027-03-31
  - {rule: "*", resource: legacy, reason: "decommissioned ]", expires: "2026-09-30"}
`;

function rejects(text: string, message: string): void {
  assert.throws(
    () => parseConfig(text, '.azmtls.yml'),
    (e: unknown) => e instanceof ConfigError && e.message === `.azmtls.yml:${message}`,
  );
}

describe('checkYamlShape', () => {
  test('a real configuration passes: brackets in quotes, comments and block scalars are text', () => {
    assert.equal(checkYamlShape(VALID, MAX_CONFIG_DEPTH, MAX_CONFIG_NODES), undefined);
    const config = parseConfig(VALID, '.azmtls.yml');
    assert.equal(config.exceptions.length, 2);
    assert.equal(config.exceptions[0]!.owner, 'web-team@contoso.com ]');
  });

  // A collection written as a block value counts its position and itself: one level more than YAML's own count.
  test('depth counts flow brackets, indentation and compact indicators', () => {
    const depthOf = (text: string): number => {
      for (let d = 1; d < 100; d++) if (checkYamlShape(text, d, Infinity) === undefined) return d;
      return Infinity;
    };
    assert.equal(depthOf('a: 1\n'), 2);
    assert.equal(depthOf('a: [[1]]\n'), 4);
    assert.equal(depthOf('a:\n  b:\n    c: 1\n'), 4);
    assert.equal(depthOf('- - - 1\n'), 4);
    assert.equal(depthOf('a:\n- b:\n  - c: 1\n'), 6);
    assert.equal(depthOf('a: |\n  [[[[\nb: 1\n'), 2);
    assert.equal(depthOf('a: "[[[["\n'), 2);
  });

  test('the first token past the limit is reported', () => {
    assert.deepEqual(checkYamlShape('['.repeat(260_000), 64, MAX_CONFIG_NODES), { problem: 'depth', offset: 63 });
    assert.deepEqual(checkYamlShape('x: ' + '{a: '.repeat(100), 64, MAX_CONFIG_NODES), { problem: 'depth', offset: 3 + 4 * 62 });
    assert.deepEqual(checkYamlShape('[' + 'a,'.repeat(10) + ']', 64, 5), { problem: 'nodes', offset: 9 });
    assert.deepEqual(checkYamlShape('a: 1\n}', 64, 5), { problem: 'closer', offset: 5 });
  });
});

describe('parseConfig on pathological inputs', () => {
  test('260 KB of { or [, and deep block nesting: the line and column where the limit is crossed', () => {
    const message = 'YAML nested more than 64 levels deep; a configuration is at most 4 levels deep';
    rejects('{'.repeat(260_000), `1:64: ${message}`);
    rejects('['.repeat(260_000), `1:64: ${message}`);
    rejects(`exceptions:\n${Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')}\n`, `65:65: ${message}`);
    rejects('- '.repeat(50_000), `1:129: ${message}`);
    rejects('? '.repeat(50_000), `1:129: ${message}`);
  });

  test('a million small values, anchors or aliases: stopped at the node limit', () => {
    const message = 'more than 100000 YAML nodes (values, anchors, tags); a configuration holds far fewer';
    rejects(`y: [${new Array(500_000).fill('a').join(',')}]\n`, `1:200001: ${message}`);
    rejects(`x: &x 1\ny: [${new Array(300_000).fill('*x').join(',')}]\n`, `2:299990: ${message}`);
    rejects(`${Array.from({ length: 90_000 }, (_, i) => `k${i}: v`).join('\n')}\n`, `50001:1: ${message}`);
    rejects(`y: ${'&a '.repeat(300_000)}1\n`, `1:300001: ${message}`);
  });

  test('stray closing brackets are one error, not one slow error each', () => {
    rejects('}'.repeat(250_000), "1:1: YAML syntax error: '}' closes no flow collection");
    rejects(`profile: strict\n${']'.repeat(250_000)}`, "2:1: YAML syntax error: ']' closes no flow collection");
  });

  test('billion laughs: aliases are never expanded', () => {
    let text = 'profile: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 10; i++) text += `internalTag: &a${i} [${new Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    rejects(text, "1:14: 'profile' must be a string");
    rejects('exceptions:\n  - &e {rule: "*", resource: a, reason: b, expires: 2030-01-01}\n  - *e\n', '3:5: YAML aliases (*e) are not supported in the configuration; write the value itself');
  });

  test('duplicate keys are found without comparing every key with every other', () => {
    rejects('profile: strict\nfailOn: fail\nprofile: cis\n', "3:1: duplicate key 'profile'");
    rejects('exceptions:\n  - rule: "*"\n    rule: "*"\n', "3:5: exception: duplicate key 'rule'");
    rejects(`exceptions:\n  - {${Array.from({ length: 40_000 }, (_, i) => `k${i}: v`).join(', ')}}\n`, "2:6: unknown exception key 'k0' (expected one of: rule, resource, reason, owner, expires)");
  });

  test('a configuration over 1 MiB is refused before it is parsed', () => {
    rejects(`# ${'x'.repeat(2 * 1024 * 1024)}\n`, '1:1: the configuration file is 2.0 MiB, over the limit of 1 MiB; a configuration is a few KB');
  });

  test('a configuration saved by Windows PowerShell (UTF-16, or UTF-8 with a byte order mark) reads as the plain one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'azmtls-config-'));
    try {
      const plain = parseConfig(VALID, '.azmtls.yml');
      const forms: [string, Buffer][] = [
        ['utf8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(VALID)])],
        ['utf16le', Buffer.from(`\ufeff${VALID}`, 'utf16le')],
        ['utf16be', Buffer.from(`\ufeff${VALID}`, 'utf16le').swap16()],
      ];
      for (const [form, bytes] of forms) {
        writeFileSync(join(dir, `${form}.yml`), bytes);
        assert.deepEqual(loadConfig(join(dir, `${form}.yml`), dir), { ...plain, file: `${form}.yml` }, form);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
