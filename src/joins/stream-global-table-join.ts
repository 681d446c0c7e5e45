import type { ProcessorSupplier } from '../topology/processor.js';
import { streamTableJoinProcessor, type StreamTableJoiner } from './stream-table-join.js';
import type { TableValueGetterSupplier } from './value-getter.js';

/**
 * Joins each stream record with a GlobalKTable row picked by `keySelector` (Kafka's KStreamGlobalKTableJoin):
 * no co-partitioning is needed since every instance holds the whole table. The selector also sees records with
 * a null key; a null selected key drops the record on an inner join and null-pads it on a left join.
 */
export function streamGlobalTableJoinProcessor<K, V, KG, VG, VR>(
  globalTable: TableValueGetterSupplier<KG, VG>,
  keySelector: (key: K, value: V) => KG | null | undefined,
  joiner: StreamTableJoiner<K, V, VG, VR>,
  leftJoin: boolean,
): ProcessorSupplier<K, V, K, VR> {
  return streamTableJoinProcessor(globalTable, keySelector, joiner, leftJoin);
}
