import type { KeyValue } from '../internal/key-value.js';
import type { KeyValueIterator } from './key-value-store.js';

/** A KeyValueIterator over an array snapshot, usable with `for…of` and `for await…of`. */
export function arrayIterator<K, V>(entries: readonly KeyValue<K, V>[]): KeyValueIterator<K, V> {
  let closed = false;
  return {
    close() {
      closed = true;
    },
    *[Symbol.iterator]() {
      try {
        for (const entry of entries) {
          if (closed) return;
          yield entry;
        }
      } finally {
        closed = true;
      }
    },
    async *[Symbol.asyncIterator]() {
      try {
        for (const entry of entries) {
          if (closed) return;
          yield entry;
        }
      } finally {
        closed = true;
      }
    },
  };
}

/** Maps every entry of an iterator lazily (the typed layer's deserialization). */
export function mapIterator<K1, V1, K2, V2>(
  inner: KeyValueIterator<K1, V1>,
  fn: (entry: KeyValue<K1, V1>) => KeyValue<K2, V2>,
): KeyValueIterator<K2, V2> {
  return {
    close: () => inner.close(),
    *[Symbol.iterator]() {
      for (const entry of inner) yield fn(entry);
    },
    async *[Symbol.asyncIterator]() {
      for await (const entry of inner) yield fn(entry);
    },
  };
}
