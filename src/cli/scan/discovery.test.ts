import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { discover } from './discovery.js';

const root = mkdtempSync(join(tmpdir(), 'azmtls-discovery-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('the listings of directories with Terraform files are kept as the walk read them; others are not', () => {
  const tree: Record<string, string> = {
    'tf/main.tf': '',
    'tf/terraform.tfvars': '',
    'tf/README.md': '',
    'tf/modules/app/main.tf': '',
    'tf/modules/app/notes.txt': '',
    'vars-only/prod.tfvars': '',
    'bicep/main.bicep': '',
    'arm/azuredeploy.json': '{}',
  };
  for (const [p, text] of Object.entries(tree)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  const found = discover(root, ['.'], ['**/README.md']);
  assert.deepEqual([...found.listings.keys()].sort(), ['tf', 'tf/modules/app', 'vars-only']);
  // Every entry, as a directory listing has it (subdirectories and excluded files included), in order.
  for (const [dir, names] of found.listings) assert.deepEqual(names, readdirSync(join(root, dir)).sort(), dir);
  assert.deepEqual(found.listings.get('tf'), ['README.md', 'main.tf', 'modules', 'terraform.tfvars']);
});
