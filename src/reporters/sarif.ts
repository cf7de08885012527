/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
 * Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 * GitHub's subset: https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 *
 * Choices that matter to users:
 * - Only fail and unknown results are emitted by default: GitHub turns every result into an alert, so passes
 *   would bury the problems (`includePassing` adds them as kind `pass` / `notApplicable`).
 * - An unknown result is kind `review` (the tool could not decide, a person must). SARIF §3.27.10 requires
 *   `level: "none"` for any kind other than `fail`, so its level is `none`, not `warning`; the alert's security
 *   severity still comes from the rule, and `properties.status` says `unknown` for consumers that ignore `kind`.
 * - `partialFingerprints` hash rule id + resource address + file, never line numbers, so moving or
 *   reformatting code keeps the same alert open instead of closing it and opening a new one.
 * - Live results have no file: their location is logical (the ARM id, kind `resource`).
 */
import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import type { Location } from '../core/source.js';
import type { Report, ReportError, Result, Suppression } from '../engine/result.js';
import type { RuleMeta, Severity } from '../engine/rule.js';
import { displayPath, joinUri, relativeUri, uriPath, pascalCase, ruleLookup, secondaryLocations } from './common.js';
import type { ReportContext } from './context.js';
import { joinChunks, jsonChunks } from './chunks.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'azmtlsResource/v1';
const SRCROOT = 'SRCROOT';

/** GitHub maps security-severity to critical (>= 9.0), high (7.0-8.9), medium (4.0-6.9), low (0.1-3.9). */
const SECURITY_SEVERITY: Record<Severity, string> = { low: '3.0', medium: '5.5', high: '7.5', critical: '9.5' };

type Level = 'error' | 'warning' | 'note' | 'none';
type Kind = 'fail' | 'review' | 'pass' | 'notApplicable';

interface Message {
  text: string;
}
interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}
interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface PhysicalLocation {
  artifactLocation: ArtifactLocation;
  region?: Region;
}
interface SarifLocation {
  id?: number;
  physicalLocation?: PhysicalLocation;
  logicalLocations?: { fullyQualifiedName: string; name?: string; kind: string }[];
  message?: Message;
}
interface SarifSuppression {
  kind: 'inSource' | 'external';
  status: 'accepted';
  justification: string;
  properties?: Record<string, string>;
}
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind: Kind;
  level: Level;
  message: Message;
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: SarifSuppression[];
  properties: Record<string, string | boolean>;
}
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: Message;
  fullDescription: Message;
  helpUri?: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: Level };
  properties: { tags: string[]; 'security-severity': string; precision: string; problemSeverity?: string };
}
interface Notification {
  level: 'error' | 'warning';
  message: Message;
  descriptor: { id: string };
  locations?: SarifLocation[];
}
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; fullName: string; version: string; semanticVersion: string; informationUri?: string; rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri?: string; description: Message }>;
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: Notification[] }[];
    results: SarifResult[];
    columnKind: 'utf16CodeUnits';
    properties: { profile: string; summary: Report['summary'] };
  }[];
}

