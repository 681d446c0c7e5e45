// Compiles the mock-cluster launcher (kmock.c) against librdkafka. Shared by the vitest global setup and
// scripts that need the broker; compiles only when the binary is missing or older than its source.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const KMOCK_SOURCE = join(HERE, 'kmock.c');
export const KMOCK_BINARY = resolve(HERE, '../../node_modules/.cache/kstreams/kmock');
export const KMOCK_HEADER = '/usr/include/librdkafka/rdkafka_mock.h';

/** What to do when librdkafka's development files are missing, in one sentence. */
export const INSTALL_HINT =
  'The integration tests need librdkafka\'s mock cluster: install the Debian/Ubuntu package librdkafka-dev ' +
  '(`sudo apt-get install -y librdkafka-dev`, or run `npm test` as root, which installs it) and a C compiler (`cc`).';

/** Compiles kmock if needed; returns the binary path or throws an Error that says what to install. */
export function buildKmock(): string {
  if (existsSync(KMOCK_BINARY) && statSync(KMOCK_BINARY).mtimeMs >= statSync(KMOCK_SOURCE).mtimeMs) return KMOCK_BINARY;
  mkdirSync(dirname(KMOCK_BINARY), { recursive: true });
  const result = spawnSync('cc', ['-O2', '-o', KMOCK_BINARY, KMOCK_SOURCE, '-lrdkafka'], { encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) {
    const detail = result.error?.message ?? result.stderr.trim().split('\n').slice(0, 5).join('\n');
    throw new Error(`Could not compile test/broker/kmock.c with \`cc -O2 -o ${KMOCK_BINARY} kmock.c -lrdkafka\`:\n${detail}\n${INSTALL_HINT}`);
  }
  return KMOCK_BINARY;
}
