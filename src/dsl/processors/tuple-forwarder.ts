import type { ProcessorContext, ProcessResult } from '../../topology/processor.js';
import { StreamRecord } from '../../topology/record.js';
import { hasDownstream } from '../../topology/nodes.js';
import type { KeyValueStore, ValueAndTimestamp } from '../../state/key-value-store.js';
import type { FlushListenable } from '../../state/layers/caching-store.js';
import type { WindowFlushListenable } from '../../state/layers/window-flush-listener.js';
import type { WindowStore } from '../../state/window-store.js';
import type { SessionStore } from '../../state/session-store.js';
import type { Windowed } from '../../windows/windowed.js';
import { change, type Change } from '../change.js';

/**
 * Forwards a table processor's updates (Kafka's TimestampedTupleForwarder): at once when its store does not
 * cache, else when the cache writes the entry down, so consecutive updates of a key are forwarded once.
 */
export interface TupleForwarder<K, V> {
  /** True when the store caches: updates go downstream on flush, so processors need not build them. */
  readonly caching: boolean;
  maybeForward(record: StreamRecord<K, Change<V>>): ProcessResult;
}

/** Wires a processor's store to its context. `sendOldValues` decides whether flushed updates carry the old value. */
export function tupleForwarder<K, V>(
  store: KeyValueStore<K, ValueAndTimestamp<V>>,
  ctx: ProcessorContext<K, Change<V>>,
  sendOldValues: boolean,
): TupleForwarder<K, V> {
  const listenable = store as Partial<FlushListenable<K, ValueAndTimestamp<V>>>;
  // Without a processor downstream (a table kept for interactive queries only) there is nothing to build.
  const downstream = hasDownstream(ctx as ProcessorContext<unknown, unknown>);
  const caching =
    typeof listenable.setFlushListener === 'function' &&
    listenable.setFlushListener((key, newValue, oldValue, timestamp) => {
      if (!downstream) return;
      return ctx.forward(new StreamRecord(key, change(newValue?.value ?? null, sendOldValues ? (oldValue?.value ?? null) : null), newValue?.timestamp ?? timestamp));
    }, sendOldValues);
  return {
    caching,
    maybeForward: (record) => {
      if (!caching) return ctx.forward(sendOldValues ? record : record.withValue(change(record.value.newValue, null)));
    },
  };
}

/**
 * The TupleForwarder of a windowed aggregation over a window store: at once when the store does not cache,
 * else when the cache writes the (key, window) entry down, so a window is forwarded once per commit.
 */
export function windowedTupleForwarder<K, V>(
  store: WindowStore<K, ValueAndTimestamp<V>>,
  ctx: ProcessorContext<Windowed<K>, Change<V>>,
  windowSizeMs: number,
  sendOldValues: boolean,
): TupleForwarder<Windowed<K>, V> {
  const listenable = store as Partial<WindowFlushListenable<K, ValueAndTimestamp<V>>>;
  // Without a processor downstream (a table kept for interactive queries only) there is nothing to build.
  const downstream = hasDownstream(ctx as ProcessorContext<unknown, unknown>);
  const caching =
    typeof listenable.setWindowFlushListener === 'function' &&
    listenable.setWindowFlushListener((key, start, newValue, oldValue, timestamp) => {
      if (!downstream) return;
      return ctx.forward(
        new StreamRecord(
          { key, window: { start, end: start + windowSizeMs } },
          change(newValue?.value ?? null, sendOldValues ? (oldValue?.value ?? null) : null),
          newValue?.timestamp ?? timestamp,
        ),
      );
    }, sendOldValues);
  return {
    caching,
    maybeForward: (record) => {
      if (!caching) return ctx.forward(record);
    },
  };
}

/**
 * Registers the session cache's flush listener (Kafka's SessionCacheFlushListener): each written-down session is
 * forwarded stamped with its end. Returns true if the store caches.
 */
export function sessionTupleForwarder<K, VA>(store: SessionStore<K, VA>, ctx: ProcessorContext<Windowed<K>, Change<VA>>, sendOldValues: boolean): boolean {
  const listenable = store as Partial<FlushListenable<Windowed<K>, VA>>;
  if (typeof listenable.setFlushListener !== 'function') return false;
  // Without a processor downstream (a table kept for interactive queries only) there is nothing to build.
  const downstream = hasDownstream(ctx as ProcessorContext<unknown, unknown>);
  return listenable.setFlushListener((sessionKey, newValue, oldValue) => {
    if (!downstream) return;
    return ctx.forward(new StreamRecord(sessionKey, change(newValue, sendOldValues ? oldValue : null), sessionKey.window.end));
  }, sendOldValues);
}
