import type { Serde } from '../serdes/serde.js';
import type { TimestampExtractor } from '../config.js';
import type { KeyValueBytesStoreSupplier } from '../state/key-value-store.js';
import type { WindowBytesStoreSupplier } from '../state/window-store.js';
import type { SessionBytesStoreSupplier } from '../state/session-store.js';
import type { StreamPartitioner } from '../topology/sink-types.js';
import { requireNonEmptyString, requirePositiveInteger } from '../internal/assert.js';

/** A name for the processor an operator adds (Kafka's Named). Without one, Kafka's generated name is used. */
export class Named {
  private constructor(readonly name: string | undefined) {}
  /** Names the processor. */
  static as(name: string): Named {
    requireNonEmptyString('name', name);
    return new Named(name);
  }
}

/** How a source topic is read: serdes, timestamp extractor, offset reset (Kafka's Consumed). */
export class Consumed<K, V> {
  private constructor(
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly timestampExtractor: TimestampExtractor | undefined,
    readonly offsetReset: 'earliest' | 'latest' | undefined,
    readonly processorName: string | undefined,
  ) {}
  /** Reads keys and values with these serdes. */
  static with<K, V>(keySerde?: Serde<K>, valueSerde?: Serde<V>): Consumed<K, V> {
    return new Consumed(keySerde, valueSerde, undefined, undefined, undefined);
  }
  /** Names the source node. */
  static as<K, V>(processorName: string): Consumed<K, V> {
    return new Consumed<K, V>(undefined, undefined, undefined, undefined, processorName);
  }
  withKeySerde(keySerde: Serde<K>): Consumed<K, V> {
    return new Consumed(keySerde, this.valueSerde, this.timestampExtractor, this.offsetReset, this.processorName);
  }
  withValueSerde(valueSerde: Serde<V>): Consumed<K, V> {
    return new Consumed(this.keySerde, valueSerde, this.timestampExtractor, this.offsetReset, this.processorName);
  }
  /** Takes event time from the record with this function. */
  withTimestampExtractor(extractor: TimestampExtractor): Consumed<K, V> {
    return new Consumed(this.keySerde, this.valueSerde, extractor, this.offsetReset, this.processorName);
  }
  /** Where to start when the group has no committed offset. */
  withOffsetResetPolicy(policy: 'earliest' | 'latest'): Consumed<K, V> {
    return new Consumed(this.keySerde, this.valueSerde, this.timestampExtractor, policy, this.processorName);
  }
  withName(processorName: string): Consumed<K, V> {
    return new Consumed(this.keySerde, this.valueSerde, this.timestampExtractor, this.offsetReset, processorName);
  }
}

/** How records are written to a topic: serdes, partitioner, sink name (Kafka's Produced). */
export class Produced<K, V> {
  private constructor(
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly partitioner: StreamPartitioner<K, V> | undefined,
    readonly processorName: string | undefined,
  ) {}
  static with<K, V>(keySerde?: Serde<K>, valueSerde?: Serde<V>, partitioner?: StreamPartitioner<K, V>): Produced<K, V> {
    return new Produced(keySerde, valueSerde, partitioner, undefined);
  }
  static as<K, V>(processorName: string): Produced<K, V> {
    return new Produced<K, V>(undefined, undefined, undefined, processorName);
  }
  withKeySerde(keySerde: Serde<K>): Produced<K, V> {
    return new Produced(keySerde, this.valueSerde, this.partitioner, this.processorName);
  }
  withValueSerde(valueSerde: Serde<V>): Produced<K, V> {
    return new Produced(this.keySerde, valueSerde, this.partitioner, this.processorName);
  }
  withStreamPartitioner(partitioner: StreamPartitioner<K, V>): Produced<K, V> {
    return new Produced(this.keySerde, this.valueSerde, partitioner, this.processorName);
  }
  withName(processorName: string): Produced<K, V> {
    return new Produced(this.keySerde, this.valueSerde, this.partitioner, processorName);
  }
}

