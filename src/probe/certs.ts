/**
 * Throwaway X.509 certificates: the probe generates an untrusted self-signed and an expired client certificate at run
 * time, and the tests build whole PKIs (root, intermediate, leaves) from the same function.
 *
 * ECDSA P-256 keys by default: generating one takes about a millisecond, so every run can afford fresh ones.
 */
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import * as der from './der-writer.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type KeyUsageName = 'digitalSignature' | 'keyEncipherment' | 'keyCertSign' | 'cRLSign';
export type ExtendedKeyUsageName = 'clientAuth' | 'serverAuth' | 'codeSigning';

/** RFC 5280 4.2.1.3 bit positions. */
const KEY_USAGE_BITS: Record<KeyUsageName, number> = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 };
const EKU_OIDS: Record<ExtendedKeyUsageName, string> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
};
const OID = {
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsa: '1.2.840.113549.1.1.11',
};

/** A certificate with its private key, in the shapes Node's `tls` options and the middleware accept. */
export interface IssuedCertificate {
  /** PEM of the certificate alone. */
  certPem: string;
  /** PKCS#8 PEM of the private key. */
  keyPem: string;
  /** DER of the certificate. */
  der: Buffer;
  /** `CN=…` as written into the certificate. */
  subject: string;
}

export interface CertificateRequest {
  /** The subject is `CN=<commonName>`. */
  commonName: string;
  /** The issuing certificate; absent means self-signed. */
  issuer?: IssuedCertificate;
  notBefore?: Date;
  notAfter?: Date;
  /** A CA certificate (basicConstraints CA:true) with an optional path length constraint. */
  ca?: boolean;
  pathLength?: number;
  /** Leave out basicConstraints (an issuer without it must not be accepted as a CA). */
  omitBasicConstraints?: boolean;
  /** Defaults: CA → keyCertSign + cRLSign; leaf → digitalSignature. An empty list leaves the extension out. */
  keyUsage?: KeyUsageName[];
  /** Defaults: leaf → clientAuth; CA → none. An empty list leaves the extension out. */
  extendedKeyUsage?: ExtendedKeyUsageName[];
  dnsNames?: string[];
  /** Subject alternative names of type IP address (IPv4 only), e.g. `127.0.0.1` for a loopback server. */
  ipAddresses?: string[];
  uris?: string[];
  emails?: string[];
}

export function issueCertificate(request: CertificateRequest): IssuedCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const keyId = createHash('sha1').update(spki).digest();
  const now = Date.now();
  const isCa = request.ca === true;
  const subject = `CN=${request.commonName}`;

  const extensions: Buffer[] = [];
  if (!request.omitBasicConstraints) {
    const content: Buffer[] = [];
    if (isCa) content.push(der.booleanTrue());
    if (isCa && request.pathLength !== undefined) content.push(der.smallInteger(request.pathLength));
    extensions.push(extension(OID.basicConstraints, true, der.sequence(...content)));
  }
  const keyUsage = request.keyUsage ?? (isCa ? ['keyCertSign', 'cRLSign'] : ['digitalSignature']);
  if (keyUsage.length > 0) extensions.push(extension(OID.keyUsage, true, der.namedBits(keyUsage.map((u) => KEY_USAGE_BITS[u]))));
  const eku = request.extendedKeyUsage ?? (isCa ? [] : ['clientAuth']);
  if (eku.length > 0) extensions.push(extension(OID.extKeyUsage, false, der.sequence(...eku.map((u) => der.objectIdentifier(EKU_OIDS[u])))));
  const altNames = subjectAltNames(request);
  if (altNames.length > 0) extensions.push(extension(OID.subjectAltName, false, der.sequence(...altNames)));
  extensions.push(extension(OID.subjectKeyIdentifier, false, der.octetString(keyId)));

  let signingKey: KeyObject = privateKey;
  let issuerName = subject;
  if (request.issuer) {
    const issuerCert = new X509Certificate(request.issuer.der);
    signingKey = createPrivateKey(request.issuer.keyPem);
    issuerName = request.issuer.subject;
    const issuerSpki = issuerCert.publicKey.export({ type: 'spki', format: 'der' });
    const issuerKeyId = createHash('sha1').update(issuerSpki).digest();
    extensions.push(extension(OID.authorityKeyIdentifier, false, der.sequence(der.implicitPrimitive(0, issuerKeyId))));
  } else {
    extensions.push(extension(OID.authorityKeyIdentifier, false, der.sequence(der.implicitPrimitive(0, keyId))));
  }

  const rsa = signingKey.asymmetricKeyType === 'rsa';
  const signatureAlgorithm = rsa
    ? der.sequence(der.objectIdentifier(OID.sha256WithRsa), der.nullValue())
    : der.sequence(der.objectIdentifier(OID.ecdsaWithSha256));
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)), // v3
    der.unsignedInteger(serialNumber()),
    signatureAlgorithm,
    name(issuerName),
    der.sequence(der.time(request.notBefore ?? new Date(now - HOUR)), der.time(request.notAfter ?? new Date(now + 30 * DAY))),
    name(subject),
    spki,
    der.explicit(3, der.sequence(...extensions)),
  );
  const signature = sign('sha256', tbs, rsa ? signingKey : { key: signingKey, dsaEncoding: 'der' });
  const certDer = der.sequence(tbs, signatureAlgorithm, der.bitStringBytes(signature));
  return {
    certPem: toPem(certDer, 'CERTIFICATE'),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    der: certDer,
    subject,
  };
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.objectIdentifier(oid), ...(critical ? [der.booleanTrue()] : []), der.octetString(value));
}

