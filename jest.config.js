/**
 * One jest run covers unit specs beside the code (`*.spec.ts`) and the end-to-end suites in
 * `test/` (`*.e2e-spec.ts`). The global setup starts one throwaway embedded Postgres; each
 * suite that needs a database creates its own inside it.
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: [
    '<rootDir>/apps/**/*.spec.ts',
    '<rootDir>/libs/**/*.spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: {
    '^@app/config$': '<rootDir>/libs/config/src',
    '^@app/database$': '<rootDir>/libs/database/src',
    '^@app/audit$': '<rootDir>/libs/audit/src',
    '^@app/auth$': '<rootDir>/libs/auth/src',
    '^@app/users$': '<rootDir>/libs/users/src',
    '^@app/dev-idp$': '<rootDir>/apps/dev-idp/src',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
};
