import type { Headers, Serde } from '../../serdes/serde.js';
import { StoreError } from '../../errors.js';
import { compareBytes } from '../../internal/bytes.js';
import { isPromise } from '../../internal/promise.js';
import type { ChangelogRecord, RestorableStore, StateStore, StoreBuilder, StoreContext } from '../store.js';

/** An update as the buffer holds it: the new value and the old one (Kafka's Change; null is absent). */
export interface BufferedChange<V> {
  readonly newValue: V | null;
  readonly oldValue: V | null;
}

/** Where a buffered update came from; an evicted update is forwarded with this timestamp and these headers. */
export interface BufferRecordContext {
  readonly timestamp: number;
  readonly offset: bigint;
  readonly topic: string;
  readonly partition: number;
  readonly headers: Headers;
}

/** An update leaving the buffer. */
export interface Eviction<K, V> {
  readonly key: K;
  readonly value: BufferedChange<V>;
  readonly context: BufferRecordContext;
}

interface BufferValue {
  readonly prior: Buffer | null;
  readonly old: Buffer | null;
  readonly new: Buffer | null;
  readonly context: BufferRecordContext;
}

interface Entry {
  readonly time: number;
  readonly id: string;
  readonly key: Buffer;
  value: BufferValue;
}

/** Value of the changelog header "v" of Kafka's current buffer changelog format (version 3). */
const V3 = Buffer.from([3]);
const NULL_SENTINEL = -1;
const PRIOR_DUPLICATE_SENTINEL = -2;

/**
 * The buffer behind `KTable.suppress` (Kafka's InMemoryTimeOrderedKeyValueChangeBuffer): one entry per key,
 * ordered by buffer time then key bytes. A new update of a buffered key replaces its value but keeps its place
 * (its first buffer time); the "prior value" (the old value when the key entered the buffer) is kept for the
 * suppressed table's view. Size is Kafka's estimate: 8 + key + prior + old (unless equal to prior) + new +
 * record context. With logging, `flush()` writes each changed key to the changelog in Kafka's version-3 layout
 * (header `v`=3; `[context][prior][old][new][bufferTime]`), or a tombstone for an evicted key.
 */
export class InMemoryTimeOrderedKeyValueBuffer<K, V> implements StateStore, RestorableStore {
  readonly persistent = false;
  readonly #index = new Map<string, Entry>();
  readonly #sorted: Entry[] = [];
  readonly #dirty = new Set<string>();
  #keySerde: Serde<K> | undefined;
  #valueSerde: Serde<V> | undefined;
  #context: StoreContext | undefined;
  #changelogTopic = '';
  #size = 0;
  #open = false;

  constructor(
    readonly name: string,
    keySerde: Serde<K> | undefined,
    valueSerde: Serde<V> | undefined,
    readonly loggingEnabled: boolean,
  ) {
    this.#keySerde = keySerde;
    this.#valueSerde = valueSerde;
  }

  init(context: StoreContext): void {
    this.#context = context;
    this.#changelogTopic = `${context.applicationId}-${this.name}-changelog`;
    this.#keySerde ??= context.defaultKeySerde as Serde<K> | undefined;
    this.#valueSerde ??= context.defaultValueSerde as Serde<V> | undefined;
    this.#open = true;
  }

  isOpen(): boolean {
    return this.#open;
  }

  close(): void {
    this.#open = false;
    this.#index.clear();
    this.#sorted.length = 0;
    this.#dirty.clear();
    this.#size = 0;
  }

  /** Writes every key changed since the last flush to the changelog (its buffered value, or a tombstone). */
  flush(): void {
    const context = this.#context;
    if (!this.loggingEnabled || context === undefined) return;
    for (const id of this.#dirty) {
      const entry = this.#index.get(id);
      const key = Buffer.from(id, 'latin1');
      if (entry === undefined) context.logChange(this.name, key, null, context.currentTimestampMs());
      else context.logChange(this.name, key, serializeV3(entry), context.currentTimestampMs(), { v: V3 });
    }
    this.#dirty.clear();
  }

  /** Buffers `value` for `key` at `time` (kept at its first time if the key is already buffered). */
  put(time: number, key: K, value: BufferedChange<V>, context: BufferRecordContext): void {
    this.#checkOpen();
    const keyBytes = this.#serializeKey(key);
    const id = keyBytes.toString('latin1');
    const oldBytes = this.#serializeValue(value.oldValue);
    const newBytes = this.#serializeValue(value.newValue);
    const buffered = this.#index.get(id);
    const prior = buffered === undefined ? oldBytes : buffered.value.prior;
    this.#cleanPut(time, id, keyBytes, { prior, old: oldBytes, new: newBytes, context });
    if (this.loggingEnabled) this.#dirty.add(id);
  }

