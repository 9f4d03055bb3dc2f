// Prints "N passed, N failed" summed over jest's --json reports; a missing or empty report
// fails, so a run that executed no test cannot pass unnoticed.
const { existsSync, readFileSync } = require('node:fs');

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
let missing = files.length === 0;
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`no jest report at ${file}`);
    missing = true;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(passed > 0 && failed === 0 && !missing ? 0 : 1);
