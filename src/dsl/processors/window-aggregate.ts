import type { ProcessorSupplier, ProcessResult } from '../../topology/processor.js';
import { StreamRecord } from '../../topology/record.js';
import type { ValueAndTimestamp } from '../../state/key-value-store.js';
import type { WindowStore } from '../../state/window-store.js';
import type { TimeWindows } from '../../windows/time-windows.js';
import type { Windowed } from '../../windows/windowed.js';
import { isPromise } from '../../internal/promise.js';
import { change, type Change } from '../change.js';
import type { AggregateFlags } from './stream-aggregate.js';
import { windowedTupleForwarder, type TupleForwarder } from './tuple-forwarder.js';

/**
 * Tumbling and hopping window aggregation (Kafka's KStreamWindowAggregate). A record updates every window it
 * falls in whose end is after stream time − grace; for a window already closed it is dropped and counted
 * (`dropped-records-total`). Null keys are dropped; null values reach the aggregator, as in Kafka Streams.
 * With `emitOnClose`, nothing is forwarded on update; each window's final result is forwarded once, when
 * stream time passes its end + grace.
 */
export function windowAggregateProcessor<K, V, VA>(
  storeName: string,
  windows: TimeWindows,
  initializer: () => VA | null,
  aggregator: (key: K, value: V, aggregate: VA | null) => VA | null,
  emitOnClose: boolean,
  flags: AggregateFlags,
): ProcessorSupplier<K, V, Windowed<K>, Change<VA>> {
  return () => {
    let store: WindowStore<K, ValueAndTimestamp<VA>>;
    let forwarder: TupleForwarder<Windowed<K>, VA> | undefined;
    let observedStreamTime = -1;
    let lastEmitWindowCloseTime = -1;
    return {
      init: (ctx) => {
        store = ctx.getStateStore(storeName);
        // With emitOnClose nothing is forwarded on update, cached or not.
        if (!emitOnClose) forwarder = windowedTupleForwarder(store, ctx, windows.sizeMs, flags.sendOldValues);
      },
      process: (record, ctx) => {
        if (record.key === null || record.key === undefined) {
          ctx.recordDropped('null-key');
          return;
        }
        const timestamp = record.timestamp;
        observedStreamTime = Math.max(observedStreamTime, timestamp);
        const windowCloseTime = observedStreamTime - windows.graceMs;
        let pending: StreamRecord<Windowed<K>, Change<VA>>[] | undefined;
        const forwardNow = forwarder !== undefined && !forwarder.caching;
        // Only a caching store hands out entries that nothing else holds: those can be updated in place.
        const inPlace = forwarder !== undefined && forwarder.caching;
        // The windows containing the timestamp, ascending by start (TimeWindows.windowsFor, without the array).
        const { sizeMs, advanceMs } = windows;
        let start = Math.max(0, timestamp - sizeMs + advanceMs);
        start -= start % advanceMs;
        for (; start <= timestamp; start += advanceMs) {
          const end = start + sizeMs;
          if (end <= windowCloseTime) {
            ctx.recordDropped('late');
            continue;
          }
          const old = store.fetch(record.key, start);
          const oldAgg = old === undefined ? initializer() : old.value;
          const newTimestamp = old === undefined ? timestamp : Math.max(timestamp, old.timestamp);
          const newAgg = aggregator(record.key, record.value, oldAgg);
          // Updating the cached entry in place spares an object per update that would live until the window's write-down.
          store.put(record.key, newAgg === null ? null : old !== undefined && inPlace ? updateInPlace(old, newAgg, newTimestamp) : { value: newAgg, timestamp: newTimestamp }, start);
          if (forwardNow) {
            (pending ??= []).push(new StreamRecord({ key: record.key, window: { start, end } }, change(newAgg, flags.sendOldValues ? oldAgg : null), newTimestamp, record.headers));
          }
        }
        if (emitOnClose && windowCloseTime > lastEmitWindowCloseTime) {
          const upper = windowCloseTime - windows.sizeMs;
          const lower = lastEmitWindowCloseTime === -1 ? 0 : Math.max(0, lastEmitWindowCloseTime - windows.sizeMs) + 1;
          if (upper >= 0 && (lastEmitWindowCloseTime === -1 || !sameWindows(windows, upper, lower - 1))) {
            for (const { key, value } of store.fetchAll(lower, upper)) {
              (pending ??= []).push(new StreamRecord(key, change(value.value, null), value.timestamp, record.headers));
            }
            lastEmitWindowCloseTime = windowCloseTime;
          }
        }
        if (pending === undefined) return;
        return forwardEach(pending, (r) => ctx.forward(r));
      },
    };
  };
}

/** True when the same windows contain both timestamps: no window closed in between (Kafka's shouldRangeFetch). */
function sameWindows(windows: TimeWindows, a: number, b: number): boolean {
  const x = windows.windowsFor(a);
  const y = windows.windowsFor(b);
  return x.length === y.length && x.every((w, i) => w.start === (y[i] as { start: number }).start);
}

/** Forwards records in order, waiting only where a downstream processor is asynchronous. */
export function forwardEach<T>(items: readonly T[], forward: (item: T) => ProcessResult, from = 0): ProcessResult {
  for (let i = from; i < items.length; i++) {
    const result = forward(items[i] as T);
    if (result !== undefined && isPromise(result)) return result.then(() => forwardEach(items, forward, i + 1));
  }
}

/** Overwrites a ValueAndTimestamp fetched from a caching store (which hands its entries out to this processor only). */
function updateInPlace<V>(entry: ValueAndTimestamp<V>, value: V, timestamp: number): ValueAndTimestamp<V> {
  const mutable = entry as { value: V; timestamp: number };
  mutable.value = value;
  mutable.timestamp = timestamp;
  return entry;
}
