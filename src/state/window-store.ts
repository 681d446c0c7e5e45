import type { KeyValue } from '../internal/key-value.js';
import type { Windowed } from '../windows/windowed.js';
import type { KeyValueIterator } from './key-value-store.js';
import type { StateStore, StoreBuildDefaults } from './store.js';

/** Read access to a window store: values per key and window start (Kafka's ReadOnlyWindowStore). */
export interface ReadOnlyWindowStore<K, V> {
  /** The value of `key` in the window that starts at `windowStartMs`. */
  fetch(key: K, windowStartMs: number): V | undefined;
  /** The values of `key` in windows starting in [fromMs, toMs], by window start ascending (key = window start). */
  fetch(key: K, fromMs: number, toMs: number): KeyValueIterator<number, V>;
  /** Like fetch(key, from, to), descending. */
  backwardFetch(key: K, fromMs: number, toMs: number): KeyValueIterator<number, V>;
  /** Every entry of keys in [keyFrom, keyTo] (undefined bounds are open) with window start in [fromMs, toMs]. */
  fetchRange(keyFrom: K | undefined, keyTo: K | undefined, fromMs: number, toMs: number): KeyValueIterator<Windowed<K>, V>;
  /** Every entry with window start in [fromMs, toMs], ordered by window start, then key bytes. */
  fetchAll(fromMs: number, toMs: number): KeyValueIterator<Windowed<K>, V>;
  /** Every entry still retained. */
  all(): KeyValueIterator<Windowed<K>, V>;
}

/** A window store: values keyed by (key, window start); entries older than the retention period are dropped. */
export interface WindowStore<K, V> extends StateStore, ReadOnlyWindowStore<K, V> {
  /** Puts (or, with null, deletes) the value of `key` in the window starting at `windowStartMs`. */
  put(key: K, value: V | null, windowStartMs: number): void;
}

/** One stored entry of a bytes window store. */
export interface WindowEntry {
  readonly key: Buffer;
  readonly windowStart: number;
  readonly value: Buffer;
}

/**
 * The bytes window store every layer stack ends in. With `retainDuplicates` (stream-stream join buffers)
 * every put adds an entry, instead of replacing the one of the same key and window.
 */
export interface WindowBytesStore extends StateStore {
  readonly retentionMs: number;
  readonly windowSizeMs: number;
  readonly retainDuplicates: boolean;
  put(key: Buffer, value: Buffer | null, windowStartMs: number): void;
  fetchOne(key: Buffer, windowStartMs: number): Buffer | undefined;
  /** Entries of keys in [keyFrom, keyTo] (inclusive, undefined = open) with start in [fromMs, toMs], by start then key. */
  fetchEntries(keyFrom: Buffer | undefined, keyTo: Buffer | undefined, fromMs: number, toMs: number): WindowEntry[];
  /** The largest window start put so far (-1 before any), which drives expiry. */
  observedStreamTime(): number;
}

/** Receives the entries of one key a visit finds, by window start ascending (duplicates in insertion order). */
export type WindowEntryVisitor = (windowStartMs: number, value: Buffer) => void;

/** A bytes window store that can hand one key's entries to a callback without building entry objects. */
export interface VisitableWindowBytesStore extends WindowBytesStore {
  visitKey(key: Buffer, fromMs: number, toMs: number, visitor: WindowEntryVisitor): void;
}

/** True if the bytes store (or layer) can visit one key's entries. */
export function isVisitable(store: WindowBytesStore): store is VisitableWindowBytesStore {
  return typeof (store as Partial<VisitableWindowBytesStore>).visitKey === 'function';
}

/** Supplies the bytes window store at the bottom of a window store stack. */
export interface WindowBytesStoreSupplier {
  readonly name: string;
  readonly persistent: boolean;
  readonly retentionMs: number;
  readonly windowSizeMs: number;
  readonly retainDuplicates: boolean;
  get(defaults?: StoreBuildDefaults): WindowBytesStore;
}

export type { KeyValue };
