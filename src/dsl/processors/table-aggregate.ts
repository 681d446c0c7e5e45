import { StreamsError } from '../../errors.js';
import type { ProcessorSupplier } from '../../topology/processor.js';
import type { TimestampedKeyValueStore } from '../../state/key-value-store.js';
import { change, type Change } from '../change.js';
import { tupleForwarder, type TupleForwarder } from './tuple-forwarder.js';
import type { AggregateFlags } from './stream-aggregate.js';

/**
 * Aggregates a re-grouped table with an adder and a subtractor (KTableAggregate): the old value is removed
 * first, then the new one added; a result of null deletes the key.
 */
export function tableAggregateProcessor<K, V, VA>(
  storeName: string,
  initializer: () => VA,
  adder: (key: K, value: V, aggregate: VA) => VA,
  subtractor: (key: K, value: V, aggregate: VA) => VA,
  flags: AggregateFlags,
): ProcessorSupplier<K, Change<V>, K, Change<VA>> {
  return () => {
    let store: TimestampedKeyValueStore<K, VA>;
    let forwarder: TupleForwarder<K, VA>;
    return {
      init: (ctx) => {
        store = ctx.getStateStore(storeName);
        forwarder = tupleForwarder(store, ctx, flags.sendOldValues);
      },
      process: (record, ctx) => {
        if (record.key === null || record.key === undefined) {
          throw new StreamsError('PROCESSING', `Record key for KTable aggregate operator with state ${storeName} should not be null.`);
        }
        const old = store.get(record.key);
        const oldAgg = old === undefined ? null : old.value;
        let intermediate: VA | null;
        let timestamp: number;
        if (record.value.oldValue !== null && oldAgg !== null) {
          intermediate = subtractor(record.key, record.value.oldValue, oldAgg);
          timestamp = Math.max(record.timestamp, (old as { timestamp: number }).timestamp);
        } else {
          intermediate = oldAgg;
          timestamp = record.timestamp;
        }
        let newAgg: VA | null;
        if (record.value.newValue !== null) {
          newAgg = adder(record.key, record.value.newValue, intermediate === null ? initializer() : intermediate);
          if (old !== undefined) timestamp = Math.max(record.timestamp, old.timestamp);
        } else {
          newAgg = intermediate;
        }
        store.put(record.key, newAgg === null ? null : { value: newAgg, timestamp });
        return forwarder.maybeForward(record.withValue(change(newAgg, flags.sendOldValues ? oldAgg : null)).withTimestamp(timestamp));
      },
    };
  };
}

/** Reduces a re-grouped table with an adder and a subtractor (KTableReduce); the first value of a key is its aggregate. */
export function tableReduceProcessor<K, V>(
  storeName: string,
  adder: (aggregate: V, value: V) => V,
  subtractor: (aggregate: V, value: V) => V,
  flags: AggregateFlags,
): ProcessorSupplier<K, Change<V>, K, Change<V>> {
  return () => {
    let store: TimestampedKeyValueStore<K, V>;
    let forwarder: TupleForwarder<K, V>;
    return {
      init: (ctx) => {
        store = ctx.getStateStore(storeName);
        forwarder = tupleForwarder(store, ctx, flags.sendOldValues);
      },
      process: (record, ctx) => {
        if (record.key === null || record.key === undefined) {
          throw new StreamsError('PROCESSING', `Record key for KTable reduce operator with state ${storeName} should not be null.`);
        }
        const old = store.get(record.key);
        const oldAgg = old === undefined ? null : old.value;
        let intermediate: V | null;
        let timestamp: number;
        if (record.value.oldValue !== null && oldAgg !== null) {
          intermediate = subtractor(oldAgg, record.value.oldValue);
          timestamp = Math.max(record.timestamp, (old as { timestamp: number }).timestamp);
        } else {
          intermediate = oldAgg;
          timestamp = record.timestamp;
        }
        let newAgg: V | null;
        if (record.value.newValue !== null) {
          if (intermediate === null) {
            newAgg = record.value.newValue;
          } else {
            newAgg = adder(intermediate, record.value.newValue);
            if (old !== undefined) timestamp = Math.max(record.timestamp, old.timestamp);
          }
        } else {
          newAgg = intermediate;
        }
        store.put(record.key, newAgg === null ? null : { value: newAgg, timestamp });
        return forwarder.maybeForward(record.withValue(change(newAgg, flags.sendOldValues ? oldAgg : null)).withTimestamp(timestamp));
      },
    };
  };
}
