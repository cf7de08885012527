/** From an endpoint's observations to one verdict with its reasons. */
import { ATTEMPT_LABELS, type Observation, type Verdict } from './observation.js';

export interface VerdictWithReasons {
  verdict: Verdict;
  reasons: string[];
}

const UNTRUSTED = new Set(['self-signed', 'expired']);

function describe(o: Observation): string {
  return `${ATTEMPT_LABELS[o.attempt]} on ${o.path}: ${o.detail}`;
}

/**
 * Order matters: a caller without a certificate getting through anywhere outweighs everything else (it is the
 * finding even if other requests timed out); then untrusted certificates accepted; then anything unobservable.
 */
export function decideVerdict(observations: Observation[]): VerdictWithReasons {
  const through = observations.filter((o) => o.outcome === 'accepted' && (o.attempt === 'no-certificate' || o.attempt === 'forged-header'));
  if (through.length > 0) return { verdict: 'not-enforced', reasons: through.map((o) => `got through with ${describe(o)}`) };

  const untrusted = observations.filter((o) => o.outcome === 'accepted' && UNTRUSTED.has(o.attempt));
  if (untrusted.length > 0) {
    return { verdict: 'accepts-untrusted', reasons: untrusted.map((o) => `accepted the ${describe(o)}`) };
  }

  const errors = observations.filter((o) => o.outcome === 'error');
  if (errors.length > 0) return { verdict: 'inconclusive', reasons: errors.map((o) => `could not observe the ${describe(o)}`) };

  const supplied = observations.filter((o) => o.attempt === 'supplied');
  const suppliedRefused = supplied.filter((o) => o.outcome === 'refused');
  if (suppliedRefused.length > 0) {
    return {
      verdict: 'inconclusive',
      reasons: suppliedRefused.map((o) => `refused the ${describe(o)}; with every caller refused, acceptance of a valid certificate cannot be shown`),
    };
  }

  const reasons = ['callers without a certificate and with untrusted certificates were refused'];
  if (supplied.length > 0) reasons.push('the supplied certificate was accepted');
  else reasons.push('no valid certificate was supplied (--cert/--key or --pfx), so acceptance of a valid caller was not checked');
  return { verdict: 'enforced', reasons };
}
