import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TLSSocket } from 'node:tls';
import { runProbe, type ProbeOptions } from '../../src/probe/probe.js';
import type { EndpointResult, Observation } from '../../src/probe/observation.js';
import { httpMiddleware } from '../../src/middleware/index.js';
import { testPki } from '../support/certs.js';
import { ok, peerLeaf, startAppServiceProxy, startHttp, startHttps, startSilentTcp, type Running } from './servers.js';

const pki = testPki();
const running: Running[] = [];
const serve = async (r: Promise<Running>): Promise<Running> => {
  const server = await r;
  running.push(server);
  return server;
};
after(async () => {
  await Promise.all(running.map((r) => r.close()));
});

const serverTls = { cert: pki.server.certPem, key: pki.server.keyPem };
const options = (extra: Partial<ProbeOptions> = {}): ProbeOptions => ({
  version: 'test',
  concurrency: 4,
  timeoutMs: 3000,
  server: { insecure: false, ca: [pki.root.certPem] },
  headerName: 'X-ARR-ClientCert',
  ...extra,
});
const supplied = { cert: pki.client.certPem + pki.intermediate.certPem, key: pki.client.keyPem };

async function probeOne(url: string, extra: Partial<ProbeOptions> = {}, paths = ['/']): Promise<EndpointResult> {
  const report = await runProbe([{ endpoint: new URL(url), paths }], options(extra));
  assert.equal(report.endpoints.length, 1);
  return report.endpoints[0]!;
}

const find = (result: EndpointResult, attempt: Observation['attempt'], path = '/'): Observation => {
  const o = result.observations.find((x) => x.attempt === attempt && x.path === path);
  assert.ok(o, `no observation for ${attempt} on ${path}`);
  return o;
};

