import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Consumed, Grouped, Materialized, Produced, Serdes, StreamsBuilder } from '../../src/index.js';
import { KafkaStreams } from '../../src/runtime/kafka-streams.js';
import { EmbeddedBroker } from '../../src/runtime/embedded/embedded-broker.js';
import { EmbeddedTransport } from '../../src/runtime/embedded/embedded-transport.js';
import type { TopicPartition } from '../../src/runtime/transport.js';
import type { StreamsState } from '../../src/runtime/lifecycle.js';

function wordCount() {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('lines', Consumed.with(Serdes.String(), Serdes.String()))
    .flatMapValues((line) => line.toLowerCase().split(/\W+/).filter((w) => w.length > 0))
    .groupBy((_k, word) => word, Grouped.with(Serdes.String(), Serdes.String()))
    .count()
    .toStream()
    .to('counts', Produced.with(Serdes.String(), Serdes.Long()));
  return builder.build();
}

const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-runtime-test-'));

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function latestCounts(broker: EmbeddedBroker): Map<string, number> {
  const out = new Map<string, number>();
  if (broker.partitionCount('counts') === undefined) return out;
  for (const r of broker.records('counts', { keySerde: Serdes.String(), valueSerde: Serdes.Long() })) out.set(r.key as string, r.value as number);
  return out;
}

describe('KafkaStreams on the embedded broker', () => {
  it('runs word count through a repartition topic, commits offsets and goes CREATED → REBALANCING → RUNNING → NOT_RUNNING', async () => {
    const url = 'memory://kafka-streams-test-1';
    const broker = EmbeddedBroker.for(url);
    await broker.createTopic('lines', { partitions: 3 });
    await broker.produce('lines', [{ key: 'a', value: 'hello world' }, { key: 'b', value: 'hello kafka streams' }, { key: 'c', value: 'world' }], {
      keySerde: Serdes.String(),
      valueSerde: Serdes.String(),
    });
    const streams = new KafkaStreams(wordCount(), { applicationId: 'wc', bootstrapServers: url, commitIntervalMs: 0, stateDir });
    const states: StreamsState[] = [];
    streams.setStateListener((next) => states.push(next));
    await streams.start();
    await until(() => latestCounts(broker).get('hello') === 2 && latestCounts(broker).get('world') === 2, 'counts');
    expect(latestCounts(broker)).toEqual(new Map([['hello', 2], ['world', 2], ['kafka', 1], ['streams', 1]]));
    expect(broker.topicNames().sort()).toEqual([
      'counts',
      'lines',
      'wc-KSTREAM-AGGREGATE-STATE-STORE-0000000003-changelog',
      'wc-KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition',
    ]);
    expect(broker.partitionCount('wc-KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition')).toBe(3);
    expect(broker.topicConfig('wc-KSTREAM-AGGREGATE-STATE-STORE-0000000003-changelog')).toMatchObject({ 'cleanup.policy': 'compact' });
    expect(streams.store<string, number>('KSTREAM-AGGREGATE-STATE-STORE-0000000003').get('hello')).toBe(2);
    await streams.close();
    expect(states).toEqual(['REBALANCING', 'RUNNING', 'PENDING_SHUTDOWN', 'NOT_RUNNING']);
    const committed = [0, 1, 2].reduce((n, p) => n + Number(broker.committedOffset('wc', 'lines', p) ?? 0n), 0);
    expect(committed).toBe(3);
  });

  it('restores state from the changelog when an application restarts', async () => {
    const url = 'memory://kafka-streams-test-2';
    const broker = EmbeddedBroker.for(url);
    await broker.createTopic('lines', { partitions: 2 });
    const produce = (value: string) => broker.produce('lines', [{ key: value, value }], { keySerde: Serdes.String(), valueSerde: Serdes.String() });
    await produce('apple');
    const first = new KafkaStreams(wordCount(), { applicationId: 'wc2', bootstrapServers: url, commitIntervalMs: 0, stateDir });
    await first.start();
    await until(() => latestCounts(broker).get('apple') === 1, 'first count');
    await first.close();
    await produce('apple');
    const second = new KafkaStreams(wordCount(), { applicationId: 'wc2', bootstrapServers: url, commitIntervalMs: 0, stateDir });
    await second.start();
    await until(() => latestCounts(broker).get('apple') === 2, 'count continued from restored state');
    await second.close();
    expect(broker.records('counts', { keySerde: Serdes.String(), valueSerde: Serdes.Long() }).map((r) => r.value)).toEqual([1, 2]);
  });

  it('shares the partitions of a group between two instances, co-partitioned by sub-topology', async () => {
    const url = 'memory://kafka-streams-test-3';
    const broker = EmbeddedBroker.for(url);
    await broker.createTopic('lines', { partitions: 4 });
    const a = new KafkaStreams(wordCount(), { applicationId: 'wc3', bootstrapServers: url, commitIntervalMs: 0, stateDir });
    const b = new KafkaStreams(wordCount(), { applicationId: 'wc3', bootstrapServers: url, commitIntervalMs: 0, stateDir });
    await a.start();
    await b.start();
    const words = Array.from({ length: 40 }, (_, i) => `w${i % 10}`);
    await broker.produce('lines', words.map((w, i) => ({ key: String(i), value: w })), { keySerde: Serdes.String(), valueSerde: Serdes.String() });
    await until(() => [...latestCounts(broker).values()].reduce((x, y) => x + y, 0) >= 40 && latestCounts(broker).size === 10 && [...latestCounts(broker).values()].every((n) => n === 4), 'all counts');
    const tasksA = a.metrics().map((m) => m.tags['task-id']);
    const tasksB = b.metrics().map((m) => m.tags['task-id']);
    expect(new Set(tasksA).size).toBeGreaterThan(0);
    expect(new Set(tasksB).size).toBeGreaterThan(0);
    expect([...new Set(tasksA)].filter((t) => tasksB.includes(t))).toEqual([]);
    await a.close();
    await b.close();
  });
});

