// One measured scan in a fresh process, on the built code (what users run): prints
// {ms, warmMs, maxRssMiB, files, resources, results, errors} as JSON. `ms` is the first (cold) scan and
// `maxRssMiB` the peak resident memory of the process up to the end of that scan (what a user's run costs).
// With `warm`, the same input is then scanned five to sixty more times and `warmMs` is the fastest of those
// (module loading and JIT warm-up excluded, as the read + JSON.parse baseline is taken warm). With `second`,
// `warmMs` is one more scan: for inputs too large to scan five times.
// With `ratio`, the warm scans alternate with the baseline (reading and JSON.parse of every `.json` file
// under the first path), ten of each, and `baselineMs` is the fastest baseline: both sides then meet the
// same moments of a shared machine, and a busy spell cannot favour one of them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan, scanRequest } from '../dist/src/cli/scan/pipeline.js';
import { applyHeapPolicy } from '../dist/src/cli/scan/heap-policy.js';

const [cwd, workers, repeat, ...paths] = process.argv.slice(2);
const request = scanRequest(cwd, paths, {
  version: 'bench',
  today: '2026-11-23',
  maxFileBytes: 256 * 1024 * 1024,
  workers: Number(workers),
  ...(process.env.AZMTLS_BENCH_READ_AHEAD === 'off' ? { readAhead: false } : {}),
});
applyHeapPolicy(); // as `azmtls scan` does: see heap-policy.ts
let t0 = performance.now();
const report = await scan(request);
const ms = performance.now() - t0;
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
let warmMs = ms;
let baselineMs;
if (repeat === 'warm' || repeat === 'ratio' || repeat === 'second') {
  const jsonFiles = repeat === 'ratio' ? listJson(join(cwd, paths[0])) : [];
  if (repeat === 'ratio') readAndParse(jsonFiles); // warm the page cache, as the scan's first run did
  warmMs = Infinity;
  baselineMs = Infinity;
  // Best of ten (ratio), or of five to sixty warm scans within about three seconds: a short scan on a busy
  // machine needs more tries for its best to be its true cost (and its code more runs to be optimized: the
  // 30 ms Terraform scan's best of ten varied by a third between runs of the bench), a long one cannot
  // afford them.
  const began = performance.now();
  const tries = (i) => (repeat === 'ratio' ? i < 10 : repeat === 'second' ? i < 1 : i < 5 || (i < 60 && performance.now() - began < 3000));
  for (let i = 0; tries(i); i++) {
    if (repeat === 'ratio') baselineMs = Math.min(baselineMs, readAndParse(jsonFiles));
    t0 = performance.now();
    await scan(request);
    warmMs = Math.min(warmMs, performance.now() - t0);
  }
}

function listJson(dir) {
  const out = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop();
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) stack.push(join(d, e.name));
      else if (e.name.endsWith('.json')) out.push(join(d, e.name));
    }
  }
  return out;
}

/** The baseline: read each file and JSON.parse it (handed the list: it pays for no walk). */
function readAndParse(files) {
  const start = performance.now();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    try {
      JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch {
      // JSONC with comments: the baseline still paid for the read and the attempt.
    }
  }
  return performance.now() - start;
}
console.log(
  JSON.stringify({
    ms,
    warmMs,
    ...(baselineMs === undefined ? {} : { baselineMs }),
    maxRssMiB,
    files: report.files ?? 0,
    resources: report.summary.resources,
    results: report.results.length,
    errors: report.errors.length,
  }),
);
