import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReportError, Result } from '../../engine/result.js';
import { assemble } from './pipeline.js';
import type { UnitOutcome } from './process.js';

/** One resource of a module, judged through a root (a test entry point) that deploys it. */
function throughRoot(root: string): Result {
  const at = { file: 'mod/web.bicep', startLine: 7, startColumn: 5, endLine: 7, endColumn: 30 };
  return {
    ruleId: 'AZM-MTLS-001',
    status: 'fail',
    severity: 'medium',
    message: 'Require client certificates: clientCertEnabled is false',
    resource: { type: 'Microsoft.Web/sites', name: 'app', address: 'testDeployment>web>app', source: 'bicep' },
    location: at,
    relatedLocations: [{ file: root, startLine: 3, startColumn: 1, endLine: 3, endColumn: 20, message: "deployed by module 'testDeployment'" }],
    remediation: { summary: 'Require client certificates' },
    suppression: null,
  };
}

function outcome(results: Result[], errors: ReportError[] = []): UnitOutcome {
  return { results, errors, warnings: [], resources: results.length, files: 1 };
}

test('the report is in one order whatever order the units finished in (as on worker threads)', () => {
  const a = outcome([throughRoot('tests/defaults/main.test.bicep')], [{ file: 'x.json', code: 'AZM1001', message: 'b', startLine: 1, startColumn: 1 }]);
  const b = outcome([throughRoot('tests/waf-aligned/main.test.bicep')], [{ file: 'x.json', code: 'AZM1001', message: 'a', startLine: 1, startColumn: 1 }]);
  const req = { profile: 'strict', version: 'test' };
  const one = assemble(req, [a, b], [], []);
  const other = assemble(req, [b, a], [], []);
  assert.deepEqual(other, one);
  assert.deepEqual(
    one.results.map((r) => r.relatedLocations[0]!.file),
    ['tests/defaults/main.test.bicep', 'tests/waf-aligned/main.test.bicep'],
  );
  assert.deepEqual(one.errors.map((e) => e.message), ['a', 'b']);
});
