/**
 * The whole corpus scanned three ways must give one report: on one thread reading its own files (the
 * reference), with the files read ahead on a second thread, and on two worker threads. Prints what each
 * took and how many files the read-ahead thread served; fails on any difference.
 */
import { isDeepStrictEqual } from 'node:util';
import { scan, scanRequest, type ScanRequest } from '../src/cli/scan/pipeline.js';
import { ReadAhead } from '../src/cli/scan/read-ahead.js';
import { corpusAvailable, corpusRoot } from './corpus.js';

if (!corpusAvailable()) {
  console.log('scan equivalence: ../shared/corpus not found, skipped');
  process.exit(0);
}

const base = scanRequest(corpusRoot, ['.'], { version: 'equivalence', today: '2026-11-23' });

async function timed(label: string, req: ScanRequest) {
  const t0 = performance.now();
  const report = await scan(req);
  console.log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s, ${report.files} files, ${report.results.length} results, ${report.errors.length} errors`);
  return report;
}

console.log('whole corpus, scanned three ways:');
// Times are for orientation only: the first scan also pays for loading and compiling the scanner.
const reference = await timed('one thread, read-ahead off (the process\'s first scan)', { ...base, workers: 1, readAhead: false });
const readAhead = ReadAhead.spawn({ maxFileBytes: base.maxFileBytes });
if (!readAhead) throw new Error('the read-ahead thread did not start');
await readAhead.ready();
const ahead = await timed('one thread, read-ahead on', { ...base, workers: 1, readAhead });
console.log(`    files served by the read-ahead thread: ${readAhead.served}`);
const threaded = await timed('two worker threads', { ...base, workers: 2 });

let failed = false;
for (const [label, report] of [
  ['read-ahead on', ahead],
  ['two worker threads', threaded],
] as const) {
  const same = isDeepStrictEqual(report, reference);
  console.log(`  ${label}: ${same ? 'identical to the reference' : 'DIFFERS from the reference'}`);
  failed ||= !same;
}
if (readAhead.served === 0) {
  console.log('  the read-ahead thread served no file: the comparison proves nothing');
  failed = true;
}
process.exit(failed ? 1 : 0);