/** A relative report path resolves against SRCROOT; an absolute one (outside cwd) becomes a file URI. */
function artifact(file: string, ctx: ReportContext): ArtifactLocation {
  const p = displayPath(file, ctx);
  // Built by hand rather than with pathToFileURL, which would resolve a Windows path against this machine's cwd.
  if (/^[A-Za-z]:\//.test(p)) return { uri: `file:///${uriPath(p)}` };
  if (isAbsolute(p)) return { uri: `file://${uriPath(p)}` };
  return { uri: relativeUri(p), uriBaseId: SRCROOT };
}

function physical(l: Location, ctx: ReportContext): PhysicalLocation {
  return {
    artifactLocation: artifact(l.file, ctx),
    region: { startLine: l.startLine, startColumn: l.startColumn, endLine: l.endLine, endColumn: l.endColumn },
  };
}

function semver(v: string): string {
  return /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/.test(v) ? v : '0.0.0';
}

function helpText(meta: RuleMeta): string {
  const r = meta.remediation;
  const lines = [meta.description, '', `Remediation: ${r.summary}`];
  if (r.portal) lines.push('', `Portal: ${r.portal}`);
  const refs = meta.frameworks.map((f) => `${f.framework} ${f.id}${f.version ? ` (${f.version})` : ''}`);
  if (refs.length > 0) lines.push('', `References: ${refs.join('; ')}`);
  return lines.join('\n');
}

function fence(lang: string, code: string): string {
  const longest = Math.max(2, ...(code.match(/`+/g) ?? []).map((m) => m.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${code.replace(/\n+$/, '')}\n${ticks}`;
}

function helpMarkdown(meta: RuleMeta): string {
  const r = meta.remediation;
  const parts = [`**${meta.title}**`, '', meta.description, '', '## Remediation', '', r.summary];
  if (r.portal) parts.push('', `**Portal:** ${r.portal}`);
  const snippets: [string, string, string][] = [
    ['Bicep', 'bicep', r.bicep],
    ['ARM template', 'json', r.arm],
    ['Terraform', 'hcl', r.terraform],
  ];
  for (const [title, lang, code] of snippets) if (code) parts.push('', `### ${title}`, '', fence(lang, code));
  if (meta.frameworks.length > 0) {
    parts.push('', '## References', '');
    for (const f of meta.frameworks) parts.push(`- ${f.framework} ${f.id}${f.version ? ` (${f.version})` : ''}${f.note ? `: ${f.note}` : ''}`);
  }
  return parts.join('\n');
}

function ruleDescriptor(meta: RuleMeta, ctx: ReportContext): SarifRule {
  const cwes = meta.cwe.map((c) => (c.toUpperCase().startsWith('CWE-') ? c.toUpperCase() : `CWE-${c}`));
  const tags = ['security', ...cwes, 'mtls', ...meta.cwe.map((c) => `external/cwe/${c.toLowerCase()}`)];
  return {
    id: meta.id,
    name: pascalCase(meta.slug),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    ...(ctx.docsBaseUri && meta.docs ? { helpUri: joinUri(ctx.docsBaseUri, meta.docs) } : {}),
    help: { text: helpText(meta), markdown: helpMarkdown(meta) },
    defaultConfiguration: { level: meta.severity === 'low' ? 'warning' : 'error' },
    properties: { tags: [...new Set(tags)], 'security-severity': SECURITY_SEVERITY[meta.severity], precision: 'high' },
  };
}

/** A rule that produced results but whose metadata was not handed in still needs a descriptor for ruleIndex. */
function bareDescriptor(id: string, severity: Severity): SarifRule {
  return {
    id,
    name: pascalCase(id.toLowerCase()),
    shortDescription: { text: id },
    fullDescription: { text: id },
    help: { text: id, markdown: id },
    defaultConfiguration: { level: severity === 'low' ? 'warning' : 'error' },
    properties: { tags: ['security'], 'security-severity': SECURITY_SEVERITY[severity], precision: 'high' },
  };
}

export function fingerprint(r: Result, ctx: ReportContext): string {
  const file = r.location ? displayPath(r.location.file, ctx) : '';
  return createHash('sha256').update(`${r.ruleId}\u0000${r.resource.address}\u0000${file}`).digest('hex');
}

function classify(r: Result): { kind: Kind; level: Level } {
  switch (r.status) {
    case 'fail':
      return { kind: 'fail', level: 'error' };
    case 'unknown':
      // Unknown must stay visible in code scanning (never a silent pass): a warning-level `fail` result,
      // which SARIF allows; `properties.status` keeps the distinction from a known failure.
      return { kind: 'fail', level: 'warning' };
    case 'pass':
      return { kind: 'pass', level: 'none' };
    default:
      return { kind: 'notApplicable', level: 'none' };
  }
}

function sarifSuppression(s: Suppression): SarifSuppression {
  const properties: Record<string, string> = { azmtlsKind: s.kind };
  if (s.owner) properties.owner = s.owner;
  if (s.expires) properties.expires = s.expires;
  // An inline `azmtls-ignore` comment lives in the scanned file; config exceptions and baselines do not.
  return { kind: s.kind === 'inline' ? 'inSource' : 'external', status: 'accepted', justification: s.justification, properties };
}

function sarifResult(r: Result, ruleIndex: number, ctx: ReportContext): SarifResult {
  const { kind, level } = classify(r);
  const locations: SarifLocation[] = r.location
    ? [{ physicalLocation: physical(r.location, ctx) }]
    : [{ logicalLocations: [{ fullyQualifiedName: r.resource.address, name: r.resource.name, kind: 'resource' }] }];
  const related = secondaryLocations(r);
  const properties: SarifResult['properties'] = {
    status: r.status,
    severity: r.severity,
    resourceType: r.resource.type,
    resourceName: r.resource.name,
    resourceAddress: r.resource.address,
    source: r.resource.source,
  };
  if (r.remediation.summary) properties.remediation = r.remediation.summary;
  if (r.remediation.azCli) properties.azCli = r.remediation.azCli;
  const out: SarifResult = {
    ruleId: r.ruleId,
    ruleIndex,
    kind,
    level,
    message: { text: r.message },
    locations,
    ...(related.length > 0
      ? { relatedLocations: related.map((l, i) => ({ id: i + 1, physicalLocation: physical(l, ctx), message: { text: l.message } })) }
      : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(r, ctx) },
    ...(r.suppression ? { suppressions: [sarifSuppression(r.suppression)] } : {}),
    properties,
  };
  return out;
}

function notification(e: ReportError, level: 'error' | 'warning', ctx: ReportContext): Notification {
  const n: Notification = { level, message: { text: e.message }, descriptor: { id: e.code } };
  if (e.file !== '') {
    const loc: PhysicalLocation = { artifactLocation: artifact(e.file, ctx) };
    if (e.startLine !== undefined) {
      const region: Partial<Region> = { startLine: e.startLine };
      if (e.startColumn !== undefined) region.startColumn = e.startColumn;
      if (e.endLine !== undefined) region.endLine = e.endLine;
      if (e.endColumn !== undefined) region.endColumn = e.endColumn;
      loc.region = region as Region;
    }
    n.locations = [{ physicalLocation: loc }];
  }
  return n;
}

export function toSarif(report: Report, ctx: ReportContext): SarifLog {
  const lookup = ruleLookup(ctx);
  const rules: SarifRule[] = [];
  const index = new Map<string, number>();
  for (const meta of [...ctx.rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (index.has(meta.id)) continue;
    index.set(meta.id, rules.length);
    rules.push(ruleDescriptor(meta, ctx));
  }
  const emitted = report.results.filter((r) => ctx.includePassing === true || r.status === 'fail' || r.status === 'unknown');
  for (const r of emitted) {
    if (!index.has(r.ruleId) && !lookup(r.ruleId)) {
      index.set(r.ruleId, rules.length);
      rules.push(bareDescriptor(r.ruleId, r.severity));
    }
  }
  const srcroot: { uri?: string; description: Message } = {
    description: { text: 'The directory azmtls scanned from; result paths are relative to it.' },
  };
  if (ctx.uriBase) srcroot.uri = ctx.uriBase.endsWith('/') ? ctx.uriBase : `${ctx.uriBase}/`;
  const version = ctx.toolVersion || report.tool.version;
  const driver: SarifLog['runs'][number]['tool']['driver'] = {
    name: 'azmtls',
    fullName: `azmtls ${version}`,
    version,
    semanticVersion: semver(version),
    ...(ctx.informationUri ? { informationUri: ctx.informationUri } : {}),
    rules,
  };
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        originalUriBaseIds: { [SRCROOT]: srcroot },
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: [
              ...report.errors.map((e) => notification(e, e.severity === 'warning' ? 'warning' : 'error', ctx)),
              ...(report.warnings ?? []).map((e) => notification(e, 'warning', ctx)),
            ],
          },
        ],
        results: emitted.map((r) => sarifResult(r, index.get(r.ruleId)!, ctx)),
        columnKind: 'utf16CodeUnits',
        properties: { profile: report.profile, summary: { ...report.summary } },
      },
    ],
  };
}

export function renderSarif(report: Report, ctx: ReportContext): string {
  return joinChunks(sarifChunks(report, ctx));
}

export function* sarifChunks(report: Report, ctx: ReportContext): Generator<string> {
  yield* jsonChunks(toSarif(report, ctx), [
    ['runs', '*', 'results'],
    ['runs', '*', 'invocations', '*', 'toolExecutionNotifications'],
  ]);
  yield '\n';
}
