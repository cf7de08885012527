/**
 * The probe matrix: for every endpoint and path, one request per kind of caller, run with bounded concurrency.
 */
import { X509Certificate } from 'node:crypto';
import { runAttempt, type ClientTlsCredentials, type ServerVerification } from './attempt.js';
import { expiredClientCertificate, selfSignedClientCertificate, type IssuedCertificate } from './certs.js';
import type { AttemptKind, EndpointResult, Observation, ProbeReport } from './observation.js';
import { decideVerdict } from './verdict.js';
import { mapWithConcurrency } from './pool.js';

export interface ProbeTarget {
  /** `https://host[:port]`, the origin to probe. */
  endpoint: URL;
  /** Paths (with query) to request; at least one. */
  paths: string[];
  resource?: { type: string; name: string; address: string };
}

export interface ProbeOptions {
  version: string;
  concurrency: number;
  timeoutMs: number;
  server: ServerVerification;
  /** The caller's own certificate, expected to be accepted. */
  supplied?: ClientTlsCredentials;
  /**
   * A CA the servers trust, to issue the expired certificate from (test environments): a refusal then shows the expiry
   * check, not merely an unknown issuer.
   */
  expiredIssuer?: IssuedCertificate;
  /** The forwarded-certificate header App Service's front end sets. */
  headerName: string;
}

interface PlannedAttempt {
  target: number;
  path: string;
  attempt: AttemptKind;
  credentials?: ClientTlsCredentials;
  headers?: Record<string, string>;
}

export async function runProbe(targets: ProbeTarget[], options: ProbeOptions): Promise<ProbeReport> {
  const selfSigned = selfSignedClientCertificate();
  const expired = expiredClientCertificate(options.expiredIssuer);
  const forgedHeader = forgedHeaderValue(options.supplied, selfSigned);

  const plan: PlannedAttempt[] = [];
  targets.forEach((target, index) => {
    for (const path of target.paths) {
      plan.push({ target: index, path, attempt: 'no-certificate' });
      plan.push({ target: index, path, attempt: 'self-signed', credentials: { cert: selfSigned.certPem, key: selfSigned.keyPem } });
      plan.push({ target: index, path, attempt: 'expired', credentials: { cert: expired.certPem, key: expired.keyPem } });
      if (options.supplied) plan.push({ target: index, path, attempt: 'supplied', credentials: options.supplied });
      plan.push({ target: index, path, attempt: 'forged-header', headers: { [options.headerName]: forgedHeader } });
    }
  });

  const observations = await mapWithConcurrency(plan, options.concurrency, (p) =>
    runAttempt({
      endpoint: targets[p.target]!.endpoint,
      path: p.path,
      attempt: p.attempt,
      server: options.server,
      timeoutMs: options.timeoutMs,
      ...(p.credentials ? { credentials: p.credentials } : {}),
      ...(p.headers ? { headers: p.headers } : {}),
    }),
  );

  const byTarget: Observation[][] = targets.map(() => []);
  plan.forEach((p, i) => byTarget[p.target]!.push(observations[i]!));
  const endpoints: EndpointResult[] = targets.map((target, i) => {
    const { verdict, reasons } = decideVerdict(byTarget[i]!);
    const result: EndpointResult = { endpoint: target.endpoint.origin, verdict, reasons, observations: byTarget[i]! };
    if (target.resource) result.resource = target.resource;
    return result;
  });
  return {
    schemaVersion: 1,
    tool: { name: 'azmtls', version: options.version },
    summary: {
      endpoints: endpoints.length,
      enforced: endpoints.filter((e) => e.verdict === 'enforced').length,
      notEnforced: endpoints.filter((e) => e.verdict === 'not-enforced').length,
      acceptsUntrusted: endpoints.filter((e) => e.verdict === 'accepts-untrusted').length,
      inconclusive: endpoints.filter((e) => e.verdict === 'inconclusive').length,
    },
    endpoints,
  };
}

/**
 * The header App Service would forward: base64 DER of a leaf. The supplied certificate makes the stronger forgery (a
 * public certificate anyone can copy, sent without its key); otherwise the throwaway self-signed one.
 */
function forgedHeaderValue(supplied: ClientTlsCredentials | undefined, fallback: IssuedCertificate): string {
  if (supplied?.cert !== undefined) {
    try {
      return Buffer.from(new X509Certificate(supplied.cert).raw).toString('base64');
    } catch {
      // An unreadable --cert is reported by the caller; the forgery falls back to the throwaway certificate.
    }
  }
  return fallback.der.toString('base64');
}
