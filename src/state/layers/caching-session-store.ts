import { StoreError } from '../../errors.js';
import { inTurn, isPromise } from '../../internal/promise.js';
import type { Windowed } from '../../windows/windowed.js';
import type { KeyValueIterator } from '../key-value-store.js';
import type { ChangelogRecord, StoreContext } from '../store.js';
import type { SessionQuery, SessionStore } from '../session-store.js';
import { arrayIterator } from '../iterators.js';
import { estimateBytes } from './estimate-bytes.js';
import { OrderLog } from './order-log.js';
import { PendingForwards } from './pending-forwards.js';
import { cacheKeyId, isPrimitiveKey, LastKeyBytes } from './cache-keys.js';
import type { CacheFlushListener, FlushListenable } from './caching-store.js';
import { fetchQuery, findSessionsQuery, type TypedSessionEntry, type TypedSessionStore } from './session-stores.js';
import { StoreLayer } from './store-layer.js';

interface Entry<K, V> {
  /** Key identity: a primitive key itself, else its serialized bytes as a latin1 string. */
  readonly id: unknown;
  readonly key: K;
  /** The key serialized once, when the entry was created (every entry is written down exactly once). */
  readonly keyBytes: Buffer;
  readonly start: number;
  readonly end: number;
  /** Index of the entry's latest write in the order log; -1 once the entry left the cache. */
  pos: number;
  /** The aggregate; null is a pending delete. */
  value: V | null;
  size: number;
  /** Timestamp of the record that last wrote the entry: its changelog record is stamped with it (as Kafka's). */
  timestamp: number;
}

const ENTRY_OVERHEAD_BYTES = 80;

/** Kafka's session order: end ascending, then key bytes (unsigned), then start descending. */
function sessionOrder<K, V>(a: TypedSessionEntry<K, V>, b: TypedSessionEntry<K, V>): number {
  const byEnd = a.key.window.end - b.key.window.end;
  if (byEnd !== 0) return byEnd;
  const byKey = Buffer.compare(a.keyBytes, b.keyBytes);
  return byKey !== 0 ? byKey : b.key.window.start - a.key.window.start;
}

/**
 * A per-store write-back cache of typed sessions over the typed session store (Kafka's CachingSessionStore, kept
 * as objects as CachingKeyValueStore and CachingWindowStore are). Puts and removes (cached deletes) stay in the
 * cache until the task commits or the byte budget (`cacheMaxBytesBuffering`, estimated) forces the least
 * recently written entries out; then they go to the store below (and its changelog) and to the flush listener, so
 * a session-windowed aggregation forwards each session once per commit, and a session created and merged away
 * between two commits not at all. With a budget of 0 (the test driver) every call passes straight through.
 *
 * Reads lay the cache over the store below: the cache wins, cached deletes hide stored sessions, sessions the store
 * would already have expired (end ≤ observed stream time − retention) are never returned, and the store's order
 * is kept. Unlike Kafka's ThreadCache, an entry leaves the cache once written down: a session search is a range
 * query that always consults the store below, so clean copies would only take budget.
 */
export class CachingSessionStore<K, V> extends StoreLayer<TypedSessionStore<K, V>> implements SessionStore<K, V>, FlushListenable<Windowed<K>, V> {
  /** Cached entries by key identity: the few sessions of each key. */
  readonly #byKey = new Map<unknown, Entry<K, V>[]>();
  #count = 0;
  /** The entries by latest write: the flush and eviction order. */
  readonly #log = new OrderLog<Entry<K, V>>();
  /** The largest session end put to the cache or seen below: reads expire by it, as the store below will. */
  #observed = -1;
  #maxBytes = 0;
  #context: StoreContext | undefined;
  #bytes = 0;
  #open = false;
  #listener: CacheFlushListener<Windowed<K>, V> | undefined;
  #sendOldValues = false;
  /** Forwards of evicted entries, which the next flush waits for. */
  readonly #evicted = new PendingForwards();
  /** The timestamp of the entry being written down, which the store below stamps on its changelog record. */
  #writing: number | undefined;
  /** The last primitive key serialized: an aggregation searches, removes and puts one key in a row. */
  readonly #keyBytes = new LastKeyBytes<K>((key) => this.inner.serializeKey(key));
  readonly #keyOf = (key: K): Buffer => this.#keyBytes.of(key);

  constructor(inner: TypedSessionStore<K, V>) {
    super(inner);
  }

  override async init(context: StoreContext): Promise<void> {
    this.#maxBytes = context.cacheMaxBytes;
    this.#context = context;
    await this.inner.init(this.#maxBytes > 0 ? this.#innerContext(context) : context);
    this.#observed = Math.max(this.#observed, this.inner.inner.observedStreamTime());
    this.#open = true;
  }

  setFlushListener(listener: CacheFlushListener<Windowed<K>, V>, sendOldValues: boolean): boolean {
    this.#listener = listener;
    this.#sendOldValues = sendOldValues;
    return this.#maxBytes > 0;
  }

  /** Waits for forwards of evicted entries, then writes every cached entry down, oldest write first, notifying the listener of each; the cache is then empty. */
  override flush(): void | Promise<void> {
    return this.#evicted.settleThen(() => this.#flushAll());
  }

  #flushAll(): void | Promise<void> {
    const entries = this.#log.current(() => true);
    this.#log.clear();
    for (const entry of entries) entry.pos = -2; // still cached, no longer in the log
    return inTurn(
      entries,
      (entry) => {
        // A write during an asynchronous flush moved the entry back into the log: the next flush writes it.
        if (entry.pos !== -2) return;
        this.#remove(entry);
        return this.#writeDown(entry);
      },
      () => this.inner.flush(),
    );
  }

