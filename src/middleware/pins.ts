/**
 * Pins as a SET: during a rotation the old and the new certificate (or issuing CA) are both listed, so callers are
 * not locked out while certificates roll. Comparison is constant-time per pin and never stops at the first match.
 *
 * Accepted forms:
 * - `sha256/<base64>`: SHA-256 of the SubjectPublicKeyInfo (the HPKP form; survives re-issuance with the same key);
 * - `spki-sha256:<hex>`: the same digest in hex;
 * - 40 hex digits (colons and spaces allowed): SHA-1 thumbprint of the certificate, as App Service and Windows show it;
 * - 64 hex digits: SHA-256 thumbprint of the certificate.
 */
import { timingSafeEqual } from 'node:crypto';
import type { ParsedCertificate } from './certificate.js';

export type PinKind = 'spki-sha256' | 'sha1' | 'sha256';

export interface Pin {
  kind: PinKind;
  digest: Buffer;
}

export function parsePin(text: string): Pin {
  const trimmed = text.trim();
  const spkiBase64 = /^sha256\/([A-Za-z0-9+/]{43}=)$/.exec(trimmed);
  if (spkiBase64) return { kind: 'spki-sha256', digest: Buffer.from(spkiBase64[1]!, 'base64') };
  const spkiHex = /^spki-sha256:([0-9a-f:\s]+)$/i.exec(trimmed);
  if (spkiHex) {
    const hex = spkiHex[1]!.replace(/[:\s]/g, '');
    if (hex.length === 64) return { kind: 'spki-sha256', digest: Buffer.from(hex, 'hex') };
  }
  const hex = trimmed.replace(/[:\s]/g, '');
  if (/^[0-9a-f]{40}$/i.test(hex)) return { kind: 'sha1', digest: Buffer.from(hex, 'hex') };
  if (/^[0-9a-f]{64}$/i.test(hex)) return { kind: 'sha256', digest: Buffer.from(hex, 'hex') };
  throw new TypeError(`not a certificate pin: '${text}' (expected sha256/<base64 SPKI>, spki-sha256:<hex>, or a SHA-1/SHA-256 thumbprint)`);
}

function digestOf(cert: ParsedCertificate, kind: PinKind): Buffer {
  if (kind === 'spki-sha256') return cert.spkiSha256;
  return kind === 'sha1' ? cert.sha1 : cert.sha256;
}

/** Whether any certificate of `chain` matches any pin. Every pair is compared, whatever matched earlier. */
export function matchesAnyPin(chain: readonly ParsedCertificate[], pins: readonly Pin[]): boolean {
  let matched = 0;
  for (const cert of chain) {
    for (const pin of pins) {
      const digest = digestOf(cert, pin.kind);
      matched |= timingSafeEqual(digest, pin.digest) ? 1 : 0;
    }
  }
  return matched === 1;
}
