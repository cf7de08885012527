/** Reading client certificates: the forwarded header's encodings, and what may be said about a certificate. */
import { createHash, X509Certificate } from 'node:crypto';
import { readCertificateFields, type CertificateFields } from './der.js';

/** A certificate parsed once: node:crypto for signatures, our DER reader for the extensions it does not expose. */
export interface ParsedCertificate {
  x509: X509Certificate;
  der: Buffer;
  fields: CertificateFields;
  sha1: Buffer;
  sha256: Buffer;
  spkiSha256: Buffer;
}

/** Public facts about a client certificate: what the app may use and the log may show (never key material). */
export interface ClientCertificateInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** SHA-1 of the DER, upper-case hex: what App Service and Windows call the thumbprint. */
  thumbprint: string;
  thumbprintSha256: string;
  /** SHA-256 of the SubjectPublicKeyInfo, base64 (the `sha256/…` pin form). */
  spkiSha256: string;
  dnsNames: string[];
  uris: string[];
  emails: string[];
  ipAddresses: string[];
  /** Subjects from the leaf to the trust anchor. */
  chain: string[];
}

/** Header values larger than this are refused before decoding (a leaf certificate is a few KiB). */
export const MAX_HEADER_BYTES = 16 * 1024;

export type Decoded = { ok: true; der: Buffer } | { ok: false; reason: string };

/**
 * App Service forwards base64 DER of the leaf. PEM is accepted too, raw or URL-encoded (nginx's
 * `$ssl_client_escaped_cert`), so the same middleware works behind other proxies.
 */
export function decodeHeaderCertificate(value: string): Decoded {
  if (value.length > MAX_HEADER_BYTES) return { ok: false, reason: `the certificate header is larger than ${MAX_HEADER_BYTES} bytes` };
  let text = value.trim();
  if (/^-----BEGIN|^%2D%2D%2D%2D%2DBEGIN/i.test(text)) {
    if (text.includes('%')) {
      try {
        text = decodeURIComponent(text);
      } catch {
        return { ok: false, reason: 'the certificate header is not valid URL-encoded PEM' };
      }
    }
    const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text);
    if (!pem) return { ok: false, reason: 'the certificate header is PEM without a CERTIFICATE block' };
    text = pem[1]!;
  }
  const base64 = text.replace(/\s+/g, '');
  if (base64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return { ok: false, reason: 'the certificate header is not base64 DER or PEM' };
  return { ok: true, der: Buffer.from(base64, 'base64') };
}

export type Parsed = { ok: true; certificate: ParsedCertificate } | { ok: false; reason: string };

export function parseCertificate(der: Buffer): Parsed {
  try {
    const x509 = new X509Certificate(der);
    const fields = readCertificateFields(der);
    return {
      ok: true,
      certificate: {
        x509,
        der,
        fields,
        sha1: createHash('sha1').update(der).digest(),
        sha256: createHash('sha256').update(der).digest(),
        spkiSha256: createHash('sha256').update(x509.publicKey.export({ type: 'spki', format: 'der' })).digest(),
      },
    };
  } catch (err) {
    return { ok: false, reason: `not a valid X.509 certificate (${(err as Error).message})` };
  }
}

/** One line per RDN in Node's rendering; joined with ", " for logs. */
export function oneLineName(name: string): string {
  return name.split('\n').filter((part) => part !== '').join(', ');
}

export function describeCertificate(cert: ParsedCertificate, chain: ParsedCertificate[] = [cert]): ClientCertificateInfo {
  return {
    subject: oneLineName(cert.x509.subject),
    issuer: oneLineName(cert.x509.issuer),
    serialNumber: cert.x509.serialNumber,
    notBefore: cert.fields.notBefore.toISOString(),
    notAfter: cert.fields.notAfter.toISOString(),
    thumbprint: cert.sha1.toString('hex').toUpperCase(),
    thumbprintSha256: cert.sha256.toString('hex').toUpperCase(),
    spkiSha256: cert.spkiSha256.toString('base64'),
    dnsNames: [...cert.fields.dnsNames],
    uris: [...cert.fields.uris],
    emails: [...cert.fields.emails],
    ipAddresses: [...cert.fields.ipAddresses],
    chain: chain.map((c) => oneLineName(c.x509.subject)),
  };
}

/** Splits PEM bundles and DER buffers into certificates (configuration input: errors throw). */
export function loadCertificates(inputs: ReadonlyArray<string | Buffer | X509Certificate>, what: string): ParsedCertificate[] {
  const out: ParsedCertificate[] = [];
  for (const input of inputs) {
    const ders: Buffer[] = [];
    if (input instanceof X509Certificate) ders.push(Buffer.from(input.raw));
    else {
      const text = typeof input === 'string' ? input : input.toString('latin1');
      const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g);
      if (blocks) for (const block of blocks) ders.push(Buffer.from(block.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64'));
      else if (Buffer.isBuffer(input)) ders.push(input);
      else throw new TypeError(`${what}: no PEM certificate found`);
    }
    for (const der of ders) {
      const parsed = parseCertificate(der);
      if (!parsed.ok) throw new TypeError(`${what}: ${parsed.reason}`);
      out.push(parsed.certificate);
    }
  }
  return out;
}
