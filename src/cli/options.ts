/** Option values shared by commands, with the validation CONTRACT.md promises (usage errors exit 2). */
import { Option } from 'commander';
import { UsageError } from './io.js';
import { setKey } from '../model/value.js';

export const FORMATS = ['console', 'json', 'sarif', 'junit', 'csv', 'markdown', 'html'] as const;
export const PROFILES = ['strict', 'cis', 'internal'] as const;
export const FAIL_ON = ['fail', 'unknown', 'never'] as const;

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function formatOption(): Option {
  return new Option('-f, --format <format>', 'output format').choices(FORMATS as unknown as string[]);
}

export function parseVars(pairs: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var expects NAME=VALUE, got '${pair}'`);
    setKey(vars, pair.slice(0, eq), pair.slice(eq + 1)); // `__proto__` is a valid variable name
  }
  return vars;
}

/** NO_COLOR (https://no-color.org) and FORCE_COLOR are honoured, then the terminal decides. */
export function useColor(flag: boolean | undefined, isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}

export function today(env: NodeJS.ProcessEnv): string {
  const fixed = env.AZMTLS_TODAY;
  if (fixed && /^\d{4}-\d{2}-\d{2}$/.test(fixed)) return fixed;
  return new Date().toISOString().slice(0, 10);
}
