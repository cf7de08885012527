/** `azmtls probe URL...`: is a client certificate really required by the deployed endpoints? */
import { Option, type Command } from 'commander';
import type { CliIO } from '../io.js';
import { collect, FAIL_ON } from '../options.js';
import type { SetExit } from './index.js';
import type { ProbeFlags } from './probe-run.js';

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
    .option('--from-scan <file>', 'probe the hostnames in a live-scan JSON report (azmtls report, schemaVersion 1, results from source azure)')
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
      const { runProbeCommand } = await import('./probe-run.js');
      setExit(await runProbeCommand(urls, flags, io));
    });
}

