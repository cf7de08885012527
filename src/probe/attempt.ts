/**
 * One probe request: a fresh TLS connection (no session reuse, no agent) carrying one HTTP/1.1 GET, classified as
 * refused, accepted or error. Redirects are never followed: a 3xx means the TLS layer let the caller through.
 */
import { request as httpsRequest } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { isIP } from 'node:net';
import type { AttemptKind, Observation, Outcome, TlsAlert } from './observation.js';
import { classifyStatus } from './refusal.js';

export interface ClientTlsCredentials {
  /** PEM certificate, followed by any intermediates to send. */
  cert?: string | Buffer;
  key?: string | Buffer;
  pfx?: Buffer;
  passphrase?: string;
}

export interface ServerVerification {
  /** Skip verification of the SERVER's certificate (test servers with self-signed certificates). */
  insecure: boolean;
  /** Trust anchors for the server certificate instead of the system store. */
  ca?: (string | Buffer)[];
}

export interface AttemptRequest {
  /** An `https:` URL; only its host and port are used. */
  endpoint: URL;
  /** Path and query to request. */
  path: string;
  attempt: AttemptKind;
  credentials?: ClientTlsCredentials;
  headers?: Record<string, string>;
  server: ServerVerification;
  timeoutMs: number;
}

/** Bytes of the body kept to recognise a refusal page (nginx answers 400 "No required SSL certificate was sent"). */
const BODY_SNIFF_BYTES = 4096;

/** TLS alert numbers (RFC 8446 6, RFC 5246 7.2) by the name OpenSSL puts in its error codes. */
const ALERTS: Record<string, number> = {
  UNEXPECTED_MESSAGE: 10,
  BAD_RECORD_MAC: 20,
  HANDSHAKE_FAILURE: 40,
  BAD_CERTIFICATE: 42,
  UNSUPPORTED_CERTIFICATE: 43,
  CERTIFICATE_REVOKED: 44,
  CERTIFICATE_EXPIRED: 45,
  CERTIFICATE_UNKNOWN: 46,
  ILLEGAL_PARAMETER: 47,
  UNKNOWN_CA: 48,
  ACCESS_DENIED: 49,
  DECODE_ERROR: 50,
  DECRYPT_ERROR: 51,
  PROTOCOL_VERSION: 70,
  INSUFFICIENT_SECURITY: 71,
  INTERNAL_ERROR: 80,
  UNRECOGNIZED_NAME: 112,
  CERTIFICATE_REQUIRED: 116,
  NO_APPLICATION_PROTOCOL: 120,
};

/**
 * Alerts a server sends when it turns a client certificate (or its absence) down. Others (protocol_version,
 * unrecognized_name, internal_error) say nothing about client certificates and leave the attempt an error.
 */
const CERTIFICATE_REFUSAL_ALERTS = new Set([40, 42, 43, 44, 45, 46, 48, 49, 51, 116]);