/** Only `CN=` subjects: enough for probes and tests, and unambiguous to print. */
function name(subject: string): Buffer {
  const commonName = subject.replace(/^CN=/, '');
  return der.sequence(der.set(der.sequence(der.objectIdentifier(OID.commonName), der.utf8String(commonName))));
}

function subjectAltNames(request: CertificateRequest): Buffer[] {
  const names: Buffer[] = [];
  for (const email of request.emails ?? []) names.push(der.implicitPrimitive(1, Buffer.from(email, 'ascii')));
  for (const dns of request.dnsNames ?? []) names.push(der.implicitPrimitive(2, Buffer.from(dns, 'ascii')));
  for (const uri of request.uris ?? []) names.push(der.implicitPrimitive(6, Buffer.from(uri, 'ascii')));
  for (const ip of request.ipAddresses ?? []) {
    if (isIP(ip) !== 4) throw new Error(`only IPv4 addresses are supported in test certificates: ${ip}`);
    names.push(der.implicitPrimitive(7, Buffer.from(ip.split('.').map(Number))));
  }
  return names;
}

function serialNumber(): Buffer {
  const bytes = randomBytes(12);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01; // positive and non-zero (RFC 5280 4.1.2.2)
  return bytes;
}

export function toPem(derBytes: Buffer, label: string): string {
  const lines = derBytes.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** A client certificate no CA vouches for: what an untrusted caller presents. */
export function selfSignedClientCertificate(commonName = 'azmtls-probe-untrusted'): IssuedCertificate {
  return issueCertificate({ commonName, extendedKeyUsage: ['clientAuth'] });
}

/**
 * A client certificate whose validity ended yesterday. Self-signed unless an issuer is given: with an issuer the
 * server trusts (a test CA), a refusal can only come from the expiry check.
 */
export function expiredClientCertificate(issuer?: IssuedCertificate, commonName = 'azmtls-probe-expired'): IssuedCertificate {
  const now = Date.now();
  const request: CertificateRequest = {
    commonName,
    notBefore: new Date(now - 30 * DAY),
    notAfter: new Date(now - DAY),
    extendedKeyUsage: ['clientAuth'],
  };
  if (issuer) request.issuer = issuer;
  return issueCertificate(request);
}

/** An issuer loaded from PEM files (certificate + PKCS#8, PKCS#1 or SEC1 key) to sign further certificates. */
export function importIssuer(certPem: string, keyPem: string): IssuedCertificate {
  const cert = new X509Certificate(certPem);
  const key = createPrivateKey(keyPem);
  if (!cert.checkPrivateKey(key)) throw new Error('the issuer key does not belong to the issuer certificate');
  // Only the subject's CN survives in issued certificates' issuer field, so the issuer must be a CN-only name.
  if (!/^CN=[^\n]*$/.test(cert.subject)) throw new Error(`the issuer subject must be a single CN: ${cert.subject}`);
  return { certPem, keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(), der: Buffer.from(cert.raw), subject: cert.subject };
}
