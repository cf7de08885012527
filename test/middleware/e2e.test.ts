/** The middleware end to end: real TLS clients, an App-Service-like front end, and Node http, Express and Fastify apps. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import express from 'express';
import Fastify from 'fastify';
import {
  clientCertificateOf,
  createClientCertValidator,
  expressMiddleware,
  fastifyPlugin,
  httpMiddleware,
  type ClientCertLogEntry,
  type ClientCertValidatorOptions,
} from '../../src/middleware/index.js';
import { testPki } from '../support/certs.js';
import type { IssuedCertificate } from '../../src/probe/certs.js';
import { startAppServiceProxy, startHttp, startHttps, type Running } from '../probe/servers.js';

const pki = testPki();
const servers: Running[] = [];
const keep = async (r: Promise<Running>): Promise<Running> => {
  const s = await r;
  servers.push(s);
  return s;
};
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

interface Answer {
  status: number;
  body: string;
}

function collect(res: IncomingMessage, resolve: (a: Answer) => void): void {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (c: string) => (body += c));
  res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
}

/** An HTTPS request as a caller with (or without) a client certificate. */
function callHttps(url: string, client?: IssuedCertificate, headers: Record<string, string> = {}, chain = ''): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, {
      ca: pki.root.certPem,
      agent: false,
      headers,
      ...(client ? { cert: client.certPem + chain, key: client.keyPem } : {}),
    }, (res) => collect(res, resolve));
    req.on('error', reject);
    req.setTimeout(3000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

function callHttp(url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false, headers }, (res) => collect(res, resolve));
    req.on('error', reject);
    req.setTimeout(3000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

const echoSubject = (req: IncomingMessage, res: { end: (s: string) => void }): void => {
  const cert = clientCertificateOf(req);
  res.end(`hello ${cert?.subject ?? 'nobody'} via ${cert ? 'certificate' : '-'}`);
};

const base = (log: ClientCertLogEntry[]): ClientCertValidatorOptions => ({
  trustAnchors: [pki.root.certPem],
  intermediates: [pki.intermediate.certPem],
  source: 'header',
  logger: (e) => log.push(e),
});

describe('behind an App-Service-like front end (X-ARR-ClientCert)', () => {
  const log: ClientCertLogEntry[] = [];
  let app: Running;
  let front: Running;

  before(async () => {
    app = await keep(startHttp(httpMiddleware({ ...base(log), trustedFrontEnd: { addresses: ['127.0.0.2'] } }, echoSubject)));
    front = await keep(startAppServiceProxy({ server: pki.server, mode: 'Required', upstream: app.url }));
  });

  test('a valid caller reaches the app, which sees the validated certificate', async () => {
    assert.deepEqual(await callHttps(front.url, pki.client), { status: 200, body: 'hello CN=orders-service via certificate' });
  });

  test('no certificate: the front end answers 403 itself', async () => {
    assert.deepEqual(await callHttps(front.url), { status: 403, body: '403 - Forbidden: Client Certificate Required' });
  });

  test('self-signed, expired, wrong EKU and wrong CA callers pass the front end but the app refuses them', async () => {
    log.length = 0;
    for (const caller of [pki.selfSigned, pki.expired, pki.wrongEku, pki.otherClient]) {
      assert.deepEqual(await callHttps(front.url, caller), { status: 403, body: 'Forbidden: client certificate not accepted\n' });
    }
    assert.deepEqual(
      log.map((e) => e.message.replace(/expired on .*/, 'expired on …')),
      [
        "the issuer 'CN=orders-service' is not a configured trust anchor or intermediate",
        "the certificate 'CN=expired-caller' expired on …",
        'the certificate is not issued for client authentication (extendedKeyUsage lacks clientAuth)',
        "the issuer 'CN=Other Root' is not a configured trust anchor or intermediate",
      ],
    );
    assert.ok(log.every((e) => e.remoteAddress === '127.0.0.2' && e.source === 'header'));
  });

  test('a forged header sent straight to the app is refused (trusted front end on)', async () => {
    log.length = 0;
    const forged = { 'x-arr-clientcert': pki.client.der.toString('base64') };
    assert.equal((await callHttp(app.url, forged)).status, 403);
    assert.equal(log[0]!.message, 'the x-arr-clientcert header did not come through the trusted front end: the request came from 127.0.0.1, not from a trusted front-end address');
  });

  test('without the trusted-front-end option the same forgery gets in (why the option exists)', async () => {
    const naive = await keep(startHttp(httpMiddleware(base([]), echoSubject)));
    const forged = { 'x-arr-clientcert': pki.client.der.toString('base64') };
    assert.deepEqual(await callHttp(naive.url, forged), { status: 200, body: 'hello CN=orders-service via certificate' });
  });

  test('a client-sent header does not survive the front end: it is replaced by the handshake certificate', async () => {
    const forged = { 'x-arr-clientcert': pki.client.der.toString('base64') };
    const answer = await callHttps(front.url, pki.selfSigned, forged);
    assert.equal(answer.status, 403);
  });
});

describe('front-end identification by secret header and by the front end\'s own client certificate', () => {
  test('secret header added by the front end', async () => {
    const secretHeader = { name: 'X-Front-End-Secret', value: 'correct horse' };
    const app = await keep(startHttp(httpMiddleware({ ...base([]), trustedFrontEnd: { secretHeader } }, echoSubject)));
    const front = await keep(startAppServiceProxy({ server: pki.server, mode: 'Required', upstream: app.url, secretHeader }));
    assert.equal((await callHttps(front.url, pki.client)).status, 200);
    assert.equal((await callHttp(app.url, { 'x-arr-clientcert': pki.client.der.toString('base64') })).status, 403);
  });

  test('front end connecting over mutual TLS with its own pinned certificate', async () => {
    const frontEndIdentity = pki.clientNext;
    const options: ClientCertValidatorOptions = {
      ...base([]),
      trustedFrontEnd: { proxyCertificatePins: [thumbprint(frontEndIdentity)] },
    };
    const app = await keep(
      startHttps({ cert: pki.server.certPem, key: pki.server.keyPem, requestCert: true, rejectUnauthorized: false }, httpMiddleware(options, echoSubject)),
    );
    const front = await keep(
      startAppServiceProxy({ server: pki.server, mode: 'Required', upstream: app.url, upstreamCa: pki.root.certPem, upstreamClient: frontEndIdentity }),
    );
    assert.deepEqual(await callHttps(front.url, pki.client), { status: 200, body: 'hello CN=orders-service via certificate' });
    // Straight to the app with the header and some other certificate: not the front end's connection.
    assert.equal((await callHttps(app.url, pki.client, { 'x-arr-clientcert': pki.client.der.toString('base64') })).status, 403);
  });
});

function thumbprint(cert: IssuedCertificate): string {
  const v = createClientCertValidator({ ...base([]), source: 'header', trustedFrontEnd: { addresses: ['127.0.0.1'] } });
  const r = v({ headers: { 'x-arr-clientcert': cert.der.toString('base64') }, remoteAddress: '127.0.0.1' });
  assert.ok(r.ok);
  return r.certificate.thumbprint;
}

describe('TLS terminated by the app (socket source)', () => {
  let app: Running;
  before(async () => {
    // No intermediates configured: the client sends its intermediate in the handshake.
    const options: ClientCertValidatorOptions = { trustAnchors: [pki.root.certPem], source: 'socket', logger: () => undefined };
    app = await keep(
      startHttps({ cert: pki.server.certPem, key: pki.server.keyPem, requestCert: true, rejectUnauthorized: false }, httpMiddleware(options, echoSubject)),
    );
  });

  test('leaf + intermediate from the handshake: accepted', async () => {
    assert.deepEqual(await callHttps(app.url, pki.client, {}, pki.intermediate.certPem), { status: 200, body: 'hello CN=orders-service via certificate' });
  });
  test('leaf alone: the chain cannot be built', async () => {
    assert.equal((await callHttps(app.url, pki.client)).status, 403);
  });
  test('no certificate, and a header that socket mode ignores', async () => {
    assert.equal((await callHttps(app.url, undefined, { 'x-arr-clientcert': pki.client.der.toString('base64') })).status, 403);
  });
});

describe('framework adapters', () => {
  const tls = { cert: pki.server.certPem, key: pki.server.keyPem, requestCert: true, rejectUnauthorized: false };
  const options: ClientCertValidatorOptions = { trustAnchors: [pki.root.certPem], intermediates: [pki.intermediate.certPem], source: 'socket', logger: () => undefined };

  test('Express', async () => {
    const app = express();
    app.use(expressMiddleware(options, { exposeReason: true }));
    app.get('/', (req, res) => {
      res.send(`express ${clientCertificateOf(req)?.subject}`);
    });
    const server = await keep(startHttps(tls, app));
    assert.deepEqual(await callHttps(server.url, pki.client), { status: 200, body: 'express CN=orders-service' });
    assert.deepEqual(await callHttps(server.url, pki.wrongEku), {
      status: 403,
      body: 'Forbidden: the certificate is not issued for client authentication (extendedKeyUsage lacks clientAuth)\n',
    });
  });

  test('Fastify (the hook guards routes registered after the plugin)', async () => {
    const app = Fastify({ https: tls });
    await app.register(fastifyPlugin(options));
    app.get('/', async (request) => `fastify ${clientCertificateOf(request)?.subject}`);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };
    servers.push({ url: '', port: address.port, close: () => app.close() });
    const url = `https://127.0.0.1:${address.port}/`;
    assert.deepEqual(await callHttps(url, pki.client), { status: 200, body: 'fastify CN=orders-service' });
    assert.deepEqual(await callHttps(url, pki.expired), { status: 403, body: 'Forbidden: client certificate not accepted\n' });
    assert.equal((await callHttps(url)).status, 403);
  });
});
