import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Consumed, Materialized, Serdes, StreamsBuilder, resolveConfig, ManualClock } from '../../src/index.js';
import { topologyModel } from '../../src/topology/topology.js';
import { TaskManager } from '../../src/runtime/task-manager.js';
import { planTopics } from '../../src/runtime/internal-topics.js';
import { EmbeddedTransport } from '../../src/runtime/embedded/embedded-transport.js';
import type { GroupConsumer, TopicPartition } from '../../src/runtime/transport.js';
import type { Logger } from '../../src/internal/logger.js';
import type { KeyValueStore, ValueAndTimestamp } from '../../src/state/key-value-store.js';
import { bytesLayer, isPersistentBytesStore } from '../../src/state/leveldb/persistent-store.js';

const RECORDS = 2_000;
const KEYS = 97;

function countTopology() {
  const builder = new StreamsBuilder();
  builder.stream<string, string>('events', Consumed.with(Serdes.String(), Serdes.String())).groupByKey().count(Materialized.as<string, number>('counts'));
  return topologyModel(builder.build());
}

/** One instance's task manager on the embedded broker, driven by hand so a test can stop it without committing. */
async function instance(url: string, stateDir: string, restores: { from: string; records: number }[]) {
  const transport = EmbeddedTransport.for(url);
  const model = countTopology();
  const config = resolveConfig({ applicationId: 'restore', bootstrapServers: url, stateDir, defaultDslStore: 'persistent', cacheMaxBytesBuffering: 1_000_000 });
  const plan = await planTopics(model, 'restore', transport, url);
  await transport.createTopics(plan.internalTopics);
  const counts = new Map(plan.internalTopics.map((t) => [t.name, t.partitions]));
  counts.set('events', 4);
  const logger: Logger = {
    debug: () => undefined,
    info: (message, fields) => {
      if (message === 'store restored') restores.push({ from: String(fields?.['from']), records: Number(fields?.['records']) });
    },
    warn: () => undefined,
    error: () => undefined,
    child: () => logger,
  };
  const manager = new TaskManager(model, config, transport, counts, new ManualClock(0), logger);
  let commitOnRevoke = true;
  let consumer: GroupConsumer | undefined;
  consumer = await transport.join(
    'restore',
    { topics: ['events'], topicGroups: [['events']], offsetReset: 'earliest' },
    {
      onPartitionsRevoked: async () => {
        if (commitOnRevoke) await manager.revokeAll((offsets) => (consumer as GroupConsumer).commit(offsets));
      },
      onPartitionsAssigned: async (partitions: readonly TopicPartition[]) => manager.assign(partitions),
    },
  );
  const c = consumer;
  return {
    manager,
    /** Polls and processes until `total` records were processed by this instance. */
    async process(total: number): Promise<void> {
      let done = 0;
      while (done < total) {
        manager.add(await c.poll(5));
        done += await manager.process();
      }
    },
    /** Polls until the rebalance gave this instance its tasks (restored before this resolves). */
    async ready(): Promise<void> {
      while (manager.tasks.size === 0) manager.add(await c.poll(5));
    },
    commit: () => manager.commit((offsets) => c.commit(offsets)),
    /** A crash: stores are closed without writing what is pending, nothing is committed, the member just goes. */
    async kill(): Promise<void> {
      commitOnRevoke = false;
      for (const active of manager.tasks.values()) await active.task.close();
      await c.close();
    },
    async close(): Promise<void> {
      await c.close();
    },
    counts(): Map<string, number> {
      const out = new Map<string, number>();
      for (const active of manager.tasks.values()) {
        const store = active.task.getStore('counts') as unknown as KeyValueStore<string, ValueAndTimestamp<number>>;
        for (const { key, value } of store.all()) out.set(key, value.value);
      }
      return out;
    },
    checkpoints(): bigint[] {
      return [...manager.tasks.values()].flatMap((a) => {
        const bottom = bytesLayer(a.task.getStore('counts'));
        return isPersistentBytesStore(bottom) ? [bottom.checkpoint() ?? -1n] : [];
      });
    },
  };
}

async function produce(transport: EmbeddedTransport, from: number, to: number): Promise<void> {
  const records = [];
  for (let i = from; i < to; i++) records.push({ key: `k${i % KEYS}`, value: `v${i}` });
  await transport.broker.produce('events', records, { keySerde: Serdes.String(), valueSerde: Serdes.String() });
}

function expected(): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < RECORDS; i++) out.set(`k${i % KEYS}`, (out.get(`k${i % KEYS}`) ?? 0) + 1);
  return out;
}

describe('restoring a LevelDB store after a crash', () => {
  it('restores from the checkpoint to the changelog end: every key equals the expected count', async () => {
    const url = 'memory://restore-checkpoint';
    const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-restore-'));
    const transport = EmbeddedTransport.for(url);
    await transport.broker.createTopic('events', { partitions: 4 });
    await produce(transport, 0, 1_200);
    const restores: { from: string; records: number }[] = [];
    const first = await instance(url, stateDir, restores);
    await first.process(1_200);
    await first.commit();
    expect(first.checkpoints().every((c) => c > 0n)).toBe(true);
    await produce(transport, 1_200, RECORDS);
    await first.process(RECORDS - 1_200); // processed, cached, partly logged — never committed
    await first.kill();

    const second = await instance(url, stateDir, restores);
    await second.process(RECORDS - 1_200); // the uncommitted input is read again
    await second.commit();
    expect(second.counts()).toEqual(expected());
    // Restoration started from the checkpoints, not from the beginning of the changelogs.
    expect(restores.every((r) => r.from !== '0')).toBe(true);
    await second.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('replays the whole changelog into an empty state directory', async () => {
    const url = 'memory://restore-empty';
    const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-restore-'));
    const transport = EmbeddedTransport.for(url);
    await transport.broker.createTopic('events', { partitions: 4 });
    await produce(transport, 0, RECORDS);
    const restores: { from: string; records: number }[] = [];
    const first = await instance(url, stateDir, restores);
    await first.process(RECORDS);
    await first.commit();
    const before = first.counts();
    await first.kill();
    rmSync(stateDir, { recursive: true, force: true }); // the machine is gone; a new one starts empty

    const second = await instance(url, stateDir, restores);
    await second.ready();
    await second.commit();
    expect(second.counts()).toEqual(before);
    expect(second.counts()).toEqual(expected());
    expect(restores.length).toBeGreaterThan(0);
    expect(restores.every((r) => r.from === '0')).toBe(true);
    await second.close();
    rmSync(stateDir, { recursive: true, force: true });
  });
});
