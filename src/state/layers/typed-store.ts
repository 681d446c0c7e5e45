import type { KeyValue } from '../../internal/key-value.js';
import type { Serde } from '../../serdes/serde.js';
import { StoreError } from '../../errors.js';
import type { KeyValueBytesStore, KeyValueIterator, KeyValueStore } from '../key-value-store.js';
import { isRestorable, type ChangelogRecord, type StoreContext } from '../store.js';
import { mapIterator } from '../iterators.js';
import { ChangeLoggingKeyValueBytesStore } from './change-logging-store.js';
import type { ValueAndTimestamp } from '../key-value-store.js';
import { StoreLayer } from './store-layer.js';

/**
 * The top of a key-value store stack: serializes keys and values with serdes, the only layer that sees K and V.
 * Serdes left undefined are taken from the task's default serdes when the store is initialized.
 * Serdes are called with the store's changelog topic name, as Kafka Streams does.
 */
export class TypedKeyValueStore<K, V> extends StoreLayer<KeyValueBytesStore> implements KeyValueStore<K, V> {
  #keySerde: Serde<K> | undefined;
  #valueSerde: Serde<V> | undefined;
  #plainValueSerde: Serde<unknown> | undefined;
  readonly #wrapValueSerde: (plain: Serde<unknown>) => Serde<V>;
  #topic = '';
  /** The changelogging layer right below, when it logs a timestamped store (then values are ValueAndTimestamps). */
  #timestampedLog: ChangeLoggingKeyValueBytesStore | undefined;

  /**
   * @param plainValueSerde the user's value serde, or undefined for the config default
   * @param wrapValueSerde turns the plain serde into the stored one (timestamped stores add Kafka's timestamp prefix)
   */
  constructor(
    inner: KeyValueBytesStore,
    keySerde: Serde<K> | undefined,
    plainValueSerde: Serde<unknown> | undefined,
    wrapValueSerde: (plain: Serde<unknown>) => Serde<V>,
  ) {
    super(inner);
    this.#keySerde = keySerde;
    this.#plainValueSerde = plainValueSerde;
    this.#wrapValueSerde = wrapValueSerde;
  }

  override async init(context: StoreContext): Promise<void> {
    this.#topic = `${context.applicationId}-${this.name}-changelog`;
    this.#keySerde ??= context.defaultKeySerde as Serde<K> | undefined;
    this.#plainValueSerde ??= context.defaultValueSerde;
    if (this.#keySerde === undefined || this.#plainValueSerde === undefined) {
      throw new StoreError(
        this.name,
        `State store ${this.name} has no ${this.#keySerde === undefined ? 'key' : 'value'} serde. ` +
          'Pass serdes to Materialized.with(...)/Stores.keyValueStoreBuilder(...), or set defaultKeySerde/defaultValueSerde in the config.',
      );
    }
    this.#valueSerde = this.#wrapValueSerde(this.#plainValueSerde);
    this.#timestampedLog = this.inner instanceof ChangeLoggingKeyValueBytesStore && this.inner.timestamped ? this.inner : undefined;
    await this.inner.init(context);
  }

  /** Restores the layers below from changelog records. */
  restore(records: readonly ChangelogRecord[]): void | Promise<void> {
    if (isRestorable(this.inner)) return this.inner.restore(records);
  }

  get(key: K): V | undefined {
    const bytes = this.inner.get(this.#key(key));
    return bytes === undefined ? undefined : this.#value(bytes);
  }

  put(key: K, value: V | null): void {
    this.inner.put(this.#key(key), value === null ? null : (this.#valueSerde as Serde<V>).serialize(this.#topic, value));
  }

  /** put() with the key already serialized (the record cache serializes each key once, not at every flush). */
  putSerialized(keyBytes: Buffer, value: V | null): void {
    const logged = this.#timestampedLog;
    if (logged !== undefined && value !== null) {
      // What the ValueAndTimestamp serde would store, without its intermediate buffers (a null plain value is a delete).
      const { value: plainValue, timestamp } = value as ValueAndTimestamp<unknown>;
      const plain = (this.#plainValueSerde as Serde<unknown>).serialize(this.#topic, plainValue);
      if (plain !== null) {
        logged.putTimestamped(keyBytes, plain, timestamp);
        return;
      }
    }
    this.inner.put(keyBytes, value === null ? null : (this.#valueSerde as Serde<V>).serialize(this.#topic, value));
  }

  putIfAbsent(key: K, value: V): V | undefined {
    const bytes = (this.#valueSerde as Serde<V>).serialize(this.#topic, value);
    if (bytes === null) return this.get(key);
    const old = this.inner.putIfAbsent(this.#key(key), bytes);
    return old === undefined ? undefined : this.#value(old);
  }

  putAll(entries: readonly KeyValue<K, V | null>[]): void {
    for (const { key, value } of entries) this.put(key, value);
  }

  delete(key: K): V | undefined {
    const old = this.inner.delete(this.#key(key));
    return old === undefined ? undefined : this.#value(old);
  }

  range(from: K | undefined, to: K | undefined): KeyValueIterator<K, V> {
    return this.#typed(this.inner.range(this.#bound(from), this.#bound(to)));
  }

  reverseRange(from: K | undefined, to: K | undefined): KeyValueIterator<K, V> {
    return this.#typed(this.inner.reverseRange(this.#bound(from), this.#bound(to)));
  }

  all(): KeyValueIterator<K, V> {
    return this.#typed(this.inner.all());
  }

  reverseAll(): KeyValueIterator<K, V> {
    return this.#typed(this.inner.reverseAll());
  }

  approximateNumEntries(): number {
    return this.inner.approximateNumEntries();
  }

  /** The key's bytes as the store keeps them. */
  serializeKey(key: K): Buffer {
    return this.#key(key);
  }

  #key(key: K): Buffer {
    const bytes = (this.#keySerde as Serde<K>).serialize(this.#topic, key);
    if (bytes === null) throw new StoreError(this.name, `State store ${this.name} cannot take a null key.`);
    return bytes;
  }

  #bound(key: K | undefined): Buffer | undefined {
    return key === undefined ? undefined : this.#key(key);
  }

  #value(bytes: Buffer): V {
    return (this.#valueSerde as Serde<V>).deserialize(this.#topic, bytes);
  }

  #typed(inner: KeyValueIterator<Buffer, Buffer>): KeyValueIterator<K, V> {
    const keySerde = this.#keySerde as Serde<K>;
    return mapIterator(inner, (e) => ({ key: keySerde.deserialize(this.#topic, e.key), value: this.#value(e.value) }));
  }
}
