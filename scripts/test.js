#!/usr/bin/env node
'use strict';
// The README's test command: run vitest (its globalSetup, test/support/global-setup.ts, builds once
// and starts the shared Redis servers) and end with the plain line "N passed, N failed".
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'caselink-vitest-')), 'report.json');
const vitest = spawnSync(
  process.execPath,
  [
    path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  // A full run builds whatever dist/ holds (CASELINK_NO_BUILD=1: use dist/ as it is).
  { stdio: 'inherit', cwd: root, env: { CASELINK_BUILD: 'always', ...process.env } },
);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const result = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = result.numPassedTests;
  failed = result.numFailedTests + (result.numFailedTestSuites > 0 && result.numFailedTests === 0 ? result.numFailedTestSuites : 0);
  skipped = result.numPendingTests + result.numTodoTests;
} catch {
  failed = Math.max(failed, 1);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(vitest.status === 0 && failed === 0 ? 0 : vitest.status || 1);
