import type { Serde } from '../../serdes/serde.js';
import { StoreError } from '../../errors.js';
import type { Windowed } from '../../windows/windowed.js';
import type { KeyValueIterator } from '../key-value-store.js';
import { isRestorable, type ChangelogRecord, type StoreContext } from '../store.js';
import { isVisitable, type VisitableWindowBytesStore, type WindowBytesStore, type WindowEntry, type WindowEntryVisitor, type WindowStore } from '../window-store.js';
import { arrayIterator } from '../iterators.js';
import { parseWindowStoreKey, windowStoreKey } from '../key-schemas.js';
import { TIMESTAMP_BYTES, withTimestamp } from './value-and-timestamp-serde.js';
import { readInt64BE } from '../../internal/bytes.js';
import type { ValueAndTimestamp } from '../key-value-store.js';
import { StoreLayer } from './store-layer.js';

/**
 * Logs every write of a bytes window store to its changelog with Kafka's window key layout; for timestamped
 * stores the changelog carries the plain value with the stored timestamp as the record timestamp.
 */
export class ChangeLoggingWindowBytesStore extends StoreLayer<WindowBytesStore> implements VisitableWindowBytesStore {
  #context: StoreContext | undefined;
  #seq = 0;

  constructor(
    inner: WindowBytesStore,
    readonly timestamped: boolean,
  ) {
    super(inner);
  }

  get retentionMs(): number {
    return this.inner.retentionMs;
  }
  get windowSizeMs(): number {
    return this.inner.windowSizeMs;
  }
  get retainDuplicates(): boolean {
    return this.inner.retainDuplicates;
  }

  override async init(context: StoreContext): Promise<void> {
    this.#context = context;
    await this.inner.init(context);
  }
  observedStreamTime(): number {
    return this.inner.observedStreamTime();
  }
  fetchOne(key: Buffer, windowStartMs: number): Buffer | undefined {
    return this.inner.fetchOne(key, windowStartMs);
  }
  fetchEntries(keyFrom: Buffer | undefined, keyTo: Buffer | undefined, fromMs: number, toMs: number): WindowEntry[] {
    return this.inner.fetchEntries(keyFrom, keyTo, fromMs, toMs);
  }
  visitKey(key: Buffer, fromMs: number, toMs: number, visitor: WindowEntryVisitor): void {
    visitWindowKey(this.inner, key, fromMs, toMs, visitor);
  }

  /** Writes changelog records (Kafka's window key layout) straight into the inner store. */
  restore(records: readonly ChangelogRecord[]): void {
    for (const r of records) {
      const { key, windowStartMs } = parseWindowStoreKey(r.key);
      if (r.value === null || !this.timestamped) {
        this.inner.put(key, r.value, windowStartMs);
        continue;
      }
      const value = Buffer.allocUnsafe(TIMESTAMP_BYTES + r.value.length);
      value.writeBigInt64BE(BigInt(r.timestamp), 0);
      r.value.copy(value, TIMESTAMP_BYTES);
      this.inner.put(key, value, windowStartMs);
    }
  }

  put(key: Buffer, value: Buffer | null, windowStartMs: number): void {
    this.inner.put(key, value, windowStartMs);
    this.logOnly(key, value, windowStartMs);
  }

  /**
   * The changelog record of a put() without the put: for a window the layer above knows is already expired, which
   * the store below would keep only until its own stream time caught up and nothing reads. Kafka logs it too.
   */
  logOnly(key: Buffer, value: Buffer | null, windowStartMs: number): void {
    const context = this.#context;
    if (context === undefined) return;
    const seq = this.retainDuplicates ? ++this.#seq : 0;
    const storeKey = windowStoreKey(key, windowStartMs, seq);
    if (this.timestamped && value !== null) {
      context.logChange(this.name, storeKey, value.subarray(TIMESTAMP_BYTES), readInt64BE(value, 0));
    } else {
      context.logChange(this.name, storeKey, value, context.currentTimestampMs());
    }
  }

