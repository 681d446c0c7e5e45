import type { Headers, Serde } from '../../serdes/serde.js';
import { StreamsError, UnknownTopicError } from '../../errors.js';
import { defaultPartition } from '../../internal/murmur2.js';
import type { InputRecord } from '../stream-task.js';
import type { TopicSpec } from '../transport.js';
import { EmbeddedGroup } from './embedded-group.js';

/** A record as the embedded broker stores it. */
interface StoredRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: Headers;
}

interface Topic {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  readonly partitions: StoredRecord[][];
  roundRobin: number;
}

/** A record to produce with the tool API. */
export interface EmbeddedProduceRecord<K, V> {
  readonly key?: K | null;
  readonly value: V | null;
  readonly timestamp?: number;
  readonly headers?: Headers;
  readonly partition?: number;
}

/** A record read with the tool API. */
export interface EmbeddedConsumedRecord<K, V> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: K | null;
  readonly value: V | null;
  readonly timestamp: number;
  readonly headers: Headers;
}

const brokers = new Map<string, EmbeddedBroker>();

/**
 * An in-process Kafka-like broker (`memory://`): topics with partitions and offsets, consumer groups with
 * several members and the same co-partitioning assignor as kafka://. `memory://` is the process default;
 * `memory://name` names another one. Data lives as long as the process.
 *
 * @example
 * const broker = EmbeddedBroker.for('memory://');
 * await broker.createTopic('rides', { partitions: 3 });
 * await broker.produce('rides', [{ key: '1', value: ride }], { keySerde: Serdes.String(), valueSerde: Serdes.JSON() });
 */
export class EmbeddedBroker {
  readonly #topics = new Map<string, Topic>();
  readonly #groups = new Map<string, EmbeddedGroup>();
  #listeners = new Set<() => void>();
  #wallClock: () => number = Date.now;

  private constructor(readonly url: string) {}

  /** The broker of a `memory://` URL, created on first use. */
  static for(url = 'memory://'): EmbeddedBroker {
    const normalized = url.replace(/\/+$/, '') === 'memory:' ? 'memory://' : url;
    if (!normalized.startsWith('memory://')) throw new TypeError(`EmbeddedBroker.for expects a memory:// URL; received ${url}`);
    let broker = brokers.get(normalized);
    if (broker === undefined) {
      broker = new EmbeddedBroker(normalized);
      brokers.set(normalized, broker);
    }
    return broker;
  }

  /** Forgets a named broker and its data (for tests). */
  static reset(url: string): void {
    brokers.delete(url);
  }

  /** Creates a topic; creating an existing topic with the same partition count is a no-op. */
  async createTopic(name: string, options: { partitions?: number; config?: Record<string, string> } = {}): Promise<void> {
    this.createTopicsSync([{ name, partitions: options.partitions ?? 1, config: options.config ?? {} }]);
  }

  /** @internal */
  createTopicsSync(specs: readonly TopicSpec[]): void {
    for (const spec of specs) {
      const existing = this.#topics.get(spec.name);
      if (existing !== undefined) continue;
      if (!Number.isInteger(spec.partitions) || spec.partitions < 1) throw new RangeError(`Topic ${spec.name} needs a positive partition count; received ${spec.partitions}`);
      this.#topics.set(spec.name, { name: spec.name, config: spec.config ?? {}, partitions: Array.from({ length: spec.partitions }, () => []), roundRobin: 0 });
    }
  }

