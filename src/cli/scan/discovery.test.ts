import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { discover } from './discovery.js';

const root = mkdtempSync(join(tmpdir(), 'azmtls-discovery-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Writes each file of `tree` (relative path to text) under a new directory `name` of the test's root. */
function writeTree(name: string, tree: Record<string, string>): string {
  const base = join(root, name);
  for (const [p, text] of Object.entries(tree)) {
    mkdirSync(join(base, p, '..'), { recursive: true });
    writeFileSync(join(base, p), text);
  }
  return base;
}

test('the listings of directories with Terraform files are kept as the walk read them; others are not', () => {
  const base = writeTree('listings', {
    'tf/main.tf': '',
    'tf/terraform.tfvars': '',
    'tf/README.md': '',
    'tf/modules/app/main.tf': '',
    'tf/modules/app/notes.txt': '',
    'vars-only/prod.tfvars': '',
    'bicep/main.bicep': '',
    'arm/azuredeploy.json': '{}',
  });
  const found = discover(base, ['.'], ['**/README.md']);
  assert.deepEqual([...found.listings.keys()].sort(), ['tf', 'tf/modules/app', 'vars-only']);
  // Every entry, as a directory listing has it (subdirectories and excluded files included), in order.
  for (const [dir, names] of found.listings) assert.deepEqual(names, readdirSync(join(base, dir)).sort(), dir);
  assert.deepEqual(found.listings.get('tf'), ['README.md', 'main.tf', 'modules', 'terraform.tfvars']);
});

test('symbolic links are followed once: files and directories outside the scanned path, never a cycle or a file twice', () => {
  const base = writeTree('links', {
    'shared/app.json': '{}',
    'shared/nested/web.bicep': '',
    'repo/own.json': '{}',
    'repo/sub/main.tf': '',
  });
  symlinkSync(join(base, 'shared', 'app.json'), join(base, 'repo', 'linked.json')); // a file outside
  symlinkSync(join(base, 'shared'), join(base, 'repo', 'shared-dir')); // a directory outside
  symlinkSync(join(base, 'shared'), join(base, 'repo', 'shared-again')); // the same directory, through another link
  symlinkSync(join(base, 'shared'), join(base, 'shared', 'nested', 'loop')); // a cycle inside the linked directory
  symlinkSync(join(base, 'repo', 'own.json'), join(base, 'repo', 'sub', 'own-link.json')); // inside the scanned path
  symlinkSync(join(base, 'repo'), join(base, 'repo', 'sub', 'up')); // an ancestor
  symlinkSync(join(base, 'missing.json'), join(base, 'repo', 'dangling.json')); // a target that is gone
  symlinkSync(join(base, 'missing.txt'), join(base, 'repo', 'dangling.txt'));
  execFileSync('mkfifo', [join(base, 'pipe')]);
  symlinkSync(join(base, 'pipe'), join(base, 'repo', 'pipe.json')); // opening it would wait for a writer

  const found = discover(base, ['repo'], []);
  assert.deepEqual(
    found.files.map((f) => `${f.path} ${f.kind}`).sort(),
    ['repo/dangling.json json', 'repo/linked.json json', 'repo/own.json json', 'repo/shared-again/app.json json', 'repo/shared-again/nested/web.bicep bicep', 'repo/sub/main.tf tf'].sort(),
  );
  assert.deepEqual(found.unreadable, []);
  // Given by name, a FIFO is said not to be read, rather than waited on or called an unlistable folder.
  const named = discover(base, ['pipe', 'repo/own.json'], []);
  assert.deepEqual(named.files.map((f) => f.path), ['repo/own.json']);
  assert.deepEqual(named.unreadable, [{ path: 'pipe', message: 'pipe is not a file or a folder (a pipe, socket or device): it is not read' }]);
});
