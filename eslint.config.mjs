// Lint rules for the whole repository. Formatting is Prettier's job (`prettier --check` in
// `npm run lint`), so eslint-config-prettier switches off every stylistic rule here and ESLint
// only reports what can be a defect. TypeScript files are linted with type information.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const crossPackageImport =
  'Import another lib or app through its `@app/...` alias (its index.ts), not a relative path.';

// A relative import that climbs out of a lib or app has to pass through a `src`, `libs`,
// `apps`, `test` or `scripts` folder; inside one package no relative path names those.
const leavesThePackage = {
  regex: '^\\.{1,2}/(?:.*/)?(?:src|libs|apps|test|scripts)(?:/|$)',
  message: crossPackageImport,
};

// From test/ and scripts/, a lib (or the dev IdP, which has an alias) is imported through its
// alias. Relative paths stay allowed where no alias exists: apps/api and apps/demo-web, the
// scripts, and the `testing/` helpers that a lib keeps out of its public index on purpose.
const bypassesAnAlias = {
  regex: '^(?:\\.\\./)+(?:libs/[^/]+|apps/dev-idp)(?:/src)?(?!.*/testing/)(?:/|$)',
  message: crossPackageImport,
};

// `x as unknown as T` silences the compiler instead of typing the value.
const noDoubleCast = [
  {
    selector: 'TSAsExpression > TSAsExpression.expression[typeAnnotation.type="TSUnknownKeyword"]',
    message: 'Type the value properly instead of casting through `unknown`.',
  },
  {
    selector: 'TSAsExpression > TSTypeAssertion.expression[typeAnnotation.type="TSUnknownKeyword"]',
    message: 'Type the value properly instead of casting through `unknown`.',
  },
];

export default defineConfig(
  globalIgnores([
    'dist/',
    'coverage/',
    '.data/',
    'test-results/',
    // Captured IdP documents, kept byte for byte.
    'test/fixtures/',
    // The benchmark has its own tsconfig and is maintained separately for now.
    'bench/',
  ]),

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // Rules every file follows, TypeScript or JavaScript.
  {
    files: ['**/*.{ts,js,mjs}'],
    extends: [js.configs.recommended],
    rules: {
      eqeqeq: 'error',
      'max-lines': ['error', { max: 400 }],
    },
  },

  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/require-await': 'error',
      // Agrees with the compiler's noUnusedLocals and noUnusedParameters: a `_` prefix marks a
      // name left unused on purpose, and an unused catch binding is not reported.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },

  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [leavesThePackage] }],
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [bypassesAnAlias] }],
    },
  },
  {
    // Jest's global setup is loaded by Node's own require, outside jest's moduleNameMapper, so
    // the `@app/database` alias does not resolve there.
    files: ['test/support/global-setup.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },

  {
    // Tests included: none needs it today. A test that must build a value its type forbids
    // (hostile input) disables this on that line and says why.
    files: ['**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...noDoubleCast] },
  },

  // Plain JavaScript: the browser demo page, the CommonJS config files and CI helpers, and this
  // file. None of them is part of the TypeScript project, so no type information.
  {
    files: ['apps/demo-web/public/**/*.js'],
    languageOptions: { sourceType: 'module', globals: globals.browser },
  },
  {
    files: ['*.js', 'scripts/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['*.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },

  prettier,
  {
    // eslint-config-prettier turns `curly` off because some of its options fight the
    // formatter; "all" does not, and braces on every branch are a convention here.
    files: ['**/*.{ts,js,mjs}'],
    rules: { curly: ['error', 'all'] },
  },
);
