import type { Serde } from '../serdes/serde.js';
import { requireNonEmptyString, requireNonNegativeInteger } from '../internal/assert.js';
import type { WindowBytesStoreSupplier, WindowStore } from './window-store.js';
import { inMemoryWindowStoreSupplier } from './in-memory/in-memory-window-store.js';
import { ChangeLoggingWindowBytesStore, TypedWindowStore } from './layers/window-stores.js';
import type { KeyValueBytesStoreSupplier, KeyValueStore, TimestampedKeyValueStore, ValueAndTimestamp } from './key-value-store.js';
import type { StoreBuildDefaults, StoreBuilder, StoreType } from './store.js';
import { BaseStoreBuilder, DEFAULT_BUILDER_OPTIONS, storedValueSerde, type BuilderOptions } from './store-builder-base.js';
import { persistentKeyValueStoreSupplier } from './leveldb/leveldb-kv-store.js';
import { persistentWindowStoreSupplier } from './leveldb/leveldb-window-store.js';
import { persistentSessionStoreSupplier } from './leveldb/leveldb-session-store.js';
import { inMemoryKeyValueStoreSupplier } from './in-memory/in-memory-kv-store.js';
import { TypedKeyValueStore } from './layers/typed-store.js';
import { CachingKeyValueStore } from './layers/caching-store.js';
import { CachingWindowStore } from './layers/caching-window-store.js';
import { ChangeLoggingKeyValueBytesStore } from './layers/change-logging-store.js';
import type { SessionBytesStoreSupplier, SessionStore } from './session-store.js';
import { inMemorySessionStoreSupplier } from './in-memory/in-memory-session-store.js';
import { SessionStoreBuilderImpl } from './session-store-builder.js';

/**
 * The one place key-value store layers are stacked: caching (typed, optional) → typed → change-logging → bytes.
 */
class KeyValueStoreBuilderImpl<K, V, S extends KeyValueStore<K, V>> extends BaseStoreBuilder<S> {
  constructor(
    readonly supplier: KeyValueBytesStoreSupplier,
    readonly keySerde: Serde<K> | undefined,
    /** The plain value serde; timestamped stores wrap it in Kafka's ValueAndTimestamp layout. */
    readonly valueSerde: Serde<unknown> | undefined,
    readonly timestamped: boolean,
    options: BuilderOptions = DEFAULT_BUILDER_OPTIONS,
  ) {
    super(options);
  }

  get name(): string {
    return this.supplier.name;
  }

  get storeType(): StoreType {
    return this.timestamped ? 'timestampedKeyValue' : 'keyValue';
  }

  build(defaults?: StoreBuildDefaults): S {
    const bytes = this.supplier.get(defaults);
    const logged = this.options.loggingEnabled ? new ChangeLoggingKeyValueBytesStore(bytes, this.timestamped) : bytes;
    const typed = new TypedKeyValueStore<K, V>(logged, this.keySerde, this.valueSerde, storedValueSerde<V>(this.timestamped));
    return (this.options.cachingEnabled ? new CachingKeyValueStore(typed) : typed) as unknown as S;
  }

  protected copy(options: BuilderOptions): this {
    return new KeyValueStoreBuilderImpl<K, V, S>(this.supplier, this.keySerde, this.valueSerde, this.timestamped, options) as this;
  }
}

/** Builds window stores: caching (typed, optional) → typed → change-logging → bytes. */
class WindowStoreBuilderImpl<K, V, S extends WindowStore<K, V>> extends BaseStoreBuilder<S> {
  constructor(
    readonly supplier: WindowBytesStoreSupplier,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<unknown> | undefined,
    readonly timestamped: boolean,
    options: BuilderOptions = DEFAULT_BUILDER_OPTIONS,
  ) {
    super(options);
  }

  get name(): string {
    return this.supplier.name;
  }

  get storeType(): StoreType {
    return this.timestamped ? 'timestampedWindow' : 'window';
  }

  build(defaults?: StoreBuildDefaults): S {
    const bytes = this.supplier.get(defaults);
    const logged = this.options.loggingEnabled ? new ChangeLoggingWindowBytesStore(bytes, this.timestamped) : bytes;
    const typed = new TypedWindowStore<K, V>(logged, this.keySerde, this.valueSerde, storedValueSerde<V>(this.timestamped));
    // Join buffers (retainDuplicates) are never cached, as in Kafka Streams.
    return (this.options.cachingEnabled && !bytes.retainDuplicates ? new CachingWindowStore(typed) : typed) as unknown as S;
  }

  protected copy(options: BuilderOptions): this {
    return new WindowStoreBuilderImpl<K, V, S>(this.supplier, this.keySerde, this.valueSerde, this.timestamped, options) as this;
  }
}

/**
 * Factories for state stores and their builders, named as in Kafka Streams.
 *
 * @example
 * builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('seen'), Serdes.String(), Serdes.Long()));
 */
