/**
 * Exit codes of `azmtls probe`, in CONTRACT.md's terms:
 * - 2 when any endpoint is inconclusive: like an input that could not be read, it is never silently passed, and it is
 *   kept apart from findings so a pipeline can tell "unreachable" from "not enforced" (whatever `--fail-on` says);
 * - 1 when any endpoint is not-enforced or accepts-untrusted (`--fail-on fail` or `unknown`; `never` disables it);
 * - 0 otherwise.
 */
import type { ProbeReport } from './observation.js';

export type ProbeFailOn = 'fail' | 'unknown' | 'never';

export function probeExitCode(report: ProbeReport, failOn: ProbeFailOn): number {
  if (report.summary.inconclusive > 0) return 2;
  const findings = report.summary.notEnforced + report.summary.acceptsUntrusted;
  if (findings > 0 && failOn !== 'never') return 1;
  return 0;
}
