import type { KeyValue } from '../../internal/key-value.js';
import { inTurn } from '../../internal/promise.js';
import type { KeyValueIterator, KeyValueStore } from '../key-value-store.js';
import type { ChangelogRecord, StoreContext } from '../store.js';
import { arrayIterator } from '../iterators.js';
import type { TypedKeyValueStore } from './typed-store.js';
import { estimateBytes } from './estimate-bytes.js';
import { isDirty, OrderLog } from './order-log.js';
import { cacheKeyId } from './cache-keys.js';
import { PendingForwards } from './pending-forwards.js';
import { StoreLayer } from './store-layer.js';

/** Called for each dirty entry when the cache writes it down (on commit or eviction): the KTable forwarder. */
export type CacheFlushListener<K, V> = (key: K, newValue: V | null, oldValue: V | null, timestamp: number) => void | Promise<void>;

/** A store that may buffer writes and report them on flush (Kafka's CachedStateStore.setFlushListener). */
export interface FlushListenable<K, V> {
  /** Registers the listener; returns true if the store caches (then the caller must not forward on write). */
  setFlushListener(listener: CacheFlushListener<K, V>, sendOldValues: boolean): boolean;
}

interface Entry<K, V> {
  readonly id: unknown;
  key: K;
  /** Index of the entry's latest write in the order log; -1 once the entry left the cache. */
  pos: number;
  /** Estimated bytes of the key (computed once). */
  readonly keySize: number;
  /** The key's bytes, serialized at the entry's first write-down and reused by later ones. */
  keyBytes: Buffer | undefined;
  value: V | null;
  dirty: boolean;
  size: number;
  /** Timestamp of the record that wrote the entry (the flushed record's timestamp). */
  timestamp: number;
}

const ENTRY_OVERHEAD_BYTES = 64;

/**
 * A per-store write-back cache of typed entries over the typed store (Kafka's CachingKeyValueStore, kept as
 * objects so that a hit costs no serialization). Writes stay in the cache until the task commits or the byte
 * budget (`cacheMaxBytesBuffering`, estimated) forces the least recently used entries out; then they go to the
 * inner store (and its changelog) and to the flush listener, so consecutive updates of a key are forwarded
 * once. With a budget of 0 (the test driver) it passes every call straight through.
 *
 * Cache identity: primitive keys are their own identity; other keys are identified by their serialized bytes.
 */
export class CachingKeyValueStore<K, V> extends StoreLayer<TypedKeyValueStore<K, V>> implements KeyValueStore<K, V>, FlushListenable<K, V> {
  readonly #entries = new Map<unknown, Entry<K, V>>();
  /** The entries by latest write: the flush and eviction order. */
  readonly #log = new OrderLog<Entry<K, V>>();
  /** The entry the last get() found: an aggregation reads then writes the same key, so put() can skip a lookup. */
  #lastEntry: Entry<K, V> | undefined;
  readonly #serializeKey = (key: K): Buffer => this.inner.serializeKey(key);
  #maxBytes = 0;
  #context: StoreContext | undefined;
  #bytes = 0;
  #listener: CacheFlushListener<K, V> | undefined;
  #sendOldValues = false;
  /** Forwards of evicted entries, which the next flush waits for. */
  readonly #evicted = new PendingForwards();

  constructor(inner: TypedKeyValueStore<K, V>) {
    super(inner);
  }

  override async init(context: StoreContext): Promise<void> {
    this.#maxBytes = context.cacheMaxBytes;
    this.#context = context;
    await this.inner.init(context);
  }

  setFlushListener(listener: CacheFlushListener<K, V>, sendOldValues: boolean): boolean {
    this.#listener = listener;
    this.#sendOldValues = sendOldValues;
    return this.#maxBytes > 0;
  }

  /** Waits for forwards of evicted entries, then writes every dirty entry down, oldest first, notifying the listener of each. */
  override flush(): void | Promise<void> {
    return this.#evicted.settleThen(() => this.#flushDirty());
  }

  #flushDirty(): void | Promise<void> {
    const dirty: Entry<K, V>[] = [];
    this.#log.compact(isDirty, dirty);
    return inTurn(dirty, (entry) => this.#writeDown(entry), () => this.inner.flush());
  }

  override close(): void | Promise<void> {
    this.#lastEntry = undefined;
    this.#entries.clear();
    this.#log.clear();
    this.#bytes = 0;
    return this.inner.close();
  }

  /** Restores the layers below from changelog records; clean entries, which may not match them any more, are dropped. */
  restore(records: readonly ChangelogRecord[]): void | Promise<void> {
    this.#lastEntry = undefined;
    for (const [id, entry] of this.#entries) {
      if (entry.dirty) continue;
      this.#log.remove(entry);
      this.#entries.delete(id);
      this.#bytes -= entry.size;
    }
    return this.inner.restore(records);
  }

