// Issue 5 acceptance: broker down/up and injected retriable errors during processing lose no records
// (mock-broker.md findings 11 and 12: leaders do not move, so a partition stalls until its broker is back;
// injected errors apply before the append). One KafkaStreams instance on a 3-broker mock cluster.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Serdes } from '../../src/index.js';
import { KafkaStreams } from '../../src/runtime/kafka-streams.js';
import { ApiKey, ErrorCode } from '../broker/mock-cluster.js';
import { createInternalTopics, finalTable, produce, startEnv, until, type Input, type TestEnv } from './helpers.js';
import { SEQUENCES, seenTopology, verify } from './seen-aggregate.js';

const PARTITIONS = 6;
const KEYS = Array.from({ length: 30 }, (_, i) => `key-${i}`);
const APP = 'faults';
const INPUT = 'faults-input';
const OUTPUT = 'faults-output';

describe('faults on a 3-broker mock cluster', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv('kafka', 3);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('broker down/up and injected retriable Produce, Fetch and OffsetCommit errors lose no records', async () => {
    const cluster = env.cluster;
    if (cluster === undefined) throw new Error('the kafka environment has no mock cluster');
    await env.createTopic(INPUT, PARTITIONS);
    await env.createTopic(OUTPUT, PARTITIONS);
    await createInternalTopics(env, seenTopology(INPUT, OUTPUT), APP, new Map([[INPUT, PARTITIONS]]));
    const streams = new KafkaStreams(seenTopology(INPUT, OUTPUT), {
      applicationId: APP,
      bootstrapServers: env.url,
      stateDir: mkdtempSync(join(tmpdir(), 'kstreams-faults-')),
      commitIntervalMs: 200,
    });
    const states: string[] = [];
    streams.setStateListener((next) => states.push(next));
    await streams.start();
    const round = (seq: number): Input<string, string>[] => KEYS.map((key, i) => ({ key, value: String(seq), timestamp: 1_700_000_000_000 + seq * 100 + i }));
    const send = async (from: number, to: number) => {
      for (let seq = from; seq < to; seq++) await produce(env, INPUT, round(seq), Serdes.String(), Serdes.String());
    };
    let last = new Map<string, string>();
    const table = async () => (last = await finalTable(env.client, OUTPUT, PARTITIONS, Serdes.String(), Serdes.String()));
    const progress = (atLeast: number) => async () => [...(await table()).values()].filter((v) => (JSON.parse(v) as { n: number }).n >= atLeast).length === KEYS.length;
    try {
      await send(0, 20);
      await until(progress(20), 'the first 20 rounds processed', 30_000);

      // Each broker down for 1.5 s in turn while records are produced and processed; the outage ends on a timer,
      // the sends in flight wait for it (their partitions' leader is down) and must all land.
      for (const broker of [1, 2, 3]) {
        await cluster.brokerDown(broker);
        const up = new Promise<void>((resolve, reject) => setTimeout(() => cluster.brokerUp(broker).then(resolve, reject), 1_500));
        await send(20 + (broker - 1) * 10, 20 + broker * 10);
        await up;
      }
      await until(progress(50), 'rounds 20–49 processed after the broker outages', 60_000, () => `state ${streams.state}`);

      // Retriable errors, applied before any append: Produce, Fetch, OffsetCommit.
      await cluster.pushErrors(ApiKey.Produce, [ErrorCode.NOT_ENOUGH_REPLICAS, ErrorCode.REQUEST_TIMED_OUT, ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.NOT_ENOUGH_REPLICAS]);
      await cluster.pushErrors(ApiKey.Fetch, [ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.REQUEST_TIMED_OUT, ErrorCode.NOT_LEADER_OR_FOLLOWER]);
      await cluster.pushErrors(ApiKey.OffsetCommit, [ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, ErrorCode.REQUEST_TIMED_OUT, ErrorCode.COORDINATOR_LOAD_IN_PROGRESS]);
      await send(50, SEQUENCES);
      await until(async () => verify(await table(), KEYS).missing.length === 0, 'every aggregate complete', 60_000, () => `missing: ${verify(last, KEYS).missing.slice(0, 10).join('; ')}; state ${streams.state}`);
      const { missing, duplicates } = verify(last, KEYS);
      const total = [...duplicates.values()].reduce((a, b) => a + b, 0);
      console.log(`faults: ${KEYS.length * SEQUENCES} records, 0 lost, ${total} duplicates (at least once), states ${states.join(' → ')}`);
      expect(missing).toEqual([]);
      expect(streams.state).toBe('RUNNING');
      expect(states).not.toContain('ERROR');
    } finally {
      expect(await streams.close({ timeoutMs: 20_000 })).toBe(true);
    }
  });
});
