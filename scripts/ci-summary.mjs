// Prints "N passed, N failed" from Vitest's JSON report; exits non-zero when anything failed or nothing ran.
import { existsSync, readFileSync } from 'node:fs';

const path = process.argv[2];
if (!path || !existsSync(path)) {
  console.log('0 passed, 1 failed');
  console.error(`no Vitest report at ${path}: the test run did not finish`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(path, 'utf8'));
const failedSuites = report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0);
const passed = report.numPassedTests;
const failed = report.numFailedTests + failedSuites.length;
console.log(`${passed} passed, ${failed} failed`);
for (const file of failedSuites) console.error(`suite failed to run: ${file.name}\n${file.message}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
