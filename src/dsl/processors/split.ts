import type { ProcessorSupplier } from '../../topology/processor.js';

/**
 * Sends each record to the first branch whose predicate holds, else to the default branch if there is one
 * (Kafka's KStreamBranch). `predicates[i]` guards `childNames[i]`; a trailing extra child is the default.
 * The arrays are shared with the DSL, which appends branches after the node was created.
 */
export function splitProcessor<K, V>(predicates: readonly ((key: K, value: V) => boolean)[], childNames: readonly string[]): ProcessorSupplier<K, V, K, V> {
  return () => ({
    process: (record, ctx) => {
      for (let i = 0; i < predicates.length; i++) {
        if ((predicates[i] as (key: K, value: V) => boolean)(record.key, record.value)) return ctx.forward(record, childNames[i]);
      }
      if (childNames.length > predicates.length) return ctx.forward(record, childNames[predicates.length]);
    },
  });
}
