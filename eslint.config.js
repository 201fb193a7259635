// ESLint flat config: typescript-eslint's type-checked rules for TypeScript, the package
// boundary rule for every source file, and plain recommended rules for JavaScript.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { packageBoundaries } from './tooling/eslint-rules/package-boundaries.js';

export default defineConfig(
  {
    ignores: [
      '**/dist/**',
      '**/.tsbuild/**',
      '**/.turbo/**',
      '**/node_modules/**',
      '**/*.config.ts',
      '**/*.config.mts',
      // AssemblyScript: its own compiler checks it (pnpm --filter @unroll/tensor build:wasm).
      'packages/*/assembly/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-exports': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Libraries run unchanged in browsers: Node-only APIs only under src/node/ and in tests.
    files: ['packages/*/src/**/*.ts'],
    ignores: [
      'packages/*/src/node/**',
      '**/*.test.ts',
      '**/test-env.d.ts',
      '**/test-backend.ts',
      'packages/*/scripts/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'child_process'],
              message:
                'Libraries run in browsers too: put Node-only code under src/node/ (a ./node subpath export).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'process',
        'Buffer',
        'require',
        '__dirname',
        '__filename',
        'global',
      ],
    },
  },
  {
    files: ['packages/**/*.ts', 'apps/**/*.ts'],
    plugins: { unroll: { rules: { 'package-boundaries': packageBoundaries } } },
    rules: { 'unroll/package-boundaries': 'error' },
  },
);
