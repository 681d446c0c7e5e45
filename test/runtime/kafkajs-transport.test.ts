// Unit tests of the kafka:// transport's pure parts: URL parsing, error mapping and the kafkajs assigner.
// The transport against a broker is tested in test/integration (librdkafka's mock cluster).
import { AssignerProtocol, type Cluster, type Logger as KafkajsLogger } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { StreamsError } from '../../src/errors.js';
import { copartitionedAssigner } from '../../src/runtime/kafkajs/copartitioned-assigner.js';
import { parseKafkaUrl, toStreamsError } from '../../src/runtime/kafkajs/kafkajs-transport.js';
import type { Subscription, TopicPartition } from '../../src/runtime/transport.js';
import { inputHeaders, toInput } from '../../src/runtime/kafkajs/kafkajs-support.js';
import { StreamTask } from '../../src/runtime/stream-task.js';
import { resolveConfig } from '../../src/config.js';
import { systemClock } from '../../src/internal/clock.js';
import { topologyModel } from '../../src/topology/topology.js';
import { Consumed, Serdes, StreamsBuilder } from '../../src/index.js';

describe('parseKafkaUrl', () => {
  it('reads brokers and numeric settings from kafka:// URLs and host:port lists', () => {
    expect(parseKafkaUrl('kafka://a:1,b:2?sessionTimeoutMs=3000&assignDelayMs=300&clientId=x')).toEqual({ brokers: ['a:1', 'b:2'], sessionTimeoutMs: 3000, assignDelayMs: 300, clientId: 'x' });
    expect(parseKafkaUrl(['a:1', 'kafka://b:2'])).toEqual({ brokers: ['a:1', 'b:2'] });
  });

  it('reports every unknown or invalid parameter at once', () => {
    expect(() => parseKafkaUrl('kafka://a:1?foo=1&sessionTimeoutMs=soon')).toThrow(/foo=1, sessionTimeoutMs=soon/);
    expect(() => parseKafkaUrl('kafka://')).toThrow(StreamsError);
  });
});

describe('toStreamsError', () => {
  it('keeps whether kafkajs considers the error retriable, also through a retries-exceeded wrapper', () => {
    const leader = Object.assign(new Error('This server is not the leader'), { type: 'NOT_LEADER_FOR_PARTITION', retriable: true });
    expect(toStreamsError(leader, 'send')).toMatchObject({ code: 'BROKER', retriable: true });
    const wrapped = Object.assign(new Error('retries exceeded'), { retriable: false, originalError: leader });
    expect(toStreamsError(wrapped, 'send').retriable).toBe(true);
    const unknown = Object.assign(new Error('unknown topic'), { type: 'UNKNOWN_TOPIC_OR_PARTITION', retriable: false });
    expect(toStreamsError(unknown, 'metadata')).toMatchObject({ code: 'UNKNOWN_TOPIC', retriable: false });
  });
});

describe('copartitionedAssigner', () => {
  const subscription: Subscription = { topics: ['a', 'b', 'c'], topicGroups: [['a', 'b'], ['c']], offsetReset: 'earliest' };
  const cluster = { findTopicPartitionMetadata: (topic: string) => Array.from({ length: topic === 'c' ? 2 : 4 }, (_, p) => ({ partitionId: p })) } as unknown as Cluster;
  const logger = {} as KafkajsLogger;

  function member(id: string, owned: TopicPartition[]) {
    const assigner = copartitionedAssigner({ subscription, owned: () => owned })({ cluster, groupId: 'g', logger });
    return { memberId: id, memberMetadata: assigner.protocol({ topics: [...subscription.topics] }).metadata, assigner };
  }

  async function assign(members: ReturnType<typeof member>[]) {
    const result = await (members[0] as ReturnType<typeof member>).assigner.assign({ members, topics: [...subscription.topics] });
    return new Map(result.map((r) => [r.memberId, AssignerProtocol.MemberAssignment.decode(r.memberAssignment)?.assignment ?? {}]));
  }

  it('puts partition p of co-partitioned topics on one member and spreads the 6 tasks 3/3', async () => {
    const result = await assign([member('m1', []), member('m2', [])]);
    for (const assignment of result.values()) {
      expect(assignment['a']).toEqual(assignment['b']);
      expect((assignment['a']?.length ?? 0) + (assignment['c']?.length ?? 0)).toBe(3);
    }
  });

  it('keeps what a member reported owning (sticky) when a member joins', async () => {
    const first = await assign([member('m1', []), member('m2', [])]);
    const owned = (id: string) => Object.entries(first.get(id) ?? {}).flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
    const second = await assign([member('m1', owned('m1')), member('m2', owned('m2')), member('m3', [])]);
    const kept = (id: string) => owned(id).filter((tp) => second.get(id)?.[tp.topic]?.includes(tp.partition)).length;
    expect(kept('m1')).toBeGreaterThanOrEqual(2);
    expect(kept('m2')).toBeGreaterThanOrEqual(2);
    expect(Object.values(second.get('m3') ?? {}).flat().length).toBeGreaterThan(0);
  });
});

describe('inputHeaders', () => {
  it("keeps each header's last value (kafkajs gives repeated headers as an array) and makes a new object per record", () => {
    const headers = { a: Buffer.from('1'), b: [Buffer.from('x'), Buffer.from('y')], c: 'text' };
    const out = inputHeaders(headers);
    expect(out).toEqual({ a: Buffer.from('1'), b: Buffer.from('y'), c: 'text' });
    expect(inputHeaders(undefined)).toEqual({});
    expect(inputHeaders({})).not.toBe(inputHeaders({}));
  });
});


describe('toInput', () => {
  const message = { offset: '9007199254740993', key: Buffer.from('k'), value: null, timestamp: '1700000000000', attributes: 0, headers: { h: Buffer.from('v') } };

  it('reads a kafkajs message as an InputRecord, with the offset as a bigint beyond 2^53', () => {
    const input = toInput('rides', 3, message);
    expect(input).toMatchObject({ topic: 'rides', partition: 3, key: Buffer.from('k'), value: null, timestamp: 1_700_000_000_000, headers: { h: Buffer.from('v') } });
    expect(input.offset).toBe(9_007_199_254_740_993n);
  });

  it("hands the record's offset to a timestamp extractor", async () => {
    const seen: bigint[] = [];
    const builder = new StreamsBuilder();
    builder
      .stream('rides', Consumed.with(Serdes.String(), Serdes.String()).withTimestampExtractor((record) => (seen.push(record.offset), 5)))
      .foreach(() => undefined);
    const model = topologyModel(builder.build());
    const [sub] = model.subtopologies();
    const task = new StreamTask({
      id: '0_3',
      partition: 3,
      model,
      nodeNames: sub?.nodeNames ?? [],
      storeNames: [],
      config: resolveConfig({ applicationId: 'app', bootstrapServers: 'memory://x' }),
      collector: { send: () => undefined, partitionsFor: () => 1 },
      clock: systemClock,
    });
    await task.init();
    await task.process(toInput('rides', 3, message));
    expect(seen).toEqual([9_007_199_254_740_993n]);
  });
});
