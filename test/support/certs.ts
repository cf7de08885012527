/**
 * A test PKI generated at test time (nothing checked in): root → intermediate → client leaves, a server certificate for
 * 127.0.0.1, and the certificates a validator must refuse.
 */
import { expiredClientCertificate, issueCertificate, selfSignedClientCertificate, type IssuedCertificate } from '../../src/probe/certs.js';

export interface TestPki {
  root: IssuedCertificate;
  /** Issued by `root`, pathLength 0. */
  intermediate: IssuedCertificate;
  /** TLS server certificate for 127.0.0.1 / localhost, issued by `root`. */
  server: IssuedCertificate;
  /** The good caller: clientAuth, issued by `intermediate`. */
  client: IssuedCertificate;
  /** A second good caller (the "new" certificate of a rotation), issued by `intermediate`. */
  clientNext: IssuedCertificate;
  /** Issued by `intermediate`, validity ended yesterday. */
  expired: IssuedCertificate;
  /** Issued by `intermediate` for serverAuth only. */
  wrongEku: IssuedCertificate;
  /** Issued by `intermediate` with keyUsage keyEncipherment only. */
  noDigitalSignature: IssuedCertificate;
  /** Another CA altogether, and a client it issued. */
  otherRoot: IssuedCertificate;
  otherClient: IssuedCertificate;
  selfSigned: IssuedCertificate;
}

let cached: TestPki | undefined;

export function testPki(): TestPki {
  if (cached) return cached;
  const root = issueCertificate({ commonName: 'azmtls Test Root', ca: true });
  const intermediate = issueCertificate({ commonName: 'azmtls Test Intermediate', ca: true, pathLength: 0, issuer: root });
  const otherRoot = issueCertificate({ commonName: 'Other Root', ca: true });
  cached = {
    root,
    intermediate,
    server: issueCertificate({
      commonName: 'localhost',
      issuer: root,
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsage: ['serverAuth'],
    }),
    client: issueCertificate({ commonName: 'orders-service', issuer: intermediate, dnsNames: ['orders.internal.example'] }),
    clientNext: issueCertificate({ commonName: 'orders-service', issuer: intermediate, dnsNames: ['orders.internal.example'] }),
    expired: expiredClientCertificate(intermediate, 'expired-caller'),
    wrongEku: issueCertificate({ commonName: 'web-server', issuer: intermediate, extendedKeyUsage: ['serverAuth'] }),
    noDigitalSignature: issueCertificate({ commonName: 'encipher-only', issuer: intermediate, keyUsage: ['keyEncipherment'] }),
    otherRoot,
    otherClient: issueCertificate({ commonName: 'orders-service', issuer: otherRoot }),
    selfSigned: selfSignedClientCertificate('orders-service'),
  };
  return cached;
}