describe('KafkaStreams with a GlobalKTable', () => {
  it('bootstraps the global store from every partition before processing, then keeps it up to date', async () => {
    const url = 'memory://kafka-streams-test-global';
    const broker = EmbeddedBroker.for(url);
    await broker.createTopic('vendors', { partitions: 3 });
    await broker.createTopic('rides', { partitions: 2 });
    const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
    await broker.produce('vendors', [{ key: '1', value: 'Creative Mobile' }, { key: '2', value: 'VeriFone' }], strings);
    await broker.produce('rides', [{ key: 'r1', value: '1' }, { key: 'r2', value: '2' }], strings);
    const builder = new StreamsBuilder();
    const vendors = builder.globalTable<string, string>('vendors', Consumed.with(Serdes.String(), Serdes.String()), Materialized.as('vendor-names'));
    builder
      .stream<string, string>('rides', Consumed.with(Serdes.String(), Serdes.String()))
      .join(vendors, (_rideKey, vendorId) => vendorId, (vendorId, name) => `${vendorId}:${name}`)
      .to('enriched', Produced.with(Serdes.String(), Serdes.String()));
    const streams = new KafkaStreams(builder.build(), { applicationId: 'global', bootstrapServers: url, commitIntervalMs: 0, stateDir });
    await streams.start();
    const enriched = () => (broker.partitionCount('enriched') === undefined ? [] : broker.records('enriched', strings).map((r) => `${r.key}=${r.value}`).sort());
    await until(() => enriched().length === 2, 'the first two rides joined with the bootstrapped vendors');
    expect(enriched()).toEqual(['r1=1:Creative Mobile', 'r2=2:VeriFone']);
    await broker.produce('vendors', [{ key: '2', value: 'VeriFone Inc.' }], strings);
    await until(() => streams.store<string, string>('vendor-names').get('2') === 'VeriFone Inc.', 'the global store update');
    await broker.produce('rides', [{ key: 'r3', value: '2' }], strings);
    await until(() => enriched().length === 3, 'the third ride');
    expect(enriched()).toContain('r3=2:VeriFone Inc.');
    await streams.close();
  });
});