  get(key: K): V | undefined {
    if (this.#maxBytes === 0) return this.inner.get(key);
    const id = this.#id(key);
    const entry = this.#entries.get(id);
    this.#lastEntry = entry;
    if (entry !== undefined) return entry.value === null ? undefined : entry.value;
    const value = this.inner.get(key);
    // A miss is cached too (a clean entry without value): a join probes absent keys again and again, and every
    // write to the store below goes through this layer, which replaces the entry.
    this.#store(id, key, value ?? null, false);
    return value;
  }

  put(key: K, value: V | null): void {
    if (this.#maxBytes === 0) {
      this.inner.put(key, value);
      return;
    }
    this.#store(this.#id(key), key, value, true);
  }

  putIfAbsent(key: K, value: V): V | undefined {
    const old = this.get(key);
    if (old === undefined) this.put(key, value);
    return old;
  }

  putAll(entries: readonly KeyValue<K, V | null>[]): void {
    for (const { key, value } of entries) this.put(key, value);
  }

  delete(key: K): V | undefined {
    const old = this.get(key);
    this.put(key, null);
    return old;
  }

  range(from: K | undefined, to: K | undefined): KeyValueIterator<K, V> {
    return arrayIterator(this.#merged(from, to));
  }

  reverseRange(from: K | undefined, to: K | undefined): KeyValueIterator<K, V> {
    return arrayIterator(this.#merged(from, to).reverse());
  }

  all(): KeyValueIterator<K, V> {
    return this.range(undefined, undefined);
  }

  reverseAll(): KeyValueIterator<K, V> {
    return this.reverseRange(undefined, undefined);
  }

  approximateNumEntries(): number {
    // As Kafka's CachingKeyValueStore: the inner store's count (adding the cache's size counted every flushed key twice).
    return this.inner.approximateNumEntries();
  }

  #id(key: K): unknown {
    return cacheKeyId(key, this.#serializeKey);
  }

  #store(id: unknown, key: K, value: V | null, dirty: boolean): void {
    const last = this.#lastEntry;
    let entry = last !== undefined && last.id === id ? last : this.#entries.get(id);
    // Only a delete needs the record's timestamp on flush; a timestamped value carries its own.
    const timestamp = dirty && value === null ? (this.#context?.currentTimestampMs() ?? -1) : -1;
    if (entry === undefined) {
      const keySize = estimateBytes(key);
      const size = ENTRY_OVERHEAD_BYTES + keySize + estimateBytes(value);
      entry = { id, key, value, pos: -1, keySize, keyBytes: undefined, dirty, size, timestamp };
      this.#entries.set(id, entry);
      this.#bytes += size;
    } else {
      const size = ENTRY_OVERHEAD_BYTES + entry.keySize + estimateBytes(value);
      this.#bytes += size - entry.size;
      entry.value = value;
      entry.size = size;
      if (dirty) {
        entry.dirty = true;
        entry.timestamp = timestamp;
      }
    }
    this.#log.push(entry, this.#entries.size);
    if (this.#bytes > this.#maxBytes) this.#evict();
  }

  #evict(): void {
    while (this.#bytes > this.#maxBytes && this.#entries.size > 1) {
      const entry = this.#log.takeOldest();
      if (entry === undefined) break;
      const id = entry.id;
      if (entry === this.#lastEntry) this.#lastEntry = undefined;
      this.#entries.delete(id);
      this.#bytes -= entry.size;
      if (entry.dirty) this.#evicted.track(this.#writeDown(entry));
    }
  }

  #writeDown(entry: Entry<K, V>): void | Promise<void> {
    entry.dirty = false;
    const oldValue = this.#listener !== undefined && this.#sendOldValues ? (this.inner.get(entry.key) ?? null) : null;
    entry.keyBytes ??= this.inner.serializeKey(entry.key);
    this.inner.putSerialized(entry.keyBytes, entry.value);
    return this.#listener?.(entry.key, entry.value, oldValue, entry.timestamp);
  }

  /** Store entries in [from, to] with the cache's newer values laid over them, in key-byte order. */
  #merged(from: K | undefined, to: K | undefined): KeyValue<K, V>[] {
    const byBytes = new Map<string, KeyValue<K, V> | null>();
    for (const entry of this.inner.range(from, to)) byBytes.set(this.inner.serializeKey(entry.key).toString('latin1'), entry);
    const lo = from === undefined ? undefined : this.inner.serializeKey(from).toString('latin1');
    const hi = to === undefined ? undefined : this.inner.serializeKey(to).toString('latin1');
    for (const entry of this.#entries.values()) {
      if (!entry.dirty) continue;
      const bytes = this.inner.serializeKey(entry.key).toString('latin1');
      if ((lo !== undefined && bytes < lo) || (hi !== undefined && bytes > hi)) continue;
      byBytes.set(bytes, entry.value === null ? null : { key: entry.key, value: entry.value });
    }
    return [...byBytes.entries()]
      .filter((e): e is [string, KeyValue<K, V>] => e[1] !== null)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map((e) => e[1]);
  }
}
