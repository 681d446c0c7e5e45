import type { ProcessorSupplier, ProcessResult } from '../../topology/processor.js';
import { StreamRecord } from '../../topology/record.js';
import type { SessionStore } from '../../state/session-store.js';
import type { SessionWindows } from '../../windows/session-windows.js';
import type { Window } from '../../windows/window.js';
import type { Windowed } from '../../windows/windowed.js';
import { change, type Change } from '../change.js';
import type { AggregateFlags } from './stream-aggregate.js';
import { forwardEach } from './window-aggregate.js';
import { sessionTupleForwarder } from './tuple-forwarder.js';

/**
 * Session window aggregation (Kafka's KStreamSessionWindowAggregate). A record at `t` joins every session of its
 * key that ends at or after t − gap and starts at or before t + gap; those sessions are merged into one (the merger
 * folds each into a fresh `initializer()` value, then the aggregator adds the record — null values included).
 * Merged-away sessions are removed and forwarded as tombstones stamped with their old end; the new session is
 * forwarded stamped with its end. A record whose merged session ends before stream time − grace − gap is dropped
 * and counted (`dropped-records-total`); null keys are dropped too. With `emitOnClose`, each session is forwarded
 * once, when stream time passes its end + gap + grace.
 *
 * Over a caching store (Kafka's TimestampedTupleForwarder with a SessionCacheFlushListener) nothing is forwarded on
 * update: the cache forwards each changed session when it writes it down (on commit or eviction), stamped with the
 * session's end, as `Change(new, sendOldValues ? old-in-store : null)`; a session created and merged away between
 * two commits is never forwarded (see test/state/layers/caching-session-aggregation.test.ts).
 */
export function sessionWindowAggregateProcessor<K, V, VA>(
  storeName: string,
  windows: SessionWindows,
  initializer: () => VA | null,
  aggregator: (key: K, value: V, aggregate: VA | null) => VA | null,
  merger: (key: K, aggOne: VA | null, aggTwo: VA | null) => VA | null,
  emitOnClose: boolean,
  flags: AggregateFlags,
): ProcessorSupplier<K, V, Windowed<K>, Change<VA>> {
  return () => {
    let store: SessionStore<K, VA>;
    /** True when the store caches and forwards on flush: updates are then not forwarded here. */
    let caching = false;
    let observedStreamTime = -1;
    let lastEmitWindowCloseTime = -1;
    return {
      init: (ctx) => {
        store = ctx.getStateStore(storeName);
        // With emitOnClose nothing is forwarded on update, cached or not.
        if (!emitOnClose) caching = sessionTupleForwarder(store, ctx, flags.sendOldValues);
      },
      process: (record, ctx) => {
        const key = record.key;
        if (key === null || key === undefined) {
          ctx.recordDropped('null-key');
          return;
        }
        const timestamp = record.timestamp;
        observedStreamTime = Math.max(observedStreamTime, timestamp);
        const windowCloseTime = observedStreamTime - windows.graceMs - windows.inactivityGapMs;
        const merged: { key: Windowed<K>; value: VA }[] = [];
        let mergedWindow: Window = { start: timestamp, end: timestamp };
        let agg = initializer();
        for (const session of store.findSessions(key, timestamp - windows.inactivityGapMs, timestamp + windows.inactivityGapMs)) {
          merged.push(session);
          agg = merger(key, agg, session.value);
          mergedWindow = { start: Math.min(mergedWindow.start, session.key.window.start), end: Math.max(mergedWindow.end, session.key.window.end) };
        }
        // Store writes and forwards interleave as in Kafka, so a downstream reader of this store sees each step.
        const steps: (() => ProcessResult)[] = [];
        if (mergedWindow.end < windowCloseTime) {
          ctx.recordDropped('late');
        } else {
          if (mergedWindow.start !== timestamp || mergedWindow.end !== timestamp) {
            for (const session of merged) {
              steps.push(() => {
                store.remove(session.key);
                if (!emitOnClose && !caching) return ctx.forward(new StreamRecord(session.key, change<VA>(null, flags.sendOldValues ? session.value : null), session.key.window.end, record.headers));
              });
            }
          }
          steps.push(() => {
            const sessionKey: Windowed<K> = { key, window: mergedWindow };
            const newAgg = aggregator(key, record.value, agg);
            store.put(sessionKey, newAgg);
            if (!emitOnClose && !caching) return ctx.forward(new StreamRecord(sessionKey, change<VA>(newAgg, null), mergedWindow.end, record.headers));
          });
        }
        if (emitOnClose) {
          steps.push(() => {
            if (lastEmitWindowCloseTime !== -1 && lastEmitWindowCloseTime >= windowCloseTime) return;
            const upper = windowCloseTime - 1;
            const lower = Math.max(0, lastEmitWindowCloseTime);
            if (upper < 0 || upper < lower) return;
            const finals = [...store.findSessions(lower, upper)];
            lastEmitWindowCloseTime = windowCloseTime;
            return forwardEach(finals, ({ key: k, value }) => ctx.forward(new StreamRecord(k, change<VA>(value, null), k.window.end, record.headers)));
          });
        }
        return forwardEach(steps, (step) => step());
      },
    };
  };
}
