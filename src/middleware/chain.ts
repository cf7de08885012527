/**
 * Path building from a leaf to a configured trust anchor through intermediates (RFC 5280 6.1, the parts a client
 * certificate check needs). No network: App Service forwards only the leaf, so intermediates come from configuration
 * (and from the TLS handshake when the app terminates TLS itself). Signatures are checked with node:crypto.
 */
import type { ParsedCertificate } from './certificate.js';
import { oneLineName } from './certificate.js';

export interface ChainOptions {
  anchors: readonly ParsedCertificate[];
  intermediates: readonly ParsedCertificate[];
  now: Date;
  /** Tolerated clock difference, in milliseconds, on every validity period. */
  clockSkewMs: number;
  /** Maximum certificates in a path, leaf and anchor included. */
  maxDepth: number;
}

export type ChainResult = { ok: true; chain: ParsedCertificate[] } | { ok: false; reason: string };

/** Signature checks allowed per validation: bounds the work a crafted pool of look-alike issuers could cause. */
const SIGNATURE_BUDGET = 64;

function validityProblem(cert: ParsedCertificate, options: ChainOptions, role: string): string | undefined {
  const now = options.now.getTime();
  if (cert.fields.notBefore.getTime() - options.clockSkewMs > now) {
    return `${role} '${oneLineName(cert.x509.subject)}' is not valid before ${cert.fields.notBefore.toISOString()}`;
  }
  if (cert.fields.notAfter.getTime() + options.clockSkewMs < now) {
    return `${role} '${oneLineName(cert.x509.subject)}' expired on ${cert.fields.notAfter.toISOString()}`;
  }
  return undefined;
}

/** Why `issuer` may not sign a certificate that has `below` intermediate CAs under it, if it may not. */
function issuerProblem(issuer: ParsedCertificate, below: number): string | undefined {
  const name = oneLineName(issuer.x509.subject);
  const bc = issuer.fields.basicConstraints;
  if (!bc?.ca) return `issuer '${name}' is not a CA (basicConstraints CA:TRUE is missing)`;
  if (issuer.fields.keyUsage && !issuer.fields.keyUsage.includes('keyCertSign')) return `issuer '${name}' may not sign certificates (keyUsage lacks keyCertSign)`;
  if (bc.pathLength !== undefined && below > bc.pathLength) {
    return `issuer '${name}' allows ${bc.pathLength} intermediate CA(s) below it, the path has ${below}`;
  }
  if (issuer.fields.unhandledCritical.length > 0) return `issuer '${name}' has unsupported critical extension(s) ${issuer.fields.unhandledCritical.join(', ')}`;
  return undefined;
}

export function buildChain(leaf: ParsedCertificate, options: ChainOptions): ChainResult {
  const leafProblem = validityProblem(leaf, options, 'the certificate');
  if (leafProblem) return { ok: false, reason: leafProblem };
  if (options.anchors.some((a) => a.sha256.equals(leaf.sha256))) return { ok: true, chain: [leaf] };

  let budget = SIGNATURE_BUDGET;
  let firstProblem: string | undefined;
  const note = (problem: string): void => {
    firstProblem ??= problem;
  };
  // Names link the path; the signature proves it. (X509Certificate.checkIssued would also drop issuers whose key usage
  // forbids signing, hiding the reason the path fails, so the CA checks are made and reported separately.)
  const signs = (issuer: ParsedCertificate, subject: ParsedCertificate): boolean => {
    if (subject.x509.issuer !== issuer.x509.subject) return false;
    if (budget-- <= 0) return false;
    if (subject.x509.verify(issuer.x509.publicKey)) return true;
    note(`the signature of '${oneLineName(subject.x509.subject)}' does not verify with the key of '${oneLineName(issuer.x509.subject)}'`);
    return false;
  };

  // Depth-first over explicit stack frames: path[i + 1] issued path[i]; each frame remembers which candidate is next.
  interface Frame {
    path: ParsedCertificate[];
  }
  const stack: Frame[] = [{ path: [leaf] }];
  while (stack.length > 0) {
    const { path } = stack.pop()!;
    const top = path[path.length - 1]!;
    const below = path.length - 1; // intermediate CAs under the next issuer (the leaf is not counted)

    for (const anchor of options.anchors) {
      if (!signs(anchor, top)) continue;
      const problem = issuerProblem(anchor, below) ?? validityProblem(anchor, options, 'trust anchor');
      if (problem) {
        note(problem);
        continue;
      }
      return { ok: true, chain: [...path, anchor] };
    }
    if (path.length + 1 >= options.maxDepth) {
      note(`no trust anchor within ${options.maxDepth} certificates`);
      continue;
    }
    for (const candidate of options.intermediates) {
      if (path.some((p) => p.sha256.equals(candidate.sha256))) continue;
      if (!signs(candidate, top)) continue;
      const problem = issuerProblem(candidate, below) ?? validityProblem(candidate, options, 'intermediate');
      if (problem) {
        note(problem);
        continue;
      }
      stack.push({ path: [...path, candidate] });
    }
  }
  if (firstProblem) return { ok: false, reason: firstProblem };
  return { ok: false, reason: `the issuer '${oneLineName(leaf.x509.issuer)}' is not a configured trust anchor or intermediate` };
}