/** Serdes and name of a grouping; the name names the repartition topic (Kafka's Grouped). */
export class Grouped<K, V> {
  private constructor(
    readonly name: string | undefined,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
  ) {}
  static with<K, V>(keySerde?: Serde<K>, valueSerde?: Serde<V>): Grouped<K, V> {
    return new Grouped(undefined, keySerde, valueSerde);
  }
  /** Names the grouping: the repartition topic becomes `<applicationId>-<name>-repartition`. */
  static as<K, V>(name: string): Grouped<K, V> {
    requireNonEmptyString('name', name);
    return new Grouped<K, V>(name, undefined, undefined);
  }
  withName(name: string): Grouped<K, V> {
    return new Grouped(name, this.keySerde, this.valueSerde);
  }
  withKeySerde(keySerde: Serde<K>): Grouped<K, V> {
    return new Grouped(this.name, keySerde, this.valueSerde);
  }
  withValueSerde(valueSerde: Serde<V>): Grouped<K, V> {
    return new Grouped(this.name, this.keySerde, valueSerde);
  }
}

/** Options of `KStream.repartition()`: name, serdes, partition count, partitioner (Kafka's Repartitioned). */
export class Repartitioned<K, V> {
  private constructor(
    readonly name: string | undefined,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly numberOfPartitions: number | undefined,
    readonly partitioner: StreamPartitioner<K, V> | undefined,
  ) {}
  static with<K, V>(keySerde?: Serde<K>, valueSerde?: Serde<V>): Repartitioned<K, V> {
    return new Repartitioned(undefined, keySerde, valueSerde, undefined, undefined);
  }
  static as<K, V>(name: string): Repartitioned<K, V> {
    requireNonEmptyString('name', name);
    return new Repartitioned<K, V>(name, undefined, undefined, undefined, undefined);
  }
  static numberOfPartitions<K, V>(partitions: number): Repartitioned<K, V> {
    requirePositiveInteger('partitions', partitions);
    return new Repartitioned<K, V>(undefined, undefined, undefined, partitions, undefined);
  }
  static streamPartitioner<K, V>(partitioner: StreamPartitioner<K, V>): Repartitioned<K, V> {
    return new Repartitioned<K, V>(undefined, undefined, undefined, undefined, partitioner);
  }
  withName(name: string): Repartitioned<K, V> {
    return new Repartitioned(name, this.keySerde, this.valueSerde, this.numberOfPartitions, this.partitioner);
  }
  withKeySerde(keySerde: Serde<K>): Repartitioned<K, V> {
    return new Repartitioned(this.name, keySerde, this.valueSerde, this.numberOfPartitions, this.partitioner);
  }
  withValueSerde(valueSerde: Serde<V>): Repartitioned<K, V> {
    return new Repartitioned(this.name, this.keySerde, valueSerde, this.numberOfPartitions, this.partitioner);
  }
  withNumberOfPartitions(partitions: number): Repartitioned<K, V> {
    requirePositiveInteger('partitions', partitions);
    return new Repartitioned(this.name, this.keySerde, this.valueSerde, partitions, this.partitioner);
  }
  withStreamPartitioner(partitioner: StreamPartitioner<K, V>): Repartitioned<K, V> {
    return new Repartitioned(this.name, this.keySerde, this.valueSerde, this.numberOfPartitions, partitioner);
  }
}

/**
 * Where and how an operator keeps its state (Kafka's Materialized): a store name (which makes the table queryable),
 * or a store supplier, plus serdes, retention, caching and logging.
 */
