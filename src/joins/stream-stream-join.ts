import type { ProcessorContext, ProcessorSupplier, ProcessResult } from '../topology/processor.js';
import { StreamRecord } from '../topology/record.js';
import type { WindowStore } from '../state/window-store.js';
import { isPromise } from '../internal/promise.js';
import { isNullish } from './joiner.js';
import type { JoinSide, OuterJoinStore } from './outer-join-store.js';

/** The joiner of a stream-stream join: this stream's value, the other's (null when unmatched), and the key. */
export type StreamStreamJoiner<K, V1, V2, VR> = (value1: V1, value2: V2, key: K) => VR;

/**
 * Stream time and the smallest timestamp waiting in the outer store, shared by both join processors of one
 * task (Kafka's KStreamImplJoin.TimeTracker). The emit interval is 0: unmatched results are emitted as soon as
 * they may be (Kafka's driver sets EMIT_INTERVAL_MS_KSTREAMS_OUTER_JOIN_SPURIOUS_RESULTS_FIX to 0).
 */
export interface TimeTracker {
  streamTime: number;
  minTime: number;
}

/** One TimeTracker per task, shared by the two join processors (Kafka's TimeTrackerSupplier). */
export function timeTrackers(): TimeTrackers {
  const trackers = new Map<string, TimeTracker>();
  return {
    get: (taskId) => {
      let tracker = trackers.get(taskId);
      if (tracker === undefined) {
        tracker = { streamTime: -1, minTime: Number.MAX_SAFE_INTEGER };
        trackers.set(taskId, tracker);
      }
      return tracker;
    },
    remove: (taskId) => trackers.delete(taskId),
  };
}

/** The trackers of one join, by task id; a closed task's tracker is removed (Kafka's TimeTrackerSupplier). */
export interface TimeTrackers {
  get(taskId: string): TimeTracker;
  remove(taskId: string): void;
}

/**
 * Buffers each record of one join side in its window store, after passing it on (Kafka's KStreamJoinWindow).
 * Null keys are passed on but never stored: they can never join.
 */
export function joinWindowProcessor<K, V>(storeName: string): ProcessorSupplier<K, V, K, V> {
  return () => {
    let store: WindowStore<K, V>;
    return {
      init: (ctx) => {
        store = ctx.getStateStore(storeName);
      },
      process: (record, ctx) => {
        const result = ctx.forward(record);
        if (result !== undefined && isPromise(result)) {
          return result.then(() => {
            if (!isNullish(record.key)) store.put(record.key, record.value, record.timestamp);
          });
        }
        if (!isNullish(record.key)) store.put(record.key, record.value, record.timestamp);
      },
    };
  };
}

/** How one side of a stream-stream join processor is configured (Kafka's KStreamKStreamJoin{Left,Right}Side). */
export interface JoinSideOptions<K, V1, V2, VR> {
  readonly side: JoinSide;
  /** The window store of the other side, probed by each record. */
  readonly otherStoreName: string;
  /** The JoinWindows' before/after (of the left side) and grace. */
  readonly beforeMs: number;
  readonly afterMs: number;
  readonly graceMs: number;
  /** True when this side's unmatched records produce output (left side of left/outer, right side of outer). */
  readonly outer: boolean;
  /** The shared outer store, for left and outer joins. */
  readonly outerStoreName: string | undefined;
  /** The user's joiner, always called as (leftValue, rightValue, key). */
  readonly joiner: StreamStreamJoiner<K, V1, V2, VR>;
  readonly tracker: TimeTrackers;
}

/**
 * One side of a windowed stream-stream join (Kafka's KStreamKStreamJoin). A record joins every record of the
 * other side with the same key whose timestamp lies in its window; each result carries the larger timestamp.
 * Null keys or values are dropped and counted, except that an outer side emits a null-keyed record at once,
 * null-padded. On left/outer joins an unmatched record waits in the shared outer store and is emitted,
 * null-padded and with its own timestamp, once stream time passes its window end + grace; a later match
 * removes it. See test/joins/stream-stream-join.test.ts.
 */
