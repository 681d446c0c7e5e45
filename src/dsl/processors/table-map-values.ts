import type { ProcessorSupplier } from '../../topology/processor.js';
import type { TimestampedKeyValueStore } from '../../state/key-value-store.js';
import { change, type Change } from '../change.js';
import { tupleForwarder, type TupleForwarder } from './tuple-forwarder.js';
import type { TableOperatorFlags } from './table-filter.js';

/** Maps table values, old and new (KTableMapValues); a tombstone stays a tombstone. Materialized into `storeName` when given. */
export function tableMapValuesProcessor<K, V, VR>(
  mapper: (value: V, key: K) => VR,
  storeName: string | undefined,
  flags: TableOperatorFlags,
): ProcessorSupplier<K, Change<V>, K, Change<VR>> {
  const compute = (key: K, value: V | null): VR | null => (value === null ? null : mapper(value, key));
  return () => {
    let store: TimestampedKeyValueStore<K, VR> | undefined;
    let forwarder: TupleForwarder<K, VR> | undefined;
    return {
      init: (ctx) => {
        if (storeName !== undefined) {
          store = ctx.getStateStore(storeName);
          forwarder = tupleForwarder(store, ctx, flags.sendOldValues);
        }
      },
      process: (record, ctx) => {
        const newValue = compute(record.key, record.value.newValue);
        const oldValue = !flags.sendOldValues ? null : store !== undefined ? (store.get(record.key)?.value ?? null) : compute(record.key, record.value.oldValue);
        store?.put(record.key, newValue === null ? null : { value: newValue, timestamp: record.timestamp });
        const out = record.withValue(change(newValue, oldValue));
        return forwarder === undefined ? ctx.forward(out) : forwarder.maybeForward(out);
      },
    };
  };
}

/** Turns table updates into a stream of their new values (KTable.toStream). */
export function tableToStreamProcessor<K, V>(): ProcessorSupplier<K, Change<V>, K, V | null> {
  return () => ({
    process: (record, ctx) => ctx.forward(record.withValue(record.value.newValue)),
  });
}
