import type { ProcessorSupplier } from '../../topology/processor.js';
import type { TimestampedKeyValueStore, ValueAndTimestamp } from '../../state/key-value-store.js';
import { change, type Change } from '../change.js';
import { tupleForwarder, type TupleForwarder } from './tuple-forwarder.js';

/** Settings a downstream operator may change after the node was created (Kafka's enableSendingOldValues). */
export interface AggregateFlags {
  sendOldValues: boolean;
}

/**
 * Folds a grouped stream into a timestamped key-value store (KStreamAggregate): records with a null key or
 * value are dropped and counted; the result carries the largest input timestamp of its key.
 */
export function streamAggregateProcessor<K, V, VA>(
  storeName: string,
  initializer: () => VA,
  aggregator: (key: K, value: V, aggregate: VA) => VA,
  flags: AggregateFlags,
): ProcessorSupplier<K, V, K, Change<VA>> {
  return () => {
    let store: TimestampedKeyValueStore<K, VA>;
    let forwarder: TupleForwarder<K, VA>;
    return {
      init: (ctx) => {
        store = ctx.getStateStore(storeName);
        forwarder = tupleForwarder(store, ctx, flags.sendOldValues);
      },
      process: (record, ctx) => {
        if (record.key === null || record.key === undefined || record.value === null || record.value === undefined) {
          ctx.recordDropped('null-key-or-value');
          return;
        }
        const old = store.get(record.key);
        const oldAgg = old === undefined ? initializer() : old.value;
        const timestamp = old === undefined ? record.timestamp : Math.max(record.timestamp, old.timestamp);
        const newAgg = aggregator(record.key, record.value, oldAgg);
        if (forwarder.caching) {
          // The cache holds typed entries: update the cached value in place rather than allocating one per record
          // that would live until the key's next update (and so survive into the old generation).
          if (old === undefined) store.put(record.key, { value: newAgg, timestamp });
          else store.put(record.key, updateInPlace(old, newAgg, timestamp));
          return;
        }
        store.put(record.key, { value: newAgg, timestamp });
        return forwarder.maybeForward(record.withValue(change(newAgg, flags.sendOldValues ? oldAgg : null)).withTimestamp(timestamp));
      },
    };
  };
}

/** Reduces a grouped stream (KStreamReduce): the first value of a key is its aggregate. */
export function streamReduceProcessor<K, V>(storeName: string, reducer: (aggregate: V, value: V) => V, flags: AggregateFlags): ProcessorSupplier<K, V, K, Change<V>> {
  return () => {
    let store: TimestampedKeyValueStore<K, V>;
    let forwarder: TupleForwarder<K, V>;
    return {
      init: (ctx) => {
        store = ctx.getStateStore(storeName);
        forwarder = tupleForwarder(store, ctx, flags.sendOldValues);
      },
      process: (record, ctx) => {
        if (record.key === null || record.key === undefined || record.value === null || record.value === undefined) {
          ctx.recordDropped('null-key-or-value');
          return;
        }
        const old = store.get(record.key);
        const newAgg = old === undefined ? record.value : reducer(old.value, record.value);
        const timestamp = old === undefined ? record.timestamp : Math.max(record.timestamp, old.timestamp);
        store.put(record.key, { value: newAgg, timestamp });
        if (forwarder.caching) return;
        return forwarder.maybeForward(record.withValue(change(newAgg, flags.sendOldValues && old !== undefined ? old.value : null)).withTimestamp(timestamp));
      },
    };
  };
}

/** Overwrites a cached ValueAndTimestamp (only ever held by the record cache, which hands it out to this processor). */
function updateInPlace<V>(entry: ValueAndTimestamp<V>, value: V, timestamp: number): ValueAndTimestamp<V> {
  const mutable = entry as { value: V; timestamp: number };
  mutable.value = value;
  mutable.timestamp = timestamp;
  return entry;
}
