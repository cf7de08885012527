/**
 * The core check: which certificate this request carries (TLS socket or the forwarded header), whether it chains to a
 * configured trust anchor, is in its validity period, may be used for client authentication, matches the pins and the
 * allowed subjects. Synchronous and exception-free on request input; configuration errors throw at creation.
 */
import type { X509Certificate } from 'node:crypto';
import {
  decodeHeaderCertificate,
  describeCertificate,
  loadCertificates,
  oneLineName,
  parseCertificate,
  type ClientCertificateInfo,
  type ParsedCertificate,
} from './certificate.js';
import { buildChain } from './chain.js';
import { trustedFrontEndCheck, type FrontEndCheck, type TrustedFrontEndOptions } from './front-end.js';
import { matchesAnyPin, parsePin, type Pin } from './pins.js';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export type CertificateInput = string | Buffer | X509Certificate;

export interface AllowedSubjects {
  commonNames?: string[];
  /** Compared case-insensitively. */
  dnsNames?: string[];
  uris?: string[];
  emails?: string[];
}

export interface ClientCertLogEntry {
  level: 'info' | 'warn';
  event: 'client-certificate-accepted' | 'client-certificate-refused' | 'configuration';
  message: string;
  source?: 'socket' | 'header';
  subject?: string;
  thumbprint?: string;
  remoteAddress?: string;
}

export type ClientCertLogger = (entry: ClientCertLogEntry) => void;

export interface ClientCertValidatorOptions {
  /** Root (or other) CA certificates trusted to issue client certificates: PEM (bundles allowed), DER or X509Certificate. */
  trustAnchors: CertificateInput[];
  /** Intermediate CAs. App Service forwards only the leaf, so the chain's intermediates must be configured here. */
  intermediates?: CertificateInput[];
  /**
   * Where the client certificate comes from: `socket` (the app terminates TLS), `header` (behind App Service or another
   * proxy), `either` (default: the header when present, else the socket).
   */
  source?: 'socket' | 'header' | 'either';
  /** Default `x-arr-clientcert`. */
  headerName?: string;
  /** Believe the header only when the request came through the front end (strongly recommended with `header`). */
  trustedFrontEnd?: TrustedFrontEndOptions;
  /** Optional pin set; a certificate anywhere in the validated chain must match one of them. */
  pins?: string[];
  /** Checked only after the chain is trusted; any listed name matching is enough. */
  allowedSubjects?: AllowedSubjects;
  /** Require the clientAuth extended key usage (default true). */
  requireClientAuth?: boolean;
  /** Require digitalSignature when the leaf has a keyUsage extension (default true). */
  requireDigitalSignature?: boolean;
  /** Maximum path length, leaf and anchor included (default 5). */
  maxChainLength?: number;
  /** Tolerated clock difference in seconds (default 60). */
  clockSkewSeconds?: number;
  /** Clock, for tests. */
  now?: () => Date;
  /** Receives one entry per refusal (warn) and, when `logAccepted`, per acceptance. Default: one line on stderr per refusal. */
  logger?: ClientCertLogger;
  logAccepted?: boolean;
}

/** What the adapters hand to the validator. */
export interface ClientCertRequestInput {
  /** The TLS socket (when the app terminates TLS, or the front end connects over mutual TLS). */
  socket?: PeerCertificateSource;
  headers: Record<string, string | string[] | undefined>;
  remoteAddress?: string;
}

/** The slice of `tls.TLSSocket` the validator reads. */
export interface PeerCertificateSource {
  encrypted?: boolean;
  getPeerCertificate?: (detailed: true) => PeerCertificateLike;
}

export interface PeerCertificateLike {
  raw?: Buffer;
  issuerCertificate?: PeerCertificateLike;
}

export type ClientCertValidation =
  | { ok: true; certificate: ClientCertificateInfo; source: 'socket' | 'header' }
  | { ok: false; status: 403; reason: string };

export type ClientCertValidator = (input: ClientCertRequestInput) => ClientCertValidation;

