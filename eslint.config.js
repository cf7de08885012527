// Lint, including the dependency direction of ARCHITECTURE.md:
// cli -> {engine, reporters, remediation, collectors, probe, frontends} -> model -> core; rules -> model, core.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group, message: 'This import breaks the layering of ARCHITECTURE.md.' })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', performance: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', structuredClone: 'readonly', fetch: 'readonly', crypto: 'readonly', queueMicrotask: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  { files: ['src/core/**/*.ts'], rules: restrict([['**/model/**', '**/engine/**', '**/rules/**', '**/frontends/**', '**/reporters/**', '**/cli/**', '**/collectors/**', '**/probe/**', '**/remediation/**']]) },
  { files: ['src/model/**/*.ts'], rules: restrict([['**/engine/**', '**/rules/**', '**/frontends/**', '**/reporters/**', '**/cli/**', '**/collectors/**', '**/probe/**', '**/remediation/**']]) },
  { files: ['src/rules/**/*.ts'], ignores: ['src/rules/**/*.test.ts'], rules: restrict([['**/frontends/**', '**/reporters/**', '**/cli/**', '**/collectors/**', '**/probe/**', '**/remediation/**']]) },
  { files: ['src/frontends/**/*.ts', 'src/collectors/**/*.ts', 'src/probe/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict([['**/rules/**', '**/reporters/**', '**/cli/**', '**/engine/run*', '**/engine/profiles*']]) },
  { files: ['src/reporters/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict([['**/frontends/**', '**/cli/**', '**/collectors/**', '**/probe/**']]) },
  { files: ['src/middleware/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict([['**/frontends/**', '**/cli/**', '**/rules/**', '**/engine/**', '**/reporters/**']]) },
);
