// Interactive-query metadata on memory://: two instances with application servers share a 4-partition topic;
// queryMetadataForKey must name the instance whose local store holds the key (Kafka's KeyQueryMetadata).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssignerProtocol } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { ConfigError, Consumed, Materialized, Serdes, StreamsBuilder, resolveConfig } from '../../src/index.js';
import { defaultPartition } from '../../src/internal/murmur2.js';
import { KafkaStreams } from '../../src/runtime/kafka-streams.js';
import { EmbeddedBroker } from '../../src/runtime/embedded/embedded-broker.js';
import { encodeGroupInfo, onGroupInfo } from '../../src/runtime/kafkajs/group-info.js';
import type { GroupMember } from '../../src/runtime/transport.js';

function countTopology() {
  const builder = new StreamsBuilder();
  builder.stream<string, string>('clicks', Consumed.with(Serdes.String(), Serdes.String())).groupByKey().count(Materialized.as('click-counts'));
  builder.globalTable<string, string>('users', Consumed.with(Serdes.String(), Serdes.String()), Materialized.as('users-global'));
  return builder.build();
}

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const KEYS = Array.from({ length: 16 }, (_, i) => `user-${i}`);

describe('interactive-query metadata on memory://', () => {
  it('names the instance whose local store holds each key, and lists both instances with disjoint partitions', async () => {
    const url = 'memory://query-metadata-test';
    const broker = EmbeddedBroker.for(url);
    await broker.createTopic('clicks', { partitions: 4 });
    await broker.createTopic('users', { partitions: 1 });
    const config = (server: string) => ({
      applicationId: 'iq',
      bootstrapServers: url,
      applicationServer: server,
      commitIntervalMs: 0,
      defaultDslStore: 'in_memory' as const,
      stateDir: mkdtempSync(join(tmpdir(), 'kstreams-iq-')),
    });
    const a = new KafkaStreams(countTopology(), config('a:1'));
    const b = new KafkaStreams(countTopology(), config('b:2'));
    await expect(a.metadataForAllStreamsClients()).rejects.toMatchObject({ code: 'ILLEGAL_STATE' });
    await a.start();
    await b.start();
    try {
      await until(async () => (await a.metadataForAllStreamsClients()).length === 2 && (await b.metadataForAllStreamsClients()).length === 2, 'both members assigned');
      const clicks = KEYS.flatMap((key, i) => Array.from({ length: (i % 3) + 1 }, () => ({ key, value: 'click' })));
      await broker.produce('clicks', clicks, { keySerde: Serdes.String(), valueSerde: Serdes.String() });
      const byServer = new Map([['a:1', a], ['b:2', b]]);
      const local = (key: string) => [a, b].map((s) => s.store<string, number>('click-counts').get(key));
      await until(() => KEYS.every((key, i) => local(key).includes((i % 3) + 1)), 'every key counted');

      for (const [i, key] of KEYS.entries()) {
        for (const asker of [a, b]) {
          const metadata = await asker.queryMetadataForKey('click-counts', key, Serdes.String());
          expect(metadata.partition).toBe(defaultPartition(Buffer.from(key), 4));
          expect(metadata.activeHost).toBeDefined();
          const server = `${metadata.activeHost?.host}:${metadata.activeHost?.port}`;
          const host = byServer.get(server);
          const other = host === a ? b : a;
          expect(host?.store<string, number>('click-counts').get(key), `${key} on ${server}`).toBe((i % 3) + 1);
          expect(other.store<string, number>('click-counts').get(key)).toBeUndefined();
        }
      }

      const all = await a.metadataForAllStreamsClients();
      expect(await b.metadataForAllStreamsClients()).toEqual(all);
      expect(all.map((m) => m.hostInfo).sort((x, y) => x.port - y.port)).toEqual([{ host: 'a', port: 1 }, { host: 'b', port: 2 }]);
      for (const m of all) {
        expect(m.stateStoreNames).toEqual(['click-counts', 'users-global']);
        expect(m.topicPartitions).toHaveLength(2);
        expect(m.topicPartitions.every((tp) => tp.topic === 'clicks')).toBe(true);
      }
      const partitions = all.flatMap((m) => m.topicPartitions.map((tp) => tp.partition)).sort();
      expect(partitions).toEqual([0, 1, 2, 3]);

      // A global store is complete on every instance: the asking instance answers for it.
      expect(await b.queryMetadataForKey('users-global', 'x', Serdes.String())).toEqual({ activeHost: { host: 'b', port: 2 }, partition: -1 });
      await expect(a.queryMetadataForKey('no-such-store', 'x', Serdes.String())).rejects.toMatchObject({ code: 'UNKNOWN_STATE_STORE' });
    } finally {
      await b.close();
      await a.close();
    }
  });

  it('after one instance leaves, the other is the active host of every key', async () => {
    const url = 'memory://query-metadata-test-2';
    const broker = EmbeddedBroker.for(url);
    await broker.createTopic('clicks', { partitions: 4 });
    await broker.createTopic('users', { partitions: 1 });
    const base = { applicationId: 'iq2', bootstrapServers: url, commitIntervalMs: 0, defaultDslStore: 'in_memory' as const, stateDir: mkdtempSync(join(tmpdir(), 'kstreams-iq-')) };
    const a = new KafkaStreams(countTopology(), { ...base, applicationServer: 'a:1' });
    const b = new KafkaStreams(countTopology(), base); // no applicationServer: not listed, its keys have no known host
    await a.start();
    await b.start();
    await until(async () => (await a.metadataForAllStreamsClients())[0]?.topicPartitions.length === 2, 'a holds half');
    const unhosted = await Promise.all(KEYS.map((key) => a.queryMetadataForKey('click-counts', key, Serdes.String())));
    expect(unhosted.filter((m) => m.activeHost === undefined).length).toBeGreaterThan(0);
    await b.close();
    await until(async () => (await a.metadataForAllStreamsClients())[0]?.topicPartitions.length === 4, 'a holds all');
    for (const key of KEYS) expect((await a.queryMetadataForKey('click-counts', key, Serdes.String())).activeHost).toEqual({ host: 'a', port: 1 });
    await a.close();
  });
});

