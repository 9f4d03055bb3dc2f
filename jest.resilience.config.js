/**
 * `npm run test:resilience`: the API as several real processes on one database, through races,
 * a database outage and restarts. The scale-out suite also runs in the default jest run (it is
 * an `*.e2e-spec.ts`); the slower ones are `*.resilience-spec.ts` and run only here.
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: [
    '<rootDir>/test/resilience/**/*.resilience-spec.ts',
    '<rootDir>/test/resilience/**/*.e2e-spec.ts',
  ],
  testTimeout: 120000,
};
