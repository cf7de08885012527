/**
 * A bounded DER reader for the parts of an X.509 certificate that node:crypto's X509Certificate does not expose:
 * key usage bits, the basic-constraints path length, extension criticality, and typed subject alternative names.
 * It reads only known positions of a certificate (no generic recursion), so hostile input cannot run it deep.
 */

export class DerError extends Error {}

interface Tlv {
  tag: number;
  contentStart: number;
  end: number;
}

function readTlv(buf: Buffer, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) throw new DerError('truncated element');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not used in certificates');
  let length = buf[offset + 1]!;
  let cursor = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new DerError('unsupported length encoding');
    if (cursor + count > limit) throw new DerError('truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[cursor + i]!;
    cursor += count;
  }
  const end = cursor + length;
  if (end > limit) throw new DerError('element runs past its container');
  return { tag, contentStart: cursor, end };
}

function children(buf: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let offset = parent.contentStart; offset < parent.end; ) {
    const child = readTlv(buf, offset, parent.end);
    out.push(child);
    offset = child.end;
    if (out.length > 1024) throw new DerError('too many elements');
  }
  return out;
}

const content = (buf: Buffer, tlv: Tlv): Buffer => buf.subarray(tlv.contentStart, tlv.end);

function expectTag(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv || tlv.tag !== tag) throw new DerError(`expected ${what}`);
  return tlv;
}

export function decodeOid(bytes: Buffer): string {
  if (bytes.length === 0 || bytes.length > 64) throw new DerError('bad object identifier');
  const arcs: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError('object identifier arc too large');
    if ((byte & 0x80) === 0) {
      if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}

function decodeTime(buf: Buffer, tlv: Tlv): Date {
  const text = content(buf, tlv).toString('ascii');
  const m = tlv.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m || (tlv.tag !== 0x17 && tlv.tag !== 0x18)) throw new DerError('bad time');
  let year = Number(m[1]);
  if (tlv.tag === 0x17) year += year < 50 ? 2000 : 1900; // RFC 5280 4.1.2.5.1
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

export interface CertificateExtensions {
  basicConstraints?: { ca: boolean; pathLength?: number };
  /** Key usage bit names (RFC 5280 4.2.1.3), when the extension is present. */
  keyUsage?: string[];
  /** Extended key usage OIDs, when the extension is present. */
  extendedKeyUsage?: string[];
  dnsNames: string[];
  emails: string[];
  uris: string[];
  ipAddresses: string[];
  /** OIDs of critical extensions this reader does not process. */
  unhandledCritical: string[];
}

export interface CertificateFields extends CertificateExtensions {
  version: number;
  notBefore: Date;
  notAfter: Date;
}

const KEY_USAGE_NAMES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

/** Extensions whose semantics are applied here or that constrain nothing a client certificate check relies on. */
const HANDLED = new Set(['2.5.29.14', '2.5.29.15', '2.5.29.17', '2.5.29.19', '2.5.29.32', '2.5.29.35', '2.5.29.37']);

export function readCertificateFields(der: Buffer): CertificateFields {
  const cert = readTlv(der, 0, der.length);
  if (cert.tag !== 0x30 || cert.end !== der.length) throw new DerError('not a single DER certificate');
  const tbs = expectTag(children(der, cert)[0], 0x30, 'tbsCertificate');
  const parts = children(der, tbs);
  let index = 0;
  let version = 1;
  if (parts[0]?.tag === 0xa0) {
    const v = expectTag(children(der, parts[0])[0], 0x02, 'version');
    version = content(der, v).readUInt8(content(der, v).length - 1) + 1;
    index = 1;
  }
  // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
  const validity = expectTag(parts[index + 3], 0x30, 'validity');
  const [notBeforeTlv, notAfterTlv] = children(der, validity);
  if (!notBeforeTlv || !notAfterTlv) throw new DerError('bad validity');
  const fields: CertificateFields = {
    version,
    notBefore: decodeTime(der, notBeforeTlv),
    notAfter: decodeTime(der, notAfterTlv),
    dnsNames: [],
    emails: [],
    uris: [],
    ipAddresses: [],
    unhandledCritical: [],
  };
  const extensionsWrapper = parts.slice(index + 6).find((p) => p.tag === 0xa3);
  if (!extensionsWrapper) return fields;
  const list = expectTag(children(der, extensionsWrapper)[0], 0x30, 'extensions');
  const seen = new Set<string>();
  for (const ext of children(der, list)) {
    const items = children(der, expectTag(ext, 0x30, 'extension'));
    const oid = decodeOid(content(der, expectTag(items[0], 0x06, 'extension id')));
    if (seen.has(oid)) throw new DerError(`extension ${oid} appears twice`); // RFC 5280 4.2
    seen.add(oid);
    const critical = items[1]?.tag === 0x01 && content(der, items[1])[0] !== 0;
    const value = expectTag(items[items.length - 1], 0x04, 'extension value');
    const inner = readTlv(der, value.contentStart, value.end);
    if (critical && !HANDLED.has(oid)) fields.unhandledCritical.push(oid);
    switch (oid) {
      case '2.5.29.19': {
        const bc = children(der, expectTag(inner, 0x30, 'basicConstraints'));
        let ca = false;
        let pathLength: number | undefined;
        for (const item of bc) {
          if (item.tag === 0x01) ca = content(der, item)[0] !== 0;
          else if (item.tag === 0x02) {
            const bytes = content(der, item);
            if (bytes.length > 2) throw new DerError('path length too large');
            pathLength = bytes.readUIntBE(0, bytes.length);
          }
        }
        fields.basicConstraints = pathLength === undefined ? { ca } : { ca, pathLength };
        break;
      }
      case '2.5.29.15': {
        const bits = content(der, expectTag(inner, 0x03, 'keyUsage'));
        const names: string[] = [];
        for (let bit = 0; bit < KEY_USAGE_NAMES.length; bit++) {
          const byte = bits[1 + Math.floor(bit / 8)];
          if (byte !== undefined && byte & (0x80 >> bit % 8)) names.push(KEY_USAGE_NAMES[bit]!);
        }
        fields.keyUsage = names;
        break;
      }
      case '2.5.29.37':
        fields.extendedKeyUsage = children(der, expectTag(inner, 0x30, 'extKeyUsage')).map((o) => decodeOid(content(der, expectTag(o, 0x06, 'key purpose'))));
        break;
      case '2.5.29.17':
        for (const name of children(der, expectTag(inner, 0x30, 'subjectAltName'))) {
          const bytes = content(der, name);
          if (name.tag === 0x81) fields.emails.push(bytes.toString('ascii'));
          else if (name.tag === 0x82) fields.dnsNames.push(bytes.toString('ascii'));
          else if (name.tag === 0x86) fields.uris.push(bytes.toString('ascii'));
          else if (name.tag === 0x87) fields.ipAddresses.push(formatIp(bytes));
        }
        break;
      default:
        break;
    }
  }
  return fields;
}

function formatIp(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
    return groups.join(':');
  }
  return bytes.toString('hex');
}
