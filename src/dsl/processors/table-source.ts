import type { ProcessorSupplier } from '../../topology/processor.js';
import type { TimestampedKeyValueStore } from '../../state/key-value-store.js';
import { change, type Change } from '../change.js';
import { tupleForwarder, type TupleForwarder } from './tuple-forwarder.js';

/** Whether the table is materialized and whether old values are forwarded; downstream operators may turn both on. */
export interface TableSourceFlags {
  materialized: boolean;
  sendOldValues: boolean;
}

/**
 * Turns a topic (or a stream, with toTable) into table updates (KTableSource): a null key is dropped and
 * counted; a null value is a delete. When materialized, the store holds the latest value per key and the
 * old value is forwarded if asked; repeated identical updates and repeated tombstones are passed on.
 */
export function tableSourceProcessor<K, V>(storeName: string, flags: TableSourceFlags): ProcessorSupplier<K, V, K, Change<V>> {
  return () => {
    let store: TimestampedKeyValueStore<K, V> | undefined;
    let forwarder: TupleForwarder<K, V> | undefined;
    return {
      init: (ctx) => {
        if (flags.materialized) {
          store = ctx.getStateStore(storeName);
          forwarder = tupleForwarder(store, ctx, flags.sendOldValues);
        }
      },
      process: (record, ctx) => {
        if (record.key === null || record.key === undefined) {
          ctx.recordDropped('null-key');
          return;
        }
        if (store === undefined || forwarder === undefined) return ctx.forward(record.withValue(change(record.value, null)));
        const old = store.get(record.key);
        store.put(record.key, record.value === null ? null : { value: record.value, timestamp: record.timestamp });
        return forwarder.maybeForward(record.withValue(change(record.value, flags.sendOldValues && old !== undefined ? old.value : null)));
      },
    };
  };
}