  override close(): void | Promise<void> {
    this.#open = false;
    this.#byKey.clear();
    this.#count = 0;
    this.#log.clear();
    this.#bytes = 0;
    this.#keyBytes.clear();
    return this.inner.close();
  }

  /** Restores the layers below from changelog records (before any processing: the cache is empty). */
  restore(records: readonly ChangelogRecord[]): void | Promise<void> {
    const sync = (): void => {
      this.#observed = Math.max(this.#observed, this.inner.inner.observedStreamTime());
    };
    const result = this.inner.restore(records);
    if (result !== undefined && isPromise(result)) return result.then(sync);
    sync();
  }

  put(sessionKey: Windowed<K>, aggregate: V | null): void {
    if (this.#maxBytes === 0) {
      this.inner.put(sessionKey, aggregate);
      return;
    }
    const { start, end } = sessionKey.window;
    if (end > this.#observed) this.#observed = end;
    this.#store(sessionKey.key, start, end, aggregate);
  }

  /** A cached delete (Kafka's remove = put(key, null)); unlike put, it does not advance the observed stream time. */
  remove(sessionKey: Windowed<K>): void {
    if (this.#maxBytes === 0) {
      this.inner.remove(sessionKey);
      return;
    }
    this.#store(sessionKey.key, sessionKey.window.start, sessionKey.window.end, null);
  }

  fetchSession(key: K, sessionStartTime: number, sessionEndTime: number): V | undefined {
    if (this.#maxBytes === 0) return this.inner.fetchSession(key, sessionStartTime, sessionEndTime);
    if (this.#expired(sessionEndTime)) return undefined;
    const entry = this.#find(this.#id(key), sessionStartTime, sessionEndTime);
    if (entry !== undefined) return entry.value ?? undefined;
    return this.inner.fetchSession(key, sessionStartTime, sessionEndTime);
  }

  findSessions(earliestSessionEndTime: number, latestSessionEndTime: number): KeyValueIterator<Windowed<K>, V>;
  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValueIterator<Windowed<K>, V>;
  findSessions(keyFrom: K | undefined, keyTo: K | undefined, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValueIterator<Windowed<K>, V>;
  findSessions(...args: unknown[]): KeyValueIterator<Windowed<K>, V> {
    return this.#iterator(findSessionsQuery(args, this.#keyOf), args.length === 3, args[0] as K, false);
  }

  backwardFindSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValueIterator<Windowed<K>, V> {
    return this.#iterator(findSessionsQuery([key, earliestSessionEndTime, latestSessionStartTime], this.#keyOf), true, key, true);
  }

  fetch(key: K): KeyValueIterator<Windowed<K>, V>;
  fetch(keyFrom: K | undefined, keyTo: K | undefined): KeyValueIterator<Windowed<K>, V>;
  fetch(...args: unknown[]): KeyValueIterator<Windowed<K>, V> {
    return this.#iterator(fetchQuery(args, this.#keyOf), args.length === 1, args[0] as K, false);
  }

  backwardFetch(key: K): KeyValueIterator<Windowed<K>, V> {
    return this.#iterator(fetchQuery([key], this.#keyOf), true, key, true);
  }

  /** The wrapped context of the layers below: a write-down is stamped with its entry's record timestamp. */
  #innerContext(context: StoreContext): StoreContext {
    return {
      applicationId: context.applicationId,
      taskId: context.taskId,
      defaultKeySerde: context.defaultKeySerde,
      defaultValueSerde: context.defaultValueSerde,
      stateDir: context.stateDir,
      cacheMaxBytes: context.cacheMaxBytes,
      logChange: (storeName, key, value, timestampMs, headers) => context.logChange(storeName, key, value, timestampMs, headers),
      currentTimestampMs: () => this.#writing ?? context.currentTimestampMs(),
    };
  }

  #expired(end: number): boolean {
    return end <= this.#observed - this.inner.inner.retentionMs;
  }

  #id(key: K): unknown {
    return cacheKeyId(key, this.#keyOf);
  }

  #find(id: unknown, start: number, end: number): Entry<K, V> | undefined {
    const sessions = this.#byKey.get(id);
    if (sessions === undefined) return undefined;
    for (const entry of sessions) if (entry.start === start && entry.end === end) return entry;
    return undefined;
  }

  #store(key: K, start: number, end: number, value: V | null): void {
    if (!this.#open) throw new StoreError(this.name, `Session store ${this.name} is not open.`);
    const bytes = this.#keyBytes.of(key);
    const id = isPrimitiveKey(key) ? key : bytes.toString('latin1');
    let entry = this.#find(id, start, end);
    const timestamp = this.#context?.currentTimestampMs() ?? -1;
    if (entry === undefined) {
      const size = ENTRY_OVERHEAD_BYTES + estimateBytes(key) + estimateBytes(value);
      entry = { id, key, keyBytes: bytes, start, end, pos: -1, value, size, timestamp };
      const sessions = this.#byKey.get(id);
      if (sessions === undefined) this.#byKey.set(id, [entry]);
      else sessions.push(entry);
      this.#count++;
      this.#bytes += size;
    } else {
      const size = ENTRY_OVERHEAD_BYTES + estimateBytes(key) + estimateBytes(value);
      this.#bytes += size - entry.size;
      entry.value = value;
      entry.size = size;
      entry.timestamp = timestamp;
    }
    this.#log.push(entry, this.#count);
    if (this.#bytes > this.#maxBytes) this.#evict();
  }

  #remove(entry: Entry<K, V>): void {
    this.#log.remove(entry);
    const sessions = this.#byKey.get(entry.id);
    if (sessions !== undefined) {
      const i = sessions.indexOf(entry);
      if (i >= 0) sessions.splice(i, 1);
      if (sessions.length === 0) this.#byKey.delete(entry.id);
    }
    this.#count--;
    this.#bytes -= entry.size;
  }

  /** Writes the least recently written entries down until the cache is within budget (keeping at least one). */
  #evict(): void {
    while (this.#bytes > this.#maxBytes && this.#count > 1) {
      const entry = this.#log.takeOldest();
      if (entry === undefined) break;
      this.#remove(entry);
      this.#evicted.track(this.#writeDown(entry));
    }
  }

