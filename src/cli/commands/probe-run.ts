/** The work of `azmtls probe`, loaded only when the command runs. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import {
  formatProbeConsole,
  formatProbeJson,
  importIssuer,
  parseTargetUrl,
  probeExitCode,
  runProbe,
  TargetError,
  targetsFromScanReport,
  unique,
  type ClientTlsCredentials,
  type IssuedCertificate,
  type ProbeFailOn,
  type ProbeTarget,
} from '../../probe/index.js';
import { ExitCode, UsageError, type CliIO } from '../io.js';
import { useColor } from '../options.js';
import { VERSION } from '../version.js';
import { checkOutputPath, writeOutput } from '../write-report.js';
import { decodeText } from '../scan/read.js';
import { stripBom } from '../../core/source.js';

export interface ProbeFlags {
  fromScan?: string;
  path: string[];
  cert?: string;
  key?: string;
  ca: string[];
  pfx?: string;
  passphrase?: string;
  serverCa: string[];
  insecure?: boolean;
  expiredIssuerCert?: string;
  expiredIssuerKey?: string;
  headerName: string;
  concurrency: string;
  timeout: string;
  format: 'console' | 'json';
  output?: string;
  failOn?: ProbeFailOn;
  color?: boolean;
}

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`${name} expects a positive integer, got '${text}'`);
  return value;
}

function readInput(io: CliIO, file: string, what: string): Buffer {
  try {
    return readFileSync(resolve(io.cwd, file));
  } catch (err) {
    throw new UsageError(`cannot read ${what} '${file}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function suppliedCredentials(flags: ProbeFlags, io: CliIO): ClientTlsCredentials | undefined {
  if (flags.pfx && (flags.cert || flags.key)) throw new UsageError('use either --pfx or --cert/--key, not both');
  if ((flags.cert === undefined) !== (flags.key === undefined)) throw new UsageError('--cert and --key go together');
  if (flags.ca.length > 0 && !flags.cert) throw new UsageError('--ca adds intermediates to --cert; give --cert and --key');
  let credentials: ClientTlsCredentials | undefined;
  if (flags.cert && flags.key) {
    const chain = flags.ca.map((file) => readInput(io, file, 'intermediate certificate').toString('utf8'));
    const cert = [readInput(io, flags.cert, 'client certificate').toString('utf8'), ...chain].join('\n');
    credentials = { cert, key: readInput(io, flags.key, 'client key') };
  } else if (flags.pfx) {
    credentials = { pfx: readInput(io, flags.pfx, 'PFX file') };
    const passphrase = flags.passphrase ?? io.env.AZMTLS_PFX_PASSPHRASE;
    if (passphrase !== undefined) credentials.passphrase = passphrase;
  }
  if (credentials) {
    try {
      createSecureContext(credentials);
    } catch (err) {
      // OpenSSL's message names the problem (bad passphrase, key mismatch) without echoing secrets.
      throw new UsageError(`the supplied client certificate cannot be used: ${(err as Error).message}`);
    }
  }
  return credentials;
}

function expiredIssuer(flags: ProbeFlags, io: CliIO): IssuedCertificate | undefined {
  if (!flags.expiredIssuerCert && !flags.expiredIssuerKey) return undefined;
  if (!flags.expiredIssuerCert || !flags.expiredIssuerKey) throw new UsageError('--expired-issuer-cert and --expired-issuer-key go together');
  try {
    return importIssuer(
      readInput(io, flags.expiredIssuerCert, 'issuer certificate').toString('utf8'),
      readInput(io, flags.expiredIssuerKey, 'issuer key').toString('utf8'),
    );
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`the expired-certificate issuer cannot be used: ${(err as Error).message}`);
  }
}

function collectTargets(urls: string[], flags: ProbeFlags, io: CliIO): ProbeTarget[] {
  const explicitPaths = unique(flags.path.map((p) => (p.startsWith('/') ? p : `/${p}`)));
  const targets: ProbeTarget[] = [];
  try {
    for (const text of urls) {
      const { endpoint, path } = parseTargetUrl(text);
      const paths = explicitPaths.length > 0 ? explicitPaths : [path];
      const existing = targets.find((t) => t.endpoint.origin === endpoint.origin);
      if (existing) existing.paths = unique([...existing.paths, ...paths]);
      else targets.push({ endpoint, paths });
    }
    if (flags.fromScan) {
      // A report saved with Windows PowerShell's `>` is UTF-16 with a byte order mark.
      const bytes = readInput(io, flags.fromScan, 'scan report');
      const report = stripBom(decodeText(bytes, 0, bytes.length));
      for (const target of targetsFromScanReport(report, explicitPaths.length > 0 ? explicitPaths : ['/'])) {
        const existing = targets.find((t) => t.endpoint.origin === target.endpoint.origin);
        if (existing) existing.paths = unique([...existing.paths, ...target.paths]);
        else targets.push(target);
      }
    }
  } catch (err) {
    if (err instanceof TargetError) throw new UsageError(err.message);
    throw err;
  }
  if (targets.length === 0) {
    throw new UsageError(flags.fromScan ? `no Azure endpoint with a hostname in '${flags.fromScan}'` : 'give at least one https:// URL or --from-scan FILE');
  }
  return targets;
}

export async function runProbeCommand(urls: string[], flags: ProbeFlags, io: CliIO): Promise<number> {
  const concurrency = positiveInteger('--concurrency', flags.concurrency);
  const timeoutMs = positiveInteger('--timeout', flags.timeout);
  if (flags.insecure && flags.serverCa.length > 0) throw new UsageError('use either --insecure or --server-ca, not both');
  if (flags.output) checkOutputPath(io, flags.output);
  const targets = collectTargets(urls, flags, io);
  const supplied = suppliedCredentials(flags, io);
  const issuer = expiredIssuer(flags, io);
  const serverCa = flags.serverCa.map((file) => readInput(io, file, 'server CA').toString('utf8'));

  const report = await runProbe(targets, {
    version: VERSION,
    concurrency,
    timeoutMs,
    server: { insecure: flags.insecure === true, ...(serverCa.length > 0 ? { ca: serverCa } : {}) },
    headerName: flags.headerName,
    ...(supplied ? { supplied } : {}),
    ...(issuer ? { expiredIssuer: issuer } : {}),
  });

  const text =
    flags.format === 'json'
      ? formatProbeJson(report)
      : formatProbeConsole(report, { color: !flags.output && useColor(flags.color, io.isTTY, io.env) });
  if (flags.output) {
    if (!writeOutput(io, flags.output, [text])) return ExitCode.Error;
  } else io.stdout(text);
  return probeExitCode(report, flags.failOn ?? 'fail');
}