describe('probe against Node TLS servers', () => {
  let verifyTls13: Running;
  let verifyTls12: Running;
  let acceptAny: Running;
  let noRequest: Running;
  let acceptExpired: Running;
  let redirect: Running;

  before(async () => {
    const ca = pki.root.certPem;
    verifyTls13 = await serve(startHttps({ ...serverTls, ca, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.3' }, ok()));
    verifyTls12 = await serve(startHttps({ ...serverTls, ca, requestCert: true, rejectUnauthorized: true, maxVersion: 'TLSv1.2' }, ok()));
    // Demands a certificate (403 without one) but never checks who issued it.
    acceptAny = await serve(
      startHttps({ ...serverTls, requestCert: true, rejectUnauthorized: false }, (req, res) => {
        res.statusCode = peerLeaf(req) ? 200 : 403;
        res.end();
      }),
    );
    noRequest = await serve(startHttps(serverTls, ok()));
    // Checks the chain but forgives expiry: the expired probe certificate, issued by the trusted CA, shows it.
    acceptExpired = await serve(
      startHttps({ ...serverTls, ca, requestCert: true, rejectUnauthorized: false }, (req, res) => {
        const socket = req.socket as TLSSocket;
        const fine = socket.authorized || String(socket.authorizationError) === 'CERT_HAS_EXPIRED';
        res.statusCode = fine && peerLeaf(req) ? 200 : 403;
        res.end();
      }),
    );
    redirect = await serve(
      startHttps(serverTls, (_req, res) => {
        res.writeHead(302, { location: 'https://login.example/' });
        res.end();
      }),
    );
  });

  test('require-and-verify over TLS 1.3: certificate_required alert, valid certificate accepted', async () => {
    const result = await probeOne(verifyTls13.url, { supplied });
    assert.equal(result.verdict, 'enforced');
    const none = find(result, 'no-certificate');
    assert.equal(none.outcome, 'refused');
    assert.deepEqual(none.tls.alert, { code: 116, description: 'certificate required' });
    assert.equal(none.tls.protocol, 'TLSv1.3');
    assert.equal(none.detail, 'TLS alert 116 (certificate required)');
    assert.equal(find(result, 'self-signed').outcome, 'refused');
    assert.equal(find(result, 'expired').outcome, 'refused');
    assert.equal(find(result, 'forged-header').outcome, 'refused');
    const good = find(result, 'supplied');
    assert.equal(good.outcome, 'accepted');
    assert.deepEqual(good.http, { status: 200 });
    assert.ok(good.durationMs > 0 && good.handshakeMs !== undefined && good.handshakeMs <= good.durationMs);
    assert.deepEqual(result.reasons, ['callers without a certificate and with untrusted certificates were refused', 'the supplied certificate was accepted']);
  });

  test('require-and-verify over TLS 1.2: handshake_failure alert', async () => {
    const result = await probeOne(verifyTls12.url, { supplied });
    assert.equal(result.verdict, 'enforced');
    const none = find(result, 'no-certificate');
    assert.deepEqual(none.tls.alert, { code: 40, description: 'handshake failure' });
    assert.equal(none.tls.handshakeCompleted, false);
    assert.equal(find(result, 'supplied').tls.protocol, 'TLSv1.2');
  });

  test('request-but-accept-any: a certificate is demanded but any is accepted', async () => {
    const result = await probeOne(acceptAny.url);
    assert.equal(result.verdict, 'accepts-untrusted');
    assert.equal(find(result, 'no-certificate').detail, 'HTTP 403 Forbidden');
    assert.equal(find(result, 'self-signed').outcome, 'accepted');
    assert.deepEqual(result.reasons, [
      'accepted the self-signed certificate on /: HTTP 200',
      'accepted the expired certificate on /: HTTP 200',
    ]);
  });

  test('no certificate requested: not enforced', async () => {
    const result = await probeOne(noRequest.url);
    assert.equal(result.verdict, 'not-enforced');
    assert.equal(result.reasons[0], 'got through with no client certificate on /: HTTP 200');
  });

  test('an expired certificate from the trusted CA is accepted: accepts-untrusted, naming the expired one only', async () => {
    const result = await probeOne(acceptExpired.url, { supplied, expiredIssuer: pki.intermediate });
    assert.equal(result.verdict, 'accepts-untrusted');
    assert.deepEqual(result.reasons, ['accepted the expired certificate on /: HTTP 200']);
    assert.equal(find(result, 'self-signed').outcome, 'refused');
  });

  test('a redirect is not followed and means the caller got through', async () => {
    const result = await probeOne(redirect.url);
    assert.equal(result.verdict, 'not-enforced');
    const none = find(result, 'no-certificate');
    assert.deepEqual(none.http, { status: 302, location: 'https://login.example/' });
    assert.equal(none.detail, 'HTTP 302 redirect (not followed): the caller got through TLS');
  });

  test('the supplied certificate refused too: inconclusive', async () => {
    const result = await probeOne(verifyTls13.url, { supplied: { cert: pki.otherClient.certPem, key: pki.otherClient.keyPem } });
    assert.equal(result.verdict, 'inconclusive');
    assert.match(result.reasons[0]!, /^refused the supplied certificate on \/: .*; with every caller refused, acceptance of a valid certificate cannot be shown$/);
  });

  test('an untrusted server certificate is inconclusive unless --insecure', async () => {
    const strict = await probeOne(noRequest.url, { server: { insecure: false } });
    assert.equal(strict.verdict, 'inconclusive');
    // The server sends only its leaf, issued by a root the probe was not given.
    assert.equal(find(strict, 'no-certificate').error?.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    assert.match(strict.reasons[0]!, /pass --server-ca or --insecure/);
    const insecure = await probeOne(noRequest.url, { server: { insecure: true } });
    assert.equal(insecure.verdict, 'not-enforced');
  });

  test('several paths: every caller kind on every path', async () => {
    const result = await probeOne(verifyTls13.url, { supplied }, ['/', '/health']);
    assert.equal(result.observations.length, 10);
    assert.deepEqual(
      result.observations.filter((o) => o.path === '/health').map((o) => o.attempt),
      ['no-certificate', 'self-signed', 'expired', 'supplied', 'forged-header'],
    );
  });
});

describe('probe: network failures are inconclusive, and bounded', () => {
  test('a hung endpoint times out within the per-request timeout', async () => {
    const silent = await serve(startSilentTcp());
    const started = Date.now();
    const result = await probeOne(silent.url, { timeoutMs: 300, concurrency: 4 });
    assert.ok(Date.now() - started < 2500, 'four attempts at concurrency 4 finish in about one timeout');
    assert.equal(result.verdict, 'inconclusive');
    const none = find(result, 'no-certificate');
    assert.deepEqual(none.error, { code: 'TIMEOUT', message: 'timed out after 300 ms' });
    assert.equal(none.detail, 'no answer within 300 ms');
  });

  test('a refused connection', async () => {
    const closed = await startSilentTcp();
    await closed.close();
    const result = await probeOne(closed.url, { timeoutMs: 2000 });
    assert.equal(result.verdict, 'inconclusive');
    assert.equal(find(result, 'no-certificate').error?.code, 'ECONNREFUSED');
  });
});

describe('probe against an App-Service-like front end', () => {
  let app: Running;
  let naiveApp: Running;
  let required: Running;
  let requiredNaive: Running;
  let withExclusion: Running;
  let directApp: Running;
  let directGuarded: Running;

  before(async () => {
    const guard = { trustAnchors: [pki.root.certPem], intermediates: [pki.intermediate.certPem], trustedFrontEnd: { addresses: ['127.0.0.2'] }, logger: () => undefined };
    app = await serve(startHttp(httpMiddleware({ ...guard, source: 'header' }, ok('hello'))));
    naiveApp = await serve(startHttp(ok('hello')));
    required = await serve(startAppServiceProxy({ server: pki.server, mode: 'Required', upstream: app.url }));
    requiredNaive = await serve(startAppServiceProxy({ server: pki.server, mode: 'Required', upstream: naiveApp.url }));
    withExclusion = await serve(startAppServiceProxy({ server: pki.server, mode: 'Required', upstream: naiveApp.url, exclusionPaths: ['/health'] }));
    // The app reachable directly (bypassing the front end), believing the header from anyone.
    const headerOnly = { trustAnchors: [pki.root.certPem], intermediates: [pki.intermediate.certPem], source: 'header' as const, logger: () => undefined };
    directApp = await serve(startHttps(serverTls, httpMiddleware(headerOnly, ok('hello'))));
    directGuarded = await serve(startHttps(serverTls, httpMiddleware({ ...headerOnly, trustedFrontEnd: { addresses: ['127.0.0.2'] } }, ok('hello'))));
  });

  test('Required + validating app: 403 without a certificate counts as refused; enforced', async () => {
    const result = await probeOne(required.url, { supplied });
    assert.equal(result.verdict, 'enforced');
    assert.deepEqual(find(result, 'no-certificate').http, { status: 403 });
    assert.equal(find(result, 'self-signed').detail, 'HTTP 403 Forbidden');
    assert.deepEqual(find(result, 'supplied').http, { status: 200 });
  });

  test('Required + an app that does not validate: accepts untrusted callers', async () => {
    const result = await probeOne(requiredNaive.url);
    assert.equal(result.verdict, 'accepts-untrusted');
  });

  test('an exclusion path lets callers without a certificate through', async () => {
    const result = await probeOne(withExclusion.url, { supplied }, ['/', '/health']);
    assert.equal(result.verdict, 'not-enforced');
    assert.equal(find(result, 'no-certificate', '/').outcome, 'refused');
    assert.deepEqual(result.reasons, [
      'got through with no client certificate on /health: HTTP 200',
      'got through with forged X-ARR-ClientCert header, no certificate on /health: HTTP 200',
    ]);
  });

  test('an app believing X-ARR-ClientCert from anyone: the forged header gets through', async () => {
    const result = await probeOne(directApp.url, { supplied });
    assert.equal(result.verdict, 'not-enforced');
    assert.equal(find(result, 'no-certificate').outcome, 'refused');
    assert.equal(find(result, 'forged-header').outcome, 'accepted');
    assert.deepEqual(result.reasons, ['got through with forged X-ARR-ClientCert header, no certificate on /: HTTP 200']);
  });

  test('the same app with the trusted-front-end option refuses the forgery', async () => {
    const result = await probeOne(directGuarded.url, { supplied });
    assert.equal(find(result, 'forged-header').outcome, 'refused');
    // Reached directly, the app never sees a forwarded certificate: every caller, the valid one too, is refused.
    assert.equal(result.verdict, 'inconclusive');
  });
});
