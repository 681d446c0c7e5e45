import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig, type ResolvedStreamsConfig, type StreamsConfig } from '../config.js';
import type { Headers, Serde } from '../serdes/serde.js';
import type { StateStore, StoreType } from '../state/store.js';
import type { KeyValueStore, TimestampedKeyValueStore } from '../state/key-value-store.js';
import { ManualClock, systemClock } from '../internal/clock.js';
import { IllegalStateError, NoSuchElementError, UnknownTopicError } from '../errors.js';
import { isPromise } from '../topology/processor.js';
import { topologyModel, type Topology, type TopologyModel } from '../topology/topology.js';
import { StreamTask, type InputRecord } from '../runtime/stream-task.js';
import { PartitionGroup } from '../runtime/partition-group.js';
import type { ProducedRecord, RecordCollector } from '../runtime/record-collector.js';
import type { StreamsMetric } from '../runtime/task-metrics.js';
import { TestInputTopic } from './test-input-topic.js';
import { TestOutputTopic } from './test-output-topic.js';
import { keyValueFacade, windowFacade } from './store-facades.js';
import type { ReadOnlyWindowStore, WindowStore } from '../state/window-store.js';
import type { ValueAndTimestamp } from '../state/key-value-store.js';
import type { ReadOnlySessionStore } from '../state/session-store.js';

const DRIVER_APPLICATION_ID = 'topology-test-driver';

/**
 * Runs a topology's real tasks and processors without a broker, one record at a time, as Kafka Streams'
 * TopologyTestDriver does: every topic has one partition, the whole topology runs as task 0_0, caching is off
 * and a commit follows every record, so every update is visible. Records written to topics the topology
 * itself reads (repartition topics) are processed after the current record, lowest timestamp first.
 *
 * @example
 * const driver = new TopologyTestDriver(builder.build(), { applicationId: 'test' }, 0);
 * const input = driver.createInputTopic('words', Serdes.String(), Serdes.String());
 * const output = driver.createOutputTopic('counts', Serdes.String(), Serdes.Long());
 * await input.pipeInput('k', 'hello world');
 * expect(await output.readKeyValuesToMap()).toEqual(new Map([['hello', 1], ['world', 1]]));
 */
export class TopologyTestDriver implements AsyncDisposable {
  readonly config: ResolvedStreamsConfig;
  readonly #model: TopologyModel;
  readonly #clock: ManualClock;
  readonly #task: StreamTask;
  /** Runs the global stores' sources and processors; records piped to a global topic update the store directly. */
  readonly #globalTask: StreamTask | undefined;
  readonly #queue = new PartitionGroup();
  readonly #outputs = new Map<string, { records: ProducedRecord[]; head: number }>();
  readonly #offsets = new Map<string, bigint>();
  readonly #ready: Promise<void>;
  #closed = false;
  readonly #ownStateDir: string | undefined;

