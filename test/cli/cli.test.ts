// Spawns the real `streams-run` bin (bin/streams-run.js → src/cli/main.ts through tsx) on the examples.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/streams-run.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

describe('streams-run', () => {
  it('--help lists every command', () => {
    const result = run(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: streams-run <app.ts|app.js> <command> [flags]');
    expect(result.stdout).toMatch(/<app\.ts> worker +run the app/);
    expect(result.stdout).toMatch(/<app\.ts> describe +print the topics/);
  });

  it('describe prints the app and its topology in Kafka\'s layout', () => {
    const result = run(['examples/word-count.ts', 'describe']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('App word-count (broker memory://)\nTopics: lines (1 partition), word-counts (1 partition)\nAgents: printCounts <- word-counts\nTables: -\n');
    expect(result.stdout).toContain('Topologies:\n   Sub-topology: 0\n');
    expect(result.stdout).toMatch(/Source: KSTREAM-SOURCE-\d{10} \(topics: \[lines\]\)/);
    expect(result.stdout).toContain('Processor: AGENT-printCounts (stores: [])');
  });

  it('reports an error in the app file with its file:line, and usage errors with exit code 2', () => {
    const broken = run(['test/cli/fixtures/broken-app.ts', 'describe']);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/Error in test\/cli\/fixtures\/broken-app\.ts:5:\d+: SyntaxError/);
    const unknown = run(['examples/word-count.ts', 'frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Unknown command frobnicate');
  });

  it('runs a worker on memory://, prints results, and on SIGTERM commits, closes and exits 0', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-cli-'));
    const child = spawn(process.execPath, [BIN, 'examples/taxi/print-rides.ts', 'worker', '--state-dir', stateDir, '--web-port', '0'], {
      cwd: ROOT,
      env: { ...process.env, RIDES_PER_SECOND: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no output in time: ${stderr}`)), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if ((stdout.match(/^ride /gm) ?? []).length === 300) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    for (let i = 0; i < 500 && !stderr.includes('running (RUNNING)'); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const port = /web endpoint on http:\/\/127\.0\.0\.1:(\d+)\/health/.exec(stderr)?.[1];
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    rmSync(stateDir, { recursive: true, force: true });
    expect(stdout).toMatch(/^ride {2}vendor=\d pickup=2020-10-01 /m);
    expect(stderr).toContain('[worker] SIGTERM: finishing the records in hand');
    const committed = /committed offsets: (.*)/.exec(stderr)?.[1] ?? '';
    const offsets = [...committed.matchAll(/rides\[\d\]=(\d+)/g)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(3);
    expect(offsets.reduce((a, b) => a + b, 0)).toBe(300);
    expect(stderr).toContain('[worker] taxi-print-rides stopped cleanly');
  }, 60_000);
});
