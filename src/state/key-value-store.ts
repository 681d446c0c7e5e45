import type { KeyValue } from '../internal/key-value.js';
import type { StateStore, StoreBuildDefaults } from './store.js';

/**
 * Iterator over store entries, in key-byte order. Always close it (or use `for…of`, which closes it).
 * In-memory stores iterate synchronously; every store can be iterated with `for await`.
 */
export interface KeyValueIterator<K, V> extends Iterable<KeyValue<K, V>>, AsyncIterable<KeyValue<K, V>> {
  close(): void;
}

/** Read access to a key-value store: what interactive queries and the test driver hand out. */
export interface ReadOnlyKeyValueStore<K, V> {
  /** The value of `key`, or undefined if there is none. */
  get(key: K): V | undefined;
  /** Entries with from ≤ key ≤ to by serialized key bytes; an undefined bound is open. */
  range(from: K | undefined, to: K | undefined): KeyValueIterator<K, V>;
  /** Like `range`, in descending key order. */
  reverseRange(from: K | undefined, to: K | undefined): KeyValueIterator<K, V>;
  /** Every entry in ascending key order. */
  all(): KeyValueIterator<K, V>;
  /** Every entry in descending key order. */
  reverseAll(): KeyValueIterator<K, V>;
  /** Number of entries (exact for in-memory stores). */
  approximateNumEntries(): number;
}

/** A key-value state store. Writing null deletes the key, as in Kafka Streams. */
export interface KeyValueStore<K, V> extends StateStore, ReadOnlyKeyValueStore<K, V> {
  put(key: K, value: V | null): void;
  /** Puts only when the key has no value; returns the existing value, if any. */
  putIfAbsent(key: K, value: V): V | undefined;
  putAll(entries: readonly KeyValue<K, V | null>[]): void;
  /** Removes the key and returns its old value. */
  delete(key: K): V | undefined;
}

/** The store every layer stack ends in: raw key and value bytes. */
export type KeyValueBytesStore = KeyValueStore<Buffer, Buffer>;

/** A value together with the timestamp of the record that produced it (Kafka's ValueAndTimestamp). */
export interface ValueAndTimestamp<V> {
  readonly value: V;
  readonly timestamp: number;
}

/** The store kind the DSL materializes tables and aggregations into. */
export type TimestampedKeyValueStore<K, V> = KeyValueStore<K, ValueAndTimestamp<V>>;

/** Supplies the bytes store at the bottom of a key-value store stack (Kafka's KeyValueBytesStoreSupplier). */
export interface KeyValueBytesStoreSupplier {
  readonly name: string;
  readonly persistent: boolean;
  get(defaults?: StoreBuildDefaults): KeyValueBytesStore;
}