  constructor(topology: Topology, config: StreamsConfig = {}, initialWallClockTimeMs?: number) {
    // Like Kafka's driver: a state directory of its own (removed on close), caching off.
    this.#ownStateDir = config.stateDir === undefined ? mkdtempSync(join(tmpdir(), 'kstreams-driver-')) : undefined;
    this.config = resolveConfig({ ...config, cacheMaxBytesBuffering: 0, stateDir: config.stateDir ?? (this.#ownStateDir as string) }, DRIVER_APPLICATION_ID);
    this.#model = topologyModel(topology);
    this.#clock = new ManualClock(initialWallClockTimeMs ?? systemClock.nowMs());
    const collector: RecordCollector = { send: (record) => this.#capture(record), partitionsFor: () => 1 };
    const subtopologies = this.#model.subtopologies();
    const globals = [...this.#model.globalStores.values()];
    this.#globalTask =
      globals.length === 0
        ? undefined
        : new StreamTask({
            id: 'global',
            partition: 0,
            model: this.#model,
            nodeNames: globals.flatMap((g) => [g.sourceName, g.processorName]),
            storeNames: globals.map((g) => g.storeName),
            config: this.config,
            collector,
            clock: this.#clock,
          });
    this.#task = new StreamTask({
      id: '0_0',
      partition: 0,
      model: this.#model,
      nodeNames: subtopologies.flatMap((s) => s.nodeNames),
      storeNames: subtopologies.flatMap((s) => s.storeNames),
      config: this.config,
      collector,
      clock: this.#clock,
      ...(this.#globalTask === undefined ? {} : { globalStores: this.#globalTask.stores }),
    });
    const globalTask = this.#globalTask;
    this.#ready = globalTask === undefined ? this.#task.init() : globalTask.init().then(() => this.#task.init());
    this.#ready.catch(() => undefined); // surfaced by the first call that awaits it
  }

  /** A topic to pipe records into; records without a timestamp start at `startTimestampMs` and step by `autoAdvanceMs`. */
  createInputTopic<K, V>(topic: string, keySerde: Serde<K>, valueSerde: Serde<V>, startTimestampMs?: number, autoAdvanceMs = 0): TestInputTopic<K, V> {
    const sink = { pipe: (t: string, k: Buffer | null, v: Buffer | null, ts: number, h: Headers) => this.#pipe(t, k, v, ts, h) };
    return new TestInputTopic(topic, sink, keySerde, valueSerde, startTimestampMs ?? this.#clock.nowMs(), autoAdvanceMs);
  }

  /** A topic to read what the topology wrote, in order. */
  createOutputTopic<K, V>(topic: string, keySerde: Serde<K>, valueSerde: Serde<V>): TestOutputTopic<K, V> {
    const source = { poll: (t: string) => this.#poll(t), queueSize: (t: string) => this.#queueSize(t) };
    return new TestOutputTopic(topic, source, keySerde, valueSerde);
  }

  /** Moves the mock wall clock forward, fires wall-clock punctuators, then processes what they produced. */
  async advanceWallClockTime(ms: number): Promise<void> {
    await this.#ready;
    this.#clock.advance(ms);
    const result = this.#task.punctuateWallClock();
    if (result !== undefined && isPromise(result)) await result;
    await this.#commit();
    await this.#processAll();
  }

  /** A key-value store of the topology (timestamped DSL stores are shown value-only); undefined for another kind. */
  getKeyValueStore<K, V>(name: string): KeyValueStore<K, V> | undefined {
    const store = this.#store(name, ['keyValue', 'timestampedKeyValue']);
    if (store === undefined) return undefined;
    return this.#storeType(name) === 'timestampedKeyValue'
      ? keyValueFacade(store as unknown as TimestampedKeyValueStore<K, V>)
      : (store as unknown as KeyValueStore<K, V>);
  }

  /** A timestamped key-value store of the topology; undefined for another kind. */
  getTimestampedKeyValueStore<K, V>(name: string): TimestampedKeyValueStore<K, V> | undefined {
    return this.#store(name, ['timestampedKeyValue']) as unknown as TimestampedKeyValueStore<K, V> | undefined;
  }

  /** A window store of the topology (timestamped DSL stores are shown value-only); undefined for another kind. */
  getWindowStore<K, V>(name: string): ReadOnlyWindowStore<K, V> | undefined {
    const store = this.#store(name, ['window', 'timestampedWindow']);
    if (store === undefined) return undefined;
    return this.#storeType(name) === 'timestampedWindow'
      ? windowFacade(store as unknown as WindowStore<K, ValueAndTimestamp<V>>)
      : (store as unknown as ReadOnlyWindowStore<K, V>);
  }

  /** A session store of the topology; undefined for another kind. */
  getSessionStore<K, V>(name: string): ReadOnlySessionStore<K, V> | undefined {
    return this.#store(name, ['session']) as unknown as ReadOnlySessionStore<K, V> | undefined;
  }

  /** A custom store. Built-in key-value, window and session stores must be read with their typed getters. */
  getStateStore<S extends StateStore = StateStore>(name: string): S | undefined {
    const type = this.#storeType(name);
    if (type !== undefined) {
      throw new IllegalStateError(
        `Store ${name} is a built-in ${type} store; use the typed getter (getKeyValueStore, getTimestampedKeyValueStore, getWindowStore or getSessionStore).`,
      );
    }
    return (this.#task.getStore(name) ?? this.#globalTask?.getStore(name)) as S | undefined;
  }

  /** Every store of the topology by name. */
  getAllStateStores(): Map<string, StateStore> {
    return new Map([...(this.#globalTask?.stores ?? []), ...this.#task.stores]);
  }

  /** Every topic written so far, internal (repartition, changelog) topics included. */
  producedTopicNames(): Set<string> {
    return new Set(this.#outputs.keys());
  }

  /** Task metrics under Kafka's names (e.g. `dropped-records-total`). */
  metrics(): StreamsMetric[] {
    return this.#task.metrics.snapshot('test-driver');
  }

  /** The value of one metric summed over tasks (0 when absent). */
  metricValue(name: string): number {
    return this.metrics().filter((m) => m.name === name).reduce((sum, m) => sum + m.value, 0);
  }

  /** Closes processors and stores. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#ready;
    try {
      await this.#task.close();
    } finally {
      if (this.#ownStateDir !== undefined) rmSync(this.#ownStateDir, { recursive: true, force: true });
    }
    await this.#globalTask?.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #pipe(topic: string, key: Buffer | null, value: Buffer | null, timestamp: number, headers: Headers): Promise<void> {
    await this.#ready;
    if (this.#closed) throw new IllegalStateError('The TopologyTestDriver is closed.');
    const globalTask = this.#globalTask;
    if (globalTask !== undefined && globalTask.readsTopic(topic)) {
      const offset = this.#offsets.get(topic) ?? 0n;
      this.#offsets.set(topic, offset + 1n);
      const result = globalTask.process({ topic, partition: 0, offset, key, value, timestamp, headers });
      if (result !== undefined && isPromise(result)) await result;
      await globalTask.flush();
      return;
    }
    if (!this.#task.readsTopic(topic)) {
      throw new UnknownTopicError(topic, `Unknown topic: ${topic}. The topology reads: ${this.#task.sourceTopics().join(', ') || 'no topics'}.`);
    }
    this.#enqueue({ topic, partition: 0, offset: 0n, key, value, timestamp, headers });
    await this.#processAll();
  }

  #enqueue(record: InputRecord): void {
    const offset = this.#offsets.get(record.topic) ?? 0n;
    this.#offsets.set(record.topic, offset + 1n);
    this.#queue.add({ ...record, offset });
  }

  async #processAll(): Promise<void> {
    for (let record = this.#queue.next(); record !== undefined; record = this.#queue.next()) {
      const result = this.#task.process(record);
      if (result !== undefined && isPromise(result)) await result;
      await this.#commit();
    }
  }

  async #commit(): Promise<void> {
    await this.#task.flush();
  }

  #capture(record: ProducedRecord): void {
    let queue = this.#outputs.get(record.topic);
    if (queue === undefined) {
      queue = { records: [], head: 0 };
      this.#outputs.set(record.topic, queue);
    }
    queue.records.push(record);
    if (this.#task.readsTopic(record.topic)) {
      this.#enqueue({ topic: record.topic, partition: 0, offset: 0n, key: record.key, value: record.value, timestamp: record.timestamp, headers: record.headers });
    }
  }

  #poll(topic: string): ProducedRecord {
    const queue = this.#outputs.get(topic);
    if (queue === undefined) throw new NoSuchElementError(`Uninitialized topic: ${topic}`);
    if (queue.head === queue.records.length) throw new NoSuchElementError(`Empty topic: ${topic}`);
    return queue.records[queue.head++] as ProducedRecord;
  }

  #queueSize(topic: string): number {
    const queue = this.#outputs.get(topic);
    return queue === undefined ? 0 : queue.records.length - queue.head;
  }

  #storeType(name: string): StoreType | undefined {
    return this.#model.stores.get(name)?.builder.storeType;
  }

  #store(name: string, types: readonly StoreType[]): StateStore | undefined {
    const type = this.#storeType(name);
    if (type === undefined || !types.includes(type)) return undefined;
    return this.#task.getStore(name) ?? this.#globalTask?.getStore(name);
  }
}
