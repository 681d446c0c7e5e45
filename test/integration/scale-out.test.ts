// Issue 5 acceptance, on a 3-broker mock cluster with 6-partition topics: three worker processes share the work;
// one is SIGKILLed mid-stream; the others take over its tasks, restore its state from the changelog and finish.
// The verifier checks every key's aggregate: no sequence number may be missing; duplicates (at least once) are
// counted, reported, and allowed only on partitions whose task moved or was rebalanced after the kill.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Serdes } from '../../src/index.js';
import { defaultPartition } from '../../src/internal/murmur2.js';
import { createInternalTopics, finalTable, produce, startEnv, until, type Input, type TestEnv } from './helpers.js';
import { SEQUENCES, seenTopology, verify } from './seen-aggregate.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const PARTITIONS = 6;
const KEYS = Array.from({ length: 60 }, (_, i) => `key-${i}`);
const APP = 'scale-out';
const INPUT = 'scale-input';
const OUTPUT = 'scale-output';

class Worker {
  readonly lines: string[] = [];
  tasks: string[] = [];
  state = 'CREATED';
  exit: Promise<number | null>;
  constructor(
    readonly name: string,
    readonly child: ChildProcessWithoutNullStreams,
  ) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.lines.push(line);
      if (line.startsWith('state ')) this.state = line.slice(6);
      if (line.startsWith('tasks ')) this.tasks = line.slice(6).split(',').filter((t) => t.length > 0);
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-3_000)));
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    this.describe = () => `${name}: state ${this.state}, tasks [${this.tasks.join(',')}], last lines ${JSON.stringify(this.lines.slice(-5))}, stderr ${JSON.stringify(stderr.slice(-600))}`;
  }
  describe: () => string;
}

function startWorker(name: string, url: string, stateRoot: string): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'worker.ts')], {
    env: { ...process.env, KSTREAMS_URL: url, KSTREAMS_APP: APP, KSTREAMS_STATE_DIR: join(stateRoot, name), KSTREAMS_INPUT: INPUT, KSTREAMS_OUTPUT: OUTPUT },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Worker(name, child);
}

describe('scale-out on a 3-broker mock cluster', () => {
  let env: TestEnv;
  const workers: Worker[] = [];
  beforeAll(async () => {
    env = await startEnv('kafka', 3);
  });
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await env?.stop();
  });

  it('3 workers share 6 tasks; after a SIGKILL the survivors restore its state and finish with no record lost', async () => {
    const started = Date.now();
    await env.createTopic(INPUT, PARTITIONS);
    await env.createTopic(OUTPUT, PARTITIONS);
    await createInternalTopics(env, seenTopology(INPUT, OUTPUT), APP, new Map([[INPUT, PARTITIONS]]));
    const stateRoot = mkdtempSync(join(tmpdir(), 'kstreams-scale-'));
    const all = () => workers.map((w) => w.describe()).join('\n');
    for (const name of ['w1', 'w2', 'w3']) workers.push(startWorker(name, env.url, stateRoot));
    await until(() => workers.every((w) => w.state === 'RUNNING' && w.tasks.length === 2), 'three workers RUNNING with 2 tasks each', 60_000, all);
    const owned = new Set(workers.flatMap((w) => w.tasks));
    expect(owned.size).toBe(PARTITIONS);
    const startedUp = Date.now();

    // Records: 60 keys × 100 sequence numbers, sent in rounds of one sequence number for every key.
    const round = (seq: number): Input<string, string>[] => KEYS.map((key, i) => ({ key, value: String(seq), timestamp: 1_700_000_000_000 + seq * 100 + i }));
    const table = async () => finalTable(env.client, OUTPUT, PARTITIONS, Serdes.String(), Serdes.String());
    const victim = workers[0] as Worker;
    const victimTasks = [...victim.tasks];
    // A paced load generator (one round every 20 ms, ~2 s in all) so that the kill lands while records flow.
    const producing = (async () => {
      for (let seq = 0; seq < SEQUENCES; seq++) {
        await produce(env, INPUT, round(seq), Serdes.String(), Serdes.String());
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    // Kill mid-stream: once the victim's partitions show progress in the output, while the producer still runs.
    const victimPartitions = new Set(victimTasks.map((t) => Number(t.split('_')[1])));
    await until(
      async () => {
        const t = await table();
        return KEYS.filter((k) => victimPartitions.has(defaultPartition(Buffer.from(k), PARTITIONS))).some((k) => JSON.parse(t.get(k) ?? '{"n":0}').n >= 15);
      },
      `progress on the victim's partitions ${[...victimPartitions].join(',')}`,
      60_000,
      all,
      20,
    );
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    const atKill = await table();
    const victimProgress = Math.max(...KEYS.map((k) => (JSON.parse(atKill.get(k) ?? '{"n":0}') as { n: number }).n));
    await producing;
    const survivors = workers.slice(1);
    await until(() => survivors.every((w) => w.state === 'RUNNING') && new Set(survivors.flatMap((w) => w.tasks)).size === PARTITIONS, 'survivors own all 6 tasks', 60_000, all);
    const takeoverMs = Date.now() - killedAt;
    let last = new Map<string, string>();
    await until(
      async () => verify((last = await table()), KEYS).missing.length === 0,
      'every aggregate complete',
      90_000,
      () => `missing: ${verify(last, KEYS).missing.slice(0, 10).join('; ')}\n${all()}`,
    );
    const { missing, duplicates } = verify(last, KEYS);
    const total = [...duplicates.values()].reduce((a, b) => a + b, 0);
    const byPartition = new Map<number, number>();
    for (const [key, n] of duplicates) byPartition.set(defaultPartition(Buffer.from(key), PARTITIONS), (byPartition.get(defaultPartition(Buffer.from(key), PARTITIONS)) ?? 0) + n);
    console.log(
      `scale-out: ${KEYS.length * SEQUENCES} records, 0 lost, ${total} duplicates (at least once) in partitions ${JSON.stringify(Object.fromEntries(byPartition))}; ` +
        `victim owned ${victimTasks.join(',')} (killed at ~${victimProgress} of ${SEQUENCES} rounds); startup ${startedUp - started} ms, takeover ${takeoverMs} ms, total ${Date.now() - started} ms`,
    );
    expect(missing).toEqual([]);
    // At least once: a duplicate is a record processed again after its task moved (the victim's, from its last
    // commit) or after the eager rebalance that the kill started; it can never exceed what was produced.
    expect(total).toBeLessThan(KEYS.length * SEQUENCES);
    for (const partition of byPartition.keys()) expect(victimPartitions, `duplicates in partition ${partition}, which the victim did not own`).toContain(partition);
    for (const w of survivors) w.child.kill('SIGTERM');
    for (const w of survivors) expect(await w.exit, w.describe()).toBe(0);
  });
});
