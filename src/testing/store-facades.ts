import type { KeyValue } from '../internal/key-value.js';
import type { KeyValueIterator, KeyValueStore, TimestampedKeyValueStore, ValueAndTimestamp } from '../state/key-value-store.js';
import type { ReadOnlyWindowStore, WindowStore } from '../state/window-store.js';
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

/** Shows a timestamped window store as a plain window store, as Kafka's driver does for getWindowStore(). */
export function windowFacade<K, V>(inner: WindowStore<K, ValueAndTimestamp<V>>): ReadOnlyWindowStore<K, V> {
  const plain = <KK>(it: KeyValueIterator<KK, ValueAndTimestamp<V>>): KeyValueIterator<KK, V> =>
    mapIterator(it, (e): KeyValue<KK, V> => ({ key: e.key, value: e.value.value }));
  function fetch(key: K, windowStartMs: number): V | undefined;
  function fetch(key: K, fromMs: number, toMs: number): KeyValueIterator<number, V>;
  function fetch(key: K, fromMs: number, toMs?: number): V | undefined | KeyValueIterator<number, V> {
    return toMs === undefined ? inner.fetch(key, fromMs)?.value : plain(inner.fetch(key, fromMs, toMs));
  }
  return {
    fetch,
    backwardFetch: (key, fromMs, toMs) => plain(inner.backwardFetch(key, fromMs, toMs)),
    fetchRange: (keyFrom, keyTo, fromMs, toMs) => plain(inner.fetchRange(keyFrom, keyTo, fromMs, toMs)),
    fetchAll: (fromMs, toMs) => plain(inner.fetchAll(fromMs, toMs)),
    all: () => plain(inner.all()),
  };
}