export const Stores = {
  /** An in-memory key-value bytes store supplier. */
  inMemoryKeyValueStore(name: string): KeyValueBytesStoreSupplier {
    requireNonEmptyString('name', name);
    return inMemoryKeyValueStoreSupplier(name);
  },

  /**
   * An in-memory window store supplier. `retainDuplicates` keeps every put (stream-stream join buffers).
   * Entries are dropped once their window start is older than the observed stream time minus `retentionMs`.
   */
  inMemoryWindowStore(name: string, retentionMs: number, windowSizeMs: number, retainDuplicates = false): WindowBytesStoreSupplier {
    requireNonEmptyString('name', name);
    requireNonNegativeInteger('retentionMs', retentionMs);
    requireNonNegativeInteger('windowSizeMs', windowSizeMs);
    if (windowSizeMs > retentionMs) {
      throw new RangeError(`The retention period of the window store ${name} must be no smaller than its window size. Got size=[${windowSizeMs}], retention=[${retentionMs}]`);
    }
    return inMemoryWindowStoreSupplier(name, retentionMs, windowSizeMs, retainDuplicates);
  },

  /** A builder of a window store over `supplier`. */
  windowStoreBuilder<K, V>(supplier: WindowBytesStoreSupplier, keySerde?: Serde<K>, valueSerde?: Serde<V>): StoreBuilder<WindowStore<K, V>> {
    return new WindowStoreBuilderImpl<K, V, WindowStore<K, V>>(supplier, keySerde, valueSerde as Serde<unknown> | undefined, false);
  },

  /** A builder of a window store whose values carry the timestamp of the record that wrote them. */
  timestampedWindowStoreBuilder<K, V>(supplier: WindowBytesStoreSupplier, keySerde?: Serde<K>, valueSerde?: Serde<V>): StoreBuilder<WindowStore<K, ValueAndTimestamp<V>>> {
    return new WindowStoreBuilderImpl<K, ValueAndTimestamp<V>, WindowStore<K, ValueAndTimestamp<V>>>(supplier, keySerde, valueSerde as Serde<unknown> | undefined, true);
  },

  /** An in-memory session store supplier; sessions are dropped once their end is older than stream time minus `retentionMs`. */
  inMemorySessionStore(name: string, retentionMs: number): SessionBytesStoreSupplier {
    requireNonEmptyString('name', name);
    requireNonNegativeInteger('retentionMs', retentionMs);
    return inMemorySessionStoreSupplier(name, retentionMs);
  },

  /** A builder of a session store over `supplier`; serdes default to the config's default serdes. */
  sessionStoreBuilder<K, V>(supplier: SessionBytesStoreSupplier, keySerde?: Serde<K>, valueSerde?: Serde<V>): StoreBuilder<SessionStore<K, V>> {
    return new SessionStoreBuilderImpl<K, V>(supplier, keySerde, valueSerde);
  },

  /** A LevelDB key-value bytes store supplier (one database per task under `<stateDir>/<applicationId>/<taskId>/<name>`). */
  persistentKeyValueStore(name: string): KeyValueBytesStoreSupplier {
    requireNonEmptyString('name', name);
    return persistentKeyValueStoreSupplier(name);
  },

  /** Kafka's name for a timestamped persistent store; the builder decides the value layout, so it is the same supplier. */
  persistentTimestampedKeyValueStore(name: string): KeyValueBytesStoreSupplier {
    requireNonEmptyString('name', name);
    return persistentKeyValueStoreSupplier(name);
  },

  /** A LevelDB window store supplier; expiry is by segment, as Kafka's RocksDB window stores. */
  persistentWindowStore(name: string, retentionMs: number, windowSizeMs: number, retainDuplicates = false): WindowBytesStoreSupplier {
    requireNonEmptyString('name', name);
    requireNonNegativeInteger('retentionMs', retentionMs);
    requireNonNegativeInteger('windowSizeMs', windowSizeMs);
    if (windowSizeMs > retentionMs) {
      throw new RangeError(`The retention period of the window store ${name} must be no smaller than its window size. Got size=[${windowSizeMs}], retention=[${retentionMs}]`);
    }
    return persistentWindowStoreSupplier(name, retentionMs, windowSizeMs, retainDuplicates);
  },

  /** A LevelDB session store supplier; like Kafka's RocksDB session stores it stores by segment of session end and reads exactly. */
  persistentSessionStore(name: string, retentionMs: number): SessionBytesStoreSupplier {
    requireNonEmptyString('name', name);
    requireNonNegativeInteger('retentionMs', retentionMs);
    return persistentSessionStoreSupplier(name, retentionMs);
  },

  /** A builder of a plain key-value store over `supplier`; serdes default to the config's default serdes. */
  keyValueStoreBuilder<K, V>(supplier: KeyValueBytesStoreSupplier, keySerde?: Serde<K>, valueSerde?: Serde<V>): StoreBuilder<KeyValueStore<K, V>> {
    return new KeyValueStoreBuilderImpl<K, V, KeyValueStore<K, V>>(supplier, keySerde, valueSerde as Serde<unknown> | undefined, false);
  },

  /** A builder of a key-value store whose values carry the timestamp of the record that wrote them. */
  timestampedKeyValueStoreBuilder<K, V>(
    supplier: KeyValueBytesStoreSupplier,
    keySerde?: Serde<K>,
    valueSerde?: Serde<V>,
  ): StoreBuilder<TimestampedKeyValueStore<K, V>> {
    return new KeyValueStoreBuilderImpl<K, ValueAndTimestamp<V>, TimestampedKeyValueStore<K, V>>(
      supplier,
      keySerde,
      valueSerde as Serde<unknown> | undefined,
      true,
    );
  },
};
