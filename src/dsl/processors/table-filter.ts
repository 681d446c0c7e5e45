import type { ProcessorSupplier } from '../../topology/processor.js';
import type { TimestampedKeyValueStore } from '../../state/key-value-store.js';
import { change, type Change } from '../change.js';
import { tupleForwarder, type TupleForwarder } from './tuple-forwarder.js';

/** Settings of a KTable operator that downstream operators may change after creation. */
export interface TableOperatorFlags {
  sendOldValues: boolean;
}

/**
 * Filters table updates (KTableFilter): a value the predicate rejects becomes a tombstone downstream, since
 * downstream cannot know whether the key had a value. Materialized into `storeName` when it is given.
 */
export function tableFilterProcessor<K, V>(
  predicate: (key: K, value: V) => boolean,
  not: boolean,
  storeName: string | undefined,
  flags: TableOperatorFlags,
): ProcessorSupplier<K, Change<V>, K, Change<V>> {
  const compute = (key: K, value: V | null): V | null => (value !== null && predicate(key, value) !== not ? value : null);
  return () => {
    let store: TimestampedKeyValueStore<K, V> | undefined;
    let forwarder: TupleForwarder<K, V> | undefined;
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
        if (flags.sendOldValues && oldValue === null && newValue === null) return;
        store?.put(record.key, newValue === null ? null : { value: newValue, timestamp: record.timestamp });
        const out = record.withValue(change(newValue, oldValue));
        return forwarder === undefined ? ctx.forward(out) : forwarder.maybeForward(out);
      },
    };
  };
}
