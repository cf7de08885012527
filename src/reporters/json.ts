/**
 * The JSON report of CONTRACT.md. Objects are rebuilt field by field so the key order is the contract's
 * whatever order the engine assembled them in, and nothing outside the contract slips into the output.
 * `warnings` is the one extension: the tool's own non-fatal diagnostics (an unused suppression, an expired
 * exception), present only when the report carries them.
 */
import type { Location } from '../core/source.js';
import type { RelatedLocation, Report, ReportError, Result, Suppression } from '../engine/result.js';
import { displayPath } from './common.js';
import type { ReportContext } from './context.js';
import { joinChunks, jsonChunks } from './chunks.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Keeps insertion order and drops undefined, so optional fields are absent rather than null. */
function obj(entries: [string, Json | undefined][]): JsonObject {
  const o: JsonObject = {};
  for (const [k, v] of entries) if (v !== undefined) o[k] = v;
  return o;
}

function location(l: Location, ctx: ReportContext): JsonObject {
  return obj([
    ['file', displayPath(l.file, ctx)],
    ['startLine', l.startLine],
    ['startColumn', l.startColumn],
    ['endLine', l.endLine],
    ['endColumn', l.endColumn],
  ]);
}

function related(l: RelatedLocation, ctx: ReportContext): JsonObject {
  return { ...location(l, ctx), message: l.message };
}

function suppression(s: Suppression | null): Json {
  if (!s) return null;
  return obj([
    ['kind', s.kind],
    ['justification', s.justification],
    ['owner', s.owner],
    ['expires', s.expires],
  ]);
}

export function resultToJson(r: Result, ctx: ReportContext): JsonObject {
  const res = r.resource;
  return obj([
    ['ruleId', r.ruleId],
    ['status', r.status],
    ['severity', r.severity],
    ['message', r.message],
    [
      'resource',
      obj([
        ['type', res.type],
        ['name', res.name],
        ['nameResolved', res.nameResolved],
        ['address', res.address],
        ['source', res.source],
        ['sourceType', res.sourceType],
      ]),
    ],
    ['location', r.location ? location(r.location, ctx) : undefined],
    ['relatedLocations', r.relatedLocations.map((l) => related(l, ctx))],
    [
      'reasons',
      r.reasons?.map((reason) =>
        obj([
          ['message', reason.message],
          ['location', reason.location ? location(reason.location, ctx) : undefined],
        ]),
      ),
    ],
    [
      'remediation',
      obj([
        ['summary', r.remediation.summary],
        ['azCli', r.remediation.azCli],
        [
          'fix',
          r.remediation.fix
            ? obj([
                ['safe', r.remediation.fix.safe],
                ['description', r.remediation.fix.description],
              ])
            : undefined,
        ],
      ]),
    ],
    ['suppression', suppression(r.suppression)],
  ]);
}

function errorToJson(e: ReportError, ctx: ReportContext): JsonObject {
  return obj([
    ['file', e.file === '' ? '' : displayPath(e.file, ctx)],
    ['code', e.code],
    ['message', e.message],
    ['severity', e.severity],
    ['startLine', e.startLine],
    ['startColumn', e.startColumn],
    ['endLine', e.endLine],
    ['endColumn', e.endColumn],
  ]);
}

export function reportToJson(report: Report, ctx: ReportContext): JsonObject {
  const s = report.summary;
  return obj([
    ['schemaVersion', 1],
    ['tool', obj([['name', 'azmtls'], ['version', report.tool.version]])],
    ['profile', report.profile],
    [
      'summary',
      obj([
        ['resources', s.resources],
        ['pass', s.pass],
        ['fail', s.fail],
        ['unknown', s.unknown],
        ['notApplicable', s.notApplicable],
        ['suppressed', s.suppressed],
        ['errors', s.errors],
      ]),
    ],
    ['results', report.results.map((r) => resultToJson(r, ctx))],
    ['errors', report.errors.map((e) => errorToJson(e, ctx))],
    ['warnings', report.warnings?.map((e) => errorToJson(e, ctx))],
  ]);
}

export function renderJson(report: Report, ctx: ReportContext): string {
  return joinChunks(jsonReportChunks(report, ctx));
}

export function* jsonReportChunks(report: Report, ctx: ReportContext): Generator<string> {
  yield* jsonChunks(reportToJson(report, ctx), [['results'], ['errors'], ['warnings']]);
  yield '\n';
}
