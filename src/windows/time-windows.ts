import { requireNonNegativeInteger, requirePositiveInteger } from '../internal/assert.js';
import type { Window } from './window.js';

/**
 * Fixed-size windows aligned to the epoch (Kafka's TimeWindows): tumbling when `advanceMs` equals the size,
 * hopping when smaller. A record at `ts` belongs to every window with start ≤ ts < start + size.
 *
 * @example TimeWindows.ofSizeAndGrace(60_000, 10_000)            // one-minute tumbling windows, 10 s grace
 * @example TimeWindows.ofSizeWithNoGrace(60_000).advanceBy(10_000) // hopping
 */
export class TimeWindows {
  private constructor(
    readonly sizeMs: number,
    readonly advanceMs: number,
    readonly graceMs: number,
  ) {}

  /** Windows of `sizeMs` with no grace: a record is late as soon as its window has ended. */
  static ofSizeWithNoGrace(sizeMs: number): TimeWindows {
    requirePositiveInteger('sizeMs', sizeMs);
    return new TimeWindows(sizeMs, sizeMs, 0);
  }

  /** Windows of `sizeMs` that still accept records up to `graceMs` after they end. */
  static ofSizeAndGrace(sizeMs: number, graceMs: number): TimeWindows {
    requirePositiveInteger('sizeMs', sizeMs);
    requireNonNegativeInteger('graceMs', graceMs);
    return new TimeWindows(sizeMs, sizeMs, graceMs);
  }

  /** Hopping windows: a new window starts every `advanceMs` (0 < advanceMs ≤ size). */
  advanceBy(advanceMs: number): TimeWindows {
    requirePositiveInteger('advanceMs', advanceMs);
    if (advanceMs > this.sizeMs) {
      throw new RangeError(`Window advancement interval should be more than zero and less than window duration which is ${this.sizeMs} ms, but given advancement interval is: ${advanceMs} ms`);
    }
    return new TimeWindows(this.sizeMs, advanceMs, this.graceMs);
  }

  /** The windows containing `timestampMs`, ascending by start (Kafka's TimeWindows.windowsFor). */
  windowsFor(timestampMs: number): Window[] {
    let start = Math.max(0, timestampMs - this.sizeMs + this.advanceMs);
    start -= start % this.advanceMs;
    const out: Window[] = [];
    for (; start <= timestampMs; start += this.advanceMs) out.push({ start, end: start + this.sizeMs });
    return out;
  }

  /** How long windows are kept by default: size + grace. */
  get retentionMs(): number {
    return this.sizeMs + this.graceMs;
  }
}