export class Materialized<K, V> {
  private constructor(
    readonly storeName: string | undefined,
    readonly storeSupplier: KeyValueBytesStoreSupplier | WindowBytesStoreSupplier | SessionBytesStoreSupplier | undefined,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly retentionMs: number | undefined,
    readonly cachingEnabled: boolean,
    readonly loggingEnabled: boolean,
    readonly logConfig: Readonly<Record<string, string>>,
  ) {}
  /** Materializes into a store with this name, or into the store the supplier makes. */
  static as<K, V>(nameOrSupplier: string | KeyValueBytesStoreSupplier | WindowBytesStoreSupplier | SessionBytesStoreSupplier): Materialized<K, V> {
    if (typeof nameOrSupplier === 'string') {
      requireNonEmptyString('storeName', nameOrSupplier);
      return new Materialized<K, V>(nameOrSupplier, undefined, undefined, undefined, undefined, true, true, {});
    }
    return new Materialized<K, V>(nameOrSupplier.name, nameOrSupplier, undefined, undefined, undefined, true, true, {});
  }
  /** Serdes only; the store gets a generated name and is not queryable. */
  static with<K, V>(keySerde?: Serde<K>, valueSerde?: Serde<V>): Materialized<K, V> {
    return new Materialized<K, V>(undefined, undefined, keySerde, valueSerde, undefined, true, true, {});
  }
  withKeySerde(keySerde: Serde<K>): Materialized<K, V> {
    return this.#with({ keySerde });
  }
  withValueSerde(valueSerde: Serde<V>): Materialized<K, V> {
    return this.#with({ valueSerde });
  }
  withRetention(retentionMs: number): Materialized<K, V> {
    return this.#with({ retentionMs });
  }
  withCachingEnabled(): Materialized<K, V> {
    return this.#with({ cachingEnabled: true });
  }
  withCachingDisabled(): Materialized<K, V> {
    return this.#with({ cachingEnabled: false });
  }
  withLoggingEnabled(config: Record<string, string> = {}): Materialized<K, V> {
    return this.#with({ loggingEnabled: true, logConfig: { ...config } });
  }
  withLoggingDisabled(): Materialized<K, V> {
    return this.#with({ loggingEnabled: false });
  }
  #with(change: Partial<Pick<Materialized<K, V>, 'keySerde' | 'valueSerde' | 'retentionMs' | 'cachingEnabled' | 'loggingEnabled' | 'logConfig'>>): Materialized<K, V> {
    const next = { ...this.#fields(), ...change };
    return new Materialized(next.storeName, next.storeSupplier, next.keySerde, next.valueSerde, next.retentionMs, next.cachingEnabled, next.loggingEnabled, next.logConfig);
  }
  #fields() {
    return {
      storeName: this.storeName,
      storeSupplier: this.storeSupplier,
      keySerde: this.keySerde,
      valueSerde: this.valueSerde,
      retentionMs: this.retentionMs,
      cachingEnabled: this.cachingEnabled,
      loggingEnabled: this.loggingEnabled,
      logConfig: this.logConfig,
    };
  }
}

/** Names a branch of `split()` and optionally transforms it (Kafka's Branched). */
export class Branched<K, V> {
  private constructor(
    readonly name: string | undefined,
    readonly chain: ((stream: never) => unknown) | undefined,
  ) {}
  /** Names the branch: its key in the result is the split's name prefix + this name. */
  static as<K, V>(name: string): Branched<K, V> {
    requireNonEmptyString('name', name);
    return new Branched<K, V>(name, undefined);
  }
  /** Applies `chain` to the branch stream; the result (if a stream) is what the map holds. */
  static withFunction<K, V, R>(chain: (stream: import('./kstream.js').KStream<K, V>) => R, name?: string): Branched<K, V> {
    return new Branched<K, V>(name, chain as (stream: never) => unknown);
  }
  /** Passes the branch stream to `consumer`; the branch is not put in the result map. */
  static withConsumer<K, V>(consumer: (stream: import('./kstream.js').KStream<K, V>) => void, name?: string): Branched<K, V> {
    return new Branched<K, V>(name, ((stream: never) => {
      consumer(stream);
      return undefined;
    }) as (stream: never) => unknown);
  }
}

/**
 * Serdes, store names and store suppliers of a stream-stream join (Kafka's StreamJoined). The store name is the
 * base of both window stores' names (`<name>-this-join-store`, `<name>-other-join-store`) and of the outer
 * join's shared store; `withName` names the join's processors and repartition topics.
 */
