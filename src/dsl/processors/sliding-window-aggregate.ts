import type { ProcessorSupplier, ProcessResult } from '../../topology/processor.js';
import { StreamRecord } from '../../topology/record.js';
import type { ValueAndTimestamp } from '../../state/key-value-store.js';
import type { WindowStore } from '../../state/window-store.js';
import type { SlidingWindows } from '../../windows/sliding-windows.js';
import type { Window } from '../../windows/window.js';
import type { Windowed } from '../../windows/windowed.js';
import { change, type Change } from '../change.js';
import type { AggregateFlags } from './stream-aggregate.js';
import { forwardEach } from './window-aggregate.js';

type Vat<VA> = ValueAndTimestamp<VA> | null;

/** Kafka's ValueAndTimestamp.make: a null value makes no ValueAndTimestamp. */
function make<VA>(value: VA | null, timestamp: number): Vat<VA> {
  return value === null ? null : { value, timestamp };
}

/**
 * Sliding window aggregation (Kafka's KStreamSlidingWindowAggregate). Windows are [start, start + timeDifference],
 * both ends inclusive, and exist only where records are: each record creates its left window (ending at its
 * timestamp) and, if a later record falls within timeDifference, its right window (starting just after it), and
 * updates every existing window containing it. Records with a null key or value are dropped and counted, as are
 * records whose windows all ended before stream time − grace. Results carry the largest timestamp aggregated.
 * With `emitOnClose`, each window is forwarded once, when stream time passes its end + grace.
 */
