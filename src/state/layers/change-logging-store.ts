import type { KeyValue } from '../../internal/key-value.js';
import type { KeyValueBytesStore, KeyValueIterator } from '../key-value-store.js';
import { isRestorable, type ChangelogRecord, type StoreContext } from '../store.js';
import { TIMESTAMP_BYTES, withTimestamp } from './value-and-timestamp-serde.js';
import { readInt64BE } from '../../internal/bytes.js';
import { StoreLayer } from './store-layer.js';

/**
 * Sends every write of the inner bytes store to the store's changelog through `StoreContext.logChange`.
 * For timestamped stores the changelog record carries the plain value and the stored timestamp as its
 * record timestamp, as in Kafka Streams, so a changelog topic reads like the table it backs.
 * Restoration writes go to the inner store directly and are never logged again.
 */
export class ChangeLoggingKeyValueBytesStore extends StoreLayer<KeyValueBytesStore> implements KeyValueBytesStore {
  #context: StoreContext | undefined;

  constructor(
    inner: KeyValueBytesStore,
    readonly timestamped: boolean,
  ) {
    super(inner);
  }

  override async init(context: StoreContext): Promise<void> {
    this.#context = context;
    await this.inner.init(context);
  }

  /** Writes changelog records straight into the inner store (not logged again). */
  restore(records: readonly ChangelogRecord[]): void | Promise<void> {
    if (this.timestamped && restoresTimestamped(this.inner)) return this.inner.restoreTimestamped(records);
    const stored = this.timestamped ? records.map((r) => ({ ...r, value: r.value === null ? null : withTimestamp(r.value, r.timestamp) })) : records;
    if (isRestorable(this.inner)) return this.inner.restore(stored);
    for (const r of stored) this.inner.put(r.key, r.value);
  }

  get(key: Buffer): Buffer | undefined {
    return this.inner.get(key);
  }

  put(key: Buffer, value: Buffer | null): void {
    this.inner.put(key, value);
    this.#log(key, value);
  }

  /**
   * put() of a timestamped value given as its plain bytes and timestamp: the stored value is built in one buffer
   * and the changelog gets the plain bytes as they are (no view of the stored value to cut).
   */
  putTimestamped(key: Buffer, plain: Buffer, timestamp: number): void {
    this.inner.put(key, withTimestamp(plain, timestamp));
    this.#context?.logChange(this.name, key, plain, timestamp);
  }

  putIfAbsent(key: Buffer, value: Buffer): Buffer | undefined {
    const old = this.inner.putIfAbsent(key, value);
    if (old === undefined) this.#log(key, value);
    return old;
  }

  putAll(entries: readonly KeyValue<Buffer, Buffer | null>[]): void {
    for (const { key, value } of entries) this.put(key, value);
  }

  delete(key: Buffer): Buffer | undefined {
    const old = this.inner.delete(key);
    this.#log(key, null);
    return old;
  }

  range(from: Buffer | undefined, to: Buffer | undefined): KeyValueIterator<Buffer, Buffer> {
    return this.inner.range(from, to);
  }

  reverseRange(from: Buffer | undefined, to: Buffer | undefined): KeyValueIterator<Buffer, Buffer> {
    return this.inner.reverseRange(from, to);
  }

  all(): KeyValueIterator<Buffer, Buffer> {
    return this.inner.all();
  }

  reverseAll(): KeyValueIterator<Buffer, Buffer> {
    return this.inner.reverseAll();
  }

  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }

  #log(key: Buffer, value: Buffer | null): void {
    const context = this.#context;
    if (context === undefined) return;
    if (this.timestamped && value !== null) {
      const timestamp = readInt64BE(value, 0);
      context.logChange(this.name, key, value.subarray(TIMESTAMP_BYTES), timestamp);
    } else {
      context.logChange(this.name, key, value, context.currentTimestampMs());
    }
  }
}

/**
 * A bytes store that restores a timestamped store's changelog itself, putting Kafka's timestamp prefix back on
 * each value as it writes (LevelDB: no copy of every value first).
 */
export interface TimestampedRestorable {
  restoreTimestamped(records: readonly ChangelogRecord[]): void | Promise<void>;
}

function restoresTimestamped(store: unknown): store is TimestampedRestorable {
  return typeof (store as Partial<TimestampedRestorable>).restoreTimestamped === 'function';
}
