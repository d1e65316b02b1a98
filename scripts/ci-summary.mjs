// Prints "N passed, N failed" from Vitest's JSON report; exits non-zero when anything failed or nothing ran.
// A file that failed outside its tests (a beforeAll that threw, say) leaves its tests skipped, not failed: it is
// counted as one failure and named, so a broken set-up can never pass as "0 failed".
import { existsSync, readFileSync } from 'node:fs';

const path = process.argv[2];
if (!path || !existsSync(path)) {
  console.log('0 passed, 1 failed');
  console.error(`no Vitest report at ${path}: the test run did not finish`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(path, 'utf8'));
const failedOutsideTests = report.testResults.filter(
  (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
);
const passed = report.numPassedTests;
const failed = report.numFailedTests + failedOutsideTests.length;
console.log(`${passed} passed, ${failed} failed`);
for (const file of failedOutsideTests) {
  const skipped = file.assertionResults.filter((test) => test.status !== 'passed').length;
  console.error(`file failed outside its tests (${skipped} of its tests did not run): ${file.name}\n${file.message}`);
}
process.exit(failed > 0 || passed === 0 ? 1 : 0);
