import type { ProcessorSupplier } from '../../topology/processor.js';

/** Replaces the value; the key, and so the partition, is unchanged. */
export function mapValuesProcessor<K, V, VR>(mapper: (value: V, key: K) => VR): ProcessorSupplier<K, V, K, VR> {
  return () => ({
    process: (record, ctx) => ctx.forward(record.withValue(mapper(record.value, record.key))),
  });
}
