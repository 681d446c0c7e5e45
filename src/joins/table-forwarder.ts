import type { ProcessorContext, ProcessResult } from '../topology/processor.js';
import { StreamRecord } from '../topology/record.js';
import type { KeyValueStore, ValueAndTimestamp } from '../state/key-value-store.js';
import type { FlushListenable } from '../state/layers/caching-store.js';
import { tableChange, type TableChange } from './joiner.js';

/**
 * Forwards a materialized join result (Kafka's TimestampedTupleForwarder): at once when the store does not cache,
 * else when the cache writes the entry down.
 */
export function joinResultForwarder<K, V>(
  store: KeyValueStore<K, ValueAndTimestamp<V>>,
  ctx: ProcessorContext<K, TableChange<V>>,
  sendOldValues: () => boolean,
): (record: StreamRecord<K, TableChange<V>>) => ProcessResult {
  const listenable = store as Partial<FlushListenable<K, ValueAndTimestamp<V>>>;
  const caching =
    typeof listenable.setFlushListener === 'function' &&
    listenable.setFlushListener(
      (key, newValue, oldValue, timestamp) =>
        ctx.forward(
          new StreamRecord(key, tableChange(newValue?.value ?? null, sendOldValues() ? (oldValue?.value ?? null) : null), newValue?.timestamp ?? timestamp),
        ),
      sendOldValues(),
    );
  return (record) => {
    if (caching) return;
    return ctx.forward(sendOldValues() ? record : record.withValue(tableChange(record.value.newValue, null)));
  };
}
