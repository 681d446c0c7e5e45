import type { Serde } from '../serdes/serde.js';
import { StoreError } from '../errors.js';
import type { KeyValueBytesStore, KeyValueBytesStoreSupplier } from '../state/key-value-store.js';
import type { StateStore, StoreBuildDefaults, StoreBuilder, StoreContext } from '../state/store.js';
import { ChangeLoggingKeyValueBytesStore } from '../state/layers/change-logging-store.js';
import { StoreLayer } from '../state/layers/store-layer.js';

/** Which join side an unmatched record came from. */
export type JoinSide = 'left' | 'right';

/** One unmatched record waiting in the shared outer store (Kafka's TimestampedKeyAndJoinSide + LeftOrRightValue). */
export interface OuterJoinEntry<K, V1, V2> {
  readonly key: K;
  readonly timestamp: number;
  readonly side: JoinSide;
  /** The value of the record's own side; the other side's is null. */
  readonly left: V1 | null;
  readonly right: V2 | null;
  /** The serialized store key: equal bytes = the same (timestamp, side, key). */
  readonly id: string;
}

/**
 * The store left/outer stream-stream joins share between both sides (Kafka's KSTREAM-OUTERSHARED store, a
 * ListValueStore): unmatched records wait here until their join window (+ grace) closes. The key layout is
 * Kafka's `[timestamp int64 BE][side: 1 = left, 0 = right][key bytes]`, so iterating in byte order gives
 * timestamp order with the right side first at equal timestamps. Values are Kafka's LeftOrRightValue
 * (`[1 = left, 0 = right][value bytes]`); several records with the same store key are kept as a list.
 */
export class OuterJoinStore<K, V1, V2> extends StoreLayer<KeyValueBytesStore> implements StateStore {
  #keySerde: Serde<K> | undefined;
  #leftSerde: Serde<V1> | undefined;
  #rightSerde: Serde<V2> | undefined;
  #topic = '';

  constructor(
    inner: KeyValueBytesStore,
    keySerde: Serde<K> | undefined,
    leftSerde: Serde<V1> | undefined,
    rightSerde: Serde<V2> | undefined,
  ) {
    super(inner);
    this.#keySerde = keySerde;
    this.#leftSerde = leftSerde;
    this.#rightSerde = rightSerde;
  }

