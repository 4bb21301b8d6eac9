// One ESLint setup for every package (flat config; `npx eslint --inspect-config` shows what applies where).
// TypeScript files are linted with type information (typescript-eslint's project service reads each
// package's own tsconfig.json); `.gts` files go through ember-eslint-parser, which hands the TypeScript
// to the same service. Formatting is prettier's job: eslint-config-prettier, last, turns off every
// stylistic rule.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import ts from 'typescript-eslint';
import ember from 'eslint-plugin-ember/recommended';
import qunitRecommended from 'eslint-plugin-qunit/configs/recommended';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const emberPackages = ['packages/forum-app/**', 'packages/frontend/**'];
const nodePackages = [
  'packages/core/**',
  'packages/e2e/**',
  'packages/forum-server/**',
  'packages/plugin-api/**',
  'packages/server/**',
];
const testFiles = [
  'packages/*/test/**/*.ts',
  'packages/forum-app/tests/**/*.{ts,gts}',
  'packages/frontend/tests/**/*.{ts,gts}',
];

export default defineConfig(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '**/dist-tests/',
      '**/declarations/',
      '**/tmp/',
      '**/.turbo/',
      '.data/',
      'packages/e2e/screenshots/',
      'test-results/',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  js.configs.recommended,

  // TypeScript (.ts, .gts): the recommended type-checked set.
  {
    files: ['**/*.{ts,mts,cts,gts}'],
    extends: [ts.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Unused bindings: an underscore marks one that is unused on purpose (a required parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Type-only imports are already enforced by `verbatimModuleSyntax`; these keep them spelled one
      // way (`import type { … }` when every name is a type, so no empty import is left at run time).
      // `typeof import('…json')` stays allowed: it types a JSON file without loading it.
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      // `async` without `await` is how a function meets a Promise-returning interface (an adapter, a
      // stub) and turns a throw into a rejection; a forgotten await is no-floating-promises' job.
      '@typescript-eslint/require-await': 'off',
      // TypeScript already refuses undefined names, and no-undef knows no global types (`Assert`);
      // typescript-eslint turns it off for .ts, this does the same for .gts.
      'no-undef': 'off',
    },
  },

  // Ember (forum-app, frontend): eslint-plugin-ember's recommended rules, `.gts` via ember-eslint-parser.
  {
    ...ember.configs.base,
    files: emberPackages.map((dir) => `${dir}/*.{js,ts}`),
  },
  {
    files: emberPackages,
    plugins: { ember: ember.plugin },
    rules: {
      // `schedule('afterRender', …)` is how focus moves to an element a render just drew; the
      // runloop's timers (later, debounce, next) stay banned.
      'ember/no-runloop': ['error', { allowList: ['schedule'] }],
    },
  },
  {
    ...ember.configs.gts,
    files: emberPackages.map((dir) => `${dir}/*.gts`),
  },
  // Their .ts files too: they import .gts modules, whose types only ember-eslint-parser resolves.
  {
    files: emberPackages.map((dir) => `${dir}/*.{ts,gts}`),
    languageOptions: {
      parser: ember.parser,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.gts'],
      },
    },
  },
  {
    files: emberPackages,
    languageOptions: { globals: { ...globals.browser } },
  },

  // Node packages and every build/config script run on Node.
  {
    files: [...nodePackages, '*.{js,mjs,cjs}', '**/*.{mjs,cjs}', 'packages/forum-server/bin/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs', 'packages/forum-app/config/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  // Plain JavaScript is in no tsconfig: no type information to use there.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [ts.configs.disableTypeChecked],
  },

  // Tests: QUnit's recommended rules (both the Node suites and the Ember suites use QUnit).
  {
    files: testFiles,
    ...qunitRecommended,
  },
  {
    files: testFiles,
    rules: {
      // Tests read raw rows through knex and response bodies, both `any`: the assertion on each
      // value is the check, and typing every peek at a row would only repeat the schema.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // `(onPostgres ? test : QUnit.skip)(…)` and saving a prototype method to restore it later
      // pass methods unbound on purpose; none of them uses `this`.
      '@typescript-eslint/unbound-method': 'off',
      // A range (`0 < retryAfter && retryAfter <= 900`) or "absent or the default" (`?? 'SHA1'`) is
      // one property, asserted once with a message that shows the values.
      'qunit/no-assert-logical-expression': 'off',
    },
  },

  prettier,
);
