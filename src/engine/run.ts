/**
 * Runs rules over resources: applicability by type, profile scope, crash isolation. A rule that throws
 * does not stop the scan: it becomes an internal diagnostic (AZM9002) and the other rules still run.
 */
import { diagnostic, type Diagnostic } from '../core/diagnostics.js';
import type { SourceRef } from '../core/source.js';
import type { Resource } from '../model/resource.js';
import type { Related } from '../model/value.js';
import { scopeOf } from './profiles.js';
import type { FixIntent, Reason, Rule, RuleContext, Severity, Status } from './rule.js';

/** A judged (rule, resource) pair, positions still as offsets. */
export interface Finding {
  rule: Rule;
  resource: Resource;
  status: Status;
  severity: Severity;
  message: string;
  primary?: SourceRef;
  reasons: Reason[];
  related: Related[];
  fixes: FixIntent[];
}

export interface RunOutput {
  findings: Finding[];
  diagnostics: Diagnostic[];
}

function typeIndex(rules: readonly Rule[]): Map<string, Rule[]> {
  const byType = new Map<string, Rule[]>();
  for (const rule of rules) {
    for (const t of rule.meta.appliesTo) {
      const key = t.toLowerCase();
      const list = byType.get(key);
      if (list) list.push(rule);
      else byType.set(key, [rule]);
    }
  }
  return byType;
}

const indexCache = new WeakMap<readonly Rule[], Map<string, Rule[]>>();

export function runRules(resources: readonly Resource[], rules: readonly Rule[], ctx: RuleContext): RunOutput {
  let byType = indexCache.get(rules);
  if (!byType) {
    byType = typeIndex(rules);
    indexCache.set(rules, byType);
  }
  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const resource of resources) {
    if (resource.existing) continue;
    const applicable = byType.get(resource.type.toLowerCase());
    if (!applicable) continue;
    for (const rule of applicable) {
      try {
        const f = judge(resource, rule, ctx);
        if (f) findings.push(f);
      } catch (err) {
        const detail = err instanceof Error ? err.message : String(err);
        diagnostics.push(
          diagnostic('InternalRule', resource.file, `rule ${rule.meta.id} failed on ${resource.address}: ${detail}`, resource.ref),
        );
      }
    }
  }
  return { findings, diagnostics };
}

function judge(resource: Resource, rule: Rule, ctx: RuleContext): Finding | undefined {
  // The rule speaks first: a rule with nothing to say about a resource (no exclusion paths, say) gives no
  // result under any profile, rather than a not-applicable line for every resource out of scope.
  const verdict = rule.check(resource, ctx);
  if (!verdict) return undefined;
  const scope = scopeOf(resource, rule, ctx);
  if (scope.inScope === false) {
    return finding(resource, rule, {
      status: 'not-applicable',
      message: `Out of scope under the '${ctx.profile}' profile: ${scope.reason}.`,
    });
  }
  const f = finding(resource, rule, verdict);
  if (scope.inScope === 'unknown' && f.status === 'fail') {
    // A failing resource whose scope gate is unresolved fails only if it is in scope: say so, honestly unknown.
    f.status = 'unknown';
    f.message = `${f.message} This fails only if the resource is in scope: ${scope.reason}.`;
  }
  if (resource.condition && (f.status === 'fail' || f.status === 'unknown')) {
    f.message = `${f.message} (Deployed only when ${resource.condition.expression}.)`;
    if (resource.condition.ref) f.related.push({ ref: resource.condition.ref, message: `deployed only when ${resource.condition.expression}` });
  }
  return f;
}

function finding(
  resource: Resource,
  rule: Rule,
  v: { status: Status; message: string; primary?: SourceRef; reasons?: Reason[]; severity?: Severity; fixes?: FixIntent[] },
): Finding {
  const reasons = v.reasons ?? [];
  const primary = v.primary ?? reasons.find((r) => r.ref)?.ref ?? resource.ref;
  const related: Related[] = [];
  for (const r of reasons) {
    if (r.ref && r.ref !== primary) related.push({ ref: r.ref, message: r.message });
    for (const via of r.via ?? []) related.push(via);
  }
  for (const rel of resource.related ?? []) related.push(rel);
  const f: Finding = {
    rule,
    resource,
    status: v.status,
    severity: v.severity ?? rule.meta.severity,
    message: v.message,
    reasons,
    related,
    fixes: v.fixes ?? [],
  };
  if (primary) f.primary = primary;
  return f;
}