  /** Names of all topics. */
  topicNames(): string[] {
    return [...this.#topics.keys()];
  }

  partitionCount(topic: string): number | undefined {
    return this.#topics.get(topic)?.partitions.length;
  }

  topicConfig(topic: string): Readonly<Record<string, string>> | undefined {
    return this.#topics.get(topic)?.config;
  }

  /** Appends serialized records; returns their partitions and offsets. */
  appendRaw(topic: string, records: readonly { key: Buffer | null; value: Buffer | null; timestamp?: number; headers?: Headers; partition?: number | undefined }[]) {
    const t = this.#topic(topic);
    const out: { partition: number; offset: bigint }[] = [];
    for (const r of records) {
      const partition = r.partition ?? (r.key === null ? t.roundRobin++ % t.partitions.length : defaultPartition(r.key, t.partitions.length));
      const log = t.partitions[partition];
      if (log === undefined) throw new StreamsError('UNKNOWN_TOPIC', `Topic ${topic} has no partition ${partition} (it has ${t.partitions.length}).`);
      log.push({ key: r.key, value: r.value, timestamp: r.timestamp ?? this.#wallClock(), headers: r.headers ?? {} });
      out.push({ partition, offset: BigInt(log.length - 1) });
    }
    this.#notify();
    return out;
  }

  /** Produces records, serializing keys and values with the given serdes (Buffer values pass as they are). */
  async produce<K, V>(topic: string, records: readonly EmbeddedProduceRecord<K, V>[], serdes: { keySerde?: Serde<K>; valueSerde?: Serde<V> } = {}) {
    if (!this.#topics.has(topic)) this.createTopicsSync([{ name: topic, partitions: 1 }]);
    return this.appendRaw(
      topic,
      records.map((r) => ({
        key: r.key === null || r.key === undefined ? null : toBytes(topic, r.key, serdes.keySerde),
        value: r.value === null ? null : toBytes(topic, r.value, serdes.valueSerde),
        ...(r.timestamp === undefined ? {} : { timestamp: r.timestamp }),
        ...(r.headers === undefined ? {} : { headers: r.headers }),
        ...(r.partition === undefined ? {} : { partition: r.partition }),
      })),
    );
  }

  /** Every record of a topic now, deserialized, in partition then offset order. */
  records<K, V>(topic: string, serdes: { keySerde?: Serde<K>; valueSerde?: Serde<V> } = {}): EmbeddedConsumedRecord<K, V>[] {
    const t = this.#topic(topic);
    return t.partitions.flatMap((log, partition) => log.map((r, i) => this.#decode(topic, partition, BigInt(i), r, serdes)));
  }

  /** Reads a topic as it grows (waiting for it to be created), until the loop is left (`break`) or `signal` aborts. */
  async *consume<K, V>(topic: string, options: { fromBeginning?: boolean; keySerde?: Serde<K>; valueSerde?: Serde<V>; signal?: AbortSignal } = {}): AsyncGenerator<EmbeddedConsumedRecord<K, V>> {
    const positions: number[] = [];
    let first = true;
    while (options.signal?.aborted !== true) {
      const t = this.#topics.get(topic);
      let any = false;
      if (t !== undefined) {
        for (let p = 0; p < t.partitions.length; p++) {
          const log = t.partitions[p] as StoredRecord[];
          positions[p] ??= first && options.fromBeginning === false ? log.length : 0;
          while ((positions[p] as number) < log.length) {
            const offset = positions[p] as number;
            positions[p] = offset + 1;
            any = true;
            yield this.#decode(topic, p, BigInt(offset), log[offset] as StoredRecord, options);
          }
        }
        first = false;
      }
      if (!any) await this.waitForData(1_000, options.signal);
    }
  }

  /** @internal Records of one partition in [from, to). */
  readPartition(topic: string, partition: number, from: bigint, to: bigint): InputRecord[] {
    const log = this.#topic(topic).partitions[partition] ?? [];
    const end = Math.min(Number(to), log.length);
    const out: InputRecord[] = [];
    for (let i = Number(from); i < end; i++) {
      const r = log[i] as StoredRecord;
      out.push({ topic, partition, offset: BigInt(i), key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers });
    }
    return out;
  }

  /** @internal */
  endOffset(topic: string, partition: number): bigint {
    return BigInt(this.#topic(topic).partitions[partition]?.length ?? 0);
  }

  /** @internal The consumer group, created on first use. */
  group(groupId: string): EmbeddedGroup {
    let group = this.#groups.get(groupId);
    if (group === undefined) {
      group = new EmbeddedGroup(groupId, () => new Map([...this.#topics].map(([name, t]) => [name, t.partitions.length])));
      this.#groups.set(groupId, group);
    }
    return group;
  }

  /** Committed offset (next to read) of a group on a partition. */
  committedOffset(groupId: string, topic: string, partition: number): bigint | undefined {
    return this.#groups.get(groupId)?.committed.get(`${topic}\u0000${partition}`);
  }

  /** @internal Resolves when new data arrives, after `timeoutMs`, or when woken (rebalance, close). */
  waitForData(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#listeners.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.#listeners.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** @internal Wakes every waiting poll. */
  wake(): void {
    this.#notify();
  }

  #notify(): void {
    const listeners = this.#listeners;
    this.#listeners = new Set();
    for (const listener of listeners) listener();
  }

  #topic(name: string): Topic {
    const topic = this.#topics.get(name);
    if (topic === undefined) throw new UnknownTopicError(name, `Topic ${name} does not exist on ${this.url}. Create it with broker.createTopic('${name}', { partitions }).`);
    return topic;
  }

  #decode<K, V>(topic: string, partition: number, offset: bigint, r: StoredRecord, serdes: { keySerde?: Serde<K>; valueSerde?: Serde<V> }): EmbeddedConsumedRecord<K, V> {
    return {
      topic,
      partition,
      offset,
      key: r.key === null ? null : serdes.keySerde === undefined ? (r.key as unknown as K) : serdes.keySerde.deserialize(topic, r.key, r.headers),
      value: r.value === null ? null : serdes.valueSerde === undefined ? (r.value as unknown as V) : serdes.valueSerde.deserialize(topic, r.value, r.headers),
      timestamp: r.timestamp,
      headers: r.headers,
    };
  }
}

function toBytes<T>(topic: string, data: T, serde: Serde<T> | undefined): Buffer | null {
  if (serde !== undefined) return serde.serialize(topic, data);
  if (Buffer.isBuffer(data)) return data;
  throw new TypeError(`Producing to ${topic}: pass a serde for non-Buffer keys and values ({ keySerde, valueSerde })`);
}
