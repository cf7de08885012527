import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function readVersion(): string {
  // src/cli in the sources, dist/src/cli when built: look upward for the package's own package.json.
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = require(rel) as { name?: string; version?: string };
      if (pkg.name === 'azmtls' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}

export const VERSION = readVersion();
