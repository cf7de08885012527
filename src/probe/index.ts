/** Runtime verification that deployed endpoints really require client certificates. */
export { runProbe, type ProbeOptions, type ProbeTarget } from './probe.js';
export { runAttempt, alertOf, type AttemptRequest, type ClientTlsCredentials, type ServerVerification } from './attempt.js';
export { decideVerdict, type VerdictWithReasons } from './verdict.js';
export { classifyStatus, type StatusClassification } from './refusal.js';
export { parseTargetUrl, targetsFromScanReport, appServiceDefaultHostname, normalizePaths, unique, TargetError, type TargetSpec } from './targets.js';
export { formatProbeConsole, formatProbeJson } from './format.js';
export { probeExitCode, type ProbeFailOn } from './exit.js';
export {
  issueCertificate,
  selfSignedClientCertificate,
  expiredClientCertificate,
  importIssuer,
  toPem,
  type IssuedCertificate,
  type CertificateRequest,
} from './certs.js';
export * from './observation.js';
