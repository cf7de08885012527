// One measured scan in a fresh process, on the built code (what users run): prints
// {ms, warmMs, maxRssMiB, files, resources, results, errors} as JSON. `ms` is the first (cold) scan,
// `warmMs` a second scan of the same input in the same process (module loading and JIT warm-up excluded).
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
let warmMs = ms;
if (repeat === 'warm') {
  t0 = performance.now();
  await scan(request);
  warmMs = performance.now() - t0;
}
console.log(
  JSON.stringify({
    ms,
    warmMs,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    files: report.files ?? 0,
    resources: report.summary.resources,
    results: report.results.length,
    errors: report.errors.length,
  }),
);
