import type { ProcessorSupplier } from '../../topology/processor.js';
import type { StreamRecord } from '../../topology/record.js';
import { andThen, type TableChange } from '../joiner.js';
import { bindFkSerdes, Instruction, valueHash, type FkSerdes, type SubscriptionWrapper } from './wrappers.js';

/**
 * Left side of a foreign-key join (Kafka's SubscriptionSendProcessorSupplier): turns each left-table change into
 * subscriptions keyed by foreign key, each carrying a hash of the new left value. A changed foreign key first
 * unsubscribes from the old one. An inner join drops rows whose foreign key is null (counted); a left join sends
 * them with a null key so that the row is still emitted, null-padded.
 */
export function subscriptionSendProcessor<K, V, KO>(
  foreignKeyExtractor: (value: V) => KO | null,
  serdes: FkSerdes<K, V, KO, unknown>,
  leftJoin: boolean,
): ProcessorSupplier<K, TableChange<V>, KO | null, SubscriptionWrapper<K>> {
  return () => {
    let fkTopic = '';
    let vhTopic = '';
    return {
      init: (ctx) => {
        ({ fk: fkTopic, vh: vhTopic } = bindFkSerdes(serdes as FkSerdes<unknown, unknown, unknown, unknown>, ctx as never));
      },
      process: (record, ctx) => {
        let hash: Buffer | null | undefined;
        const send = (foreignKey: KO | null, instruction: Instruction): ReturnType<typeof ctx.forward> => {
          hash ??= record.value.newValue === null ? null : valueHash(serdes.value.serialize(vhTopic, record.value.newValue));
          const wrapper: SubscriptionWrapper<K> = { hash, instruction, primaryKey: record.key, primaryPartition: ctx.recordMetadata()?.partition };
          return ctx.forward((record as StreamRecord<K, TableChange<V>>).withKey(foreignKey).withValue(wrapper));
        };
        const sameKey = (a: KO | null, b: KO | null): boolean => {
          const x = serdes.foreignKey.serialize(fkTopic, a);
          const y = serdes.foreignKey.serialize(fkTopic, b);
          return x === null || y === null ? x === y : x.equals(y);
        };
        const { newValue, oldValue } = record.value;
        const dropNullForeignKey = (): void => ctx.recordDropped('null-foreign-key');
        if (leftJoin) {
          if (oldValue !== null) {
            const oldKey = foreignKeyExtractor(oldValue) ?? null;
            const newKey = newValue === null ? null : (foreignKeyExtractor(newValue) ?? null);
            if (oldKey !== null && !sameKey(newKey, oldKey)) {
              return andThen(send(oldKey, Instruction.DELETE_KEY_AND_PROPAGATE), () => send(newKey, Instruction.PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE));
            }
            return send(newKey, Instruction.PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE);
          }
          if (newValue !== null) return send(foreignKeyExtractor(newValue) ?? null, Instruction.PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE);
          return;
        }
        if (oldValue !== null) {
          const oldKey = foreignKeyExtractor(oldValue) ?? null;
          if (oldKey === null) return dropNullForeignKey();
          if (newValue === null) return send(oldKey, Instruction.DELETE_KEY_AND_PROPAGATE);
          const newKey = foreignKeyExtractor(newValue) ?? null;
          if (newKey === null) return dropNullForeignKey();
          if (!sameKey(newKey, oldKey)) {
            return andThen(send(oldKey, Instruction.DELETE_KEY_NO_PROPAGATE), () => send(newKey, Instruction.PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE));
          }
          return send(newKey, Instruction.PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE);
        }
        if (newValue !== null) {
          const newKey = foreignKeyExtractor(newValue) ?? null;
          if (newKey === null) return dropNullForeignKey();
          return send(newKey, Instruction.PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE);
        }
      },
    };
  };
}
