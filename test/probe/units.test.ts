import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { alertOf } from '../../src/probe/attempt.js';
import { expiredClientCertificate, importIssuer, issueCertificate } from '../../src/probe/certs.js';
import { probeExitCode } from '../../src/probe/exit.js';
import type { Observation, ProbeReport } from '../../src/probe/observation.js';
import { mapWithConcurrency } from '../../src/probe/pool.js';
import { classifyStatus } from '../../src/probe/refusal.js';
import { appServiceDefaultHostname, normalizePaths, parseTargetUrl, TargetError, targetsFromScanReport } from '../../src/probe/targets.js';
import { decideVerdict } from '../../src/probe/verdict.js';
import { testPki } from '../support/certs.js';

const obs = (attempt: Observation['attempt'], outcome: Observation['outcome'], detail = 'x', path = '/'): Observation => ({
  attempt,
  path,
  outcome,
  detail,
  tls: { handshakeCompleted: true },
  durationMs: 1,
});

describe('decideVerdict', () => {
  test('a caller without a certificate getting through outweighs everything, errors included', () => {
    const v = decideVerdict([obs('no-certificate', 'accepted', 'HTTP 200', '/health'), obs('self-signed', 'accepted'), obs('expired', 'error')]);
    assert.deepEqual(v, { verdict: 'not-enforced', reasons: ['got through with no client certificate on /health: HTTP 200'] });
  });
  test('untrusted certificates accepted', () => {
    const v = decideVerdict([obs('no-certificate', 'refused'), obs('self-signed', 'refused'), obs('expired', 'accepted', 'HTTP 204'), obs('forged-header', 'refused')]);
    assert.deepEqual(v, { verdict: 'accepts-untrusted', reasons: ['accepted the expired certificate on /: HTTP 204'] });
  });
  test('an unobserved attempt makes an otherwise clean endpoint inconclusive', () => {
    const v = decideVerdict([obs('no-certificate', 'refused'), obs('self-signed', 'error', 'no answer within 5 ms'), obs('expired', 'refused')]);
    assert.deepEqual(v, { verdict: 'inconclusive', reasons: ['could not observe the self-signed certificate on /: no answer within 5 ms'] });
  });
  test('enforced without a supplied certificate says what was not checked', () => {
    const v = decideVerdict([obs('no-certificate', 'refused'), obs('self-signed', 'refused'), obs('expired', 'refused'), obs('forged-header', 'refused')]);
    assert.equal(v.verdict, 'enforced');
    assert.equal(v.reasons[1], 'no valid certificate was supplied (--cert/--key or --pfx), so acceptance of a valid caller was not checked');
  });
});

describe('classifyStatus', () => {
  test('refusing answers', () => {
    assert.deepEqual(classifyStatus(403, ''), { refused: true, detail: 'HTTP 403 Forbidden' });
    assert.equal(classifyStatus(496, '').refused, true);
    assert.equal(classifyStatus(495, '').refused, true);
    assert.equal(classifyStatus(400, '<center>No required SSL certificate was sent</center>').refused, true);
  });
  test('answers that let the caller through', () => {
    assert.deepEqual(classifyStatus(400, 'bad json'), { refused: false, detail: 'HTTP 400' });
    assert.deepEqual(classifyStatus(401, ''), { refused: false, detail: 'HTTP 401' });
    assert.deepEqual(classifyStatus(301, ''), { refused: false, detail: 'HTTP 301 redirect (not followed): the caller got through TLS' });
    assert.equal(classifyStatus(500, '').refused, false);
  });
});

