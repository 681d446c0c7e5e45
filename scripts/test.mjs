#!/usr/bin/env node
// `npm test`: type-checks the whole project, then runs every vitest test (unit and *.test-d.ts type tests).
// Both steps always run; the exit code is non-zero if either failed. Extra arguments go to vitest
// (`npm test -- test/serdes`). The last line is a plain summary: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** Runs a command with inherited stdio and returns its exit code (1 if it could not start or was killed). */
function run(args) {
  console.log(`\n> npx ${args.join(' ')}`);
  const result = spawnSync(npx, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) console.error(`Could not run npx ${args[0]}: ${result.error.message}`);
  return result.status ?? 1;
}

/** Reads passed and failed test counts from vitest's JSON report, or returns undefined. */
function readCounts(file) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof report.numPassedTests !== 'number' || typeof report.numFailedTests !== 'number') return undefined;
    return { passed: report.numPassedTests, failed: report.numFailedTests };
  } catch {
    return undefined;
  }
}

const tscCode = run(['tsc', '-p', 'tsconfig.json', '--noEmit']);

const reportDir = mkdtempSync(join(tmpdir(), 'kstreams-test-'));
const reportFile = join(reportDir, 'vitest.json');
let vitestCode;
let counts;
try {
  vitestCode = run([
    'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${reportFile}`, ...process.argv.slice(2),
  ]);
  counts = readCounts(reportFile);
} finally {
  rmSync(reportDir, { recursive: true, force: true });
}

if (tscCode !== 0) console.error(`\nType check failed (tsc exit code ${tscCode}).`);
if (vitestCode !== 0) console.error(`\nTests failed (vitest exit code ${vitestCode}).`);
const exitCode = tscCode !== 0 ? tscCode : vitestCode;
console.log(counts ? `${counts.passed} passed, ${counts.failed} failed` : `exit code ${exitCode}`);
process.exit(exitCode);