/** OpenSSL verification codes for the server's certificate: the probe could not trust the server, nothing more. */
const SERVER_VERIFICATION_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function runAttempt(request: AttemptRequest): Promise<Observation> {
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
  const host = request.endpoint.hostname.replace(/^\[|\]$/g, '');
  const port = request.endpoint.port === '' ? 443 : Number(request.endpoint.port);
  const hostHeader = request.endpoint.port === '' ? request.endpoint.hostname : `${request.endpoint.hostname}:${port}`;

  return new Promise<Observation>((resolve) => {
    let settled = false;
    let tcpConnected = false;
    let handshakeMs: number | undefined;
    let protocol: string | undefined;

    const finish = (outcome: Outcome, detail: string, extra: Partial<Observation> = {}): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const observation: Observation = {
        attempt: request.attempt,
        path: request.path,
        outcome,
        detail,
        tls: { handshakeCompleted: handshakeMs !== undefined, ...(protocol ? { protocol } : {}), ...(extra.tls ?? {}) },
        durationMs: elapsed(),
        ...(handshakeMs !== undefined ? { handshakeMs } : {}),
      };
      if (extra.http) observation.http = extra.http;
      if (extra.error) observation.error = extra.error;
      resolve(observation);
      req.destroy();
    };

    const credentials = request.credentials ?? {};
    const req = httpsRequest({
      host,
      port,
      path: request.path,
      method: 'GET',
      agent: false,
      // SNI carries names only (RFC 6066 3); an IP literal is sent without it.
      ...(isIP(host) === 0 ? { servername: host } : {}),
      rejectUnauthorized: !request.server.insecure,
      ...(request.server.ca ? { ca: request.server.ca } : {}),
      ...(credentials.cert !== undefined ? { cert: credentials.cert } : {}),
      ...(credentials.key !== undefined ? { key: credentials.key } : {}),
      ...(credentials.pfx !== undefined ? { pfx: credentials.pfx } : {}),
      ...(credentials.passphrase !== undefined ? { passphrase: credentials.passphrase } : {}),
      headers: { host: hostHeader, 'user-agent': 'azmtls-probe', accept: '*/*', connection: 'close', ...request.headers },
    });

    const timer = setTimeout(() => {
      finish('error', `no answer within ${request.timeoutMs} ms`, { error: { code: 'TIMEOUT', message: `timed out after ${request.timeoutMs} ms` } });
    }, request.timeoutMs);

    req.on('socket', (socket) => {
      const tlsSocket = socket as TLSSocket;
      tlsSocket.once('connect', () => {
        tcpConnected = true;
      });
      tlsSocket.once('secureConnect', () => {
        handshakeMs = elapsed();
        protocol = tlsSocket.getProtocol() ?? undefined;
      });
    });

    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const http: { status: number; location?: string } = { status };
      const location = res.headers.location;
      if (typeof location === 'string') http.location = location;
      const chunks: Buffer[] = [];
      let size = 0;
      const decide = (): void => {
        const body = Buffer.concat(chunks).toString('utf8');
        const verdict = classifyStatus(status, body);
        finish(verdict.refused ? 'refused' : 'accepted', verdict.detail, { http });
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= BODY_SNIFF_BYTES) decide();
      });
      res.on('end', decide);
      res.on('error', decide);
    });

    req.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'ERROR';
      const alert = alertOf(err);
      if (alert) {
        if (CERTIFICATE_REFUSAL_ALERTS.has(alert.code)) {
          finish('refused', `TLS alert ${alert.code} (${alert.description})`, { tls: { handshakeCompleted: handshakeMs !== undefined, alert } });
        } else {
          finish('error', `TLS alert ${alert.code} (${alert.description}) unrelated to client certificates`, {
            tls: { handshakeCompleted: handshakeMs !== undefined, alert },
            error: { code, message: err.message },
          });
        }
        return;
      }
      if (SERVER_VERIFICATION_CODES.has(code)) {
        finish('error', `the server's certificate is not trusted (${code}); pass --server-ca or --insecure`, { error: { code, message: err.message } });
        return;
      }
      if (tcpConnected && (code === 'ECONNRESET' || code === 'EPIPE')) {
        // The server accepted the TCP connection and then hung up on this caller without an HTTP answer.
        const when = handshakeMs === undefined ? 'during the TLS handshake' : 'after the TLS handshake, before any HTTP response';
        finish('refused', `connection closed by the server ${when}`);
        return;
      }
      finish('error', `network error: ${err.message}`, { error: { code, message: err.message } });
    });

    req.end();
  });
}

/** The alert a peer sent, from OpenSSL's error code (`ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED`) or message. */
export function alertOf(err: NodeJS.ErrnoException): TlsAlert | undefined {
  const fromCode = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/.exec(err.code ?? '');
  const numberInMessage = /SSL alert number (\d+)/.exec(err.message);
  if (!fromCode && !numberInMessage) return undefined;
  const name = fromCode?.[1];
  const code = numberInMessage ? Number(numberInMessage[1]) : (name !== undefined ? ALERTS[name] : undefined);
  if (code === undefined) return undefined;
  const knownName = name ?? Object.entries(ALERTS).find(([, n]) => n === code)?.[0] ?? `ALERT_${code}`;
  return { code, description: knownName.toLowerCase().replace(/_/g, ' ') };
}
