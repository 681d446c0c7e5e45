import type { ResolvedStreamsConfig, TimestampExtractor } from '../config.js';
import type { AsyncCapableSerde, Headers, Serde } from '../serdes/serde.js';
import type { StateStore, StoreContext } from '../state/store.js';
import type { Clock } from '../internal/clock.js';
import { DeserializationError, StreamsError, UnknownTopicError } from '../errors.js';
import { isPromise, type Cancellable, type ProcessResult, type Punctuator, type PunctuationType } from '../topology/processor.js';
import { StreamRecord, type RecordMetadata } from '../topology/record.js';
import { ProcessorRuntimeNode, SinkRuntimeNode, SourceRuntimeNode, type RuntimeNode } from '../topology/nodes.js';
import { PunctuationQueue } from '../topology/punctuation.js';
import { resolveSerde, type SourceNodeDef, type TopologyModel } from '../topology/topology.js';
import type { TaskServices } from '../topology/task-services.js';
import type { RecordCollector } from './record-collector.js';
import { TaskMetrics } from './task-metrics.js';

/** A record read from a topic partition, still serialized. */
export interface InputRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: Headers;
}

export interface StreamTaskOptions {
  readonly id: string;
  readonly partition: number;
  readonly model: TopologyModel;
  /** The nodes this task runs (one sub-topology; the test driver runs them all in one task, as Kafka's does). */
  readonly nodeNames: readonly string[];
  readonly storeNames: readonly string[];
  readonly config: ResolvedStreamsConfig;
  readonly collector: RecordCollector;
  readonly clock: Clock;
  /** This task's share of the instance's record-cache budget; defaults to the whole `cacheMaxBytesBuffering`. */
  readonly cacheMaxBytes?: number;
  /** The instance's global stores, readable by every processor (filled before this task initializes). */
  readonly globalStores?: ReadonlyMap<string, StateStore>;
}

interface Source {
  readonly node: SourceRuntimeNode;
  readonly def: SourceNodeDef;
  readonly keySerde: Serde<unknown> | undefined;
  readonly valueSerde: Serde<unknown> | undefined;
  /** The source's extractor, else the config's default; undefined: the record's own timestamp. */
  readonly extractor: TimestampExtractor | undefined;
}

/**
 * One sub-topology × one partition: processes one record at a time through its nodes, keeps stream time,
 * fires punctuations and owns its state stores. Synchronous unless a processor returns a Promise.
 */
export class StreamTask implements TaskServices {
  readonly taskId: string;
  readonly applicationId: string;
  readonly defaultKeySerde: Serde<unknown> | undefined;
  readonly defaultValueSerde: Serde<unknown> | undefined;
  readonly metrics: TaskMetrics;
  readonly stores = new Map<string, StateStore>();
  readonly #sources = new Map<string, Source>();
  /** The source of the last record processed: records come in runs of one topic. */
  #lastTopic = '';
  #lastSource: Source | undefined;
  readonly #processors: ProcessorRuntimeNode[] = [];
  readonly #streamPunctuations = new PunctuationQueue();
  readonly #wallClockPunctuations = new PunctuationQueue();
  #streamTime = -1;
  #meta: RecordMetadata | undefined;
  #timestamp = -1;

  constructor(readonly options: StreamTaskOptions) {
    this.taskId = options.id;
    this.applicationId = options.config.applicationId;
    this.defaultKeySerde = options.config.defaultKeySerde;
    this.defaultValueSerde = options.config.defaultValueSerde;
    this.metrics = new TaskMetrics(options.id);
    this.#buildNodes();
  }