  /**
   * put() of a timestamped store's value given as its plain bytes and timestamp: the stored value is built in one
   * buffer and the changelog gets the plain bytes as they are (no copy, no view of the stored value). With
   * `logOnly`, only the changelog record is written (see logOnly()).
   */
  putTimestamped(key: Buffer, plain: Buffer, timestamp: number, windowStartMs: number, logOnly = false): void {
    const inner = this.inner as WindowBytesStore & Partial<TimestampedWindowPut>;
    if (!logOnly && inner.putTimestamped !== undefined) inner.putTimestamped(key, timestamp, plain, windowStartMs);
    else if (!logOnly) this.inner.put(key, withTimestamp(plain, timestamp), windowStartMs);
    this.#context?.logChange(this.name, windowStoreKey(key, windowStartMs, this.retainDuplicates ? ++this.#seq : 0), plain, timestamp);
  }
}

/** A bytes window store that stores Kafka's timestamped layout from its parts (InMemoryWindowBytesStore). */
interface TimestampedWindowPut {
  putTimestamped(key: Buffer, timestamp: number, plain: Buffer, windowStartMs: number): void;
}

/** Visits one key's entries of a bytes window store: directly where the store can, else through fetchEntries. */
export function visitWindowKey(store: WindowBytesStore, key: Buffer, fromMs: number, toMs: number, visitor: WindowEntryVisitor): void {
  if (isVisitable(store)) {
    store.visitKey(key, fromMs, toMs, visitor);
    return;
  }
  for (const entry of store.fetchEntries(key, key, fromMs, toMs)) visitor(entry.windowStart, entry.value);
}

/** The typed top of a window store stack: serdes in, Windowed keys out. */
export class TypedWindowStore<K, V> extends StoreLayer<WindowBytesStore> implements WindowStore<K, V> {
  #keySerde: Serde<K> | undefined;
  #valueSerde: Serde<V> | undefined;
  #plainValueSerde: Serde<unknown> | undefined;
  #topic = '';
  /** The changelogging layer right below, if any. */
  #log: ChangeLoggingWindowBytesStore | undefined;
  /** The changelogging layer right below, when it logs a timestamped store (then values are ValueAndTimestamps). */
  #timestampedLog: ChangeLoggingWindowBytesStore | undefined;

  constructor(
    inner: WindowBytesStore,
    keySerde: Serde<K> | undefined,
    plainValueSerde: Serde<unknown> | undefined,
    readonly wrapValueSerde: (plain: Serde<unknown>) => Serde<V>,
  ) {
    super(inner);
    this.#keySerde = keySerde;
    this.#plainValueSerde = plainValueSerde;
  }

