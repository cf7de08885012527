/**
 * Rules are typed data plus one `check` function over the normalized model. A rule never sees JSON,
 * Bicep syntax or HCL: only `Resource`, `attr()` and the values' provenance.
 */
import type { SourceRef } from '../core/source.js';
import type { Resource } from '../model/resource.js';
import type { Related, Scalar } from '../model/value.js';

export type Status = 'pass' | 'fail' | 'unknown' | 'not-applicable';
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type ProfileName = 'strict' | 'cis' | 'internal';

export interface FrameworkRef {
  framework: string; // "CIS Microsoft Azure Foundations", "MCSB", "NIST SP 800-53 r5", "PCI DSS"
  id: string; // "9.4", "IM-4", "IA-3", "4.2.1.2"
  version?: string; // "v1.1.0-v2.0.0", "4.0.1"
  note?: string;
}

export interface Alias {
  tool: string; // "checkov", "trivy", "kics", "prowler", "azure-policy", "sonar", "cloudguard"
  id: string;
}

export interface RuleMeta {
  id: string; // AZM-MTLS-001
  slug: string; // app-service-client-cert-required
  title: string;
  /** One paragraph: what it checks and why; the help text of SARIF rules. */
  description: string;
  severity: Severity;
  cwe: string[]; // ["CWE-287", "CWE-295"]
  frameworks: FrameworkRef[];
  aliases: Alias[];
  /** Canonical ARM types the rule judges (compared case-insensitively). */
  appliesTo: string[];
  remediation: Remediation;
  /** Relative path of the rule's documentation (docs beside the rule). */
  docs: string;
}

export interface Remediation {
  summary: string;
  portal: string;
  /** The exact az CLI command for one resource; placeholders `<resource-group>` where the scan cannot know them. */
  azCli?: (resource: Resource) => string | undefined;
  arm: string;
  bicep: string;
  terraform: string;
}

/** One reason a result holds, at its own location. */
export interface Reason {
  message: string;
  ref?: SourceRef;
  via?: Related[];
}

/** A fix as intent on the ARM-shaped model; the frontend that owns the syntax turns it into text edits. */
export type FixIntent =
  | { kind: 'set'; path: string; value: Scalar; safe: boolean; description: string }
  | { kind: 'remove'; path: string; safe: boolean; description: string };

export interface Verdict {
  status: Status;
  message: string;
  /** The narrow primary location; defaults to the first reason's, then the resource's. */
  primary?: SourceRef;
  reasons?: Reason[];
  severity?: Severity;
  fixes?: FixIntent[];
}

export interface RuleContext {
  profile: ProfileName;
  /** Tag that puts a resource in scope under `internal` (default `requires-mtls`). */
  internalTag: string;
}

export interface Rule {
  meta: RuleMeta;
  /** undefined: the rule has nothing to say about this resource (no result). */
  check(resource: Resource, ctx: RuleContext): Verdict | undefined;
}

export function defineRule(meta: RuleMeta, check: Rule['check']): Rule {
  return { meta, check };
}
