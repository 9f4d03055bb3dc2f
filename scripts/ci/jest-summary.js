// Prints "N passed, N failed" from jest's --json report; a missing or empty report fails, so a
// run that executed no test cannot pass unnoticed.
const { existsSync, readFileSync } = require('node:fs');

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.log('0 passed, 0 failed');
  console.error(`no jest report at ${file}`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(passed > 0 && failed === 0 ? 0 : 1);
