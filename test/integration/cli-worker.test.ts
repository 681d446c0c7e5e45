// Issue 6 acceptance on kafka://: `streams-run examples/taxi/<app>.ts worker --broker kafka://…` against librdkafka's
// mock cluster, fed by `examples/taxi/producer.ts` (JSON, then Avro through a schema registry over HTTP); the
// worker prints its results, and SIGTERM finishes, commits, leaves the group and exits 0.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedSchemaRegistry, serveSchemaRegistry, type App } from '../../src/index.js';
import avroRides from '../../examples/taxi/avro-rides.js';
import { AVRO_RIDES_TOPIC } from '../../examples/taxi/avro-topic.js';
import { RIDES_TOPIC } from '../../examples/taxi/producer.js';
import { loadRides } from '../../examples/taxi/rides.js';
import tripsPerVendor from '../../examples/taxi/trips-per-vendor.js';
import { createInternalTopics, startEnv, until, type TestEnv } from './helpers.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/streams-run.js');

interface Spawned {
  readonly child: ChildProcessWithoutNullStreams;
  readonly out: { stdout: string; stderr: string };
  readonly exit: Promise<number | null>;
}

function start(args: readonly string[], env: Record<string, string> = {}): Spawned {
  const child = spawn(process.execPath, [...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  return { child, out, exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

/** The final total per vendor printed by a worker (`… vendor=<id> total=<n>` lines). */
function lastTotals(stdout: string, prefix: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const m of stdout.matchAll(new RegExp(`^${prefix} +vendor=(\\d+) total=(\\d+)`, 'gm'))) totals.set(m[1] as string, Number(m[2]));
  return totals;
}

const EXPECTED = new Map<string, number>();
for (const r of loadRides()) EXPECTED.set(String(r.VendorID), (EXPECTED.get(String(r.VendorID)) ?? 0) + 1);

describe('streams-run worker on a kafka:// mock cluster', () => {
  let env: TestEnv;
  let kafka: Kafka;
  const spawned: Spawned[] = [];
  const stateRoot = mkdtempSync(join(tmpdir(), 'kstreams-cli-kafka-'));
  beforeAll(async () => {
    env = await startEnv('kafka', 3);
    kafka = new Kafka({ clientId: 'cli-worker-test', brokers: (env.cluster?.bootstrap ?? '').split(','), logLevel: logLevel.NOTHING });
  });
  afterAll(async () => {
    for (const s of spawned) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await env?.stop();
    rmSync(stateRoot, { recursive: true, force: true });
  });

  /** Topics the mock cannot create itself (no CreateTopics): the app's topics and its internal ones. */
  async function createTopics(app: App, topic: string): Promise<void> {
    await env.createTopic(topic, 3);
    await createInternalTopics(env, await app.topology(), app.id, new Map([[topic, 3]]));
  }

  async function committed(groupId: string, topic: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    } finally {
      await admin.disconnect();
    }
  }

  /** Runs a worker until it printed `prefix` totals equal to the rides per vendor, then SIGTERMs it. */
  async function runWorker(app: App, appFile: string, prefix: string, producerArgs: readonly string[], extra: readonly string[] = []): Promise<Spawned> {
    const worker = start([BIN, appFile, 'worker', '--broker', env.url, '--state-dir', join(stateRoot, app.id), ...extra]);
    spawned.push(worker);
    const show = () => `worker stderr:\n${worker.out.stderr.slice(-2_000)}\nstdout tail:\n${worker.out.stdout.slice(-500)}`;
    await until(() => worker.out.stderr.includes('running (RUNNING)') || worker.child.exitCode !== null, `${app.id} RUNNING`, 60_000, show);
    expect(worker.child.exitCode, show()).toBeNull();

    const producer = start(['--import', 'tsx', join(ROOT, 'examples/taxi/producer.ts'), '--broker', env.url, '--rate', '0', ...producerArgs]);
    spawned.push(producer);
    expect(await producer.exit, `producer stderr:\n${producer.out.stderr}`).toBe(0);
    expect(producer.out.stdout).toContain(`300 rides sent`);

    await until(() => JSON.stringify([...lastTotals(worker.out.stdout, prefix)].sort()) === JSON.stringify([...EXPECTED].sort()), `${app.id}: every ride counted`, 60_000, show);
    worker.child.kill('SIGTERM');
    expect(await worker.exit, show()).toBe(0);
    expect(worker.out.stderr).toContain('[worker] SIGTERM: finishing the records in hand');
    expect(worker.out.stderr).toContain(`[worker] ${app.id} stopped cleanly`);
    return worker;
  }

  it('trips-per-vendor: counts the JSON rides of producer.ts per vendor (through a repartition topic) and commits them all on SIGTERM', async () => {
    await createTopics(tripsPerVendor, RIDES_TOPIC);
    const worker = await runWorker(tripsPerVendor, 'examples/taxi/trips-per-vendor.ts', 'trips', []);
    expect(worker.out.stderr).toContain(`[worker] taxi-trips-per-vendor starting on ${env.url}`);
    expect(await committed(tripsPerVendor.id, RIDES_TOPIC)).toBe(300);
    expect(await committed(tripsPerVendor.id, `${tripsPerVendor.id}-countTrips-groupby-repartition`)).toBe(300);
  });

  it('avro-rides: reads the Avro rides of `producer.ts --format avro` through a schema registry over HTTP', async () => {
    const registry = new EmbeddedSchemaRegistry();
    const served = await serveSchemaRegistry(registry, { port: 0 });
    try {
      await createTopics(avroRides, AVRO_RIDES_TOPIC);
      await runWorker(avroRides, 'examples/taxi/avro-rides.ts', 'avro trips', ['--format', 'avro', '--registry', served.url], ['--registry', served.url]);
      expect(registry.subjects()).toEqual([`${AVRO_RIDES_TOPIC}-key`, `${AVRO_RIDES_TOPIC}-value`]);
      expect(await committed(avroRides.id, AVRO_RIDES_TOPIC)).toBe(300);
    } finally {
      await served.close();
    }
  });
});