export function streamStreamJoinProcessor<K, V1, V2, VR>(options: JoinSideOptions<K, V1, V2, VR>): ProcessorSupplier<K, V1 | V2, K, VR> {
  const isLeft = options.side === 'left';
  // The window of this side: the left looks [t - before, t + after], the right [t - after, t + before].
  const joinBeforeMs = isLeft ? options.beforeMs : options.afterMs;
  const joinAfterMs = isLeft ? options.afterMs : options.beforeMs;
  const otherSide: JoinSide = isLeft ? 'right' : 'left';
  const join = (key: K, thisValue: V1 | V2 | null, otherValue: V1 | V2 | null): VR =>
    isLeft ? options.joiner(thisValue as V1, otherValue as V2, key) : options.joiner(otherValue as V1, thisValue as V2, key);

  return () => {
    let otherStore: WindowStore<K, V1 | V2>;
    let outerStore: OuterJoinStore<K, V1, V2> | undefined;
    let tracker: TimeTracker;
    let taskId = '';
    let fetchEach: EachFetchable<K, V1 | V2>['fetchEach'] | undefined;
    // The record being joined while the other store is probed: one match callback for the processor, not one per record.
    let probe: StreamRecord<K, V1 | V2> | undefined;
    let probeOut: StreamRecord<K, VR>[] | undefined;
    let matched = 0;
    const onMatch = (otherTime: number, otherValue: V1 | V2): void => {
      const record = probe as StreamRecord<K, V1 | V2>;
      matched++;
      outerStore?.deleteIfPresent(record.key, otherTime, otherSide);
      probeOut?.push(new StreamRecord(record.key, join(record.key, record.value, otherValue), Math.max(record.timestamp, otherTime), record.headers));
    };

    const emitNonJoined = (store: OuterJoinStore<K, V1, V2>, record: StreamRecord<K, V1 | V2>, out: StreamRecord<K, VR>[]): void => {
      // Kafka's Long.MAX_VALUE + after + grace overflows, so an unknown minimum (e.g. after a restore) scans.
      const unknownMin = tracker.minTime === Number.MAX_SAFE_INTEGER && joinAfterMs + options.graceMs > 0;
      if (!unknownMin && tracker.minTime + joinAfterMs + options.graceMs >= tracker.streamTime) return;
      tracker.minTime = Number.MAX_SAFE_INTEGER;
      let prevId: string | undefined;
      let leftOpen = false;
      let rightOpen = false;
      for (const entry of store.all()) {
        tracker.minTime = entry.timestamp;
        if (leftOpen && rightOpen) break;
        // A left record's window reaches `after` past it, a right record's `before`.
        const lookBack = entry.side === 'left' ? options.afterMs : options.beforeMs;
        if (tracker.minTime + lookBack + options.graceMs >= tracker.streamTime) {
          if (entry.side === 'left') leftOpen = true;
          else rightOpen = true;
          continue;
        }
        out.push(record.withKey(entry.key).withValue(options.joiner(entry.left as V1, entry.right as V2, entry.key)).withTimestamp(entry.timestamp));
        // Deleted once all values of the same store key were emitted, as Kafka does.
        if (prevId !== undefined && prevId !== entry.id) store.deleteById(prevId);
        prevId = entry.id;
      }
      if (prevId !== undefined) store.deleteById(prevId);
    };

    return {
      init: (ctx: ProcessorContext<K, VR>) => {
        otherStore = ctx.getStateStore(options.otherStoreName);
        const each = (otherStore as Partial<EachFetchable<K, V1 | V2>>).fetchEach;
        fetchEach = typeof each === 'function' ? each : undefined;
        outerStore = options.outerStoreName === undefined ? undefined : ctx.getStateStore(options.outerStoreName);
        taskId = ctx.taskId();
        tracker = options.tracker.get(taskId);
      },
      close: () => {
        options.tracker.remove(taskId);
      },
      process: (record, ctx) => {
        const timestamp = record.timestamp;
        tracker.streamTime = Math.max(tracker.streamTime, timestamp);
        if (options.outer && isNullish(record.key) && !isNullish(record.value)) {
          return ctx.forward(record.withValue(join(record.key, record.value, null)));
        }
        if (isNullish(record.key) || isNullish(record.value)) {
          ctx.recordDropped('null-key-or-value');
          return;
        }
        const out: StreamRecord<K, VR>[] = [];
        if (outerStore !== undefined && timestamp === tracker.streamTime) emitNonJoined(outerStore, record, out);

        const timeFrom = Math.max(0, timestamp - joinBeforeMs);
        const timeTo = Math.max(0, timestamp + joinAfterMs);
        probe = record;
        probeOut = out;
        matched = 0;
        try {
          if (fetchEach !== undefined) fetchEach.call(otherStore, record.key, timeFrom, timeTo, onMatch);
          else for (const other of [...otherStore.fetch(record.key, timeFrom, timeTo)]) onMatch(other.key, other.value);
        } finally {
          probe = undefined;
          probeOut = undefined;
        }
        if (options.outer && matched === 0) {
          // A record whose window already closed (out of order) is emitted at once instead of waiting.
          if (outerStore === undefined || timeTo < tracker.streamTime) {
            out.push(record.withValue(join(record.key, record.value, null)));
          } else {
            tracker.minTime = Math.min(tracker.minTime, timestamp);
            outerStore.put(record.key, timestamp, options.side, record.value);
          }
        }
        return forwardAll(out, ctx);
      },
    };
  };
}

/** A window store that can hand one key's entries to a callback (TypedWindowStore.fetchEach). */
interface EachFetchable<K, V> {
  fetchEach(key: K, fromMs: number, toMs: number, each: (windowStartMs: number, value: V) => void): void;
}

/** Forwards records in order, waiting only where a downstream processor is asynchronous. */
function forwardAll<K, V>(records: readonly StreamRecord<K, V>[], ctx: ProcessorContext<K, V>, from = 0): ProcessResult {
  for (let i = from; i < records.length; i++) {
    const result = ctx.forward(records[i] as StreamRecord<K, V>);
    if (result !== undefined && isPromise(result)) return result.then(() => forwardAll(records, ctx, i + 1));
  }
}
