import type { ProcessorContext } from '../topology/processor.js';
import type { TimestampedKeyValueStore, ValueAndTimestamp } from '../state/key-value-store.js';

/**
 * Reads a KTable's current value of a key while a join processes a record (Kafka's KTableValueGetter): from the
 * table's store, or by recomputing a non-materialized operator from its parent's getter. Null when absent.
 */
export interface TableValueGetter<K, V> {
  init(context: ProcessorContext<unknown, unknown>): void;
  get(key: K): ValueAndTimestamp<V> | null;
}

/** Creates one getter per processor instance; `storeNames` must be connected to the processor that reads. */
export interface TableValueGetterSupplier<K, V> {
  readonly storeNames: readonly string[];
  get(): TableValueGetter<K, V>;
}

/** A getter that reads the table's own timestamped store (KTableMaterializedValueGetterSupplier / KTableSourceValueGetterSupplier). */
export function storeValueGetter<K, V>(storeName: string): TableValueGetterSupplier<K, V> {
  return {
    storeNames: [storeName],
    get: () => {
      let store: TimestampedKeyValueStore<K, V> | undefined;
      return {
        init: (context) => {
          store = context.getStateStore(storeName);
        },
        get: (key) => (store === undefined ? null : (store.get(key) ?? null)),
      };
    },
  };
}

/**
 * A getter that recomputes a non-materialized operator (filter, mapValues) from its parent's value; `compute`
 * returns null when the operator drops the row.
 */
export function derivedValueGetter<K, VP, V>(
  parent: TableValueGetterSupplier<K, VP>,
  compute: (key: K, parentValue: ValueAndTimestamp<VP> | null) => ValueAndTimestamp<V> | null,
): TableValueGetterSupplier<K, V> {
  return {
    storeNames: parent.storeNames,
    get: () => {
      const getter = parent.get();
      return {
        init: (context) => getter.init(context),
        get: (key) => compute(key, getter.get(key)),
      };
    },
  };
}

/** The value of a ValueAndTimestamp, or null. */
export function valueOrNull<V>(valueAndTimestamp: ValueAndTimestamp<V> | null | undefined): V | null {
  return valueAndTimestamp === null || valueAndTimestamp === undefined ? null : valueAndTimestamp.value;
}