describe('KafkaStreams reading a GlobalKTable alongside processing', () => {
  it('keeps processing while a poll of the global topic waits on the broker', async () => {
    const url = 'memory://kafka-streams-test-global-slow';
    const broker = EmbeddedBroker.for(url);
    await broker.createTopic('vendors', { partitions: 1 });
    await broker.createTopic('rides', { partitions: 1 });
    const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
    await broker.produce('vendors', [{ key: '1', value: 'Creative Mobile' }], strings);
    // After the bootstrap, every end-offset lookup of the global topic hangs until released (a slow broker).
    let bootstrapped = false;
    let waiting = false;
    let release: () => void = () => undefined;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    class SlowGlobalTransport extends EmbeddedTransport {
      override async endOffset(tp: TopicPartition): Promise<bigint> {
        if (tp.topic === 'vendors' && bootstrapped) {
          waiting = true;
          await stalled;
        }
        return super.endOffset(tp);
      }
    }
    const builder = new StreamsBuilder();
    const vendors = builder.globalTable<string, string>('vendors', Consumed.with(Serdes.String(), Serdes.String()));
    builder
      .stream<string, string>('rides', Consumed.with(Serdes.String(), Serdes.String()))
      .join(vendors, (_rideKey, vendorId) => vendorId, (vendorId, name) => `${vendorId}:${name}`)
      .to('enriched', Produced.with(Serdes.String(), Serdes.String()));
    const streams = new KafkaStreams(builder.build(), { applicationId: 'global-slow', bootstrapServers: url, commitIntervalMs: 0, stateDir }, { transport: new SlowGlobalTransport(broker) });
    await streams.start();
    bootstrapped = true;
    await until(() => waiting, 'a poll of the global topic waiting on the broker');
    const enriched = () => (broker.partitionCount('enriched') === undefined ? [] : broker.records('enriched', strings).map((r) => `${r.key}=${r.value}`));
    await broker.produce('rides', [{ key: 'r1', value: '1' }], strings);
    await until(() => enriched().length === 1, 'a ride joined while the global poll waits');
    expect(enriched()).toEqual(['r1=1:Creative Mobile']);
    release();
    await streams.close();
  });
});


describe('KafkaStreams preparing to send', () => {
  it('asks the transport, before processing, to prepare its internal topics and the sink topics that exist', async () => {
    const url = 'memory://kafka-streams-test-prepare-send';
    const broker = EmbeddedBroker.for(url);
    await broker.createTopic('lines', { partitions: 2 });
    await broker.createTopic('counts', { partitions: 2 });
    const prepared: string[][] = [];
    class RecordingTransport extends EmbeddedTransport {
      async prepareSend(topics: readonly string[]): Promise<void> {
        prepared.push([...topics].sort());
      }
    }
    const builder = new StreamsBuilder();
    const lines = builder.stream<string, string>('lines', Consumed.with(Serdes.String(), Serdes.String()));
    lines.to('missing-output', Produced.with(Serdes.String(), Serdes.String()));
    lines
      .groupBy((_k, line) => line, Grouped.with(Serdes.String(), Serdes.String()))
      .count(Materialized.as('line-counts'))
      .toStream()
      .to('counts', Produced.with(Serdes.String(), Serdes.Long()));
    const streams = new KafkaStreams(builder.build(), { applicationId: 'prepare-send', bootstrapServers: url, stateDir }, { transport: new RecordingTransport(broker) });
    await streams.start();
    await streams.close();
    // The repartition topic and the changelog (created by start()) and 'counts'; 'missing-output' does not exist yet.
    expect(prepared).toEqual([['counts', 'prepare-send-line-counts-repartition', 'prepare-send-line-counts-changelog'].sort()]);
  });
});

