/** Console and JSON renderings of a probe report. */
import { ATTEMPT_LABELS, type ProbeReport, type Verdict } from './observation.js';

const VERDICT_WORDS: Record<Verdict, string> = {
  enforced: 'ENFORCED',
  'not-enforced': 'NOT ENFORCED',
  'accepts-untrusted': 'ACCEPTS UNTRUSTED',
  inconclusive: 'INCONCLUSIVE',
};

const COLOURS: Record<Verdict, string> = {
  enforced: '\u001b[32m',
  'not-enforced': '\u001b[31m',
  'accepts-untrusted': '\u001b[31m',
  inconclusive: '\u001b[33m',
};

export function formatProbeJson(report: ProbeReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function formatProbeConsole(report: ProbeReport, options: { color: boolean }): string {
  const lines: string[] = [];
  for (const endpoint of report.endpoints) {
    const word = VERDICT_WORDS[endpoint.verdict];
    const verdict = options.color ? `${COLOURS[endpoint.verdict]}${word}\u001b[0m` : word;
    const resource = endpoint.resource ? ` (${endpoint.resource.type} ${endpoint.resource.name})` : '';
    lines.push(`${endpoint.endpoint}${resource}: ${verdict}`);
    for (const reason of endpoint.reasons) lines.push(`  - ${reason}`);
    for (const o of endpoint.observations) {
      const status = o.outcome === 'accepted' ? 'through' : o.outcome;
      const timing = o.handshakeMs !== undefined ? `${o.durationMs} ms, handshake ${o.handshakeMs} ms` : `${o.durationMs} ms`;
      const protocol = o.tls.protocol ? ` ${o.tls.protocol}` : '';
      lines.push(`    ${o.path.padEnd(12)} ${ATTEMPT_LABELS[o.attempt].padEnd(48)} ${status.padEnd(8)} ${o.detail}${protocol} (${timing})`);
    }
    lines.push('');
  }
  const s = report.summary;
  lines.push(
    `${s.endpoints} endpoint(s): ${s.enforced} enforced, ${s.notEnforced} not enforced, ${s.acceptsUntrusted} accepting untrusted certificates, ${s.inconclusive} inconclusive`,
  );
  return `${lines.join('\n')}\n`;
}
