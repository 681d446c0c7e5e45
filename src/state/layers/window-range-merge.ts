import type { KeyValue } from '../../internal/key-value.js';
import type { Windowed } from '../../windows/windowed.js';

/** A dirty cached (key, window) entry: its value is newer than the store's; null is a pending delete. */
export interface CachedWindowEntry<K, V> {
  readonly start: number;
  readonly key: K;
  readonly value: V | null;
}

export interface WindowRangeMergeOptions<K> {
  readonly keyFrom: K | undefined;
  readonly keyTo: K | undefined;
  readonly sizeMs: number;
  /** The key's serialized bytes as a latin1 string: the order and identity of keys in a bytes store. */
  readonly bytesOf: (key: K) => string;
  readonly expired: (windowStartMs: number) => boolean;
}

/**
 * A window store's range fetch with a cache laid over it (Kafka's MergedSortedCacheWindowStoreKeyValueIterator):
 * the cache's entries replace the store's of the same (key, window), deletes hide them, expired windows are left
 * out, and the result is ordered by window start, then key bytes.
 */
export function mergeWindowRanges<K, V>(
  stored: Iterable<KeyValue<Windowed<K>, V>>,
  cached: readonly CachedWindowEntry<K, V>[],
  options: WindowRangeMergeOptions<K>,
): KeyValue<Windowed<K>, V>[] {
  const { bytesOf, expired } = options;
  interface Row {
    readonly bytes: string;
    readonly start: number;
    readonly key: K;
    readonly window: Windowed<K>['window'];
    readonly value: V | null;
  }
  const rows = new Map<string, Row>();
  for (const { key, value } of stored) {
    if (expired(key.window.start)) continue;
    const bytes = bytesOf(key.key);
    rows.set(`${key.window.start}:${bytes}`, { bytes, start: key.window.start, key: key.key, window: key.window, value });
  }
  const lo = options.keyFrom === undefined ? undefined : bytesOf(options.keyFrom);
  const hi = options.keyTo === undefined ? undefined : bytesOf(options.keyTo);
  for (const { start, key, value } of cached) {
    if (expired(start)) continue;
    const bytes = bytesOf(key);
    if ((lo !== undefined && bytes < lo) || (hi !== undefined && bytes > hi)) continue;
    rows.set(`${start}:${bytes}`, { bytes, start, key, window: { start, end: start + options.sizeMs }, value });
  }
  const out = [...rows.values()].filter((r) => r.value !== null);
  out.sort((a, b) => (a.start !== b.start ? a.start - b.start : a.bytes < b.bytes ? -1 : a.bytes > b.bytes ? 1 : 0));
  return out.map((r) => ({ key: { key: r.key, window: r.window }, value: r.value as V }));
}