  override async init(context: StoreContext): Promise<void> {
    this.#topic = `${context.applicationId}-${this.name}-changelog`;
    this.#keySerde ??= context.defaultKeySerde as Serde<K> | undefined;
    this.#plainValueSerde ??= context.defaultValueSerde;
    if (this.#keySerde === undefined || this.#plainValueSerde === undefined) {
      throw new StoreError(this.name, `Window store ${this.name} has no ${this.#keySerde === undefined ? 'key' : 'value'} serde. Pass serdes to Materialized, or set defaultKeySerde/defaultValueSerde.`);
    }
    this.#valueSerde = this.wrapValueSerde(this.#plainValueSerde);
    this.#log = this.inner instanceof ChangeLoggingWindowBytesStore ? this.inner : undefined;
    this.#timestampedLog = this.#log?.timestamped === true ? this.#log : undefined;
    await this.inner.init(context);
  }
  put(key: K, value: V | null, windowStartMs: number): void {
    this.putSerialized(this.#key(key), value, windowStartMs);
  }

  /**
   * Calls `each` with the window start and value of every entry of `key` with start in [fromMs, toMs], in fetch
   * order, without building iterator entries (the stream-stream join's probe).
   */
  fetchEach(key: K, fromMs: number, toMs: number, each: (windowStartMs: number, value: V) => void): void {
    const outer = this.#each;
    this.#each = each;
    try {
      visitWindowKey(this.inner, this.#key(key), fromMs, toMs, this.#deserializeEach);
    } finally {
      this.#each = outer;
    }
  }

  #each: ((windowStartMs: number, value: V) => void) | undefined;
  /** fetchEach's visitor, made once: deserializes each value for the current callback. */
  readonly #deserializeEach = (start: number, bytes: Buffer): void => {
    this.#each?.(start, (this.#valueSerde as Serde<V>).deserialize(this.#topic, bytes));
  };

  /**
   * put() with the key already serialized (by serializeKey): the caching layer serializes a key once for all its
   * windows. With `expired` (the caching layer's stream time is past the window's retention) only the changelog
   * record is written: the store below, which has not seen that stream time yet, would store it only to drop it.
   */
  putSerialized(keyBytes: Buffer, value: V | null, windowStartMs: number, expired = false): void {
    const logged = this.#log;
    if (expired && logged === undefined) return;
    if (this.#timestampedLog !== undefined && value !== null) {
      // What the ValueAndTimestamp serde would store, without its intermediate buffers (a null plain value is a delete).
      const { value: plainValue, timestamp } = value as ValueAndTimestamp<unknown>;
      const plain = (this.#plainValueSerde as Serde<unknown>).serialize(this.#topic, plainValue);
      if (plain !== null) {
        this.#timestampedLog.putTimestamped(keyBytes, plain, timestamp, windowStartMs, expired);
        return;
      }
    }
    const bytes = value === null ? null : (this.#valueSerde as Serde<V>).serialize(this.#topic, value);
    if (expired) logged?.logOnly(keyBytes, bytes, windowStartMs);
    else this.inner.put(keyBytes, bytes, windowStartMs);
  }

  /** The key's bytes, as the layers below see them (the caching layer identifies non-primitive keys by them). */
  serializeKey(key: K): Buffer {
    return this.#key(key);
  }

  /** The largest window start the layers below have seen (-1 before any): nothing is stored after it. */
  observedStreamTime(): number {
    return this.inner.observedStreamTime();
  }

  fetch(key: K, windowStartMs: number): V | undefined;
  fetch(key: K, fromMs: number, toMs: number): KeyValueIterator<number, V>;
  fetch(key: K, fromMs: number, toMs?: number): V | undefined | KeyValueIterator<number, V> {
    if (toMs === undefined) {
      const bytes = this.inner.fetchOne(this.#key(key), fromMs);
      return bytes === undefined ? undefined : this.#value(bytes);
    }
    const k = this.#key(key);
    return arrayIterator(this.inner.fetchEntries(k, k, fromMs, toMs).map((e) => ({ key: e.windowStart, value: this.#value(e.value) })));
  }

  backwardFetch(key: K, fromMs: number, toMs: number): KeyValueIterator<number, V> {
    const k = this.#key(key);
    return arrayIterator(this.inner.fetchEntries(k, k, fromMs, toMs).reverse().map((e) => ({ key: e.windowStart, value: this.#value(e.value) })));
  }

  fetchRange(keyFrom: K | undefined, keyTo: K | undefined, fromMs: number, toMs: number): KeyValueIterator<Windowed<K>, V> {
    const lo = keyFrom === undefined ? undefined : this.#key(keyFrom);
    const hi = keyTo === undefined ? undefined : this.#key(keyTo);
    return this.#windowed(this.inner.fetchEntries(lo, hi, fromMs, toMs));
  }

  fetchAll(fromMs: number, toMs: number): KeyValueIterator<Windowed<K>, V> {
    return this.#windowed(this.inner.fetchEntries(undefined, undefined, fromMs, toMs));
  }

  all(): KeyValueIterator<Windowed<K>, V> {
    return this.fetchAll(0, Number.MAX_SAFE_INTEGER);
  }

  #windowed(entries: WindowEntry[]): KeyValueIterator<Windowed<K>, V> {
    const keySerde = this.#keySerde as Serde<K>;
    const size = this.inner.windowSizeMs;
    return arrayIterator(
      entries.map((e) => ({
        key: { key: keySerde.deserialize(this.#topic, e.key), window: { start: e.windowStart, end: e.windowStart + size } },
        value: this.#value(e.value),
      })),
    );
  }

  #key(key: K): Buffer {
    const bytes = (this.#keySerde as Serde<K>).serialize(this.#topic, key);
    if (bytes === null) throw new StoreError(this.name, `Window store ${this.name} cannot take a null key.`);
    return bytes;
  }

  /** Restores the layers below from changelog records. */
  restore(records: readonly ChangelogRecord[]): void | Promise<void> {
    if (isRestorable(this.inner)) return this.inner.restore(records);
  }

  #value(bytes: Buffer): V {
    return (this.#valueSerde as Serde<V>).deserialize(this.#topic, bytes);
  }
}
