import type { KeyValue } from '../../internal/key-value.js';
import type { ProcessorSupplier } from '../../topology/processor.js';

/** Replaces key and value; a later key-based operation repartitions. */
export function mapProcessor<K, V, KR, VR>(mapper: (key: K, value: V) => KeyValue<KR, VR>): ProcessorSupplier<K, V, KR, VR> {
  return () => ({
    process: (record, ctx) => {
      const out = mapper(record.key, record.value);
      return ctx.forward(record.withKey(out.key).withValue(out.value));
    },
  });
}

/** Replaces the key only (selectKey); a later key-based operation repartitions. */
export function selectKeyProcessor<K, V, KR>(selector: (key: K, value: V) => KR): ProcessorSupplier<K, V, KR, V> {
  return () => ({
    process: (record, ctx) => ctx.forward(record.withKey(selector(record.key, record.value))),
  });
}
