import type { Serde } from '../serdes/serde.js';
import { IllegalStateError } from '../errors.js';
import type { KeyValueStore } from '../state/key-value-store.js';
import type { StateStore, StoreBuilder } from '../state/store.js';
import { Stores } from '../state/stores.js';
import type { WindowStore } from '../state/window-store.js';
import { TimeWindows } from '../windows/time-windows.js';
import { currentScope } from './scope.js';

/** Options of `app.table(name, options)`. */
export interface TableOptions<K, V> {
  /** The value of a key that has none (Faust's `default=int`). */
  readonly default?: () => V;
  /** @default Serdes.JSON() */
  readonly key?: Serde<K>;
  /** @default Serdes.JSON() */
  readonly value?: Serde<V>;
}

/** Options of a windowed table. */
export interface WindowOptions {
  /** How long a window is kept after it starts (Faust's `expires`). @default one day, at least the window size */
  readonly expires?: number;
}

/** What a table needs from its App. */
export interface TableHost {
  readonly persistent: boolean;
  /** Reads a key across every local task's store (outside agents: timers, the web endpoint). */
  lookup(storeName: string, key: unknown): unknown;
}

function scopedStore<S extends StateStore>(name: string, what: string): S {
  const context = currentScope()?.context;
  if (context === undefined) {
    throw new IllegalStateError(`Table ${name}: ${what} works only inside an agent (it writes the partition of the record being processed).`);
  }
  return context.getStateStore<S>(name);
}

/**
 * A Faust-style table: a key-value store per partition, logged to the compacted changelog
 * `<app>-<name>-changelog` and restored from it on start. Inside an agent, reads and writes go to the
 * partition of the record being processed; outside (timers, the web endpoint), `get` looks in every local partition.
 * Keys of an agent's table should be the keys of its stream (use `stream.groupBy`), as in Faust.
 */
export class Table<K, V, R = V | undefined> {
  /** The store and window shape, chosen by `tumbling`/`hopping`. */
  #windowed: WindowedTable<K, V, R> | undefined;

  constructor(
    readonly name: string,
    readonly options: TableOptions<K, V>,
    readonly keySerde: Serde<K>,
    readonly valueSerde: Serde<V>,
    readonly host: TableHost,
  ) {}

  get windowed(): WindowedTable<K, V, R> | undefined {
    return this.#windowed;
  }

  /** The store behind the table (LevelDB, or in memory when the App says so), with its changelog. */
  storeBuilder(): StoreBuilder {
    if (this.#windowed !== undefined) return this.#windowed.storeBuilder();
    const supplier = this.host.persistent ? Stores.persistentKeyValueStore(this.name) : Stores.inMemoryKeyValueStore(this.name);
    return Stores.keyValueStoreBuilder(supplier, this.keySerde, this.valueSerde).withLoggingEnabled({});
  }

  /** The value of `key`, or the default. */
  get(key: K): R {
    const context = currentScope()?.context;
    const value = context === undefined ? (this.host.lookup(this.name, key) as V | undefined) : context.getStateStore<KeyValueStore<K, V>>(this.name).get(key);
    return (value ?? this.options.default?.()) as R;
  }

  set(key: K, value: V): void {
    scopedStore<KeyValueStore<K, V>>(this.name, 'set()').put(key, value);
  }

  /** Sets `key` to `fn(current value or default)` and returns the new value. */
  update(key: K, fn: (current: R) => V): V {
    const next = fn(this.get(key));
    this.set(key, next);
    return next;
  }

  delete(key: K): void {
    scopedStore<KeyValueStore<K, V>>(this.name, 'delete()').delete(key);
  }

  /** Tumbling windows of `sizeMs` (Faust's `.tumbling(size, expires=…)`). */
  tumbling(sizeMs: number, options: WindowOptions = {}): WindowedTable<K, V, R> {
    return this.hopping(sizeMs, sizeMs, options);
  }

  /** Hopping windows of `sizeMs` every `stepMs`. */
  hopping(sizeMs: number, stepMs: number, options: WindowOptions = {}): WindowedTable<K, V, R> {
    this.#windowed = new WindowedTable<K, V, R>(this, sizeMs, stepMs, options.expires ?? Math.max(86_400_000, sizeMs));
    return this.#windowed;
  }
}

/** The values of one key in a windowed table, per window (Faust's WindowSet). */
export interface WindowSet<V> {
  /** The window of the record being processed (the latest one that contains it, for hopping windows). */
  current(): V;
  /** The window of the wall clock now. */
  now(): V;
  /** The window `ms` before the record being processed. */
  delta(ms: number): V;
  /** The window that contains `timestampMs`. */
  at(timestampMs: number): V;
}

/**
 * A table whose values are kept per time window (a window store logged to a changelog). Writes go to every
 * window that contains the record being processed; windows older than `expires` are dropped.
 *
 * @example
 * const perMinute = app.table<string, number>('rides-per-minute', { default: () => 0 }).tumbling(60_000, { expires: 3_600_000 });
 * perMinute.update(vendor, (n) => n + 1);   perMinute.get(vendor).current();
 */
export class WindowedTable<K, V, R> {
  readonly windows: TimeWindows;

  constructor(
    readonly table: Table<K, V, R>,
    readonly sizeMs: number,
    readonly stepMs: number,
    readonly expiresMs: number,
  ) {
    this.windows = TimeWindows.ofSizeWithNoGrace(sizeMs).advanceBy(stepMs);
    if (expiresMs < sizeMs) throw new RangeError(`Windowed table ${table.name}: expires (${expiresMs} ms) must be at least the window size (${sizeMs} ms)`);
  }

  get name(): string {
    return this.table.name;
  }

  storeBuilder(): StoreBuilder {
    const { name, host, keySerde, valueSerde } = this.table;
    const supplier = host.persistent
      ? Stores.persistentWindowStore(name, this.expiresMs, this.sizeMs)
      : Stores.inMemoryWindowStore(name, this.expiresMs, this.sizeMs);
    return Stores.windowStoreBuilder(supplier, keySerde, valueSerde).withLoggingEnabled({});
  }

  /** The values of `key` by window. */
  get(key: K): WindowSet<R> {
    const at = (ts: number): R => {
      const store = scopedStore<WindowStore<K, V>>(this.name, 'reading a window');
      const windows = this.windows.windowsFor(ts);
      const start = windows[windows.length - 1]?.start ?? ts;
      return (store.fetch(key, start) ?? this.table.options.default?.()) as R;
    };
    const eventTime = () => currentScope()?.current?.timestamp ?? Date.now();
    return { current: () => at(eventTime()), now: () => at(Date.now()), delta: (ms) => at(eventTime() - ms), at };
  }

  /** Sets `key` in every window that contains the record being processed. */
  set(key: K, value: V): void {
    this.update(key, () => value);
  }

  /** Updates `key` in every window of the record being processed; returns the value of its current window. */
  update(key: K, fn: (current: R) => V): V {
    const store = scopedStore<WindowStore<K, V>>(this.name, 'update()');
    const ts = currentScope()?.current?.timestamp ?? Date.now();
    let last: V | undefined;
    for (const window of this.windows.windowsFor(ts)) {
      last = fn((store.fetch(key, window.start) ?? this.table.options.default?.()) as R);
      store.put(key, last, window.start);
    }
    return last as V;
  }
}