describe('applicationServer config', () => {
  it('accepts host:port and reports anything else with the other bad fields', () => {
    expect(resolveConfig({ applicationId: 'x', applicationServer: 'localhost:8080' }).applicationServer).toBe('localhost:8080');
    expect(resolveConfig({ applicationId: 'x' }).applicationServer).toBeUndefined();
    for (const bad of ['localhost', 'host:port', ':80', 'h:70000']) {
      expect(() => resolveConfig({ applicationId: 'x', applicationServer: bad })).toThrow(/applicationServer: expected "host:port"/);
    }
    const error = (() => {
      try {
        resolveConfig({ applicationId: 'x', applicationServer: 'nope', commitIntervalMs: -1 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/commitIntervalMs[\s\S]*applicationServer/);
  });
});

describe('kafka:// group view in the assignment userData', () => {
  it('hands the view of a decoded assignment to listeners of that group only, and kafkajs still gets its decoded assignment', () => {
    const members: GroupMember[] = [
      { memberId: 'm1', applicationServer: 'a:1', partitions: [{ topic: 't', partition: 0 }] },
      { memberId: 'm2', applicationServer: undefined, partitions: [{ topic: 't', partition: 1 }] },
    ];
    const seen: GroupMember[][] = [];
    const other: GroupMember[][] = [];
    const stop = onGroupInfo('g', (m) => seen.push(m));
    const stopOther = onGroupInfo('h', (m) => other.push(m));
    const buffer = AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: { t: [0] }, userData: encodeGroupInfo('g', members) });
    expect(AssignerProtocol.MemberAssignment.decode(buffer)).toMatchObject({ version: 1, assignment: { t: [0] } });
    expect(seen).toEqual([members]);
    expect(other).toEqual([]);
    stop();
    stopOther();
    AssignerProtocol.MemberAssignment.decode(buffer);
    AssignerProtocol.MemberAssignment.decode(AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: {}, userData: Buffer.from('not json') }));
    expect(seen).toHaveLength(1);
  });
});
