/** One measured scan in a fresh process: prints {ms, maxRssMiB, files, resources, errors} as JSON. */
import { scan } from '../src/cli/scan/pipeline.js';

const [cwd, workers, ...paths] = process.argv.slice(2);
const t0 = performance.now();
const report = await scan({
  cwd: cwd!,
  paths,
  exclude: [],
  version: 'bench',
  profile: 'strict',
  internalTag: 'requires-mtls',
  parameterFiles: [],
  vars: {},
  varFiles: [],
  env: {},
  exceptions: [],
  today: '2026-11-23',
  maxFileBytes: 256 * 1024 * 1024,
  workers: Number(workers),
});
const ms = performance.now() - t0;
console.log(
  JSON.stringify({
    ms,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    files: report.files ?? 0,
    resources: report.summary.resources,
    results: report.results.length,
    errors: report.errors.length,
  }),
);
