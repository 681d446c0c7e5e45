// Interactive-query metadata over kafka:// on the mock cluster: two instances share a 4-partition topic; the group
// view travels in the assignment userData (the mock has no DescribeGroups), and queryMetadataForKey must name the
// instance whose local store holds each key.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Consumed, Materialized, Serdes, StreamsBuilder } from '../../src/index.js';
import { defaultPartition } from '../../src/internal/murmur2.js';
import { KafkaStreams } from '../../src/runtime/kafka-streams.js';
import { createInternalTopics, produce, startEnv, until, type TestEnv } from './helpers.js';

const APP = 'iq-kafka';
const INPUT = 'iq-clicks';
const KEYS = Array.from({ length: 16 }, (_, i) => `user-${i}`);

function countTopology() {
  const builder = new StreamsBuilder();
  builder.stream<string, string>(INPUT, Consumed.with(Serdes.String(), Serdes.String())).groupByKey().count(Materialized.as('click-counts'));
  return builder.build();
}

describe('interactive-query metadata on a mock Kafka cluster', () => {
  let env: TestEnv;
  const instances: KafkaStreams[] = [];
  beforeAll(async () => {
    env = await startEnv('kafka', 1);
  });
  afterAll(async () => {
    for (const s of instances) await s.close({ timeoutMs: 20_000 });
    await env?.stop();
  });

  it('names the instance whose local store holds each key; both instances are listed with disjoint partitions', async () => {
    await env.createTopic(INPUT, 4);
    await createInternalTopics(env, countTopology(), APP, new Map([[INPUT, 4]]));
    const config = (server: string) => ({
      applicationId: APP,
      bootstrapServers: env.url,
      applicationServer: server,
      commitIntervalMs: 100,
      defaultDslStore: 'in_memory' as const,
      stateDir: mkdtempSync(join(tmpdir(), 'kstreams-iq-kafka-')),
    });
    const a = new KafkaStreams(countTopology(), config('a:1'));
    const b = new KafkaStreams(countTopology(), config('b:2'));
    instances.push(a, b);
    await Promise.all([a.start(), b.start()]);
    const describe = async () => JSON.stringify({ a: await a.metadataForAllStreamsClients(), b: await b.metadataForAllStreamsClients() });
    const split = async () => {
      const [ma, mb] = [await a.metadataForAllStreamsClients(), await b.metadataForAllStreamsClients()];
      return [ma, mb].every((m) => m.length === 2 && m.every((c) => c.topicPartitions.length === 2)) && a.state === 'RUNNING' && b.state === 'RUNNING';
    };
    await until(split, 'both instances holding two partitions', 60_000, () => `states ${a.state}/${b.state}`);

    const clicks = KEYS.flatMap((key, i) => Array.from({ length: (i % 3) + 1 }, () => ({ key, value: 'click', timestamp: 1_000 + i })));
    await produce(env, INPUT, clicks, Serdes.String(), Serdes.String());
    const local = (key: string) => [a, b].map((s) => s.store<string, number>('click-counts').get(key));
    await until(() => KEYS.every((key, i) => local(key).includes((i % 3) + 1)), 'every key counted', 60_000, () => JSON.stringify(KEYS.map(local)));
    expect(await split(), await describe()).toBe(true); // no rebalance since: the metadata below is the one the stores hold

    const byServer = new Map([['a:1', a], ['b:2', b]]);
    for (const [i, key] of KEYS.entries()) {
      for (const asker of [a, b]) {
        const metadata = await asker.queryMetadataForKey('click-counts', key, Serdes.String());
        expect(metadata.partition).toBe(defaultPartition(Buffer.from(key), 4));
        const host = byServer.get(`${metadata.activeHost?.host}:${metadata.activeHost?.port}`);
        expect(host, `${key}: ${JSON.stringify(metadata)}`).toBeDefined();
        const other = host === a ? b : a;
        expect(host?.store<string, number>('click-counts').get(key), key).toBe((i % 3) + 1);
        expect(other.store<string, number>('click-counts').get(key)).toBeUndefined();
      }
    }

    const all = await a.metadataForAllStreamsClients();
    expect(await b.metadataForAllStreamsClients()).toEqual(all);
    expect(all.map((m) => m.hostInfo).sort((x, y) => x.port - y.port)).toEqual([{ host: 'a', port: 1 }, { host: 'b', port: 2 }]);
    for (const m of all) expect(m.stateStoreNames).toEqual(['click-counts']);
    expect(all.flatMap((m) => m.topicPartitions.map((tp) => `${tp.topic}-${tp.partition}`)).sort()).toEqual([0, 1, 2, 3].map((p) => `${INPUT}-${p}`));
  });
});
