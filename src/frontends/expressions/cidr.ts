/**
 * IP address functions. https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-cidr
 * IPv4 is computed exactly as ARM documents it; IPv6 ranges stay unresolved (named as such) rather than guessed.
 * cidrHost counts usable hosts: index 0 is the first address after the network address.
 */
import { Unresolved, type Value } from '../../model/value.js';
import { fail, int, str } from './args.js';
import type { Library } from './library.js';

interface V4Range {
  base: number;
  prefix: number;
}

function parseV4(fn: string, text: string): V4Range | Unresolved {
  if (text.includes(':')) return new Unresolved(`${fn}('${text}')`, 'IPv6 ranges are not evaluated');
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
  if (!m) fail(fn, `expects an IPv4 range in CIDR notation such as '10.0.0.0/16', but got '${text}'.`);
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) fail(fn, `'${text}' is not a valid IPv4 range.`);
  const address = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  return { base: (address & mask(prefix)) >>> 0, prefix };
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function dotted(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export const cidrFunctions: Library = {
  parseCidr: {
    min: 1,
    max: 1,
    impl: (a, _c, fn) => {
      const r = parseV4(fn, str(fn, a, 0));
      if (r instanceof Unresolved) return r;
      const size = 2 ** (32 - r.prefix);
      const broadcast = (r.base + size - 1) >>> 0;
      // A /31 or /32 has no network or broadcast address to set aside.
      const small = r.prefix >= 31;
      const out: { [k: string]: Value } = {
        network: dotted(r.base),
        netmask: dotted(mask(r.prefix)),
        broadcast: dotted(broadcast),
        firstUsable: dotted(small ? r.base : r.base + 1),
        lastUsable: dotted(small ? broadcast : broadcast - 1),
        cidr: r.prefix,
      };
      return out;
    },
  },
  cidrSubnet: {
    min: 3,
    max: 3,
    impl: (a, _c, fn) => {
      const r = parseV4(fn, str(fn, a, 0));
      if (r instanceof Unresolved) return r;
      const newPrefix = int(fn, a, 1);
      const index = int(fn, a, 2);
      if (newPrefix < r.prefix || newPrefix > 32) fail(fn, `the new prefix length ${newPrefix} must be between ${r.prefix} and 32.`);
      const count = 2 ** (newPrefix - r.prefix);
      if (index < 0 || index >= count) fail(fn, `the subnet index ${index} is outside the ${count} subnets of that size.`);
      return `${dotted((r.base + index * 2 ** (32 - newPrefix)) >>> 0)}/${newPrefix}`;
    },
  },
  cidrHost: {
    min: 2,
    max: 2,
    impl: (a, _c, fn) => {
      const r = parseV4(fn, str(fn, a, 0));
      if (r instanceof Unresolved) return r;
      const index = int(fn, a, 1);
      const size = 2 ** (32 - r.prefix);
      const usable = r.prefix >= 31 ? size : size - 2;
      if (index < 0 || index >= usable) fail(fn, `the host index ${index} is outside the ${usable} usable addresses of the range.`);
      return dotted((r.base + (r.prefix >= 31 ? 0 : 1) + index) >>> 0);
    },
  },
};
