/**
 * A time window [startMs, endMs), half-open, in epoch milliseconds (Kafka's TimeWindow). Session windows
 * are closed [start, end] in Kafka (SessionWindow); `overlap` takes that into account through `kind`.
 */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/** Makes a window; throws RangeError unless 0 ≤ start ≤ end (start < end for time windows). */
export function timeWindow(start: number, end: number): Window {
  if (!Number.isInteger(start) || start < 0) throw new RangeError(`Window startMs must be a non-negative integer; received ${String(start)}`);
  if (!Number.isInteger(end) || end <= start) throw new RangeError(`Window endMs must be greater than startMs (${start}); received ${String(end)}`);
  return { start, end };
}

/** A session window [start, end], both inclusive (a single-record session has start = end). */
export function sessionWindow(start: number, end: number): Window {
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(end) || end < start) {
    throw new RangeError(`Session window needs 0 ≤ startMs ≤ endMs; received [${String(start)}, ${String(end)}]`);
  }
  return { start, end };
}