describe('KafkaStreams committing while it processes', () => {
  /** A transport whose sends of changelog records wait until released: a slow broker. */
  class GatedTransport extends EmbeddedTransport {
    gate: Promise<void> | undefined;
    failure: Error | undefined;
    readonly sends: string[][] = [];

    override async send(records: Parameters<EmbeddedTransport['send']>[0]) {
      if (records.length > 0) this.sends.push(records.map((r) => `${r.topic}:${r.key?.toString() ?? ''}`));
      if (this.gate !== undefined && records.some((r) => r.topic.endsWith('-changelog'))) {
        await this.gate;
        if (this.failure !== undefined) throw this.failure;
      }
      return super.send(records);
    }
  }

  function counting(seen: string[]) {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('words', Consumed.with(Serdes.String(), Serdes.String()))
      .peek((key) => seen.push(key))
      .groupByKey()
      .count(Materialized.as('word-counts'));
    return builder.build();
  }

  const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };

  it('keeps processing while a commit sends, and commits the offsets only once its records are sent', async () => {
    const url = 'memory://kafka-streams-test-commit-overlap';
    const broker = EmbeddedBroker.for(url);
    await broker.createTopic('words', { partitions: 1 });
    const transport = new GatedTransport(broker);
    let release: () => void = () => undefined;
    transport.gate = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    const streams = new KafkaStreams(counting(seen), { applicationId: 'overlap', bootstrapServers: url, commitIntervalMs: 0, stateDir, defaultDslStore: 'in_memory' }, { transport });
    await streams.start();
    await broker.produce('words', [{ key: 'a', value: '1' }, { key: 'b', value: '1' }], strings);
    await until(() => transport.sends.length === 1, 'the first commit sending its changelog records');
    // The send waits on the broker; the next records are processed meanwhile, and no offset is committed yet.
    await broker.produce('words', [{ key: 'a', value: '2' }, { key: 'c', value: '1' }], strings);
    await until(() => seen.length === 4, 'records processed while the commit sends');
    expect(broker.committedOffset('overlap', 'words', 0)).toBeUndefined();
    expect(transport.sends).toEqual([['overlap-word-counts-changelog:a', 'overlap-word-counts-changelog:b']]);
    release();
    await until(() => broker.committedOffset('overlap', 'words', 0) === 4n, 'every offset committed');
    expect(streams.store<string, number>('word-counts').get('a')).toBe(2);
    await streams.close();
    // The second commit's records went after the first's, in one later send.
    expect(transport.sends).toEqual([
      ['overlap-word-counts-changelog:a', 'overlap-word-counts-changelog:b'],
      ['overlap-word-counts-changelog:a', 'overlap-word-counts-changelog:c'],
    ]);
  });

  it('stops processing once 100k records wait behind a commit that is still sending, and loses none of them', async () => {
    const url = 'memory://kafka-streams-test-commit-overlap-bound';
    const broker = EmbeddedBroker.for(url);
    await broker.createTopic('words', { partitions: 1 });
    await broker.createTopic('copies', { partitions: 1 });
    const transport = new GatedTransport(broker);
    let release: () => void = () => undefined;
    transport.gate = new Promise<void>((resolve) => (release = resolve));
    let seen = 0;
    const builder = new StreamsBuilder();
    const words = builder.stream<string, string>('words', Consumed.with(Serdes.String(), Serdes.String())).peek(() => seen++);
    words.to('copies', Produced.with(Serdes.String(), Serdes.String()));
    words.groupByKey().count(Materialized.as('word-counts'));
    const streams = new KafkaStreams(builder.build(), { applicationId: 'overlap-bound', bootstrapServers: url, commitIntervalMs: 0, stateDir, defaultDslStore: 'in_memory' }, { transport });
    await streams.start();
    await broker.produce('words', [{ key: 'a', value: '0' }], strings);
    await until(() => transport.sends.some((batch) => batch.some((r) => r.endsWith('-changelog:a'))), 'a commit sending its changelog record');
    const total = 150_000;
    await broker.produce('words', Array.from({ length: total }, (_, i) => ({ key: 'b', value: String(i) })), strings);
    await until(() => seen >= 100_000, 'records processed while the commit sends', 20_000);
    // However long the broker takes, processing waits once 100k records wait to be sent.
    for (let i = 0; i < 200; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toBeLessThan(1 + total);
    release();
    await until(() => broker.committedOffset('overlap-bound', 'words', 0) === BigInt(1 + total), 'every offset committed', 20_000);
    await streams.close();
    const copies = broker.records('copies', strings).map((r) => r.value);
    expect(copies).toEqual(['0', ...Array.from({ length: total }, (_, i) => String(i))]);
  }, 60_000);

  it('fails the application when a commit sending in the background fails, without committing its offsets', async () => {
    const url = 'memory://kafka-streams-test-commit-overlap-failure';
    const broker = EmbeddedBroker.for(url);
    await broker.createTopic('words', { partitions: 1 });
    const transport = new GatedTransport(broker);
    let release: () => void = () => undefined;
    transport.gate = new Promise<void>((resolve) => (release = resolve));
    transport.failure = new Error('broker gone');
    const streams = new KafkaStreams(counting([]), { applicationId: 'overlap-failure', bootstrapServers: url, commitIntervalMs: 0, stateDir, defaultDslStore: 'in_memory' }, { transport });
    await streams.start();
    await broker.produce('words', [{ key: 'a', value: '1' }], strings);
    await until(() => transport.sends.length === 1, 'the first commit sending');
    release();
    await until(() => streams.state === 'ERROR', 'the application failing');
    expect(broker.committedOffset('overlap-failure', 'words', 0)).toBeUndefined();
    await streams.close();
  });
});