  /** Opens the stores and initializes every processor. */
  async init(): Promise<void> {
    const context = this.#storeContext();
    // Every store is built and registered synchronously (its init's synchronous part has run), so tests can
    // pre-populate in-memory stores right after constructing the TopologyTestDriver, as in Kafka.
    const pending: Promise<void>[] = [];
    for (const name of this.options.storeNames) {
      const entry = this.options.model.stores.get(name);
      if (entry === undefined) continue;
      const store = entry.builder.build({ defaultDslStore: this.options.config.defaultDslStore });
      const initialized = store.init(context);
      this.stores.set(name, store);
      if (isPromise(initialized)) pending.push(initialized);
    }
    await Promise.all(pending);
    for (const processor of this.#processors) await processor.init();
  }

  /** True if this task reads the (physical) topic. */
  readsTopic(topic: string): boolean {
    return this.#sources.has(topic);
  }

  /** The physical topics this task reads. */
  sourceTopics(): string[] {
    return [...this.#sources.keys()];
  }

  /** Deserializes and processes one input record, then fires due stream-time punctuations. */
  process(input: InputRecord): ProcessResult {
    let source = this.#lastSource;
    if (source === undefined || input.topic !== this.#lastTopic) {
      source = this.#sources.get(input.topic);
      if (source === undefined) throw new UnknownTopicError(input.topic, `Task ${this.taskId} does not read topic ${input.topic}.`);
      this.#lastTopic = input.topic;
      this.#lastSource = source;
    }
    const meta: RecordMetadata = input; // an InputRecord is a RecordMetadata: no allocation per record
    const key = this.#deserialize(source.keySerde, 'key', input.key, input, meta);
    const value = this.#deserialize(source.valueSerde, 'value', input.value, input, meta);
    // A serde returns a Promise only when it must do I/O (a registry serde meeting a new schema id, API.md):
    // only then does this record wait; the next one is taken after it, as with an async processor.
    if (isPromise(key) || isPromise(value)) return Promise.all([key, value]).then(([k, v]) => this.#processDeserialized(source, input, meta, k, v));
    return this.#processDeserialized(source, input, meta, key, value);
  }

  #processDeserialized(source: Source, input: InputRecord, meta: RecordMetadata, key: unknown, value: unknown): ProcessResult {
    const timestamp = this.#extractTimestamp(source, input, key, value);
    if (timestamp < 0) {
      this.metrics.recordDropped('invalid-timestamp');
      return;
    }
    if (timestamp > this.#streamTime) this.#streamTime = timestamp;
    this.#meta = meta;
    this.#timestamp = timestamp;
    this.metrics.processedRecords++;
    const result = source.node.process(new StreamRecord(key, value, timestamp, input.headers));
    if (result !== undefined && isPromise(result)) return result.then(() => this.punctuateStreamTime());
    return this.punctuateStreamTime();
  }

  /** Fires stream-time punctuations that are due. */
  punctuateStreamTime(): ProcessResult {
    if (this.#streamPunctuations.size === 0 || this.#streamTime < 0) return;
    return this.#streamPunctuations.mayPunctuate(this.#streamTime, (_node, fire) => this.#inPunctuation(this.#streamTime, fire));
  }

  /** Fires wall-clock punctuations that are due at the clock's current time. */
  punctuateWallClock(): ProcessResult {
    const now = this.options.clock.nowMs();
    return this.#wallClockPunctuations.mayPunctuate(now, (_node, fire) => this.#inPunctuation(now, fire));
  }

  /** Flushes every store (and with it, cached updates downstream). */
  async flush(): Promise<void> {
    for (const processor of this.#processors) await processor.processor.flush?.();
    for (const store of this.stores.values()) await store.flush();
  }

  /** Closes processors, then stores. */
  async close(): Promise<void> {
    for (const processor of this.#processors) await processor.processor.close?.();
    for (const store of this.stores.values()) await store.close();
  }

  streamTimeMs(): number {
    return this.#streamTime;
  }

  wallClockMs(): number {
    return this.options.clock.nowMs();
  }

  recordMetadata(): RecordMetadata | undefined {
    const meta = this.#meta;
    // The current InputRecord doubles as the metadata (no allocation per record); hand out only its position.
    return meta === undefined ? undefined : { topic: meta.topic, partition: meta.partition, offset: meta.offset };
  }

  getStore(name: string): StateStore | undefined {
    return this.stores.get(name);
  }

  globalStore(name: string): StateStore | undefined {
    return this.options.globalStores?.get(name);
  }

  schedule(nodeName: string, intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable {
    if (type === 'STREAM_TIME') return this.#streamPunctuations.schedule(nodeName, 0, intervalMs, punctuator);
    if (type === 'WALL_CLOCK_TIME') {
      return this.#wallClockPunctuations.schedule(nodeName, this.options.clock.nowMs() + intervalMs, intervalMs, punctuator);
    }
    throw new TypeError(`Unknown punctuation type ${String(type)}; expected 'STREAM_TIME' or 'WALL_CLOCK_TIME'`);
  }

  send(topic: string, partition: number | undefined, key: Buffer | null, value: Buffer | null, timestamp: number, headers: Headers): void {
    this.options.collector.send({ topic, partition, key, value, timestamp, headers });
  }

  partitionsFor(topic: string): number | undefined {
    return this.options.collector.partitionsFor(topic);
  }

  physicalTopic(topic: string): string {
    return this.options.model.internalTopics.has(topic) ? `${this.applicationId}-${topic}` : topic;
  }

  recordDropped(_nodeName: string, reason: string): void {
    this.metrics.recordDropped(reason);
  }

  #inPunctuation(timeMs: number, fire: () => ProcessResult): ProcessResult {
    this.#meta = undefined;
    this.#timestamp = timeMs;
    this.metrics.punctuations++;
    return fire();
  }

  #buildNodes(): void {
    const { model, nodeNames } = this.options;
    const runtime = new Map<string, RuntimeNode>();
    for (const name of nodeNames) {
      const def = model.nodes.get(name);
      if (def === undefined) continue;
      if (def.kind === 'source') {
        const node = new SourceRuntimeNode(name);
        runtime.set(name, node);
        const source: Source = {
          node,
          def,
          keySerde: resolveSerde(def.options.keySerde, this.defaultKeySerde),
          valueSerde: resolveSerde(def.options.valueSerde, this.defaultValueSerde),
          extractor: def.options.timestampExtractor ?? this.options.config.defaultTimestampExtractor,
        };
        for (const topic of def.topics) this.#sources.set(this.physicalTopic(topic), source);
      } else if (def.kind === 'processor') {
        const node = new ProcessorRuntimeNode(def, this);
        runtime.set(name, node);
        this.#processors.push(node);
      } else {
        runtime.set(name, new SinkRuntimeNode(def, this));
      }
    }
    for (const name of nodeNames) {
      const def = model.nodes.get(name);
      if (def === undefined || def.kind === 'source') continue;
      for (const parent of def.parents) runtime.get(parent)?.children.push(runtime.get(name) as RuntimeNode);
    }
  }

  #deserialize(serde: Serde<unknown> | undefined, what: 'key' | 'value', bytes: Buffer | null, input: InputRecord, meta: RecordMetadata): unknown {
    if (bytes === null) return null;
    if (serde === undefined) {
      throw new StreamsError(
        'INVALID_CONFIG',
        `No ${what} serde for topic ${input.topic}: pass Consumed.with(keySerde, valueSerde) or set default${what === 'key' ? 'Key' : 'Value'}Serde in the config.`,
      );
    }
    try {
      const result: unknown = (serde as AsyncCapableSerde<unknown>).deserialize(input.topic, bytes, input.headers);
      return isPromise(result) ? Promise.resolve(result).catch((error: unknown) => this.#deserializationFailed(what, input, meta, error)) : result;
    } catch (error) {
      return this.#deserializationFailed(what, input, meta, error);
    }
  }

  #deserializationFailed(what: 'key' | 'value', input: InputRecord, meta: RecordMetadata, error: unknown): never {
    throw new DeserializationError(
      meta,
      `Could not deserialize the ${what} of the record at topic ${input.topic}, partition ${input.partition}, offset ${input.offset}: ` +
        `${error instanceof Error ? error.message : String(error)}. Check that the source's serdes match what producers write.`,
      error,
    );
  }

  #extractTimestamp(source: Source, input: InputRecord, key: unknown, value: unknown): number {
    const extractor = source.extractor;
    if (extractor === undefined) {
      if (input.timestamp < 0) {
        throw new StreamsError(
          'PROCESSING',
          `Input record at topic ${input.topic}, partition ${input.partition}, offset ${input.offset} has invalid (negative) timestamp ${input.timestamp}. ` +
            'Use a timestamp extractor (Consumed.with(...).withTimestampExtractor) that returns a valid event time.',
        );
      }
      return input.timestamp;
    }
    // Field by field, not a spread: a transport's record may compute its offset in a getter.
    const record = { topic: input.topic, partition: input.partition, offset: input.offset, key, value, timestamp: input.timestamp, headers: input.headers };
    return extractor(record, this.#streamTime);
  }

  #storeContext(): StoreContext {
    const topics = new Map<string, string>();
    const noHeaders: Headers = Object.freeze({});
    return {
      applicationId: this.applicationId,
      taskId: this.taskId,
      defaultKeySerde: this.defaultKeySerde,
      defaultValueSerde: this.defaultValueSerde,
      logChange: (storeName, key, value, timestampMs, headers) => {
        this.options.collector.send({
          topic: topics.get(storeName) ?? cachedTopic(topics, storeName, `${this.applicationId}-${storeName}-changelog`),
          partition: this.options.partition,
          key,
          value,
          timestamp: timestampMs,
          headers: headers ?? noHeaders,
        });
      },
      currentTimestampMs: () => this.#timestamp,
      stateDir: this.options.config.stateDir,
      cacheMaxBytes: Math.floor((this.options.cacheMaxBytes ?? this.options.config.cacheMaxBytesBuffering) / Math.max(1, this.options.storeNames.length)),
    };
  }
}

function cachedTopic(topics: Map<string, string>, storeName: string, topic: string): string {
  topics.set(storeName, topic);
  return topic;
}
