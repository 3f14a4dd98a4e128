// ESLint: typescript-eslint's type-checked recommended rules over the sources, tests and benchmarks
// (`npm run lint`, run by .ci/run before the tests). Formatting is Prettier's (`npm run format:check`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { resolve } from 'node:path';

/** The repository root (this file lives in tools/lint/; the root eslint.config.mjs re-exports it). */
const ROOT = resolve(import.meta.dirname, '..', '..');

export default tseslint.config(
  {
    ignores: ['dist/', '.dist-*/', '.bench-build/', 'node_modules/', 'coverage/', 'bench/results/', '**/fixtures/', 'console/public/', 'flows/', 'examples/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.ts', '**/*.mts'] })),
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mts'] },
        tsconfigRootDir: ROOT,
      },
    },
    rules: {
      // Types are checked by tsc (strict); these catch what tsc does not.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_' },
      ],
      // Node-RED's API and parsed legacy input are untyped at the edges; narrowing there is explicit.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/require-await': 'off',
      // The code writes `list[i]!` where an index is known to be in range (tsc without
      // noUncheckedIndexedAccess calls that unnecessary); it documents the reader's reasoning.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Node-RED node constructors name `this` (`const node = this`) for the closures they register.
      '@typescript-eslint/no-this-alias': 'off',
      // Untyped legacy values and schema metadata are turned into text on purpose (String(value)).
      '@typescript-eslint/no-base-to-string': 'off',
      // Callbacks in option objects are declared in method shorthand and called detached by design.
      '@typescript-eslint/unbound-method': 'off',
      'no-control-regex': 'off',
      // `let x!: T; x = new T(() => … x …)`: a closure that refers to the value being built.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-unused-vars': ['error', { caughtErrors: 'none', argsIgnorePattern: '^_' }] },
  },
  {
    // The editor code Node-RED serves from resources/: a browser script beside the editor's RED and jQuery.
    files: ['resources/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', RED: 'readonly', $: 'readonly' } },
  },
);
