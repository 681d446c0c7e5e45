import type { Serde } from '../serdes/serde.js';
import type { StoreBuilder } from '../state/store.js';
import type { TimestampedKeyValueStore } from '../state/key-value-store.js';
import { Stores } from '../state/stores.js';
import type { Materialized } from './options.js';

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
  const supplier = materialized?.storeSupplier ?? Stores.inMemoryKeyValueStore(storeName);
  let builder = Stores.timestampedKeyValueStoreBuilder(supplier, materialized?.keySerde ?? keySerde, materialized?.valueSerde ?? valueSerde);
  if (materialized !== undefined && !materialized.loggingEnabled) builder = builder.withLoggingDisabled();
  else if (materialized !== undefined) builder = builder.withLoggingEnabled({ ...materialized.logConfig });
  if (materialized === undefined || materialized.cachingEnabled) builder = builder.withCachingEnabled();
  return builder;
}
