import type { KeyValue } from '../../internal/key-value.js';
import { StreamsError } from '../../errors.js';
import type { ProcessorSupplier, ProcessResult } from '../../topology/processor.js';
import { isPromise } from '../../internal/promise.js';
import { change, type Change } from '../change.js';
import { keysEqual } from './keys-equal.js';

/**
 * Re-keys table updates for KTable.groupBy (KTableRepartitionMap): the old value is subtracted from its old
 * group and the new one added to its new group; when both land in the same group they travel as one update.
 */
export function tableRepartitionMapProcessor<K, V, KR, VR>(selector: (key: K, value: V) => KeyValue<KR, VR>): ProcessorSupplier<K, Change<V>, KR, Change<VR>> {
  return () => ({
    process: (record, ctx): ProcessResult => {
      if (record.key === null || record.key === undefined) {
        throw new StreamsError('PROCESSING', 'Record key for the grouping KTable should not be null.');
      }
      const newPair = record.value.newValue === null ? null : selector(record.key, record.value.newValue);
      const oldPair = record.value.oldValue === null ? null : selector(record.key, record.value.oldValue);
      const oldOk = oldPair !== null && oldPair.key !== null && oldPair.key !== undefined && oldPair.value !== null && oldPair.value !== undefined;
      const newOk = newPair !== null && newPair.key !== null && newPair.key !== undefined && newPair.value !== null && newPair.value !== undefined;
      if (oldOk && newOk && keysEqual(oldPair.key, newPair.key)) {
        return ctx.forward(record.withKey(oldPair.key).withValue(change(newPair.value, oldPair.value)));
      }
      const first = oldOk ? ctx.forward(record.withKey(oldPair.key).withValue(change<VR>(null, oldPair.value))) : undefined;
      const second = (): ProcessResult => (newOk ? ctx.forward(record.withKey(newPair.key).withValue(change<VR>(newPair.value, null))) : undefined);
      if (first !== undefined && isPromise(first)) return first.then(second);
      return second();
    },
  });
}
