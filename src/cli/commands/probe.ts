/** `azmtls probe URL...`: is a client certificate really required by the deployed endpoints? */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { Option, type Command } from 'commander';
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
import { UsageError, type CliIO } from '../io.js';
import { collect, FAIL_ON, useColor } from '../options.js';
import { VERSION } from '../version.js';
import type { SetExit } from './index.js';

interface ProbeFlags {
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

const HELP_AFTER = `
Each endpoint and path is requested with: no client certificate; a freshly generated self-signed certificate; an
expired one; the certificate you supply (--cert/--key or --pfx), if any; and a forged X-ARR-ClientCert header without a
certificate. A TLS alert, a connection closed by the server, HTTP 403 (App Service), 495/496, or nginx's 400 naming the
certificate count as refused. Redirects are not followed: a 3xx means the caller got through.

Verdicts: enforced | not-enforced | accepts-untrusted | inconclusive.

Exit codes: 0 every endpoint enforced; 1 an endpoint is not-enforced or accepts-untrusted (unless --fail-on never);
2 usage error, or an endpoint is inconclusive (network error, timeout, untrusted server certificate, or even the supplied
certificate refused) -- an endpoint that could not be observed is never reported as passing.

The PFX passphrase may also come from the AZMTLS_PFX_PASSPHRASE environment variable.`;

export function registerProbe(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command('probe')
    .description('test deployed endpoints: is a client certificate really required?')
    .argument('[urls...]', 'https:// URLs to probe (the URL path is the default path)', [])
    .option('--from-scan <file>', 'probe the hostnames in a JSON report of `azmtls azure`')
    .option('--path <path>', 'path to request on every endpoint (repeatable; default: the URL path, else /)', collect, [])
    .option('--cert <file>', 'PEM client certificate expected to be accepted')
    .option('--key <file>', 'PEM private key of --cert')
    .option('--ca <file>', 'PEM intermediate certificates sent along with --cert (repeatable)', collect, [])
    .option('--pfx <file>', 'PKCS#12 client certificate and key expected to be accepted')
    .option('--passphrase <secret>', 'passphrase of --pfx (or AZMTLS_PFX_PASSPHRASE)')
    .option('--server-ca <file>', 'PEM trust anchors for the SERVER certificate instead of the system store (repeatable)', collect, [])
    .option('-k, --insecure', "do not verify the SERVER's certificate (test servers with self-signed certificates)")
    .option('--expired-issuer-cert <file>', 'issue the expired test certificate from this CA (one the server trusts)')
    .option('--expired-issuer-key <file>', 'private key of --expired-issuer-cert')
    .option('--header-name <name>', 'forwarded client-certificate header to forge', 'X-ARR-ClientCert')
    .option('--concurrency <n>', 'requests in flight at once', '4')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', '10000')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['console', 'json']).default('console'))
    .option('-o, --output <file>', 'write the report to a file')
    .addOption(new Option('--fail-on <level>', 'exit 1 on not-enforced/accepts-untrusted unless "never" (default fail)').choices(FAIL_ON as unknown as string[]))
    .option('--no-color', 'no colours in console output')
    .addHelpText('after', HELP_AFTER)
    .action(async (urls: string[], flags: ProbeFlags) => {
      setExit(await runProbeCommand(urls, flags, io));
    });
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
      const report = readInput(io, flags.fromScan, 'scan report').toString('utf8');
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

async function runProbeCommand(urls: string[], flags: ProbeFlags, io: CliIO): Promise<number> {
  const concurrency = positiveInteger('--concurrency', flags.concurrency);
  const timeoutMs = positiveInteger('--timeout', flags.timeout);
  if (flags.insecure && flags.serverCa.length > 0) throw new UsageError('use either --insecure or --server-ca, not both');
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
  if (flags.output) writeFileSync(resolve(io.cwd, flags.output), text);
  else io.stdout(text);
  return probeExitCode(report, flags.failOn ?? 'fail');
}
