/**
 * ARM's two deterministic naming functions. Names computed here must equal the names a real deployment
 * produces, or a scan would report on a resource that does not exist.
 *
 * uniqueString: the arguments joined with '-', UTF-8 encoded, hashed with the 64-bit MurmurHash variant
 * of the ARM engine (two 32-bit lanes over 8-byte blocks, MurmurHash3 x86 constants), then written as
 * 13 characters of base32 (alphabet a-z2-7) taken 5 bits at a time from the most significant end.
 *
 * guid: an RFC 4122 name-based UUID, version 5 (SHA-1), in ARM's fixed namespace
 * 11fb06fb-712d-4ddd-98c7-e71bbd588830, over the UTF-8 bytes of the arguments joined with '-'.
 */
import { createHash } from 'node:crypto';

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const FMIX1 = 0x85ebca6b;
const FMIX2 = 0xc2b2ae35;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** The ARM namespace for guid(), as RFC 4122 network-order bytes. */
const ARM_GUID_NAMESPACE = uuidBytes('11fb06fb-712d-4ddd-98c7-e71bbd588830');

function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, FMIX1);
  h ^= h >>> 13;
  h = Math.imul(h, FMIX2);
  h ^= h >>> 16;
  return h >>> 0;
}

function le32(b: Uint8Array, at: number, count: number): number {
  let v = 0;
  for (let i = count - 1; i >= 0; i--) v = (v << 8) | b[at + i]!;
  return v >>> 0;
}

function mixLane1(k: number): number {
  return Math.imul(rotl(Math.imul(k, C1) >>> 0, 15), C2) >>> 0;
}

function mixLane2(k: number): number {
  return Math.imul(rotl(Math.imul(k, C2) >>> 0, 17), C1) >>> 0;
}

/** The 64-bit hash as [high, low] 32-bit halves. */
export function armHash64(data: Uint8Array): [number, number] {
  const length = data.length;
  let h1 = 0;
  let h2 = 0;
  let i = 0;
  for (; i + 8 <= length; i += 8) {
    h1 = (h1 ^ mixLane1(le32(data, i, 4))) >>> 0;
    h1 = (Math.imul((rotl(h1, 19) + h2) >>> 0, 5) + 0x561ccd1b) >>> 0;
    h2 = (h2 ^ mixLane2(le32(data, i + 4, 4))) >>> 0;
    h2 = (Math.imul((rotl(h2, 13) + h1) >>> 0, 5) + 0x0bcaa747) >>> 0;
  }
  const tail = length - i;
  if (tail > 0) {
    h1 = (h1 ^ mixLane1(le32(data, i, Math.min(tail, 4)))) >>> 0;
    if (tail > 4) h2 = (h2 ^ mixLane2(le32(data, i + 4, tail - 4))) >>> 0;
  }
  h1 = (h1 ^ length) >>> 0;
  h2 = (h2 ^ length) >>> 0;
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  return [h2, h1];
}

export function uniqueString(...parts: string[]): string {
  const [hi, lo] = armHash64(Buffer.from(parts.join('-'), 'utf8'));
  let h = (BigInt(hi) << 32n) | BigInt(lo);
  let out = '';
  // 13 characters cover 65 bits: the last one takes the remaining 4 bits followed by a zero bit.
  for (let n = 0; n < 13; n++) {
    out += BASE32[Number(h >> 59n)];
    h = (h << 5n) & 0xffffffffffffffffn;
  }
  return out;
}

function uuidBytes(text: string): Buffer {
  return Buffer.from(text.replace(/-/g, ''), 'hex');
}

/** RFC 4122 version 5 UUID of `name` in `namespace` (exported for tests against RFC vectors). */
export function uuidV5(namespace: string, name: string): string {
  return formatUuid(v5Bytes(uuidBytes(namespace), Buffer.from(name, 'utf8')));
}

function v5Bytes(namespace: Buffer, name: Buffer): Buffer {
  const hash = createHash('sha1').update(namespace).update(name).digest().subarray(0, 16);
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  return hash;
}

function formatUuid(b: Buffer): string {
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function guid(...parts: string[]): string {
  return formatUuid(v5Bytes(ARM_GUID_NAMESPACE, Buffer.from(parts.join('-'), 'utf8')));
}
