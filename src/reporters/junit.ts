/**
 * JUnit XML as Azure DevOps' "Publish Test Results" (JUnit mode) and GitHub's JUnit report actions read it:
 * `<testsuites>` with one `<testsuite>` per rule, one `<testcase>` per result named after the resource
 * address, `classname` = rule id, `file` and `line` attributes for annotations.
 *
 * Status mapping (a choice; most CI gates want every undecided result visible):
 * - fail            -> `<failure type="fail">`
 * - unknown         -> `<error type="unknown">`: the check could not reach a verdict, which is what JUnit's
 *                      "error" means; it shows as a failed test in Azure DevOps and GitHub, yet is counted
 *                      apart from real failures. `<skipped>` would hide it.
 * - suppressed      -> `<skipped>` with the justification: an accepted exception must not fail the build.
 * - not-applicable  -> `<skipped>`; pass -> an empty testcase.
 * Each testcase carries at most one child, because Azure DevOps shows only the first failure of a testcase.
 * Scan errors go to a last suite `azmtls.errors`, one testcase per file with one `<error>` listing its errors.
 */
import type { Report, ReportError, Result } from '../engine/result.js';
import { comparePaths, displayPath, errorPosition, groupByRule, locationPosition, resourceLabel, ruleLookup, suppressionLabel , secondaryLocations } from './common.js';
import type { ReportContext } from './context.js';
import { xmlAttr, xmlText } from './escape.js';
import { joinChunks } from './chunks.js';

type Outcome = 'pass' | 'failure' | 'error' | 'skipped';

function outcome(r: Result): Outcome {
  if (r.suppression) return 'skipped';
  switch (r.status) {
    case 'fail':
      return 'failure';
    case 'unknown':
      return 'error';
    case 'not-applicable':
      return 'skipped';
    default:
      return 'pass';
  }
}

function attrs(pairs: [string, string | number | undefined][]): string {
  return pairs
    .filter((p): p is [string, string | number] => p[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

/** The body CI systems show under a failed test: where, what, why and how to fix it. */
function failureBody(r: Result, ctx: ReportContext): string {
  const lines: string[] = [];
  lines.push(r.location ? locationPosition(r.location, ctx) : r.resource.address);
  lines.push(r.message);
  lines.push(`Resource: ${resourceLabel(r)}`);
  for (const rel of secondaryLocations(r)) lines.push(`  ${locationPosition(rel, ctx)}: ${rel.message}`);
  if (r.remediation.summary) lines.push(`Remediation: ${r.remediation.summary}`);
  if (r.remediation.azCli) lines.push(`az CLI: ${r.remediation.azCli}`);
  return lines.join('\n');
}

function testcase(r: Result, ctx: ReportContext): string {
  const head = `    <testcase${attrs([
    ['name', r.resource.address],
    ['classname', r.ruleId],
    ['file', r.location ? displayPath(r.location.file, ctx) : undefined],
    ['line', r.location?.startLine],
  ])}`;
  const kind = outcome(r);
  switch (kind) {
    case 'pass':
      return `${head}/>`;
    case 'skipped': {
      const message = r.suppression ? suppressionLabel(r) : r.message;
      return `${head}>\n      <skipped${attrs([['message', message]])}/>\n    </testcase>`;
    }
    default: {
      const type = kind === 'failure' ? 'fail' : 'unknown';
      return `${head}>\n      <${kind}${attrs([['message', r.message], ['type', type]])}>${xmlText(failureBody(r, ctx))}</${kind}>\n    </testcase>`;
    }
  }
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function count(results: readonly Result[]): Counts {
  const c: Counts = { tests: results.length, failures: 0, errors: 0, skipped: 0 };
  for (const r of results) {
    const o = outcome(r);
    if (o === 'failure') c.failures++;
    else if (o === 'error') c.errors++;
    else if (o === 'skipped') c.skipped++;
  }
  return c;
}

function errorSuite(errors: readonly ReportError[], ctx: ReportContext): { xml: string; files: number } {
  const byFile = new Map<string, ReportError[]>();
  for (const e of errors) {
    const key = e.file === '' ? '(scan)' : displayPath(e.file, ctx);
    const list = byFile.get(key);
    if (list) list.push(e);
    else byFile.set(key, [e]);
  }
  const cases: string[] = [];
  for (const file of [...byFile.keys()].sort(comparePaths)) {
    const list = byFile.get(file)!;
    const first = list[0]!;
    const message = list.length === 1 ? `${first.code} ${first.message}` : `${list.length} errors, first: ${first.code} ${first.message}`;
    const body = list.map((e) => `${errorPosition(e, ctx)} ${e.code} ${e.message}`).join('\n');
    cases.push(
      `    <testcase${attrs([['name', file], ['classname', 'azmtls.errors'], ['file', file === '(scan)' ? undefined : file], ['line', first.startLine]])}>\n` +
        `      <error${attrs([['message', message], ['type', first.code]])}>${xmlText(body)}</error>\n    </testcase>`,
    );
  }
  const n = cases.length;
  return {
    xml: `  <testsuite${attrs([['name', 'azmtls.errors'], ['tests', n], ['failures', 0], ['errors', n], ['skipped', 0]])}>\n${cases.join('\n')}\n  </testsuite>`,
    files: n,
  };
}

export function renderJunit(report: Report, ctx: ReportContext): string {
  return joinChunks(junitChunks(report, ctx));
}

export function* junitChunks(report: Report, ctx: ReportContext): Generator<string> {
  const rule = ruleLookup(ctx);
  // The totals open the document, so they are counted before any suite is written.
  const byRule = groupByRule(report.results);
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const counts = new Map<string, Counts>();
  for (const [ruleId, results] of byRule) {
    const c = count(results);
    counts.set(ruleId, c);
    total.tests += c.tests;
    total.failures += c.failures;
    total.errors += c.errors;
    total.skipped += c.skipped;
  }
  const errors = report.errors.length > 0 ? errorSuite(report.errors, ctx) : undefined;
  if (errors) {
    total.tests += errors.files;
    total.errors += errors.files;
  }
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites${attrs([['name', 'azmtls'], ['tests', total.tests], ['failures', total.failures], ['errors', total.errors], ['skipped', total.skipped]])}>`;
  if (byRule.size === 0 && !errors) {
    yield '</testsuites>\n';
    return;
  }
  for (const [ruleId, results] of byRule) {
    const c = counts.get(ruleId)!;
    const title = rule(ruleId)?.title;
    yield `\n  <testsuite${attrs([['name', title ? `${ruleId} ${title}` : ruleId], ['tests', c.tests], ['failures', c.failures], ['errors', c.errors], ['skipped', c.skipped]])}>`;
    for (const r of results) yield `\n${testcase(r, ctx)}`;
    yield '\n  </testsuite>';
  }
  if (errors) yield `\n${errors.xml}`;
  yield '\n</testsuites>\n';
}
