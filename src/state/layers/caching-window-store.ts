import type { KeyValue } from '../../internal/key-value.js';
import { inTurn, isPromise } from '../../internal/promise.js';
import type { Windowed } from '../../windows/windowed.js';
import type { KeyValueIterator } from '../key-value-store.js';
import type { ChangelogRecord, StoreContext } from '../store.js';
import type { WindowStore } from '../window-store.js';
import { arrayIterator } from '../iterators.js';
import type { TypedWindowStore } from './window-stores.js';
import { estimateBytes } from './estimate-bytes.js';
import type { WindowCacheFlushListener, WindowFlushListenable } from './window-flush-listener.js';
import { mergeWindowRanges } from './window-range-merge.js';
import { cacheKeyId, LastKeyBytes } from './cache-keys.js';
import { isDirty, OrderLog } from './order-log.js';
import { PendingForwards } from './pending-forwards.js';
import { WindowSlots } from './window-slots.js';
import { StoreLayer } from './store-layer.js';

interface Entry<K, V> {
  readonly id: unknown;
  readonly key: K;
  /** The key serialized at the entry's first write-down, reused by later ones (serialized then, not at creation: fewer bytes outlive a scavenge). */
  keyBytes: Buffer | undefined;
  readonly start: number;
  /** Index of the entry's latest write in the order log; -1 once the entry left the cache. */
  pos: number;
  /** Estimated bytes of the key (computed once). */
  readonly keySize: number;
  value: V | null;
  dirty: boolean;
  /** True once written again after its first write: its order-log position no longer follows the window's Map order. */
  rewritten: boolean;
  size: number;
  /** Timestamp of the record that last wrote the entry. */
  timestamp: number;
}

const ENTRY_OVERHEAD_BYTES = 72;

/**
 * A per-store write-back cache of typed entries over a typed window store (Kafka's CachingWindowStore, kept as
 * objects so that a hit costs no serialization; the design of CachingKeyValueStore). Writes stay in the cache
 * until the task commits or the byte budget (`cacheMaxBytesBuffering`, estimated) forces the least recently
 * used entries out; then they go to the inner store (and its changelog) and to the flush listener, so a windowed
 * aggregation forwards each updated window once per commit. With a budget of 0 (the test driver) every call
 * passes straight through. Reads see cached writes: single fetches check the cache first, range fetches merge.
 *
 * Cache identity: per window start, primitive keys are their own identity; other keys are identified by their
 * serialized bytes. Entries of windows the inner store would already have expired are never returned.
 */
export class CachingWindowStore<K, V> extends StoreLayer<TypedWindowStore<K, V>> implements WindowStore<K, V>, WindowFlushListenable<K, V> {
  /** Cached entries by window start, then key identity. */
  readonly #windows = new WindowSlots<Entry<K, V>>();
  #count = 0;
  /** Keys' bytes for write-downs, which write the entries of one key in a row more often than not. */
  readonly #serializeKey = (key: K): Buffer => this.inner.serializeKey(key);
  readonly #keyBytes = new LastKeyBytes<K>(this.#serializeKey);
  /** The entries by latest write: the flush and eviction order. */
  readonly #log = new OrderLog<Entry<K, V>>();
  /** The largest window start written to the cache or below. */
  #observed = -1;
  /** The inner store's observed stream time, tracked here (writes below go through this layer or restore). */
  #innerObserved = -1;
  #maxBytes = 0;
  #context: StoreContext | undefined;
  #bytes = 0;
  #listener: WindowCacheFlushListener<K, V> | undefined;
  #sendOldValues = false;
  /** Forwards of evicted entries and expired windows, which the next flush waits for. */
  readonly #unwaited = new PendingForwards();
  /** What the last single fetch() found, for the put() of the same key and window that usually follows it. */
  #probeKey: unknown = undefined;
  #probeStart = Number.NaN;
  #probeWindow: Map<unknown, Entry<K, V>> | undefined;
  #probeEntry: Entry<K, V> | undefined;

  readonly #retentionMs: number;

