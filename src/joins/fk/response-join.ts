import type { ProcessorSupplier } from '../../topology/processor.js';
import type { TableValueGetterSupplier } from '../value-getter.js';
import { bindFkSerdes, sameHash, valueHash, type FkSerdes, type SubscriptionResponseWrapper } from './wrappers.js';

/**
 * Left side, response arrival (Kafka's ResponseJoinProcessorSupplier): drops (and counts) a response whose hash no
 * longer matches the current left value, since a newer subscription is on its way; otherwise emits the join result,
 * or a tombstone when there is no foreign value (inner join) or no left value.
 */
export function responseJoinProcessor<K, V, VO, VR>(
  leftTable: TableValueGetterSupplier<K, V>,
  serdes: FkSerdes<K, V, unknown, VO>,
  joiner: (value: V | null, foreignValue: VO | null) => VR,
  leftJoin: boolean,
): ProcessorSupplier<K, SubscriptionResponseWrapper<VO>, K, VR | null> {
  return () => {
    const getter = leftTable.get();
    let vhTopic = '';
    return {
      init: (ctx) => {
        getter.init(ctx as never);
        ({ vh: vhTopic } = bindFkSerdes(serdes as FkSerdes<unknown, unknown, unknown, unknown>, ctx as never));
      },
      process: (record, ctx) => {
        const current = getter.get(record.key);
        const currentHash = current === null ? null : valueHash(serdes.value.serialize(vhTopic, current.value));
        if (!sameHash(record.value.originalValueHash, currentHash)) {
          ctx.recordDropped('stale-foreign-key-response');
          return;
        }
        const foreignValue = record.value.foreignValue;
        const result = foreignValue === null && (!leftJoin || current === null) ? null : joiner(current === null ? null : current.value, foreignValue);
        return ctx.forward(record.withValue(result));
      },
    };
  };
}
