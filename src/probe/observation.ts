/** What one request of the probe saw, and the verdict drawn from all of an endpoint's requests. */

/**
 * The callers the probe impersonates. `forged-header` sends no TLS certificate but an `X-ARR-ClientCert` header, as an
 * attacker would to an app that trusts the header without checking it came through App Service's front end.
 */
export type AttemptKind = 'no-certificate' | 'self-signed' | 'expired' | 'supplied' | 'forged-header';

export const ATTEMPT_LABELS: Record<AttemptKind, string> = {
  'no-certificate': 'no client certificate',
  'self-signed': 'self-signed certificate',
  expired: 'expired certificate',
  supplied: 'supplied certificate',
  'forged-header': 'forged X-ARR-ClientCert header, no certificate',
};

/** `refused`: the caller was turned away (TLS alert, connection closed, or a refusing HTTP status). */
export type Outcome = 'refused' | 'accepted' | 'error';

export interface TlsAlert {
  /** The TLS alert number (RFC 8446 6: 116 = certificate_required, 40 = handshake_failure, 48 = unknown_ca). */
  code: number;
  description: string;
}

export interface Observation {
  attempt: AttemptKind;
  path: string;
  outcome: Outcome;
  /** Why the outcome was decided, in a sentence. */
  detail: string;
  tls: {
    /** The client saw the handshake complete (under TLS 1.3 a server may still reject the certificate afterwards). */
    handshakeCompleted: boolean;
    protocol?: string;
    alert?: TlsAlert;
  };
  http?: { status: number; location?: string };
  /** Network or local verification error (timeouts, refused connections, an untrusted server certificate). */
  error?: { code: string; message: string };
  /** Milliseconds from the start of the attempt to the end of the TLS handshake, when it completed. */
  handshakeMs?: number;
  /** Milliseconds from the start of the attempt to the response headers or the failure. */
  durationMs: number;
}

/**
 * - `enforced`: callers without a certificate and untrusted callers are refused; the supplied one, when given, is accepted.
 * - `not-enforced`: a caller without a certificate (or with only a forged header) gets through on some path.
 * - `accepts-untrusted`: a certificate is demanded, but a self-signed or expired one is accepted.
 * - `inconclusive`: a network error or timeout, or every caller (the supplied one too) was refused.
 */
export type Verdict = 'enforced' | 'not-enforced' | 'accepts-untrusted' | 'inconclusive';

export interface EndpointResult {
  /** `https://host[:port]`. */
  endpoint: string;
  /** The Azure resource the endpoint was found on (`--from-scan`). */
  resource?: { type: string; name: string; address: string };
  verdict: Verdict;
  /** Every reason behind the verdict, most important first. */
  reasons: string[];
  observations: Observation[];
}

export interface ProbeSummary {
  endpoints: number;
  enforced: number;
  notEnforced: number;
  acceptsUntrusted: number;
  inconclusive: number;
}

export interface ProbeReport {
  schemaVersion: 1;
  tool: { name: 'azmtls'; version: string };
  summary: ProbeSummary;
  endpoints: EndpointResult[];
}
