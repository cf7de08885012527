/**
 * A second TLS implementation: nginx from Debian's packages (package `nginx`, or the transitional `nginx-light`), started
 * from the test with its own prefix and configuration, in the foreground, on random loopback ports.
 * Without nginx the suite skips, except under CI (`CI` set), where it fails: CI must install it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProbe } from '../../src/probe/probe.js';
import type { EndpointResult } from '../../src/probe/observation.js';
import { testPki } from '../support/certs.js';

function findNginx(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'nginx');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next directory
    }
  }
  return undefined;
}

const nginx = findNginx();
if (!nginx && process.env.CI) {
  test('nginx is installed (required under CI)', () => {
    assert.fail('nginx was not found on PATH or in /usr/sbin: install the Debian package nginx (or nginx-light)');
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${port} in time`);
}

describe('probe against nginx', { skip: nginx ? false : 'nginx not installed (apt-get install nginx); skipped outside CI' }, () => {
  const pki = testPki();
  let dir: string;
  let child: ChildProcess | undefined;
  let stderr = '';
  const ports = { verify: 0, optionalNoCa: 0, optionalNoCa403: 0 };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'azmtls-nginx-'));
    writeFileSync(join(dir, 'server.pem'), pki.server.certPem);
    writeFileSync(join(dir, 'server.key'), pki.server.keyPem);
    writeFileSync(join(dir, 'clients-ca.pem'), pki.root.certPem + pki.intermediate.certPem);
    ports.verify = await freePort();
    ports.optionalNoCa = await freePort();
    ports.optionalNoCa403 = await freePort();
    const tls = `ssl_certificate ${dir}/server.pem; ssl_certificate_key ${dir}/server.key;`;
    const conf = `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${ports.verify} ssl;
    ${tls}
    ssl_client_certificate ${dir}/clients-ca.pem;
    ssl_verify_client on;
    ssl_verify_depth 3;
    location / { return 200 "ok\\n"; }
  }
  server {
    listen 127.0.0.1:${ports.optionalNoCa} ssl;
    ${tls}
    ssl_verify_client optional_no_ca;
    location / { return 200 "ok\\n"; }
  }
  server {
    listen 127.0.0.1:${ports.optionalNoCa403} ssl;
    ${tls}
    ssl_verify_client optional_no_ca;
    location / {
      if ($ssl_client_verify = NONE) { return 403; }
      return 200 "ok\\n";
    }
  }
}
`;
    writeFileSync(join(dir, 'nginx.conf'), conf);
    child = spawn(nginx!, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<never>((_, reject) => child!.once('exit', (code) => reject(new Error(`nginx exited (${code}): ${stderr}`))));
    const deadline = Date.now() + 5000;
    await Promise.race([Promise.all([waitForPort(ports.verify, deadline), waitForPort(ports.optionalNoCa, deadline), waitForPort(ports.optionalNoCa403, deadline)]), exited]);
  });

  after(async () => {
    if (child && child.exitCode === null) {
      const gone = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child?.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(timer);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const probe = async (port: number, withSupplied: boolean): Promise<EndpointResult> => {
    const report = await runProbe([{ endpoint: new URL(`https://127.0.0.1:${port}`), paths: ['/'] }], {
      version: 'test',
      concurrency: 4,
      timeoutMs: 3000,
      server: { insecure: false, ca: [pki.root.certPem] },
      headerName: 'X-ARR-ClientCert',
      ...(withSupplied ? { supplied: { cert: pki.client.certPem + pki.intermediate.certPem, key: pki.client.keyPem } } : {}),
    });
    return report.endpoints[0]!;
  };

  test('ssl_verify_client on: 400 naming the certificate counts as refused; enforced', async () => {
    const result = await probe(ports.verify, true);
    assert.equal(result.verdict, 'enforced');
    const byAttempt = Object.fromEntries(result.observations.map((o) => [o.attempt, o]));
    assert.deepEqual(byAttempt['no-certificate']!.http, { status: 400 });
    assert.equal(byAttempt['no-certificate']!.detail, 'HTTP 400 naming the client certificate');
    assert.equal(byAttempt['self-signed']!.outcome, 'refused');
    assert.equal(byAttempt.expired!.outcome, 'refused');
    assert.deepEqual(byAttempt.supplied!.http, { status: 200 });
  });

  test('ssl_verify_client optional_no_ca: not enforced', async () => {
    const result = await probe(ports.optionalNoCa, false);
    assert.equal(result.verdict, 'not-enforced');
  });

  test('optional_no_ca with 403 when no certificate: accepts untrusted certificates', async () => {
    const result = await probe(ports.optionalNoCa403, false);
    assert.equal(result.verdict, 'accepts-untrusted');
    // optional_no_ca forgives an unknown issuer, not an expired certificate.
    assert.deepEqual(
      result.observations.map((o) => [o.attempt, o.outcome, o.http?.status]),
      [
        ['no-certificate', 'refused', 403],
        ['self-signed', 'accepted', 200],
        ['expired', 'refused', 400],
        ['forged-header', 'refused', 403],
      ],
    );
    assert.deepEqual(result.reasons, ['accepted the self-signed certificate on /: HTTP 200']);
  });
});
