import type { ProcessorContext, ProcessorSupplier } from '../../topology/processor.js';
import type { StreamRecord } from '../../topology/record.js';

/**
 * Wraps a processor so that whatever it forwards keeps the key of the record being processed
 * (Kafka's FixedKeyProcessor, used by processValues).
 */
export function fixedKeyProcessor<K, V, VR>(supplier: ProcessorSupplier<K, V, K, VR>): ProcessorSupplier<K, V, K, VR> {
  return () => {
    const inner = supplier();
    let currentKey: K;
    let wrapped: ProcessorContext<K, VR> | undefined;
    const wrap = (ctx: ProcessorContext<K, VR>): ProcessorContext<K, VR> => {
      wrapped ??= Object.assign(Object.create(ctx) as ProcessorContext<K, VR>, {
        forward: (record: StreamRecord<K, VR>, childName?: string) => ctx.forward(record.withKey(currentKey), childName),
      });
      return wrapped;
    };
    return {
      init: (ctx) => inner.init?.(wrap(ctx)),
      process: (record, ctx) => {
        currentKey = record.key;
        return inner.process(record, wrap(ctx));
      },
      close: () => inner.close?.(),
    };
  };
}
