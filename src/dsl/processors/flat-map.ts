import type { KeyValue } from '../../internal/key-value.js';
import type { ProcessorSupplier, ProcessResult } from '../../topology/processor.js';
import type { ProcessorContext } from '../../topology/processor.js';
import type { StreamRecord } from '../../topology/record.js';
import { inTurn } from '../../internal/promise.js';

/** Zero or more records per input, each with a new key and value; a later key-based operation repartitions. */
export function flatMapProcessor<K, V, KR, VR>(mapper: (key: K, value: V) => Iterable<KeyValue<KR, VR>>): ProcessorSupplier<K, V, KR, VR> {
  return () => ({
    process: (record, ctx) => forwardAll(ctx, record, mapper(record.key, record.value), (r, kv) => r.withKey(kv.key).withValue(kv.value)),
  });
}

/** Zero or more values per input, same key. */
export function flatMapValuesProcessor<K, V, VR>(mapper: (value: V, key: K) => Iterable<VR>): ProcessorSupplier<K, V, K, VR> {
  return () => ({
    process: (record, ctx) => forwardAll(ctx, record, mapper(record.value, record.key), (r, v) => r.withValue(v)),
  });
}

/** Forwards one record per item, in order, waiting only where a downstream processor is asynchronous. */
function forwardAll<K, V, T, KR, VR>(
  ctx: ProcessorContext<KR, VR>,
  record: StreamRecord<K, V>,
  items: Iterable<T>,
  make: (record: StreamRecord<K, V>, item: T) => StreamRecord<KR, VR>,
): ProcessResult {
  const list = Array.isArray(items) ? (items as T[]) : [...items];
  return inTurn(list, (item) => ctx.forward(make(record, item)));
}