  constructor(inner: TypedWindowStore<K, V>) {
    super(inner);
    this.#retentionMs = inner.inner.retentionMs;
  }

  override async init(context: StoreContext): Promise<void> {
    this.#maxBytes = context.cacheMaxBytes;
    this.#context = context;
    await this.inner.init(context);
    this.#syncObserved();
  }

  setWindowFlushListener(listener: WindowCacheFlushListener<K, V>, sendOldValues: boolean): boolean {
    this.#listener = listener;
    this.#sendOldValues = sendOldValues;
    return this.#maxBytes > 0;
  }

  /**
   * Waits for forwards of evicted entries and expired windows, then writes every dirty entry down, oldest first,
   * notifying the listener of each; then drops expired windows.
   */
  override flush(): void | Promise<void> {
    return this.#unwaited.settleThen(() => this.#flushDirty());
  }

  #flushDirty(): void | Promise<void> {
    const dirty = this.#log.current(isDirty);
    return inTurn(
      dirty,
      (entry) => this.#writeDown(entry),
      () => {
        this.#dropExpired();
        return this.inner.flush();
      },
    );
  }

  override close(): void | Promise<void> {
    this.#probeStart = Number.NaN;
    this.#windows.clear();
    this.#keyBytes.clear();
    this.#count = 0;
    this.#log.clear();
    this.#bytes = 0;
    return this.inner.close();
  }

  /** Restores the layers below from changelog records; the cache starts empty. */
  restore(records: readonly ChangelogRecord[]): void | Promise<void> {
    const result = this.inner.restore(records);
    if (result !== undefined && isPromise(result)) return result.then(() => this.#syncObserved());
    this.#syncObserved();
  }

  #syncObserved(): void {
    this.#innerObserved = this.inner.observedStreamTime();
    if (this.#innerObserved > this.#observed) this.#observed = this.#innerObserved;
  }

  put(key: K, value: V | null, windowStartMs: number): void {
    if (this.#maxBytes === 0) {
      this.inner.put(key, value, windowStartMs);
      return;
    }
    if (windowStartMs > this.#observed) {
      this.#observed = windowStartMs;
      const oldest = this.#windows.oldestStart();
      if (oldest !== undefined && this.#expired(oldest)) this.#writeDownExpired();
    }
    if (this.#expired(windowStartMs)) {
      // Already expired below as well: the inner store drops it (and logs it), as without a cache.
      this.inner.put(key, value, windowStartMs);
      this.#syncObserved();
      return;
    }
    this.#store(key, value, windowStartMs);
  }

  fetch(key: K, windowStartMs: number): V | undefined;
  fetch(key: K, fromMs: number, toMs: number): KeyValueIterator<number, V>;
  fetch(key: K, fromMs: number, toMs?: number): V | undefined | KeyValueIterator<number, V> {
    if (toMs !== undefined) return arrayIterator(this.#fetchMerged(key, fromMs, toMs));
    if (this.#maxBytes === 0) return this.inner.fetch(key, fromMs);
    // The store below may not have seen the newest windows yet: expiry follows this layer's stream time.
    if (this.#expired(fromMs)) return undefined;
    const window = this.#windows.get(fromMs);
    const entry = window?.get(this.#id(key));
    this.#probeKey = key;
    this.#probeStart = fromMs;
    this.#probeWindow = window;
    this.#probeEntry = entry;
    if (entry !== undefined) return entry.value === null ? undefined : entry.value;
    // Nothing was ever stored below after the inner store's observed stream time: skip the serializing lookup.
    if (fromMs > this.#innerObserved) return undefined;
    return this.inner.fetch(key, fromMs);
  }

  backwardFetch(key: K, fromMs: number, toMs: number): KeyValueIterator<number, V> {
    return arrayIterator(this.#fetchMerged(key, fromMs, toMs).reverse());
  }

  fetchRange(keyFrom: K | undefined, keyTo: K | undefined, fromMs: number, toMs: number): KeyValueIterator<Windowed<K>, V> {
    return arrayIterator(this.#rangeMerged(keyFrom, keyTo, fromMs, toMs));
  }

  fetchAll(fromMs: number, toMs: number): KeyValueIterator<Windowed<K>, V> {
    return arrayIterator(this.#rangeMerged(undefined, undefined, fromMs, toMs));
  }

  all(): KeyValueIterator<Windowed<K>, V> {
    return this.fetchAll(0, Number.MAX_SAFE_INTEGER);
  }

  #expired(windowStartMs: number): boolean {
    return windowStartMs <= this.#observed - this.#retentionMs;
  }

  #id(key: K): unknown {
    return cacheKeyId(key, this.#serializeKey);
  }

  #store(key: K, value: V | null, start: number): void {
    const id = this.#id(key);
    const probed = start === this.#probeStart && key === this.#probeKey;
    this.#probeStart = Number.NaN;
    const window = (probed ? this.#probeWindow : undefined) ?? this.#windows.getOrCreate(start);
    let entry = probed && this.#probeWindow !== undefined ? this.#probeEntry : window.get(id);
    const timestamp = this.#context?.currentTimestampMs() ?? -1;
    if (entry === undefined) {
      const keySize = estimateBytes(key);
      const size = ENTRY_OVERHEAD_BYTES + keySize + estimateBytes(value);
      entry = { id, key, keyBytes: undefined, start, value, pos: -1, keySize, dirty: true, rewritten: false, size, timestamp };
      window.set(id, entry);
      this.#count++;
      this.#bytes += size;
    } else {
      const size = ENTRY_OVERHEAD_BYTES + entry.keySize + estimateBytes(value);
      this.#bytes += size - entry.size;
      entry.value = value;
      entry.size = size;
      entry.dirty = true;
      entry.rewritten = true;
      entry.timestamp = timestamp;
    }
    this.#log.push(entry, this.#count);
    if (this.#bytes > this.#maxBytes) this.#evict();
  }

  #remove(entry: Entry<K, V>): void {
    this.#probeStart = Number.NaN;
    this.#log.remove(entry);
    const window = this.#windows.get(entry.start);
    if (window !== undefined && window.delete(entry.id) && window.size === 0) this.#dropWindow(entry.start);
    this.#count--;
    this.#bytes -= entry.size;
  }

  #evict(): void {
    while (this.#bytes > this.#maxBytes && this.#count > 1) {
      const entry = this.#log.takeOldest();
      if (entry === undefined) break;
      this.#remove(entry);
      if (entry.dirty) this.#unwaited.track(this.#writeDown(entry));
    }
  }

  #dropWindow(start: number): void {
    this.#probeStart = Number.NaN;
    this.#windows.delete(start);
  }

  /** Takes the entries of the oldest window out of the cache; returns its dirty ones by latest write. */
  #takeOldestWindow(): Entry<K, V>[] {
    const start = this.#windows.oldestStart() as number;
    const window = this.#windows.get(start);
    this.#dropWindow(start);
    if (window === undefined) return [];
    const dirty = byLatestWrite(window.values());
    for (const entry of window.values()) {
      this.#log.remove(entry);
      this.#count--;
      this.#bytes -= entry.size;
    }
    return dirty;
  }

  /**
   * Writes down (and forwards) the entries of windows that just expired: nothing can update them any more, so
   * they would only wait for the commit or the eviction that writes them down anyway.
   */
  #writeDownExpired(): void {
    for (let oldest = this.#windows.oldestStart(); oldest !== undefined && this.#expired(oldest); oldest = this.#windows.oldestStart()) {
      for (const entry of this.#takeOldestWindow()) this.#unwaited.track(this.#writeDown(entry, true));
    }
  }

  /** After a flush every entry is clean: those of expired windows are of no further use. */
  #dropExpired(): void {
    let dropped = false;
    for (let oldest = this.#windows.oldestStart(); oldest !== undefined && this.#expired(oldest); oldest = this.#windows.oldestStart()) {
      this.#takeOldestWindow();
      dropped = true;
    }
    if (dropped || this.#log.hasTakenFront) this.#log.compact();
  }

  /** Writes an entry to the store below (only to its changelog when the window is `expired`) and to the listener. */
  #writeDown(entry: Entry<K, V>, expired = false): void | Promise<void> {
    entry.dirty = false;
    const listener = this.#listener;
    const needOld = listener !== undefined && (this.#sendOldValues || entry.value === null);
    const oldValue = needOld ? (this.inner.fetch(entry.key, entry.start) ?? null) : null;
    // A delete of a window that never reached the store needs neither a write nor a forward (as Kafka).
    if (listener !== undefined && entry.value === null && oldValue === null) return;
    const keyBytes = (entry.keyBytes ??= this.#keyBytes.of(entry.key));
    this.inner.putSerialized(keyBytes, entry.value, entry.start, expired);
    if (!expired && entry.start > this.#innerObserved) this.#innerObserved = entry.start;
    return listener?.(entry.key, entry.start, entry.value, this.#sendOldValues ? oldValue : null, entry.timestamp);
  }

  /** The key's entries in windows [from, to], the cache's newer values laid over the store's, by start ascending. */
  #fetchMerged(key: K, from: number, to: number): KeyValue<number, V>[] {
    const inner = this.inner.fetch(key, from, to);
    if (this.#maxBytes === 0) return [...inner];
    const byStart = new Map<number, V | null>();
    for (const { key: start, value } of inner) if (!this.#expired(start)) byStart.set(start, value);
    const id = this.#id(key);
    for (const [start, window] of this.#windows) {
      if (start < from || start > to || this.#expired(start)) continue;
      const entry = window.get(id);
      if (entry !== undefined && entry.dirty) byStart.set(start, entry.value);
    }
    const out: KeyValue<number, V>[] = [];
    for (const [start, value] of byStart) if (value !== null) out.push({ key: start, value });
    return out.sort((a, b) => a.key - b.key);
  }

  /** Entries of keys in [keyFrom, keyTo] in windows [from, to], the cache laid over the store, by start, then key bytes. */
  #rangeMerged(keyFrom: K | undefined, keyTo: K | undefined, from: number, to: number): KeyValue<Windowed<K>, V>[] {
    const inner = this.inner.fetchRange(keyFrom, keyTo, from, to);
    if (this.#maxBytes === 0) return [...inner];
    const cached: { start: number; key: K; value: V | null }[] = [];
    for (const [start, window] of this.#windows) {
      if (start < from || start > to) continue;
      for (const entry of window.values()) if (entry.dirty) cached.push({ start, key: entry.key, value: entry.value });
    }
    const bytesOf = (key: K): string => this.inner.serializeKey(key).toString('latin1');
    return mergeWindowRanges(inner, cached, { keyFrom, keyTo, sizeMs: this.inner.inner.windowSizeMs, bytesOf, expired: (start) => this.#expired(start) });
  }
}

/**
 * The dirty entries of one window by latest write (their order-log positions). The window's Map holds them by
 * first write, which is their log order until they are written again: only those rewritten are sorted, apart, and
 * merged back.
 */
function byLatestWrite<E extends { pos: number; dirty: boolean; rewritten: boolean }>(entries: Iterable<E>): E[] {
  const inOrder: E[] = [];
  const moved: E[] = [];
  for (const entry of entries) {
    if (!entry.dirty) continue;
    if (entry.rewritten) moved.push(entry);
    else inOrder.push(entry);
  }
  if (moved.length === 0) return inOrder;
  moved.sort((a, b) => a.pos - b.pos);
  const out: E[] = [];
  let i = 0;
  let j = 0;
  while (i < inOrder.length && j < moved.length) out.push((inOrder[i] as E).pos < (moved[j] as E).pos ? (inOrder[i++] as E) : (moved[j++] as E));
  while (i < inOrder.length) out.push(inOrder[i++] as E);
  while (j < moved.length) out.push(moved[j++] as E);
  return out;
}
