/** Runs every conformance script over ../shared/corpus and fails if any of them does. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { corpusAvailable, repoRoot } from './corpus.js';

if (!corpusAvailable()) {
  console.log('conformance: ../shared/corpus not found, skipped');
  process.exit(0);
}
let failed = 0;
for (const script of ['conformance-arm.ts', 'conformance-bicep.ts', 'conformance-terraform.ts', 'hcl-differential.ts', 'scan-equivalence.ts']) {
  const path = join(repoRoot, 'scripts', script);
  if (!existsSync(path)) continue;
  console.log(`\n=== ${script} ===`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', path], { stdio: 'inherit', cwd: repoRoot });
  if (res.status !== 0) {
    failed++;
    console.log(`${script} failed with exit code ${res.status}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
