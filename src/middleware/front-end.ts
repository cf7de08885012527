/**
 * Whether a request came through the trusted front end. `X-ARR-ClientCert` proves nothing by itself: any caller that
 * reaches the app directly can send it (the certificate is public; only the front end's handshake proved possession
 * of its key). Every configured condition must hold.
 */
import { BlockList, isIP } from 'node:net';
import { createHash, timingSafeEqual } from 'node:crypto';
import { parseCertificate } from './certificate.js';
import { matchesAnyPin, parsePin, type Pin } from './pins.js';

export interface TrustedFrontEndOptions {
  /** Addresses (or CIDR ranges) the front end connects from, e.g. `['10.0.0.0/24', '127.0.0.2']`. */
  addresses?: string[];
  /** A header the front end adds with a secret value (constant-time comparison). */
  secretHeader?: { name: string; value: string };
  /**
   * Pins of the certificate the front end presents when it connects to the app over mutual TLS: the header is believed
   * only on such a connection.
   */
  proxyCertificatePins?: string[];
}

export interface FrontEndInput {
  headers: Record<string, string | string[] | undefined>;
  remoteAddress?: string;
  peerCertificateDer?: Buffer;
}

export type FrontEndCheck = (input: FrontEndInput) => string | undefined;

/** Builds the check; returns why a request did not come through the front end, or undefined when it did. */
export function trustedFrontEndCheck(options: TrustedFrontEndOptions): FrontEndCheck {
  const addresses = options.addresses?.length ? blockList(options.addresses) : undefined;
  const secret = options.secretHeader
    ? { name: options.secretHeader.name.toLowerCase(), digest: createHash('sha256').update(options.secretHeader.value).digest() }
    : undefined;
  const pins: Pin[] | undefined = options.proxyCertificatePins?.length ? options.proxyCertificatePins.map(parsePin) : undefined;
  if (!addresses && !secret && !pins) throw new TypeError('trustedFrontEnd needs addresses, secretHeader or proxyCertificatePins');

  return (input) => {
    if (addresses) {
      const address = normalizeAddress(input.remoteAddress);
      const family = address ? isIP(address) : 0;
      if (!address || family === 0 || !addresses.check(address, family === 6 ? 'ipv6' : 'ipv4')) {
        return `the request came from ${address ?? 'an unknown address'}, not from a trusted front-end address`;
      }
    }
    if (secret) {
      const value = input.headers[secret.name];
      const digest = createHash('sha256').update(typeof value === 'string' ? value : '').digest();
      if (typeof value !== 'string' || !timingSafeEqual(digest, secret.digest)) return `the front-end secret header '${secret.name}' is missing or wrong`;
    }
    if (pins) {
      const parsed = input.peerCertificateDer ? parseCertificate(input.peerCertificateDer) : undefined;
      if (!parsed?.ok || !matchesAnyPin([parsed.certificate], pins)) return 'the connection was not made with the front end\'s client certificate';
    }
    return undefined;
  };
}

function blockList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address ?? '');
    if (family === 0) throw new TypeError(`trustedFrontEnd.addresses: not an IP address or CIDR range: '${entry}'`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address!, type);
    else {
      const bits = Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32)) throw new TypeError(`trustedFrontEnd.addresses: bad prefix in '${entry}'`);
      list.addSubnet(address!, bits, type);
    }
  }
  return list;
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) compares as `10.0.0.1`. */
function normalizeAddress(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}
