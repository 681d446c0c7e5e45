import type { ProcessorSupplier } from '../topology/processor.js';
import { isNullish } from './joiner.js';
import type { TableValueGetterSupplier } from './value-getter.js';

/** The joiner of a stream-table join: the stream's key, its value and the table's value (null when a left join misses). */
export type StreamTableJoiner<K, V, VT, VR> = (key: K, value: V, tableValue: VT | null) => VR;

/**
 * Joins each stream record with the table's current value of the lookup key (Kafka's KStreamKTableJoinProcessor):
 * the lookup happens when the stream record is processed, and table updates never emit. A null value, or a null
 * lookup key on an inner join, drops the record and counts it; a left join emits a null-keyed record at once,
 * null-padded. `lookupKey` is the stream key for a KTable and the key selector for a GlobalKTable.
 */
export function streamTableJoinProcessor<K, V, KT, VT, VR>(
  table: TableValueGetterSupplier<KT, VT>,
  lookupKey: (key: K, value: V) => KT | null | undefined,
  joiner: StreamTableJoiner<K, V, VT, VR>,
  leftJoin: boolean,
): ProcessorSupplier<K, V, K, VR> {
  // A KTable join looks up the stream key itself: no call per record.
  const identity = (lookupKey as unknown) === identityKey;
  return () => {
    const getter = table.get();
    return {
      init: (ctx) => getter.init(ctx as never),
      process: (record, ctx) => {
        const key = record.key;
        const value = record.value;
        // As Kafka: the key is looked up before the null checks, so a GlobalKTable key selector sees null values too.
        const mapped = identity ? (key as unknown as KT) : lookupKey(key, value);
        let tableValue: VT | null = null;
        if (!isNullish(mapped) && !isNullish(value)) {
          const found = getter.get(mapped);
          if (found !== null && found !== undefined) tableValue = found.value;
        } else if (!(leftJoin && isNullish(key) && !isNullish(value))) {
          ctx.recordDropped('null-join-key-or-value');
          return;
        }
        if (!leftJoin && tableValue === null) return;
        return ctx.forward(record.withValue(joiner(key, value, tableValue)));
      },
    };
  };
}

/** The lookup key of a KTable join: the stream record's own key. */
export function identityKey<K>(key: K): K {
  return key;
}
