#!/usr/bin/env node
// The one test command (README, .ci/run): typecheck, lint, build, then unit + integration + e2e.
// Ends with the line CI reads: "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const extra = process.argv.slice(2);
const resultFile = join(root, 'test-results', 'vitest.json');
mkdirSync(join(root, 'test-results'), { recursive: true });

function run(label, cmd, args) {
  console.log(`\n== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  return r.status ?? 1;
}

let checksFailed = 0;
for (const [label, script] of [
  ['typecheck', 'typecheck'],
  ['lint', 'lint'],
  ['build', 'build'],
]) {
  if (run(label, 'npm', ['run', '--silent', script]) !== 0) {
    console.error(`!! ${label} failed`);
    checksFailed += 1;
  }
}

const vitestStatus = run('vitest', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${resultFile}`,
  ...extra,
]);

let passed = 0;
let failed = checksFailed;
if (existsSync(resultFile)) {
  const report = JSON.parse(readFileSync(resultFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  // A suite that failed to load counts as a failure even if it declared no tests.
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed += 1;
  }
} else {
  failed += 1;
}
if (vitestStatus !== 0 && failed === 0) failed = 1;
if (passed === 0 && failed === 0) failed = 1; // a run that tested nothing is not a pass
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
