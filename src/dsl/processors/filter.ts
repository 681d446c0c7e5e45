import type { ProcessorSupplier } from '../../topology/processor.js';

/** Keeps records whose predicate is true (or, with `not`, false). Stateless; never repartitions. */
export function filterProcessor<K, V>(predicate: (key: K, value: V) => boolean, not: boolean): ProcessorSupplier<K, V, K, V> {
  return () => ({
    process: (record, ctx) => {
      if (predicate(record.key, record.value) !== not) return ctx.forward(record);
    },
  });
}