export class StreamJoined<K, V1, V2> {
  private constructor(
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V1> | undefined,
    readonly otherValueSerde: Serde<V2> | undefined,
    readonly storeName: string | undefined,
    readonly name: string | undefined,
    readonly thisStoreSupplier: WindowBytesStoreSupplier | undefined,
    readonly otherStoreSupplier: WindowBytesStoreSupplier | undefined,
    readonly loggingEnabled: boolean,
    readonly logConfig: Readonly<Record<string, string>>,
  ) {}
  /** Serdes of the key, this stream's values and the other stream's values. */
  static with<K, V1, V2>(keySerde?: Serde<K>, valueSerde?: Serde<V1>, otherValueSerde?: Serde<V2>): StreamJoined<K, V1, V2>;
  /** The window store suppliers of both sides (each must retain duplicates and match the JoinWindows). */
  static with<K, V1, V2>(thisStoreSupplier: WindowBytesStoreSupplier, otherStoreSupplier: WindowBytesStoreSupplier): StreamJoined<K, V1, V2>;
  static with<K, V1, V2>(
    a?: Serde<K> | WindowBytesStoreSupplier,
    b?: Serde<V1> | WindowBytesStoreSupplier,
    otherValueSerde?: Serde<V2>,
  ): StreamJoined<K, V1, V2> {
    if (a !== undefined && 'retainDuplicates' in a) {
      return new StreamJoined<K, V1, V2>(undefined, undefined, undefined, undefined, undefined, a, b as WindowBytesStoreSupplier, true, {});
    }
    return new StreamJoined(a, b as Serde<V1> | undefined, otherValueSerde, undefined, undefined, undefined, undefined, true, {});
  }
  /** Sets the base name of the join stores. */
  static as<K, V1, V2>(storeName: string): StreamJoined<K, V1, V2> {
    requireNonEmptyString('storeName', storeName);
    return new StreamJoined<K, V1, V2>(undefined, undefined, undefined, storeName, undefined, undefined, undefined, true, {});
  }
  /** Names the join's processors (`<name>-this-join`, …) and repartition topics (`<name>-left-repartition`, …). */
  withName(name: string): StreamJoined<K, V1, V2> {
    requireNonEmptyString('name', name);
    return this.#with({ name });
  }
  withStoreName(storeName: string): StreamJoined<K, V1, V2> {
    requireNonEmptyString('storeName', storeName);
    return this.#with({ storeName });
  }
  withKeySerde(keySerde: Serde<K>): StreamJoined<K, V1, V2> {
    return this.#with({ keySerde });
  }
  withValueSerde(valueSerde: Serde<V1>): StreamJoined<K, V1, V2> {
    return this.#with({ valueSerde });
  }
  withOtherValueSerde(otherValueSerde: Serde<V2>): StreamJoined<K, V1, V2> {
    return this.#with({ otherValueSerde });
  }
  withThisStoreSupplier(thisStoreSupplier: WindowBytesStoreSupplier): StreamJoined<K, V1, V2> {
    return this.#with({ thisStoreSupplier });
  }
  withOtherStoreSupplier(otherStoreSupplier: WindowBytesStoreSupplier): StreamJoined<K, V1, V2> {
    return this.#with({ otherStoreSupplier });
  }
  withLoggingEnabled(config: Record<string, string> = {}): StreamJoined<K, V1, V2> {
    return this.#with({ loggingEnabled: true, logConfig: { ...config } });
  }
  withLoggingDisabled(): StreamJoined<K, V1, V2> {
    return this.#with({ loggingEnabled: false, logConfig: {} });
  }
  #with(change: Partial<Omit<StreamJoined<K, V1, V2>, `with${string}`>>): StreamJoined<K, V1, V2> {
    const n = { ...this.#fields(), ...change };
    return new StreamJoined(n.keySerde, n.valueSerde, n.otherValueSerde, n.storeName, n.name, n.thisStoreSupplier, n.otherStoreSupplier, n.loggingEnabled, n.logConfig);
  }
  #fields() {
    return {
      keySerde: this.keySerde,
      valueSerde: this.valueSerde,
      otherValueSerde: this.otherValueSerde,
      storeName: this.storeName,
      name: this.name,
      thisStoreSupplier: this.thisStoreSupplier,
      otherStoreSupplier: this.otherStoreSupplier,
      loggingEnabled: this.loggingEnabled,
      logConfig: this.logConfig,
    };
  }
}