  /**
   * While `predicate()` holds and the buffer is not empty, removes the entry with the lowest buffer time and hands
   * it to `callback`. Waits only where the callback returns a Promise.
   */
  evictWhile(predicate: () => boolean, callback: (eviction: Eviction<K, V>) => void | Promise<void>): void | Promise<void> {
    while (this.#sorted.length > 0 && predicate()) {
      const entry = this.#sorted.shift() as Entry;
      this.#index.delete(entry.id);
      if (this.loggingEnabled) this.#dirty.add(entry.id);
      this.#size -= recordSize(entry.key, entry.value);
      const result = callback({
        key: this.#keySerde === undefined ? (undefined as never) : this.#keySerde.deserialize(this.#changelogTopic, entry.key),
        value: { newValue: this.#deserializeValue(entry.value.new), oldValue: this.#deserializeValue(entry.value.old) },
        context: entry.value.context,
      });
      if (result !== undefined && isPromise(result)) return Promise.resolve(result).then(() => this.evictWhile(predicate, callback));
    }
  }

  /**
   * For a buffered key, the value the suppressed table still shows (the old value when the key entered the
   * buffer), wrapped so that null (absent) differs from "not buffered" (undefined). Timestamp unknown (-1).
   */
  priorValueForBuffered(key: K): { readonly value: V | null; readonly timestamp: number } | undefined {
    const entry = this.#index.get(this.#serializeKey(key).toString('latin1'));
    if (entry === undefined) return undefined;
    return { value: this.#deserializeValue(entry.value.prior), timestamp: -1 };
  }

  /** Number of buffered keys. */
  numRecords(): number {
    return this.#index.size;
  }

  /** Estimated size of the buffered entries in bytes. */
  bufferSize(): number {
    return this.#size;
  }

  /** The lowest buffer time, or Infinity when empty. */
  minTimestamp(): number {
    return this.#sorted[0]?.time ?? Number.POSITIVE_INFINITY;
  }

  /** Rebuilds the buffer from its changelog (Kafka's restoreBatch, version-3 records and tombstones); nothing is logged. */
  restore(records: readonly ChangelogRecord[]): void {
    for (const { key, value } of records) {
      const id = key.toString('latin1');
      if (value === null) {
        const entry = this.#index.get(id);
        if (entry === undefined) continue;
        this.#index.delete(id);
        this.#sorted.splice(this.#sorted.indexOf(entry), 1);
        this.#size -= recordSize(entry.key, entry.value);
      } else {
        const { bufferValue, time } = deserializeV3(value);
        this.#cleanPut(time, id, Buffer.from(key), bufferValue);
      }
    }
  }

  #cleanPut(time: number, id: string, key: Buffer, value: BufferValue): void {
    const previous = this.#index.get(id);
    if (previous !== undefined) {
      this.#size += recordSize(key, value) - recordSize(key, previous.value);
      previous.value = value;
      return;
    }
    const entry: Entry = { time, id, key, value };
    this.#index.set(id, entry);
    this.#sorted.splice(insertionPoint(this.#sorted, entry), 0, entry);
    this.#size += recordSize(key, value);
  }

  #serializeKey(key: K): Buffer {
    const serde = this.#keySerde;
    if (serde === undefined) throw new StoreError(this.name, `Suppression buffer ${this.name} has no key serde: give the table one (Materialized/Grouped), or set defaultKeySerde.`);
    const bytes = serde.serialize(this.#changelogTopic, key);
    if (bytes === null) throw new StoreError(this.name, `Suppression buffer ${this.name} cannot buffer a null key.`);
    return bytes;
  }

  #serializeValue(value: V | null): Buffer | null {
    if (value === null || value === undefined) return null;
    const serde = this.#valueSerde;
    if (serde === undefined) throw new StoreError(this.name, `Suppression buffer ${this.name} has no value serde: give the table one (Materialized), or set defaultValueSerde.`);
    return serde.serialize(this.#changelogTopic, value);
  }

  #deserializeValue(bytes: Buffer | null): V | null {
    if (bytes === null || this.#valueSerde === undefined) return null;
    return this.#valueSerde.deserialize(this.#changelogTopic, bytes);
  }

  #checkOpen(): void {
    if (!this.#open) throw new StoreError(this.name, `State store ${this.name} is not open; it was closed or never initialized.`);
  }
}

/** Position of `entry` in the (time, key bytes) order. */
function insertionPoint(sorted: readonly Entry[], entry: Entry): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const other = sorted[mid] as Entry;
    const cmp = other.time !== entry.time ? other.time - entry.time : compareBytes(other.key, entry.key);
    if (cmp < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function samePrior(value: BufferValue): boolean {
  return value.prior === value.old || (value.prior !== null && value.old !== null && value.prior.equals(value.old));
}

function headerBytes(value: Buffer | string | undefined): Buffer | null {
  return value === undefined ? null : typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

/** Kafka's estimate (computeRecordSize + BufferValue/ProcessorRecordContext.residentMemorySizeEstimate). */
function recordSize(key: Buffer, value: BufferValue): number {
  let size = 8 + key.length;
  size += value.prior?.length ?? 0;
  if (!samePrior(value)) size += value.old?.length ?? 0;
  size += value.new?.length ?? 0;
  size += 8 + 8 + value.context.topic.length + 4;
  for (const [name, header] of Object.entries(value.context.headers)) size += name.length + (headerBytes(header)?.length ?? 0);
  return size;
}

function sizePrefixed(bytes: Buffer | null): Buffer[] {
  const length = Buffer.allocUnsafe(4);
  length.writeInt32BE(bytes === null ? NULL_SENTINEL : bytes.length);
  return bytes === null ? [length] : [length, bytes];
}

/** `[timestamp][offset][topic][partition][headers]` (ProcessorRecordContext.serialize). */
function serializeContext(context: BufferRecordContext): Buffer[] {
  const head = Buffer.allocUnsafe(16);
  head.writeBigInt64BE(BigInt(context.timestamp), 0);
  head.writeBigInt64BE(context.offset, 8);
  const partition = Buffer.allocUnsafe(4);
  partition.writeInt32BE(context.partition);
  const headers = Object.entries(context.headers);
  const count = Buffer.allocUnsafe(4);
  count.writeInt32BE(headers.length);
  const parts = [head, ...sizePrefixed(Buffer.from(context.topic, 'utf8')), partition, count];
  for (const [name, value] of headers) parts.push(...sizePrefixed(Buffer.from(name, 'utf8')), ...sizePrefixed(headerBytes(value)));
  return parts;
}

function serializeV3(entry: Entry): Buffer {
  const { value } = entry;
  const old = value.old === null ? sizePrefixed(null) : samePrior(value) ? [int32(PRIOR_DUPLICATE_SENTINEL)] : sizePrefixed(value.old);
  const time = Buffer.allocUnsafe(8);
  time.writeBigInt64BE(BigInt(entry.time));
  return Buffer.concat([...serializeContext(value.context), ...sizePrefixed(value.prior), ...old, ...sizePrefixed(value.new), time]);
}

function int32(value: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeInt32BE(value);
  return out;
}

function deserializeV3(data: Buffer): { bufferValue: BufferValue; time: number } {
  let at = 0;
  const readInt = () => {
    const v = data.readInt32BE(at);
    at += 4;
    return v;
  };
  const readBytes = (length: number): Buffer | null => {
    if (length < 0) return null;
    const out = Buffer.from(data.subarray(at, at + length));
    at += length;
    return out;
  };
  const timestamp = Number(data.readBigInt64BE(0));
  const offset = data.readBigInt64BE(8);
  at = 16;
  const topic = (readBytes(readInt()) ?? Buffer.alloc(0)).toString('utf8');
  const partition = readInt();
  const headerCount = readInt();
  const headers: Headers = {};
  for (let i = 0; i < headerCount; i++) {
    const name = (readBytes(readInt()) ?? Buffer.alloc(0)).toString('utf8');
    const value = readBytes(readInt());
    headers[name] = value ?? undefined;
  }
  const prior = readBytes(readInt());
  const oldLength = readInt();
  const old = oldLength === PRIOR_DUPLICATE_SENTINEL ? prior : readBytes(oldLength);
  const newValue = readBytes(readInt());
  const time = Number(data.readBigInt64BE(at));
  return { bufferValue: { prior, old, new: newValue, context: { timestamp, offset, topic, partition, headers } }, time };
}

/** Builds the suppression buffer of one task; caching does not apply to it (Kafka's Builder ignores it too). */
export function timeOrderedBufferBuilder<K, V>(
  name: string,
  keySerde: Serde<K> | undefined,
  valueSerde: Serde<V> | undefined,
  logConfig: Readonly<Record<string, string>> | undefined,
): StoreBuilder<InMemoryTimeOrderedKeyValueBuffer<K, V>> {
  return {
    name,
    storeType: undefined,
    loggingEnabled: logConfig !== undefined,
    cachingEnabled: false,
    logConfig: logConfig ?? {},
    withLoggingEnabled: (config = {}) => timeOrderedBufferBuilder(name, keySerde, valueSerde, { ...config }),
    withLoggingDisabled: () => timeOrderedBufferBuilder(name, keySerde, valueSerde, undefined),
    withCachingEnabled() {
      return this;
    },
    withCachingDisabled() {
      return this;
    },
    build: () => new InMemoryTimeOrderedKeyValueBuffer<K, V>(name, keySerde, valueSerde, logConfig !== undefined),
  };
}
