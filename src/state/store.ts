import type { Headers, Serde } from '../serdes/serde.js';

/**
 * What a store needs from the task that owns it; the runtime and the test driver implement it.
 * `state/` knows nothing of topology or runtime beyond this port.
 */
export interface StoreContext {
  readonly applicationId: string;
  readonly taskId: string;
  /** Serdes used where a store builder was given none (the config's default serdes). */
  readonly defaultKeySerde: Serde<unknown> | undefined;
  readonly defaultValueSerde: Serde<unknown> | undefined;
  /** Appends one change of `storeName` to its changelog topic. A null value is a delete. `headers` mark a format version (the suppression buffer's `v`). */
  logChange(storeName: string, key: Buffer, value: Buffer | null, timestampMs: number, headers?: Headers): void;
  /** Root directory of persistent stores (`<stateDir>`); stores live in `<stateDir>/<applicationId>/<taskId>/<store>`. */
  readonly stateDir: string | undefined;
  /** Byte budget of this store's record cache (0: caching off, every write goes through). */
  readonly cacheMaxBytes: number;
  /** The timestamp of the record being processed, stamped on changelog records. */
  currentTimestampMs(): number;
}

/** One record of a store's changelog, as read back during restoration. */
export interface ChangelogRecord {
  readonly key: Buffer;
  readonly value: Buffer | null;
  readonly timestamp: number;
}

/**
 * A store that can be rebuilt from its changelog; restoration writes bypass change-logging. A restoring store
 * is read only after its restoration is committed (persistent stores may still be writing until then), as
 * Kafka Streams does not serve a store while it restores.
 */
export interface RestorableStore {
  restore(records: readonly ChangelogRecord[]): void | Promise<void>;
}

/** True if the store (layer stack) can restore from its changelog. */
export function isRestorable(store: unknown): store is RestorableStore {
  return typeof (store as Partial<RestorableStore>).restore === 'function';
}

/** Lifecycle shared by every state store. */
export interface StateStore {
  readonly name: string;
  /** True for stores that keep their data on disk (LevelDB). */
  readonly persistent: boolean;
  init(context: StoreContext): void | Promise<void>;
  flush(): void | Promise<void>;
  close(): void | Promise<void>;
  isOpen(): boolean;
}

/** Builds one store instance per task; the DSL and `Topology.addStateStore` take these. */
/** The kinds of store the DSL and the test driver's typed getters know. */
export type StoreType = 'keyValue' | 'timestampedKeyValue' | 'window' | 'timestampedWindow' | 'session';

/** Settings a task hands to store builders: what kind of store DSL operators get when none was chosen. */
export interface StoreBuildDefaults {
  readonly defaultDslStore: 'persistent' | 'in_memory';
}

export interface StoreBuilder<S extends StateStore = StateStore> {
  readonly name: string;
  /** What the built store is; undefined for a custom store. */
  readonly storeType?: StoreType | undefined;
  readonly loggingEnabled: boolean;
  readonly cachingEnabled: boolean;
  /** Topic configs of the changelog topic (e.g. retention); `cleanup.policy=compact` is always set. */
  readonly logConfig: Readonly<Record<string, string>>;
  withLoggingEnabled(config?: Record<string, string>): StoreBuilder<S>;
  withLoggingDisabled(): StoreBuilder<S>;
  withCachingEnabled(): StoreBuilder<S>;
  withCachingDisabled(): StoreBuilder<S>;
  /** Builds the store of one task; `defaults` decides the kind of DSL stores (Kafka's default.dsl.store). */
  build(defaults?: StoreBuildDefaults): S;
}
