import type { KeyValue } from '../internal/key-value.js';
import type { KeyValueIterator, KeyValueStore, TimestampedKeyValueStore } from '../state/key-value-store.js';
import { mapIterator } from '../state/iterators.js';

/** Shows a timestamped store as a plain key-value store, as Kafka's driver does for getKeyValueStore(). */
export function keyValueFacade<K, V>(inner: TimestampedKeyValueStore<K, V>): KeyValueStore<K, V> {
  const plain = (it: KeyValueIterator<K, { value: V }>): KeyValueIterator<K, V> =>
    mapIterator(it, (e): KeyValue<K, V> => ({ key: e.key, value: e.value.value }));
  return {
    get name() {
      return inner.name;
    },
    get persistent() {
      return inner.persistent;
    },
    init: (context) => inner.init(context),
    flush: () => inner.flush(),
    close: () => inner.close(),
    isOpen: () => inner.isOpen(),
    get: (key) => inner.get(key)?.value,
    put: (key, value) => inner.put(key, value === null ? null : { value, timestamp: -1 }),
    putIfAbsent: (key, value) => inner.putIfAbsent(key, { value, timestamp: -1 })?.value,
    putAll: (entries) => inner.putAll(entries.map(({ key, value }) => ({ key, value: value === null ? null : { value, timestamp: -1 } }))),
    delete: (key) => inner.delete(key)?.value,
    range: (from, to) => plain(inner.range(from, to)),
    reverseRange: (from, to) => plain(inner.reverseRange(from, to)),
    all: () => plain(inner.all()),
    reverseAll: () => plain(inner.reverseAll()),
    approximateNumEntries: () => inner.approximateNumEntries(),
  };
}