  override async init(context: StoreContext): Promise<void> {
    this.#topic = `${context.applicationId}-${this.name}-changelog`;
    this.#keySerde ??= context.defaultKeySerde as Serde<K> | undefined;
    this.#leftSerde ??= context.defaultValueSerde as Serde<V1> | undefined;
    this.#rightSerde ??= context.defaultValueSerde as Serde<V2> | undefined;
    if (this.#keySerde === undefined || this.#leftSerde === undefined || this.#rightSerde === undefined) {
      throw new StoreError(this.name, `Outer join store ${this.name} has no ${this.#keySerde === undefined ? 'key' : 'value'} serde. Pass serdes to StreamJoined.with(...), or set defaultKeySerde/defaultValueSerde.`);
    }
    await this.inner.init(context);
  }
  /** Appends an unmatched record to the list under (timestamp, side, key). */
  put(key: K, timestamp: number, side: JoinSide, value: V1 | V2): void {
    const storeKey = this.#storeKey(key, timestamp, side);
    const raw = side === 'left' ? (this.#leftSerde as Serde<V1>).serialize(this.#topic, value as V1) : (this.#rightSerde as Serde<V2>).serialize(this.#topic, value as V2);
    if (raw === null) return;
    const item = Buffer.concat([Buffer.from([side === 'left' ? 1 : 0]), raw]);
    const old = this.inner.get(storeKey);
    this.inner.put(storeKey, encodeList(old === undefined ? [item] : [...decodeList(old), item]));
  }

  /** Deletes the list under (timestamp, side, key) if there is one (Kafka's `putIfAbsent(key, null)`). */
  deleteIfPresent(key: K, timestamp: number, side: JoinSide): void {
    const storeKey = this.#storeKey(key, timestamp, side);
    if (this.inner.get(storeKey) !== undefined) this.inner.put(storeKey, null);
  }

  /** Deletes the list with this serialized key (a blind delete, as Kafka's `put(key, null)`). */
  deleteById(id: string): void {
    this.inner.put(Buffer.from(id, 'latin1'), null);
  }

  /** A snapshot of every entry, by key bytes; each list item is its own entry, in insertion order. */
  all(): OuterJoinEntry<K, V1, V2>[] {
    const out: OuterJoinEntry<K, V1, V2>[] = [];
    for (const { key: storeKey, value } of this.inner.all()) {
      const timestamp = Number(storeKey.readBigInt64BE(0));
      const side: JoinSide = storeKey[8] === 1 ? 'left' : 'right';
      const key = (this.#keySerde as Serde<K>).deserialize(this.#topic, storeKey.subarray(9));
      const id = storeKey.toString('latin1');
      for (const item of decodeList(value)) {
        const raw = item.subarray(1);
        const isLeft = item[0] === 1;
        const left = isLeft ? (this.#leftSerde as Serde<V1>).deserialize(this.#topic, raw) : null;
        const right = isLeft ? null : (this.#rightSerde as Serde<V2>).deserialize(this.#topic, raw);
        out.push({ key, timestamp, side, left, right, id });
      }
    }
    return out;
  }

  #storeKey(key: K, timestamp: number, side: JoinSide): Buffer {
    const keyBytes = (this.#keySerde as Serde<K>).serialize(this.#topic, key);
    if (keyBytes === null) throw new StoreError(this.name, `Outer join store ${this.name} cannot take a null key.`);
    const out = Buffer.allocUnsafe(9 + keyBytes.length);
    out.writeBigInt64BE(BigInt(timestamp), 0);
    out[8] = side === 'left' ? 1 : 0;
    keyBytes.copy(out, 9);
    return out;
  }
}

/** A list of byte arrays: `[count int32]` then `[length int32][bytes]` per item. */
function encodeList(items: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.allocUnsafe(4);
  head.writeInt32BE(items.length, 0);
  parts.push(head);
  for (const item of items) {
    const len = Buffer.allocUnsafe(4);
    len.writeInt32BE(item.length, 0);
    parts.push(len, item);
  }
  return Buffer.concat(parts);
}

function decodeList(bytes: Buffer): Buffer[] {
  const count = bytes.readInt32BE(0);
  const items: Buffer[] = [];
  let at = 4;
  for (let i = 0; i < count; i++) {
    const len = bytes.readInt32BE(at);
    items.push(bytes.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return items;
}

/** Builds the shared outer store over a key-value bytes store (Kafka's OuterStreamJoinStoreFactory); never cached. */
export class OuterJoinStoreBuilder<K, V1, V2> implements StoreBuilder<OuterJoinStore<K, V1, V2>> {
  readonly cachingEnabled = false;

  constructor(
    readonly supplier: KeyValueBytesStoreSupplier,
    readonly keySerde: Serde<K> | undefined,
    readonly leftSerde: Serde<V1> | undefined,
    readonly rightSerde: Serde<V2> | undefined,
    readonly loggingEnabled: boolean,
    readonly logConfig: Readonly<Record<string, string>>,
  ) {}

  get name(): string {
    return this.supplier.name;
  }
  withLoggingEnabled(config: Record<string, string> = {}): OuterJoinStoreBuilder<K, V1, V2> {
    return new OuterJoinStoreBuilder(this.supplier, this.keySerde, this.leftSerde, this.rightSerde, true, { ...config });
  }
  withLoggingDisabled(): OuterJoinStoreBuilder<K, V1, V2> {
    return new OuterJoinStoreBuilder(this.supplier, this.keySerde, this.leftSerde, this.rightSerde, false, this.logConfig);
  }
  withCachingEnabled(): OuterJoinStoreBuilder<K, V1, V2> {
    return this;
  }
  withCachingDisabled(): OuterJoinStoreBuilder<K, V1, V2> {
    return this;
  }
  build(defaults?: StoreBuildDefaults): OuterJoinStore<K, V1, V2> {
    const bytes = this.supplier.get(defaults);
    const logged = this.loggingEnabled ? new ChangeLoggingKeyValueBytesStore(bytes, false) : bytes;
    return new OuterJoinStore(logged, this.keySerde, this.leftSerde, this.rightSerde);
  }
}