describe('alertOf', () => {
  test('from the OpenSSL error code', () => {
    const err = Object.assign(new Error('error:0A000416:SSL routines::sslv3 alert certificate unknown'), { code: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN' });
    assert.deepEqual(alertOf(err), { code: 46, description: 'certificate unknown' });
  });
  test('from the alert number in the message', () => {
    const err = Object.assign(new Error('... tlsv13 alert certificate required:../deps/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 116'), { code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
    assert.deepEqual(alertOf(err), { code: 116, description: 'certificate required' });
  });
  test('not an alert', () => {
    assert.equal(alertOf(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), undefined);
  });
});

describe('targets', () => {
  test('parseTargetUrl: https only, path kept, bare host accepted', () => {
    assert.deepEqual(parseTargetUrl('https://api.contoso.com:8443/orders?x=1'), { endpoint: new URL('https://api.contoso.com:8443'), path: '/orders?x=1' });
    assert.deepEqual(parseTargetUrl('contoso.azurewebsites.net'), { endpoint: new URL('https://contoso.azurewebsites.net'), path: '/' });
    assert.throws(() => parseTargetUrl('http://contoso.com'), TargetError);
    assert.throws(() => parseTargetUrl('https://user:pw@contoso.com'), /credentials/);
  });
  test('App Service default hostnames for sites and slots', () => {
    assert.equal(appServiceDefaultHostname('microsoft.web/SITES', 'Contoso-API'), 'contoso-api.azurewebsites.net');
    assert.equal(appServiceDefaultHostname('Microsoft.Web/sites/slots', 'contoso-api/staging'), 'contoso-api-staging.azurewebsites.net');
    assert.equal(appServiceDefaultHostname('Microsoft.Web/sites', "[format('{0}', parameters('n'))]"), undefined);
    assert.equal(appServiceDefaultHostname('Microsoft.App/containerApps', 'app'), undefined);
  });
  test('normalizePaths splits App Service separators', () => {
    assert.deepEqual(normalizePaths(['/health;/status, metrics', '/health']), ['/health', '/status', '/metrics']);
  });
  test('targetsFromScanReport: azure results only, hostnames first, default hostname otherwise, exclusion paths added', () => {
    const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/shop';
    const report = JSON.stringify({
      results: [
        { ruleId: 'AZM-MTLS-001', resource: { type: 'Microsoft.Web/sites', name: 'shop', address: id, source: 'azure' } },
        { ruleId: 'AZM-MTLS-002', resource: { type: 'Microsoft.Web/sites', name: 'shop', address: id, source: 'azure', exclusionPaths: ['/public;/health'] } },
        { ruleId: 'AZM-MTLS-003', resource: { type: 'Microsoft.SignalRService/signalR', name: 'hub', address: 'h', source: 'azure', hostnames: ['hub.service.signalr.net'] } },
        { ruleId: 'AZM-MTLS-006', resource: { type: 'Microsoft.DataFactory/factories/linkedservices', name: 'ls', address: 'l', source: 'azure' } },
        { ruleId: 'AZM-MTLS-001', resource: { type: 'Microsoft.Web/sites', name: 'iac', address: 'iac', source: 'bicep' } },
      ],
    });
    const targets = targetsFromScanReport(report, ['/']);
    assert.deepEqual(
      targets.map((t) => [t.endpoint.origin, t.paths, t.resource?.name]),
      [
        ['https://shop.azurewebsites.net', ['/', '/public', '/health'], 'shop'],
        ['https://hub.service.signalr.net', ['/'], 'hub'],
      ],
    );
  });
  test('targetsFromScanReport: not a report', () => {
    assert.throws(() => targetsFromScanReport('{', ['/']), /the scan report is not JSON/);
    assert.throws(() => targetsFromScanReport('{"x":1}', ['/']), /no "results" array/);
  });
});

describe('mapWithConcurrency', () => {
  test('never more than the limit in flight; order kept', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapWithConcurrency([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, n));
      inFlight--;
      return n * 10;
    });
    assert.equal(peak, 3);
    assert.deepEqual(out, [50, 10, 40, 20, 30, 0, 60]);
  });
});

describe('probeExitCode', () => {
  const report = (summary: Partial<ProbeReport['summary']>): ProbeReport => ({
    schemaVersion: 1,
    tool: { name: 'azmtls', version: 't' },
    summary: { endpoints: 1, enforced: 0, notEnforced: 0, acceptsUntrusted: 0, inconclusive: 0, ...summary },
    endpoints: [],
  });
  test('0 / 1 / 2', () => {
    assert.equal(probeExitCode(report({ enforced: 1 }), 'fail'), 0);
    assert.equal(probeExitCode(report({ acceptsUntrusted: 1 }), 'fail'), 1);
    assert.equal(probeExitCode(report({ notEnforced: 1 }), 'unknown'), 1);
    assert.equal(probeExitCode(report({ notEnforced: 1 }), 'never'), 0);
    assert.equal(probeExitCode(report({ notEnforced: 1, inconclusive: 1 }), 'fail'), 2);
    assert.equal(probeExitCode(report({ inconclusive: 1 }), 'never'), 2);
  });
});

describe('certificate generation', () => {
  test('OpenSSL verifies a generated chain for client authentication', () => {
    const pki = testPki();
    const dir = mkdtempSync(join(tmpdir(), 'azmtls-certs-'));
    try {
      writeFileSync(join(dir, 'root.pem'), pki.root.certPem);
      writeFileSync(join(dir, 'inter.pem'), pki.intermediate.certPem);
      writeFileSync(join(dir, 'leaf.pem'), pki.client.certPem);
      writeFileSync(join(dir, 'server-eku.pem'), pki.wrongEku.certPem);
      const verify = (leaf: string): string => {
        const r = spawnSync('openssl', ['verify', '-CAfile', join(dir, 'root.pem'), '-untrusted', join(dir, 'inter.pem'), '-purpose', 'sslclient', join(dir, leaf)]);
        return r.stdout.toString() + r.stderr.toString();
      };
      assert.equal(verify('leaf.pem'), `${join(dir, 'leaf.pem')}: OK\n`);
      assert.match(verify('server-eku.pem'), /unsuitable certificate purpose/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('expired certificates end yesterday; an imported issuer signs', () => {
    const issuer = importIssuer(testPki().root.certPem, testPki().root.keyPem);
    const expired = new X509Certificate(expiredClientCertificate(issuer).der);
    assert.ok(Date.parse(expired.validTo) < Date.now());
    assert.ok(expired.verify(new X509Certificate(testPki().root.certPem).publicKey));
    assert.equal(expired.issuer, 'CN=azmtls Test Root');
  });
  test('UTCTime before 2050, GeneralizedTime after', () => {
    const far = issueCertificate({ commonName: 'far', notAfter: new Date(Date.UTC(2051, 0, 2, 3, 4, 5)) });
    assert.equal(new X509Certificate(far.der).validTo, 'Jan  2 03:04:05 2051 GMT');
    assert.throws(() => importIssuer(testPki().root.certPem, testPki().client.keyPem), /does not belong/);
  });
});
