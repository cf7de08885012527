/**
 * Which azurerm provider version applies: the exact version pinned in `.terraform.lock.hcl`, else what
 * the `required_providers` constraints allow. Some defaults changed in 5.0 (azurerm_logic_app_standard's
 * client_certificate_mode defaults to Required from 5.0 on), so "5 or later" is the question that matters.
 */
export interface AzurermVersion {
  /** `4.12.0` from the lock file, or the constraint text. */
  text?: string;
  source: 'lock' | 'constraint' | 'unknown';
  /** true: 5.0 or later; false: before 5.0; undefined: the constraint allows both. */
  atLeast5?: boolean;
}

export function lockedAzurermVersion(lockText: string): string | undefined {
  const m = /provider\s+"(?:registry\.terraform\.io\/)?hashicorp\/azurerm"\s*\{[^}]*?\bversion\s*=\s*"([^"]+)"/.exec(lockText);
  return m?.[1];
}

export function azurermVersion(locked: string | undefined, constraints: string[]): AzurermVersion {
  if (locked) {
    const major = Number(locked.split('.')[0]);
    return { text: locked, source: 'lock', ...(Number.isFinite(major) ? { atLeast5: major >= 5 } : {}) };
  }
  if (constraints.length === 0) return { source: 'unknown' };
  let min = 0;
  let max = Infinity;
  for (const c of constraints.flatMap((x) => x.split(','))) {
    const m = /^\s*(~>|>=|<=|!=|=|>|<)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(c);
    if (!m) continue;
    const op = m[1] ?? '=';
    const major = Number(m[2]);
    const minor = m[3] !== undefined ? Number(m[3]) : undefined;
    const patch = m[4] !== undefined ? Number(m[4]) : undefined;
    switch (op) {
      case '=':
        min = Math.max(min, major);
        max = Math.min(max, major);
        break;
      case '~>':
        min = Math.max(min, major);
        // only the rightmost component may grow: "~> 3.1" stays on 3.x, a bare "~> 3" does not bound the major
        if (minor !== undefined) max = Math.min(max, major);
        break;
      case '>=':
      case '>':
        min = Math.max(min, major);
        break;
      case '<':
        max = Math.min(max, (minor ?? 0) === 0 && (patch ?? 0) === 0 ? major - 1 : major);
        break;
      case '<=':
        max = Math.min(max, major);
        break;
    }
  }
  const text = constraints.join(', ');
  if (min >= 5) return { text, source: 'constraint', atLeast5: true };
  if (max < 5) return { text, source: 'constraint', atLeast5: false };
  return { text, source: 'constraint' };
}
