import type { Serde } from '../serdes/serde.js';
import type { StoreBuilder } from '../state/store.js';
import type { ValueAndTimestamp } from '../state/key-value-store.js';
import type { SessionStore } from '../state/session-store.js';
import type { WindowStore } from '../state/window-store.js';
import { Stores } from '../state/stores.js';
import { dslSessionStoreSupplier, dslWindowStoreSupplier } from '../state/dsl-store-suppliers.js';
import type { SessionWindows } from '../windows/session-windows.js';
import type { SlidingWindows } from '../windows/sliding-windows.js';
import { TopologyError } from '../errors.js';
import type { Materialized } from './options.js';

function withLogging<B extends StoreBuilder>(builder: B, materialized: Materialized<unknown, unknown> | undefined): B {
  if (materialized !== undefined && !materialized.loggingEnabled) return builder.withLoggingDisabled() as B;
  if (materialized !== undefined) return builder.withLoggingEnabled({ ...materialized.logConfig }) as B;
  return builder;
}

/**
 * The session store a session-windowed aggregation materializes into (Kafka's SessionStoreMaterializer).
 * Retention defaults to gap + grace; a shorter one is refused. Cached unless the Materialized disables caching or
 * the aggregation emits on window close (which reads its final sessions from the store, as Kafka).
 */
export function sessionStoreFor<K, V>(
  storeName: string,
  materialized: Materialized<K, V> | undefined,
  windows: SessionWindows,
  keySerde: Serde<K> | undefined,
  valueSerde: Serde<V> | undefined,
  emitOnClose = false,
): StoreBuilder<SessionStore<K, V>> {
  const minimum = windows.inactivityGapMs + windows.graceMs;
  const retentionMs = materialized?.retentionMs ?? minimum;
  if (retentionMs < minimum) {
    throw new TopologyError(
      `The retention period of the session store ${storeName} must be no smaller than the session inactivity gap plus the grace period. ` +
        `Got gap=[${windows.inactivityGapMs}], grace=[${windows.graceMs}], retention=[${retentionMs}]. Raise Materialized.withRetention(...) or shorten the grace.`,
    );
  }
  const given = materialized?.storeSupplier;
  if (given !== undefined && !('sessionStore' in given)) {
    throw new TopologyError(`Materialized.as(${given.name}) gives a non-session store supplier to a session-windowed aggregation; pass Stores.persistentSessionStore(...) or Stores.inMemorySessionStore(...).`);
  }
  const supplier = given ?? dslSessionStoreSupplier(storeName, retentionMs);
  const builder = withLogging(Stores.sessionStoreBuilder(supplier, materialized?.keySerde ?? keySerde, materialized?.valueSerde ?? valueSerde), materialized as Materialized<unknown, unknown> | undefined);
  return (materialized === undefined || materialized.cachingEnabled) && !emitOnClose ? builder.withCachingEnabled() : builder;
}

/**
 * The timestamped window store a sliding-window aggregation materializes into (Kafka's SlidingWindowStoreMaterializer):
 * windows of timeDifference, kept by default for 2 × timeDifference + grace so the windows needed to create new
 * ones are still there; a shorter retention is refused.
 */
export function slidingWindowStoreFor<K, V>(
  storeName: string,
  materialized: Materialized<K, V> | undefined,
  windows: SlidingWindows,
  keySerde: Serde<K> | undefined,
  valueSerde: Serde<V> | undefined,
): StoreBuilder<WindowStore<K, ValueAndTimestamp<V>>> {
  const minimum = 2 * windows.timeDifferenceMs + windows.graceMs;
  const retentionMs = materialized?.retentionMs ?? minimum;
  if (retentionMs < minimum) {
    throw new TopologyError(
      `The retention period of the window store ${storeName} must be no smaller than 2 * time difference plus the grace period. ` +
        `Got time difference=[${windows.timeDifferenceMs}], grace=[${windows.graceMs}], retention=[${retentionMs}]. Raise Materialized.withRetention(...).`,
    );
  }
  const given = materialized?.storeSupplier;
  if (given !== undefined && !('windowSizeMs' in given)) {
    throw new TopologyError(`Materialized.as(${given.name}) gives a non-window store supplier to a sliding-window aggregation; pass Stores.inMemoryWindowStore(...).`);
  }
  const supplier = given ?? dslWindowStoreSupplier(storeName, retentionMs, windows.timeDifferenceMs, false);
  const builder = Stores.timestampedWindowStoreBuilder(supplier, materialized?.keySerde ?? keySerde, materialized?.valueSerde ?? valueSerde);
  return withLogging(builder, materialized as Materialized<unknown, unknown> | undefined);
}
