import type { ProcessorSupplier } from '../../topology/processor.js';

/** Runs a side effect, then forwards the record unchanged. */
export function peekProcessor<K, V>(action: (key: K, value: V) => void): ProcessorSupplier<K, V, K, V> {
  return () => ({
    process: (record, ctx) => {
      action(record.key, record.value);
      return ctx.forward(record);
    },
  });
}

/** A terminal side effect; forwards nothing. An async action holds back its task until it settles. */
export function foreachProcessor<K, V>(action: (key: K, value: V) => void | Promise<void>): ProcessorSupplier<K, V, never, never> {
  return () => ({
    process: (record) => action(record.key, record.value),
  });
}

/** Forwards every record unchanged (merge, branch children). */
export function passThroughProcessor<K, V>(): ProcessorSupplier<K, V, K, V> {
  return () => ({ process: (record, ctx) => ctx.forward(record) });
}
