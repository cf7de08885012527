import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createClientCertValidator, type ClientCertLogEntry, type ClientCertValidatorOptions } from '../../src/middleware/index.js';
import { issueCertificate, toPem, type IssuedCertificate } from '../../src/probe/certs.js';
import { testPki } from '../support/certs.js';

const pki = testPki();
const header = (cert: IssuedCertificate): Record<string, string> => ({ 'x-arr-clientcert': cert.der.toString('base64') });

function validator(extra: Partial<ClientCertValidatorOptions> = {}, log: ClientCertLogEntry[] = []) {
  return createClientCertValidator({
    trustAnchors: [pki.root.certPem],
    intermediates: [pki.intermediate.certPem],
    source: 'header',
    logger: (e) => log.push(e),
    ...extra,
  });
}

const refusal = (reason: string) => ({ ok: false, status: 403, reason });

describe('createClientCertValidator (header source)', () => {
  test('a leaf issued through a configured intermediate is accepted, with its public facts', () => {
    const result = validator()({ headers: header(pki.client) });
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.equal(result.source, 'header');
    assert.equal(result.certificate.subject, 'CN=orders-service');
    assert.equal(result.certificate.issuer, 'CN=azmtls Test Intermediate');
    assert.deepEqual(result.certificate.chain, ['CN=orders-service', 'CN=azmtls Test Intermediate', 'CN=azmtls Test Root']);
    assert.deepEqual(result.certificate.dnsNames, ['orders.internal.example']);
    assert.equal(result.certificate.thumbprint, createHash('sha1').update(pki.client.der).digest('hex').toUpperCase());
  });

  test('PEM and URL-encoded PEM headers are accepted too', () => {
    const v = validator();
    assert.equal(v({ headers: { 'x-arr-clientcert': pki.client.certPem } }).ok, true);
    assert.equal(v({ headers: { 'x-arr-clientcert': encodeURIComponent(pki.client.certPem) } }).ok, true);
  });

  test('without the intermediate configured the chain cannot be built (App Service forwards only the leaf)', () => {
    const v = validator({ intermediates: [] });
    assert.deepEqual(v({ headers: header(pki.client) }), refusal("the issuer 'CN=azmtls Test Intermediate' is not a configured trust anchor or intermediate"));
  });

  test('expired, wrong EKU, missing digitalSignature, wrong CA, self-signed', () => {
    const log: ClientCertLogEntry[] = [];
    const v = validator({}, log);
    const expired = v({ headers: header(pki.expired) });
    assert.equal(expired.ok, false);
    assert.match(!expired.ok ? expired.reason : '', /^the certificate 'CN=expired-caller' expired on \d{4}-\d{2}-\d{2}T/);
    assert.deepEqual(v({ headers: header(pki.wrongEku) }), refusal('the certificate is not issued for client authentication (extendedKeyUsage lacks clientAuth)'));
    assert.deepEqual(
      v({ headers: header(pki.noDigitalSignature) }),
      refusal('the certificate may not be used for signatures (keyUsage lacks digitalSignature), so it cannot authenticate a TLS client'),
    );
    assert.deepEqual(v({ headers: header(pki.otherClient) }), refusal("the issuer 'CN=Other Root' is not a configured trust anchor or intermediate"));
    assert.deepEqual(v({ headers: header(pki.selfSigned) }), refusal("the issuer 'CN=orders-service' is not a configured trust anchor or intermediate"));
    assert.equal(log.filter((e) => e.event === 'client-certificate-refused').length, 5);
  });

  test('the log carries the reason, subject and thumbprint, never the certificate itself', () => {
    const log: ClientCertLogEntry[] = [];
    validator({}, log)({ headers: header(pki.otherClient), remoteAddress: '10.1.2.3' });
    assert.deepEqual(log.slice(1), [
      {
        level: 'warn',
        event: 'client-certificate-refused',
        message: "the issuer 'CN=Other Root' is not a configured trust anchor or intermediate",
        source: 'header',
        subject: 'CN=orders-service',
        thumbprint: createHash('sha1').update(pki.otherClient.der).digest('hex').toUpperCase(),
        remoteAddress: '10.1.2.3',
      },
    ]);
    const text = JSON.stringify(log);
    assert.ok(!text.includes(pki.otherClient.der.toString('base64').slice(0, 40)));
  });

  test('an issuer with the right name but another key does not verify', () => {
    const impostor = issueCertificate({ commonName: 'azmtls Test Intermediate', ca: true, issuer: pki.root });
    const forged = issueCertificate({ commonName: 'orders-service', issuer: impostor });
    const result = validator()({ headers: header(forged) });
    assert.deepEqual(result, refusal("the signature of 'CN=orders-service' does not verify with the key of 'CN=azmtls Test Intermediate'"));
  });

  test('missing, repeated and malformed headers', () => {
    const v = validator();
    assert.deepEqual(v({ headers: {} }), refusal('no client certificate: the x-arr-clientcert header is missing'));
    assert.deepEqual(v({ headers: { 'x-arr-clientcert': ['a', 'b'] } }), refusal('more than one x-arr-clientcert header'));
    assert.deepEqual(v({ headers: { 'x-arr-clientcert': 'not base64!' } }), refusal('the certificate header is not base64 DER or PEM'));
    assert.deepEqual(v({ headers: { 'x-arr-clientcert': 'x'.repeat(20000) } }), refusal('the certificate header is larger than 16384 bytes'));
    const garbage = v({ headers: { 'x-arr-clientcert': Buffer.from('hello world').toString('base64') } });
    assert.equal(garbage.ok, false);
    assert.match(!garbage.ok ? garbage.reason : '', /^the x-arr-clientcert header is not a valid X\.509 certificate/);
  });

  test('pins as a set: old and new certificates both accepted during a rotation, others refused', () => {
    const spki = (c: IssuedCertificate): string => {
      const r = validator()({ headers: header(c) });
      assert.ok(r.ok);
      return `sha256/${r.certificate.spkiSha256}`;
    };
    const oldThumbprint = createHash('sha1').update(pki.client.der).digest('hex').match(/../g)!.join(':');
    const v = validator({ pins: [oldThumbprint, spki(pki.clientNext)] });
    assert.equal(v({ headers: header(pki.client) }).ok, true);
    assert.equal(v({ headers: header(pki.clientNext) }).ok, true);
    const third = issueCertificate({ commonName: 'orders-service', issuer: pki.intermediate });
    assert.deepEqual(v({ headers: header(third) }), refusal('the certificate matches none of the configured pins'));
    // Pinning the issuing CA (SHA-256 thumbprint) survives leaf rotation.
    const caPin = createHash('sha256').update(pki.intermediate.der).digest('hex');
    assert.equal(validator({ pins: [caPin] })({ headers: header(third) }).ok, true);
    assert.throws(() => validator({ pins: ['md5:abc'] }), /not a certificate pin: 'md5:abc'/);
  });

  test('subjects are matched only on top of a trusted chain', () => {
    const v = validator({ allowedSubjects: { commonNames: ['orders-service'] } });
    assert.equal(v({ headers: header(pki.client) }).ok, true);
    // Same subject, untrusted issuer: the name alone proves nothing.
    assert.equal(v({ headers: header(pki.selfSigned) }).ok, false);
    const byDns = validator({ allowedSubjects: { dnsNames: ['ORDERS.internal.example'] } });
    assert.equal(byDns({ headers: header(pki.client) }).ok, true);
    const other = validator({ allowedSubjects: { commonNames: ['billing'] } });
    assert.deepEqual(other({ headers: header(pki.client) }), refusal("the subject 'CN=orders-service' is not among the allowed subjects"));
  });

  test('chain rules: path length, CA flag, depth limit, expired intermediate', () => {
    const strictRoot = issueCertificate({ commonName: 'Strict Root', ca: true, pathLength: 0 });
    const sub = issueCertificate({ commonName: 'Sub', ca: true, issuer: strictRoot });
    const leaf = issueCertificate({ commonName: 'deep', issuer: sub });
    const v1 = createClientCertValidator({ trustAnchors: [strictRoot.certPem], intermediates: [sub.certPem], source: 'header', logger: () => undefined });
    // The anchor allows no intermediate CA below it; the leaf under "Sub" is fine only directly under the root.
    assert.deepEqual(v1({ headers: header(leaf) }), refusal("issuer 'CN=Strict Root' allows 0 intermediate CA(s) below it, the path has 1"));

    const notCa = issueCertificate({ commonName: 'Not A CA', issuer: pki.root, extendedKeyUsage: ['clientAuth'] });
    const underNotCa = issueCertificate({ commonName: 'victim', issuer: notCa });
    assert.deepEqual(validator({ intermediates: [notCa.certPem] })({ headers: header(underNotCa) }), refusal("issuer 'CN=Not A CA' is not a CA (basicConstraints CA:TRUE is missing)"));

    const noBc = issueCertificate({ commonName: 'No BC', issuer: pki.root, omitBasicConstraints: true, keyUsage: ['keyCertSign'] });
    const underNoBc = issueCertificate({ commonName: 'victim2', issuer: noBc });
    assert.deepEqual(validator({ intermediates: [noBc.certPem] })({ headers: header(underNoBc) }), refusal("issuer 'CN=No BC' is not a CA (basicConstraints CA:TRUE is missing)"));

    assert.deepEqual(validator({ maxChainLength: 2 })({ headers: header(pki.client) }), refusal('no trust anchor within 2 certificates'));

    const oldIntermediate = issueCertificate({ commonName: 'Old Intermediate', ca: true, issuer: pki.root, notAfter: new Date(Date.now() - 86_400_000), notBefore: new Date(Date.now() - 10 * 86_400_000) });
    const underOld = issueCertificate({ commonName: 'fresh', issuer: oldIntermediate });
    const r = validator({ intermediates: [oldIntermediate.certPem] })({ headers: header(underOld) });
    assert.match(!r.ok ? r.reason : '', /^intermediate 'CN=Old Intermediate' expired on /);
  });

  test('clock skew is tolerated within the configured seconds only', () => {
    const soon = issueCertificate({ commonName: 'soon', issuer: pki.intermediate, notBefore: new Date(Date.now() + 30_000) });
    assert.equal(validator()({ headers: header(soon) }).ok, true);
    const r = validator({ clockSkewSeconds: 0 })({ headers: header(soon) });
    assert.match(!r.ok ? r.reason : '', /^the certificate 'CN=soon' is not valid before /);
  });

  test('configuration errors throw at creation', () => {
    assert.throws(() => createClientCertValidator({ trustAnchors: [] }), /at least one trust anchor/);
    assert.throws(() => createClientCertValidator({ trustAnchors: ['nope'] }), /trustAnchors: no PEM certificate found/);
    assert.throws(() => createClientCertValidator({ trustAnchors: [pki.root.certPem], trustedFrontEnd: {} }), /needs addresses, secretHeader or proxyCertificatePins/);
    assert.throws(() => createClientCertValidator({ trustAnchors: [pki.root.certPem], trustedFrontEnd: { addresses: ['10.0.0.0/40'] } }), /bad prefix/);
  });

  test('believing the header from anyone is warned about once, at creation', () => {
    const log: ClientCertLogEntry[] = [];
    validator({}, log);
    assert.deepEqual(log, [
      {
        level: 'warn',
        event: 'configuration',
        message: 'the x-arr-clientcert header is believed from any caller: configure trustedFrontEnd unless only the front end can reach this app',
      },
    ]);
    const quiet: ClientCertLogEntry[] = [];
    validator({ trustedFrontEnd: { addresses: ['127.0.0.2'] } }, quiet);
    assert.deepEqual(quiet, []);
  });

  test('trusted front end: addresses (CIDR, IPv4-mapped) and a secret header, all required', () => {
    const v = validator({ trustedFrontEnd: { addresses: ['10.0.0.0/24', '::1'], secretHeader: { name: 'X-Front-End-Key', value: 's3cret' } } });
    const headers = { ...header(pki.client), 'x-front-end-key': 's3cret' };
    assert.equal(v({ headers, remoteAddress: '::ffff:10.0.0.9' }).ok, true);
    assert.equal(v({ headers, remoteAddress: '::1' }).ok, true);
    assert.deepEqual(
      v({ headers, remoteAddress: '10.0.1.9' }),
      refusal('the x-arr-clientcert header did not come through the trusted front end: the request came from 10.0.1.9, not from a trusted front-end address'),
    );
    assert.deepEqual(
      v({ headers: { ...headers, 'x-front-end-key': 's3cre' }, remoteAddress: '10.0.0.9' }),
      refusal("the x-arr-clientcert header did not come through the trusted front end: the front-end secret header 'x-front-end-key' is missing or wrong"),
    );
  });

  test('a DER certificate with trailing bytes is refused', () => {
    const padded = Buffer.concat([pki.client.der, Buffer.from([0, 0])]);
    const r = validator()({ headers: { 'x-arr-clientcert': padded.toString('base64') } });
    assert.deepEqual(r, refusal('the x-arr-clientcert header is not a valid X.509 certificate (not a single DER certificate)'));
    assert.equal(toPem(pki.client.der, 'CERTIFICATE'), pki.client.certPem);
  });
});
