import type { ProcessorSupplier, ProcessResult } from '../../topology/processor.js';
import type { TimestampedKeyValueStore, ValueAndTimestamp } from '../../state/key-value-store.js';
import { andThen, isNullish, tableChange, type TableChange } from '../joiner.js';
import type { TableValueGetterSupplier } from '../value-getter.js';
import { combinedKeyBytes, combinedKeyPrefix, prefixUpperBound, splitCombinedKey, type CombinedKey } from './combined-key.js';
import { bindFkSerdes, Instruction, type FkSerdes, type SubscriptionResponseWrapper, type SubscriptionWrapper } from './wrappers.js';

/**
 * Right side, subscription arrival (Kafka's SubscriptionReceiveProcessorSupplier): stores or deletes the
 * subscription under its CombinedKey and passes it on with the subscription it replaced. A null foreign key is
 * only passed on (never stored) for a left join's PROPAGATE_NULL instruction; otherwise it is dropped and counted.
 */
export function subscriptionReceiveProcessor<KO, K>(
  storeName: string,
  keys: FkSerdes<K, unknown, KO, unknown>,
): ProcessorSupplier<KO | null, SubscriptionWrapper<K>, CombinedKey<KO | null, K>, TableChange<ValueAndTimestamp<SubscriptionWrapper<K>>>> {
  return () => {
    let store: TimestampedKeyValueStore<Buffer, SubscriptionWrapper<K>>;
    let fkTopic = '';
    let pkTopic = '';
    return {
      init: (ctx) => {
        ({ fk: fkTopic, pk: pkTopic } = bindFkSerdes(keys as FkSerdes<unknown, unknown, unknown, unknown>, ctx as never));
        store = ctx.getStateStore(storeName);
      },
      process: (record, ctx) => {
        const wrapper = record.value;
        if (isNullish(record.key) && wrapper.instruction !== Instruction.PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE) {
          ctx.recordDropped('null-foreign-key');
          return;
        }
        const newValue: ValueAndTimestamp<SubscriptionWrapper<K>> = { value: wrapper, timestamp: record.timestamp };
        let oldValue: ValueAndTimestamp<SubscriptionWrapper<K>> | null = null;
        if (!isNullish(record.key)) {
          const fk = keys.foreignKey.serialize(fkTopic, record.key) as Buffer;
          const pk = keys.primaryKey.serialize(pkTopic, wrapper.primaryKey) as Buffer;
          const key = combinedKeyBytes(fk, pk);
          oldValue = store.get(key) ?? null;
          if (wrapper.instruction === Instruction.DELETE_KEY_AND_PROPAGATE || wrapper.instruction === Instruction.DELETE_KEY_NO_PROPAGATE) store.delete(key);
          else store.put(key, newValue);
        }
        const combined: CombinedKey<KO | null, K> = { foreignKey: isNullish(record.key) ? null : record.key, primaryKey: wrapper.primaryKey };
        return ctx.forward(record.withKey(combined).withValue(tableChange(newValue, oldValue)));
      },
    };
  };
}

/**
 * Right side, answering one subscription (Kafka's SubscriptionJoinProcessorSupplier): looks up the foreign row and
 * responds to the primary key according to the subscription's instruction, stamped with the larger timestamp.
 */
export function subscriptionJoinProcessor<KO, K, VO>(
  foreignTable: TableValueGetterSupplier<KO, VO>,
  serdes: FkSerdes<K, unknown, KO, VO>,
): ProcessorSupplier<CombinedKey<KO | null, K>, TableChange<ValueAndTimestamp<SubscriptionWrapper<K>>>, K, SubscriptionResponseWrapper<VO>> {
  return () => {
    const getter = foreignTable.get();
    return {
      init: (ctx) => {
        getter.init(ctx as never);
        bindFkSerdes(serdes as FkSerdes<unknown, unknown, unknown, unknown>, ctx as never);
      },
      process: (record, ctx) => {
        const subscription = record.value.newValue;
        if (subscription === null) throw new TypeError('A foreign-key subscription join should never see a null subscription.');
        const wrapper = subscription.value;
        const foreign = record.key.foreignKey === null ? null : getter.get(record.key.foreignKey);
        const timestamp = foreign === null ? subscription.timestamp : Math.max(subscription.timestamp, foreign.timestamp);
        const respond = (foreignValue: VO | null): ProcessResult =>
          ctx.forward(
            record
              .withKey(record.key.primaryKey)
              .withValue<SubscriptionResponseWrapper<VO>>({ originalValueHash: wrapper.hash, foreignValue, primaryPartition: wrapper.primaryPartition })
              .withTimestamp(timestamp),
          );
        switch (wrapper.instruction) {
          case Instruction.DELETE_KEY_AND_PROPAGATE:
            return respond(null);
          case Instruction.PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE:
            return respond(foreign === null ? null : foreign.value);
          case Instruction.PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE:
            if (foreign !== null) return respond(foreign.value);
            return;
          case Instruction.DELETE_KEY_NO_PROPAGATE:
            return;
        }
      },
    };
  };
}

/**
 * Right side, foreign-table update (Kafka's ForeignTableJoinProcessorSupplier): a prefix scan finds every left row
 * subscribed to the updated foreign key, and each gets a response with the new foreign value (null for a delete).
 */
export function foreignTableJoinProcessor<KO, K, VO>(
  storeName: string,
  keys: FkSerdes<K, unknown, KO, unknown>,
): ProcessorSupplier<KO, TableChange<VO>, K, SubscriptionResponseWrapper<VO>> {
  return () => {
    let store: TimestampedKeyValueStore<Buffer, SubscriptionWrapper<K>>;
    let fkTopic = '';
    let pkTopic = '';
    return {
      init: (ctx) => {
        ({ fk: fkTopic, pk: pkTopic } = bindFkSerdes(keys as FkSerdes<unknown, unknown, unknown, unknown>, ctx as never));
        store = ctx.getStateStore(storeName);
      },
      process: (record, ctx) => {
        if (isNullish(record.key)) {
          ctx.recordDropped('null-key');
          return;
        }
        const prefix = combinedKeyPrefix(keys.foreignKey.serialize(fkTopic, record.key) as Buffer);
        const subscribers: { primaryKey: K; wrapper: SubscriptionWrapper<K> }[] = [];
        const iterator = store.range(prefix, prefixUpperBound(prefix));
        try {
          for (const entry of iterator) {
            if (entry.key.length < prefix.length || !entry.key.subarray(0, prefix.length).equals(prefix)) continue;
            const pk = keys.primaryKey.get().deserialize(pkTopic, splitCombinedKey(entry.key).primaryKey) as K;
            subscribers.push({ primaryKey: pk, wrapper: entry.value.value });
          }
        } finally {
          iterator.close();
        }
        let result: ProcessResult = undefined;
        for (const { primaryKey, wrapper } of subscribers) {
          const out = record.withKey(primaryKey).withValue<SubscriptionResponseWrapper<VO>>({
            originalValueHash: wrapper.hash,
            foreignValue: record.value.newValue,
            primaryPartition: wrapper.primaryPartition,
          });
          result = andThen(result, () => ctx.forward(out));
        }
        return result;
      },
    };
  };
}
