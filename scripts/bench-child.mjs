// One measured scan in a fresh process, on the built code (what users run): prints
// {ms, warmMs, maxRssMiB, files, resources, results, errors} as JSON. `ms` is the first (cold) scan and
// `maxRssMiB` the peak resident memory of the process up to the end of that scan (what a user's run costs).
// With `warm`, the same input is then scanned five more times and `warmMs` is the fastest of those
// (module loading and JIT warm-up excluded, as the read + JSON.parse baseline is taken warm).
import { scan } from '../dist/src/cli/scan/pipeline.js';

const [cwd, workers, repeat, ...paths] = process.argv.slice(2);
const request = {
  cwd,
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
};
let t0 = performance.now();
const report = await scan(request);
const ms = performance.now() - t0;
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
let warmMs = ms;
if (repeat === 'warm') {
  warmMs = Infinity;
  for (let i = 0; i < 5; i++) {
    t0 = performance.now();
    await scan(request);
    warmMs = Math.min(warmMs, performance.now() - t0);
  }
}
console.log(
  JSON.stringify({
    ms,
    warmMs,
    maxRssMiB,
    files: report.files ?? 0,
    resources: report.summary.resources,
    results: report.results.length,
    errors: report.errors.length,
  }),
);
