import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createClientCertValidator } from '../../src/middleware/index.js';
import { readCertificateFields } from '../../src/middleware/der.js';
import { testPki } from '../support/certs.js';

const pki = testPki();
const validate = createClientCertValidator({
  trustAnchors: [pki.root.certPem],
  intermediates: [pki.intermediate.certPem],
  source: 'header',
  trustedFrontEnd: { addresses: ['127.0.0.2'] },
  logger: () => undefined,
});
const from = (value: string) => validate({ headers: { 'x-arr-clientcert': value }, remoteAddress: '127.0.0.2' });

describe('hostile header input', () => {
  test('arbitrary strings are refused with a reason, never thrown', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), (value) => {
        const r = from(value);
        return r.ok === false && r.status === 403 && r.reason.length > 0;
      }),
      { numRuns: 300 },
    );
  });

  test('every single-byte corruption of a valid certificate is refused', () => {
    const der = pki.client.der;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: der.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, xor) => {
        const copy = Buffer.from(der);
        copy[index] = copy[index]! ^ xor;
        const r = from(copy.toString('base64'));
        return r.ok === false;
      }),
      { numRuns: 400 },
    );
  });

  test('every truncation is refused', () => {
    for (let length = 0; length < pki.client.der.length; length += 7) {
      const r = from(pki.client.der.subarray(0, length).toString('base64'));
      assert.equal(r.ok, false, `length ${length}`);
    }
  });

  test('the DER reader rejects nesting and lengths it does not expect instead of recursing', () => {
    const nested = Buffer.concat([...Array.from({ length: 10_000 }, () => Buffer.from([0x30, 0x84, 0, 0, 0, 0]))]);
    assert.throws(() => readCertificateFields(nested), /element runs past its container|not a single DER certificate|expected/);
    assert.throws(() => readCertificateFields(Buffer.from([0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9])), /unsupported length encoding/);
  });

  test('repeated validation of one certificate keeps giving the same answer (no state leaks between requests)', () => {
    const value = pki.client.der.toString('base64');
    for (let i = 0; i < 200; i++) assert.equal(from(value).ok, true);
  });
});