export function slidingWindowAggregateProcessor<K, V, VA>(
  storeName: string,
  windows: SlidingWindows,
  initializer: () => VA | null,
  aggregator: (key: K, value: V, aggregate: VA | null) => VA | null,
  emitOnClose: boolean,
  flags: AggregateFlags,
): ProcessorSupplier<K, V, Windowed<K>, Change<VA>> {
  const diff = windows.timeDifferenceMs;
  return () => {
    let store: WindowStore<K, ValueAndTimestamp<VA>>;
    let observedStreamTime = -1;
    let lastEmitWindowCloseTime = -1;
    return {
      init: (ctx) => {
        store = ctx.getStateStore(storeName);
      },
      process: (record, ctx) => {
        const key = record.key;
        if (key === null || key === undefined || record.value === null || record.value === undefined) {
          ctx.recordDropped('null-key-or-value');
          return;
        }
        const ts = record.timestamp;
        observedStreamTime = Math.max(observedStreamTime, ts);
        const closeTime = observedStreamTime - windows.graceMs;
        if (ts + diff < closeTime) {
          ctx.recordDropped('late');
          return;
        }
        const steps: (() => ProcessResult)[] = [];
        const forwardUpdate = (window: Window, oldAgg: VA | null, newAgg: VA | null, newTimestamp: number): ProcessResult => {
          if (emitOnClose) return;
          return ctx.forward(new StreamRecord({ key, window }, change(newAgg, flags.sendOldValues ? oldAgg : null), newTimestamp, record.headers));
        };
        /** Adds the record to a window (Kafka's updateWindowAndForward); a window already closed counts a drop. */
        const update = (window: Window, vat: Vat<VA>): void => {
          steps.push(() => {
            if (window.end < closeTime) {
              ctx.recordDropped('late');
              return;
            }
            const oldAgg = vat === null ? null : vat.value;
            const newAgg = aggregator(key, record.value, oldAgg);
            const newTimestamp = oldAgg === null ? ts : Math.max(ts, (vat as ValueAndTimestamp<VA>).timestamp);
            store.put(key, make(newAgg, newTimestamp), window.start);
            return forwardUpdate(window, oldAgg, newAgg, newTimestamp);
          });
        };
        /** Creates the record's own right window holding what lies after it (Kafka's createCurrentRecordRightWindow). */
        const createRightWindow = (rightWinAgg: ValueAndTimestamp<VA>): void => {
          const window = { start: ts + 1, end: ts + 1 + diff };
          steps.push(() => {
            store.put(key, rightWinAgg, window.start);
            return forwardUpdate(window, null, rightWinAgg.value, rightWinAgg.timestamp);
          });
        };
        const createPreviousRightWindow = (start: number): void => update({ start, end: start + diff }, make(initializer(), ts));

        const startTimes = new Set<number>();
        let leftWinAgg: Vat<VA> = null;
        let rightWinAgg: Vat<VA> = null;
        let leftWinAlreadyCreated = false;
        let rightWinAlreadyCreated = false;
        let previousRecordTimestamp: number | undefined;

        if (ts < diff) {
          // Early record (Kafka's processEarly): its left window would start before the epoch, so [0, diff] stands in.
          let combined: { window: Window; value: ValueAndTimestamp<VA> } | undefined;
          for (const { key: wk, value } of store.fetchRange(key, key, 0, ts + 1)) {
            const start = wk.window.start;
            startTimes.add(start);
            if (start === 0) {
              combined = { window: { start: 0, end: diff }, value };
              if (value.timestamp < ts) previousRecordTimestamp = value.timestamp;
            } else if (start <= ts) {
              rightWinAgg = value;
              update({ start, end: start + diff }, value);
            } else if (start === ts + 1) {
              rightWinAlreadyCreated = true;
            } else {
              throw new Error(`Unexpected window [${start}] found when processing sliding windows at ${ts}`);
            }
          }
          if (rightWinAgg === null && combined !== undefined && combined.value.timestamp > ts) rightWinAgg = combined.value;
          if (!rightWinAlreadyCreated && rightWinAgg !== null && rightWinAgg.timestamp > ts) createRightWindow(rightWinAgg);
          if (previousRecordTimestamp !== undefined && !startTimes.has(previousRecordTimestamp + 1)) createPreviousRightWindow(previousRecordTimestamp + 1);
          if (combined === undefined) update({ start: 0, end: diff }, make(initializer(), ts));
          else update(combined.window, combined.value);
          return forwardEach(steps, (step) => step());
        }

        // Kafka's processReverse: the in-memory window store iterates backwards.
        const found = [...store.fetchRange(key, key, Math.max(0, ts - 2 * diff), ts + 1)].reverse();
        let done = false;
        for (const { key: wk, value } of found) {
          const start = wk.window.start;
          startTimes.add(start);
          const end = start + diff;
          const window = { start, end };
          if (start === ts + 1) {
            rightWinAlreadyCreated = true;
          } else if (end > ts) {
            rightWinAgg ??= value;
            update(window, value);
          } else if (end === ts) {
            leftWinAlreadyCreated = true;
            update(window, value);
            if (value.timestamp < ts) {
              previousRecordTimestamp = value.timestamp;
            } else {
              done = true; // a record at this very timestamp exists: every window is already in place
              break;
            }
          } else {
            leftWinAgg = value;
            previousRecordTimestamp = value.timestamp;
            break;
          }
        }
        if (!done) {
          if (previousRecordTimestamp !== undefined) {
            const previousRightStart = previousRecordTimestamp + 1;
            if (!startTimes.has(previousRightStart) && previousRightStart + diff >= ts) createPreviousRightWindow(previousRightStart);
          }
          if (!leftWinAlreadyCreated) {
            const leftNotEmpty = previousRecordTimestamp !== undefined && ts - diff <= previousRecordTimestamp;
            const vat = leftNotEmpty ? make((leftWinAgg as ValueAndTimestamp<VA>).value, ts) : make(initializer(), ts);
            update({ start: ts - diff, end: ts }, vat);
          }
          if (!rightWinAlreadyCreated && rightWinAgg !== null && rightWinAgg.timestamp > ts) createRightWindow(rightWinAgg);
        }
        if (emitOnClose) {
          steps.push(() => {
            if (lastEmitWindowCloseTime !== -1 && lastEmitWindowCloseTime >= closeTime) return;
            const upper = closeTime - diff - 1;
            if (upper < 0) return;
            const lower = lastEmitWindowCloseTime === -1 ? 0 : Math.max(0, lastEmitWindowCloseTime - diff);
            const finals = [...store.fetchAll(lower, upper)];
            lastEmitWindowCloseTime = closeTime;
            return forwardEach(finals, ({ key: k, value }) => ctx.forward(new StreamRecord(k, change<VA>(value.value, null), value.timestamp, record.headers)));
          });
        }
        return forwardEach(steps, (step) => step());
      },
    };
  };
}