/**
 * Serdes and name of a stream-table join (Kafka's Joined): the key serde, the stream's value serde and the table's
 * value serde, used for the repartition topic when the stream's key was changed. The name names the join processor
 * and the repartition topic (`<name>-repartition`).
 */
export class Joined<K, V, VO> {
  private constructor(
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly otherValueSerde: Serde<VO> | undefined,
    readonly name: string | undefined,
  ) {}
  static with<K, V, VO>(keySerde?: Serde<K>, valueSerde?: Serde<V>, otherValueSerde?: Serde<VO>, name?: string): Joined<K, V, VO> {
    if (name !== undefined) requireNonEmptyString('name', name);
    return new Joined(keySerde, valueSerde, otherValueSerde, name);
  }
  static as<K, V, VO>(name: string): Joined<K, V, VO> {
    requireNonEmptyString('name', name);
    return new Joined<K, V, VO>(undefined, undefined, undefined, name);
  }
  static keySerde<K, V, VO>(keySerde: Serde<K>): Joined<K, V, VO> {
    return new Joined<K, V, VO>(keySerde, undefined, undefined, undefined);
  }
  static valueSerde<K, V, VO>(valueSerde: Serde<V>): Joined<K, V, VO> {
    return new Joined<K, V, VO>(undefined, valueSerde, undefined, undefined);
  }
  static otherValueSerde<K, V, VO>(otherValueSerde: Serde<VO>): Joined<K, V, VO> {
    return new Joined<K, V, VO>(undefined, undefined, otherValueSerde, undefined);
  }
  withKeySerde(keySerde: Serde<K>): Joined<K, V, VO> {
    return new Joined(keySerde, this.valueSerde, this.otherValueSerde, this.name);
  }
  withValueSerde(valueSerde: Serde<V>): Joined<K, V, VO> {
    return new Joined(this.keySerde, valueSerde, this.otherValueSerde, this.name);
  }
  withOtherValueSerde(otherValueSerde: Serde<VO>): Joined<K, V, VO> {
    return new Joined(this.keySerde, this.valueSerde, otherValueSerde, this.name);
  }
  withName(name: string): Joined<K, V, VO> {
    requireNonEmptyString('name', name);
    return new Joined(this.keySerde, this.valueSerde, this.otherValueSerde, name);
  }
}

/**
 * Partitioners and name of a foreign-key table join (Kafka's TableJoined): `partitioner` places this table's keys,
 * `otherPartitioner` the other table's (foreign) keys, when either topic is not partitioned by the default
 * partitioner. The name prefixes the join's processors, store and internal topics.
 */
export class TableJoined<K, KO> {
  private constructor(
    readonly partitioner: StreamPartitioner<K, unknown> | undefined,
    readonly otherPartitioner: StreamPartitioner<KO, unknown> | undefined,
    readonly name: string | undefined,
  ) {}
  static with<K, KO>(partitioner?: StreamPartitioner<K, unknown>, otherPartitioner?: StreamPartitioner<KO, unknown>): TableJoined<K, KO> {
    return new TableJoined(partitioner, otherPartitioner, undefined);
  }
  static as<K, KO>(name: string): TableJoined<K, KO> {
    requireNonEmptyString('name', name);
    return new TableJoined<K, KO>(undefined, undefined, name);
  }
  withPartitioner(partitioner: StreamPartitioner<K, unknown>): TableJoined<K, KO> {
    return new TableJoined(partitioner, this.otherPartitioner, this.name);
  }
  withOtherPartitioner(otherPartitioner: StreamPartitioner<KO, unknown>): TableJoined<K, KO> {
    return new TableJoined(this.partitioner, otherPartitioner, this.name);
  }
  withName(name: string): TableJoined<K, KO> {
    requireNonEmptyString('name', name);
    return new TableJoined(this.partitioner, this.otherPartitioner, name);
  }
}