const defaultLogger: ClientCertLogger = (entry) => {
  if (entry.level === 'warn') process.stderr.write(`${JSON.stringify(entry)}\n`);
};

export function createClientCertValidator(options: ClientCertValidatorOptions): ClientCertValidator {
  const anchors = loadCertificates(options.trustAnchors ?? [], 'trustAnchors');
  if (anchors.length === 0) throw new TypeError('trustAnchors: at least one trust anchor is required');
  const intermediates = loadCertificates(options.intermediates ?? [], 'intermediates');
  const pins: Pin[] = (options.pins ?? []).map(parsePin);
  const source = options.source ?? 'either';
  const headerName = (options.headerName ?? 'x-arr-clientcert').toLowerCase();
  const frontEnd: FrontEndCheck | undefined = options.trustedFrontEnd ? trustedFrontEndCheck(options.trustedFrontEnd) : undefined;
  const requireClientAuth = options.requireClientAuth ?? true;
  const requireDigitalSignature = options.requireDigitalSignature ?? true;
  const maxDepth = options.maxChainLength ?? 5;
  const clockSkewMs = (options.clockSkewSeconds ?? 60) * 1000;
  const now = options.now ?? (() => new Date());
  const log = options.logger ?? defaultLogger;
  const subjects = options.allowedSubjects;

  if (source !== 'socket' && !frontEnd) {
    log({
      level: 'warn',
      event: 'configuration',
      message: `the ${headerName} header is believed from any caller: configure trustedFrontEnd unless only the front end can reach this app`,
    });
  }

  const refuse = (reason: string, input: ClientCertRequestInput, cert?: ParsedCertificate, from?: 'socket' | 'header'): ClientCertValidation => {
    const entry: ClientCertLogEntry = { level: 'warn', event: 'client-certificate-refused', message: reason };
    if (from) entry.source = from;
    if (cert) {
      entry.subject = oneLineName(cert.x509.subject);
      entry.thumbprint = cert.sha1.toString('hex').toUpperCase();
    }
    if (input.remoteAddress) entry.remoteAddress = input.remoteAddress;
    log(entry);
    return { ok: false, status: 403, reason };
  };

  return (input) => {
    try {
      const picked = pickCertificate(input, source, headerName, frontEnd);
      if (!picked.ok) return refuse(picked.reason, input);
      const { certificate: leaf, from, presentedChain } = picked;
      const check = checkLeaf(leaf, { requireClientAuth, requireDigitalSignature });
      if (check) return refuse(check, input, leaf, from);
      const chain = buildChain(leaf, {
        anchors,
        intermediates: presentedChain.length > 0 ? [...intermediates, ...presentedChain] : intermediates,
        now: now(),
        clockSkewMs,
        maxDepth,
      });
      if (!chain.ok) return refuse(chain.reason, input, leaf, from);
      if (pins.length > 0 && !matchesAnyPin(chain.chain, pins)) return refuse('the certificate matches none of the configured pins', input, leaf, from);
      if (subjects && !subjectAllowed(leaf, subjects)) return refuse(`the subject '${oneLineName(leaf.x509.subject)}' is not among the allowed subjects`, input, leaf, from);
      const info = describeCertificate(leaf, chain.chain);
      if (options.logAccepted) {
        const entry: ClientCertLogEntry = { level: 'info', event: 'client-certificate-accepted', message: 'client certificate accepted', source: from, subject: info.subject, thumbprint: info.thumbprint };
        if (input.remoteAddress) entry.remoteAddress = input.remoteAddress;
        log(entry);
      }
      return { ok: true, certificate: info, source: from };
    } catch (err) {
      // A defect here must close the door, not open it.
      return refuse(`the client certificate could not be validated (${(err as Error).message})`, input);
    }
  };
}

type Picked =
  | { ok: true; certificate: ParsedCertificate; from: 'socket' | 'header'; presentedChain: ParsedCertificate[] }
  | { ok: false; reason: string };

