/** Results as the user contract (CONTRACT.md, JSON report) defines them: what every reporter consumes. */
import type { Location } from '../core/source.js';
import type { SourceKind } from '../model/resource.js';
import type { Severity, Status } from './rule.js';

export interface RelatedLocation extends Location {
  message: string;
}

export interface Suppression {
  kind: 'inline' | 'config' | 'baseline';
  justification: string;
  owner?: string;
  expires?: string;
}

export interface Result {
  ruleId: string;
  status: Status;
  severity: Severity;
  message: string;
  resource: {
    type: string;
    name: string;
    nameResolved?: boolean;
    address: string;
    source: SourceKind;
    sourceType?: string;
  };
  location?: Location;
  relatedLocations: RelatedLocation[];
  /** Every reason with its own location (the first is the primary). */
  reasons?: { message: string; location?: Location }[];
  remediation: {
    summary: string;
    azCli?: string;
    fix?: { safe: boolean; description?: string };
  };
  suppression: Suppression | null;
}

export interface ReportError {
  file: string;
  code: string;
  message: string;
  severity?: 'error' | 'warning';
  startLine?: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

export interface Summary {
  resources: number;
  pass: number;
  fail: number;
  unknown: number;
  notApplicable: number;
  suppressed: number;
  errors: number;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'azmtls'; version: string };
  profile: string;
  summary: Summary;
  results: Result[];
  errors: ReportError[];
  /** Warnings (the tool's own, non-fatal): not part of `errors`, never change the exit code. */
  warnings?: ReportError[];
  /** Files read, for progress and reporters that list scanned files. */
  files?: number;
}
