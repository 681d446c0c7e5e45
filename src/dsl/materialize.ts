import type { Serde } from '../serdes/serde.js';
import type { StoreBuilder } from '../state/store.js';
import type { TimestampedKeyValueStore } from '../state/key-value-store.js';
import { Stores } from '../state/stores.js';
import { dslKeyValueStoreSupplier, dslWindowStoreSupplier } from '../state/dsl-store-suppliers.js';
import type { Materialized } from './options.js';
import { TopologyError } from '../errors.js';
import type { WindowStore } from '../state/window-store.js';
import type { ValueAndTimestamp } from '../state/key-value-store.js';
import type { TimeWindows } from '../windows/time-windows.js';

/**
 * The timestamped key-value store a DSL operator materializes into (Kafka's KeyValueStoreMaterializer),
 * with the Materialized's supplier, serdes, logging and caching.
 */
export function keyValueStoreFor<K, V>(
  storeName: string,
  materialized: Materialized<K, V> | undefined,
  keySerde: Serde<K> | undefined,
  valueSerde: Serde<V> | undefined,
): StoreBuilder<TimestampedKeyValueStore<K, V>> {
  const given = materialized?.storeSupplier;
  if (given !== undefined && ('windowSizeMs' in given || 'sessionStore' in given)) {
    throw new TopologyError(`Materialized.as(${given.name}) gives a window or session store supplier to an operator that needs a key-value store; pass Stores.inMemoryKeyValueStore(...).`);
  }
  const supplier = given ?? dslKeyValueStoreSupplier(storeName);
  let builder = Stores.timestampedKeyValueStoreBuilder(supplier, materialized?.keySerde ?? keySerde, materialized?.valueSerde ?? valueSerde);
  if (materialized !== undefined && !materialized.loggingEnabled) builder = builder.withLoggingDisabled();
  else if (materialized !== undefined) builder = builder.withLoggingEnabled({ ...materialized.logConfig });
  if (materialized === undefined || materialized.cachingEnabled) builder = builder.withCachingEnabled();
  return builder;
}

/**
 * The timestamped window store a windowed aggregation materializes into. Retention defaults to size + grace;
 * a shorter one is refused, as in Kafka Streams.
 */
export function windowStoreFor<K, V>(
  storeName: string,
  materialized: Materialized<K, V> | undefined,
  windows: Pick<TimeWindows, 'sizeMs' | 'graceMs'>,
  keySerde: Serde<K> | undefined,
  valueSerde: Serde<V> | undefined,
): StoreBuilder<WindowStore<K, ValueAndTimestamp<V>>> {
  const retentionMs = materialized?.retentionMs ?? windows.sizeMs + windows.graceMs;
  if (retentionMs < windows.sizeMs + windows.graceMs) {
    throw new TopologyError(
      `The retention period of the window store ${storeName} must be no smaller than its window size plus the grace period. ` +
        `Got size=[${windows.sizeMs}], grace=[${windows.graceMs}], retention=[${retentionMs}]. Raise Materialized.withRetention(...) or shorten the grace.`,
    );
  }
  const given = materialized?.storeSupplier;
  if (given !== undefined && !('windowSizeMs' in given)) {
    throw new TopologyError(`Materialized.as(${given.name}) gives a key-value store supplier to a windowed aggregation; pass Stores.inMemoryWindowStore(...).`);
  }
  const supplier = given ?? dslWindowStoreSupplier(storeName, retentionMs, windows.sizeMs, false);
  let builder = Stores.timestampedWindowStoreBuilder(supplier, materialized?.keySerde ?? keySerde, materialized?.valueSerde ?? valueSerde);
  if (materialized !== undefined && !materialized.loggingEnabled) builder = builder.withLoggingDisabled();
  else if (materialized !== undefined) builder = builder.withLoggingEnabled({ ...materialized.logConfig });
  if (materialized === undefined || materialized.cachingEnabled) builder = builder.withCachingEnabled();
  return builder;
}