function pickCertificate(input: ClientCertRequestInput, source: 'socket' | 'header' | 'either', headerName: string, frontEnd: FrontEndCheck | undefined): Picked {
  const socketChain = source === 'header' && !frontEnd ? [] : peerChain(input.socket);
  const headerValue = source === 'socket' ? undefined : input.headers[headerName];

  if (headerValue !== undefined) {
    if (frontEnd) {
      const peerDer = socketChain[0];
      const problem = frontEnd({ headers: input.headers, ...(input.remoteAddress ? { remoteAddress: input.remoteAddress } : {}), ...(peerDer ? { peerCertificateDer: peerDer } : {}) });
      if (problem) return { ok: false, reason: `the ${headerName} header did not come through the trusted front end: ${problem}` };
    }
    if (Array.isArray(headerValue)) return { ok: false, reason: `more than one ${headerName} header` };
    const decoded = decodeHeaderCertificate(headerValue);
    if (!decoded.ok) return decoded;
    const parsed = parseCertificate(decoded.der);
    if (!parsed.ok) return { ok: false, reason: `the ${headerName} header is ${parsed.reason}` };
    return { ok: true, certificate: parsed.certificate, from: 'header', presentedChain: [] };
  }
  if (source === 'header') return { ok: false, reason: `no client certificate: the ${headerName} header is missing` };

  if (socketChain.length === 0) return { ok: false, reason: 'no client certificate was presented on the TLS connection' };
  const parsedChain: ParsedCertificate[] = [];
  for (const der of socketChain) {
    const parsed = parseCertificate(der);
    if (!parsed.ok) return { ok: false, reason: `the TLS client certificate is ${parsed.reason}` };
    parsedChain.push(parsed.certificate);
  }
  return { ok: true, certificate: parsedChain[0]!, from: 'socket', presentedChain: parsedChain.slice(1) };
}

/** DER of the peer's certificate and the issuers the client sent along (OpenSSL links the last one to itself). */
function peerChain(socket: PeerCertificateSource | undefined): Buffer[] {
  if (!socket?.encrypted || typeof socket.getPeerCertificate !== 'function') return [];
  const out: Buffer[] = [];
  let current: PeerCertificateLike | undefined = socket.getPeerCertificate(true);
  while (current?.raw && out.length < 10) {
    if (out.some((d) => d.equals(current!.raw!))) break;
    out.push(current.raw);
    current = current.issuerCertificate;
  }
  return out;
}

function checkLeaf(leaf: ParsedCertificate, rules: { requireClientAuth: boolean; requireDigitalSignature: boolean }): string | undefined {
  const f = leaf.fields;
  if (rules.requireDigitalSignature && f.keyUsage && !f.keyUsage.includes('digitalSignature')) {
    return 'the certificate may not be used for signatures (keyUsage lacks digitalSignature), so it cannot authenticate a TLS client';
  }
  if (rules.requireClientAuth && !(f.extendedKeyUsage ?? []).includes(CLIENT_AUTH)) {
    return f.extendedKeyUsage
      ? 'the certificate is not issued for client authentication (extendedKeyUsage lacks clientAuth)'
      : 'the certificate has no extendedKeyUsage listing clientAuth';
  }
  if (f.unhandledCritical.length > 0) return `the certificate has unsupported critical extension(s) ${f.unhandledCritical.join(', ')}`;
  return undefined;
}

function subjectAllowed(leaf: ParsedCertificate, allowed: AllowedSubjects): boolean {
  const f = leaf.fields;
  const commonNames = leaf.x509.subject
    .split('\n')
    .filter((rdn) => rdn.startsWith('CN='))
    .map((rdn) => rdn.slice(3));
  const lower = (values: readonly string[] | undefined): string[] => (values ?? []).map((v) => v.toLowerCase());
  return (
    commonNames.some((cn) => allowed.commonNames?.includes(cn)) ||
    f.dnsNames.some((d) => lower(allowed.dnsNames).includes(d.toLowerCase())) ||
    f.uris.some((u) => allowed.uris?.includes(u)) ||
    f.emails.some((e) => allowed.emails?.includes(e))
  );
}
