import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerProbe } from '../../src/cli/commands/probe.js';
import { UsageError, type CliIO } from '../../src/cli/io.js';
import type { ProbeReport } from '../../src/probe/observation.js';
import { testPki } from '../support/certs.js';
import { ok, startAppServiceProxy, startHttps, type Running } from './servers.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The command as `azmtls` registers it, run in-process. */
async function run(args: string[], cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: {},
    isTTY: false,
    stderrIsTTY: false,
  };
  let code = 0;
  const program = new Command().exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerProbe(program, io, (c) => (code = Math.max(code, c)));
  try {
    await program.parseAsync(['probe', ...args], { from: 'user' });
  } catch (err) {
    if (err instanceof UsageError) return { code: 2, stdout, stderr: `${stderr}azmtls: ${err.message}\n` };
    if (err instanceof CommanderError) return { code: err.exitCode === 0 ? 0 : 2, stdout, stderr };
    throw err;
  }
  return { code, stdout, stderr };
}

describe('azmtls probe (command line)', () => {
  const pki = testPki();
  let dir: string;
  let enforced: Running;
  let open: Running;
  let proxy: Running;
  const servers: Running[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'azmtls-probe-cli-'));
    writeFileSync(join(dir, 'root.pem'), pki.root.certPem);
    writeFileSync(join(dir, 'client.pem'), pki.client.certPem);
    writeFileSync(join(dir, 'client.key'), pki.client.keyPem);
    writeFileSync(join(dir, 'intermediate.pem'), pki.intermediate.certPem);
    const tls = { cert: pki.server.certPem, key: pki.server.keyPem };
    enforced = await startHttps({ ...tls, ca: pki.root.certPem, requestCert: true, rejectUnauthorized: true }, ok());
    open = await startHttps(tls, ok());
    proxy = await startAppServiceProxy({ server: pki.server, mode: 'Required', upstream: open.url, upstreamCa: pki.root.certPem, exclusionPaths: ['/health'] });
    servers.push(enforced, open, proxy);
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('enforced endpoint with a supplied certificate and intermediate: exit 0, console report', async () => {
    const r = await run([enforced.url, '--server-ca', 'root.pem', '--cert', 'client.pem', '--key', 'client.key', '--ca', 'intermediate.pem'], dir);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], `${enforced.url}: ENFORCED`);
    assert.match(r.stdout, /no client certificate\s+refused\s+TLS alert 116 \(certificate required\) TLSv1\.3/);
    assert.match(r.stdout, /supplied certificate\s+through\s+HTTP 200/);
    assert.equal(lines.at(-2), '1 endpoint(s): 1 enforced, 0 not enforced, 0 accepting untrusted certificates, 0 inconclusive');
  });

  test('not enforced: exit 1; JSON report with verdict and observations', async () => {
    const r = await run([open.url, '--insecure', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as ProbeReport;
    assert.equal(report.schemaVersion, 1);
    assert.deepEqual(report.summary, { endpoints: 1, enforced: 0, notEnforced: 1, acceptsUntrusted: 0, inconclusive: 0 });
    assert.equal(report.endpoints[0]!.endpoint, open.url);
    assert.equal(report.endpoints[0]!.verdict, 'not-enforced');
    assert.deepEqual(
      report.endpoints[0]!.observations.map((o) => o.attempt),
      ['no-certificate', 'self-signed', 'expired', 'forged-header'],
    );
  });

  test('--fail-on never: findings do not fail the run', async () => {
    const r = await run([open.url, '--insecure', '--fail-on', 'never'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /NOT ENFORCED/);
  });

  test('inconclusive (untrusted server certificate): exit 2', async () => {
    const r = await run([open.url], dir);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /: INCONCLUSIVE\n/);
  });

  test('--from-scan: hostnames and exclusion paths from a live scan report, written to --output', async () => {
    const host = new URL(proxy.url).host;
    const address = '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Web/sites/contoso-api';
    const report = {
      schemaVersion: 1,
      results: [
        { ruleId: 'AZM-MTLS-001', status: 'pass', resource: { type: 'Microsoft.Web/sites', name: 'contoso-api', address, source: 'azure', hostnames: [host] } },
        { ruleId: 'AZM-MTLS-002', status: 'fail', exclusionPaths: ['/health'], resource: { type: 'Microsoft.Web/sites', name: 'contoso-api', address, source: 'azure', hostnames: [host] } },
        { ruleId: 'AZM-MTLS-001', status: 'fail', resource: { type: 'Microsoft.Web/sites', name: 'from-iac', address: 'site', source: 'bicep' } },
      ],
      errors: [],
    };
    writeFileSync(join(dir, 'scan.json'), JSON.stringify(report));
    const r = await run(['--from-scan', 'scan.json', '--server-ca', 'root.pem', '--format', 'json', '-o', 'probe.json'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    const written = JSON.parse(readFileSync(join(dir, 'probe.json'), 'utf8')) as ProbeReport;
    assert.equal(written.endpoints.length, 1);
    const endpoint = written.endpoints[0]!;
    assert.deepEqual(endpoint.resource, { type: 'Microsoft.Web/sites', name: 'contoso-api', address });
    assert.equal(endpoint.verdict, 'not-enforced');
    assert.deepEqual([...new Set(endpoint.observations.map((o) => o.path))], ['/', '/health']);
    assert.equal(endpoint.reasons[0], 'got through with no client certificate on /health: HTTP 200');
    // The same report saved by Windows PowerShell's `>`: UTF-16 with a byte order mark.
    writeFileSync(join(dir, 'scan-utf16.json'), Buffer.from(`\ufeff${JSON.stringify(report)}`, 'utf16le'));
    const again = await run(['--from-scan', 'scan-utf16.json', '--server-ca', 'root.pem', '--format', 'json'], dir);
    assert.equal(again.code, 1, again.stderr);
    assert.deepEqual((JSON.parse(again.stdout) as ProbeReport).endpoints.map((e) => e.verdict), ['not-enforced']);
  });

  test('usage errors exit 2 with a one-line message', async () => {
    const cases: [string[], string | RegExp][] = [
      [['http://example.com'], 'azmtls: only https:// URLs can be probed (got http://): client certificates are only negotiated over TLS\n'],
      [[], 'azmtls: give at least one https:// URL or --from-scan FILE\n'],
      [[enforced.url, '--cert', 'client.pem'], 'azmtls: --cert and --key go together\n'],
      [[enforced.url, '--concurrency', '0'], "azmtls: --concurrency expects a positive integer, got '0'\n"],
      [[enforced.url, '--timeout', 'soon'], "azmtls: --timeout expects a positive integer, got 'soon'\n"],
      [[enforced.url, '--insecure', '--server-ca', 'root.pem'], 'azmtls: use either --insecure or --server-ca, not both\n'],
      [[enforced.url, '--cert', 'missing.pem', '--key', 'client.key'], "azmtls: cannot read client certificate 'missing.pem': ENOENT\n"],
      [[enforced.url, '--cert', 'root.pem', '--key', 'client.key'], /^azmtls: the supplied client certificate cannot be used: .*key values mismatch/],
      [[enforced.url, '--output', '.'], 'azmtls: --output: . is a directory\n'],
      [[enforced.url, '--output', 'gone/probe.json'], 'azmtls: --output: the folder of gone/probe.json does not exist\n'],
    ];
    for (const [args, expected] of cases) {
      const r = await run(args, dir);
      assert.equal(r.code, 2, args.join(' '));
      if (typeof expected === 'string') assert.equal(r.stderr, expected);
      else assert.match(r.stderr, expected);
    }
  });

  test('--help documents verdicts and exit codes', async () => {
    const r = await run(['--help'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Verdicts: enforced \| not-enforced \| accepts-untrusted \| inconclusive\./);
    assert.match(r.stdout, /2 usage error, or an endpoint is inconclusive/);
  });
});