  /**
   * Kafka's putAndMaybeForward: with a listener, the old value is read from the store below when the entry is a
   * delete or old values are wanted; a delete of a session the store never had (created and merged away between
   * two flushes) is neither written nor forwarded.
   */
  #writeDown(entry: Entry<K, V>): void | Promise<void> {
    const listener = this.#listener;
    const needOld = listener !== undefined && (entry.value === null || this.#sendOldValues);
    const oldValue = needOld ? (this.inner.fetchSessionSerialized(entry.keyBytes, entry.start, entry.end) ?? null) : null;
    if (listener !== undefined && entry.value === null && oldValue === null) return;
    this.#writing = entry.timestamp;
    try {
      this.inner.putSerialized(entry.keyBytes, entry.start, entry.end, entry.value);
    } finally {
      this.#writing = undefined;
    }
    return listener?.({ key: entry.key, window: { start: entry.start, end: entry.end } }, entry.value, this.#sendOldValues ? oldValue : null, entry.timestamp);
  }

  #iterator(query: SessionQuery, singleKey: boolean, key: K, backward: boolean): KeyValueIterator<Windowed<K>, V> {
    const merged = this.#merged(query, singleKey ? this.#id(key) : undefined);
    if (backward) merged.reverse();
    return arrayIterator(merged.map((e) => ({ key: e.key, value: e.value })));
  }

  /** The sessions `query` selects, the cache laid over the store below, in the store's order. */
  #merged(query: SessionQuery, id: unknown): TypedSessionEntry<K, V>[] {
    const stored = this.inner.findEntries(query);
    if (this.#maxBytes === 0) return stored;
    const cached = this.#cachedMatching(query, id);
    const live = stored.filter((e) => !this.#expired(e.key.window.end));
    if (cached.length === 0) return live;
    const shadowed = new Set(cached.map((e) => `${e.end}:${e.start}:${e.keyBytes.toString('latin1')}`));
    const ends = new Set(cached.map((e) => e.end));
    const out = live.filter((e) => !ends.has(e.key.window.end) || !shadowed.has(`${e.key.window.end}:${e.key.window.start}:${e.keyBytes.toString('latin1')}`));
    for (const e of cached) {
      if (e.value !== null) out.push({ keyBytes: e.keyBytes, key: { key: e.key, window: { start: e.start, end: e.end } }, value: e.value });
    }
    return out.sort(sessionOrder);
  }

  /** Cached entries (deletes included) that `query` selects; `id` narrows them to one key. */
  #cachedMatching(query: SessionQuery, id: unknown): Entry<K, V>[] {
    const { keyFrom, keyTo, earliestEnd, latestEnd, latestStart } = query;
    if (keyFrom !== undefined && keyTo !== undefined && Buffer.compare(keyFrom, keyTo) > 0) return [];
    const lists = id !== undefined ? [this.#byKey.get(id) ?? []] : this.#byKey.values();
    const out: Entry<K, V>[] = [];
    for (const sessions of lists) {
      for (const e of sessions) {
        if (e.end < earliestEnd || e.end > latestEnd || e.start > latestStart || this.#expired(e.end)) continue;
        if (id === undefined && keyFrom !== undefined && Buffer.compare(e.keyBytes, keyFrom) < 0) continue;
        if (id === undefined && keyTo !== undefined && Buffer.compare(e.keyBytes, keyTo) > 0) continue;
        out.push(e);
      }
    }
    return out;
  }
}
