#!/usr/bin/env node
// `npm test`: makes sure librdkafka-dev is there (the integration tests' mock Kafka cluster), type-checks the whole
// project, then runs every vitest test (unit, *.test-d.ts type tests, then the integration project).
// Both steps always run; the exit code is non-zero if either failed. Extra arguments go to vitest
// (`npm test -- test/serdes`). The last line is a plain summary: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/**
 * The integration tests need librdkafka's mock cluster (header librdkafka/rdkafka_mock.h, Debian package
 * librdkafka-dev). As root with apt-get it is installed here; otherwise this prints what to install. The tests
 * never skip: without the library the integration project's global setup fails with the same advice.
 */
function ensureLibrdkafka() {
  const header = '/usr/include/librdkafka/rdkafka_mock.h';
  if (existsSync(header)) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (root && hasApt) {
    console.log('\n> apt-get install -y librdkafka-dev   (for the integration tests\' mock Kafka cluster)');
    const install = () => spawnSync('apt-get', ['install', '-y', 'librdkafka-dev'], { stdio: 'inherit' }).status === 0;
    if (install() || (spawnSync('apt-get', ['update'], { stdio: 'inherit' }).status === 0 && install())) return;
    console.error('apt-get could not install librdkafka-dev; the integration tests will fail.');
    return;
  }
  console.error(
    `\nlibrdkafka-dev is not installed (${header} is missing). The integration tests need it: ` +
      `run \`sudo apt-get install -y librdkafka-dev\` (Debian/Ubuntu; a C compiler \`cc\` is needed too), then \`npm test\` again.`,
  );
}

ensureLibrdkafka();
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
