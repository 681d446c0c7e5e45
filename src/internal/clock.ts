/**
 * Wall-clock time behind an interface, so that wall-clock punctuation, commit intervals and session
 * timeouts can be driven by hand in tests (the TopologyTestDriver owns a {@link ManualClock}).
 * Stream time never comes from here: it comes from record timestamps.
 */
import { requireNonNegativeInteger } from './assert.js';

/** A source of wall-clock time in integer epoch milliseconds. */
export interface Clock {
  /** The current time in epoch milliseconds. */
  nowMs(): number;
}

/** The real clock: `Date.now()`. */
export const systemClock: Clock = Object.freeze({ nowMs: () => Date.now() });

/**
 * A clock that moves only when told to; it never goes backwards (like Kafka's `MockTime`).
 * @example
 * const clock = new ManualClock(1_000);
 * clock.advance(60_000);
 * clock.nowMs(); // 61_000
 */
export class ManualClock implements Clock {
  #nowMs: number;

  /** Starts the clock at `startMs` epoch milliseconds (a non-negative integer). */
  constructor(startMs = 0) {
    requireNonNegativeInteger('startMs', startMs);
    this.#nowMs = startMs;
  }

  /** The current time in epoch milliseconds. */
  nowMs(): number {
    return this.#nowMs;
  }

  /** Moves the clock forward by `ms` (a non-negative integer; RangeError otherwise) and returns the new time. */
  advance(ms: number): number {
    requireNonNegativeInteger('ms', ms);
    return this.set(this.#nowMs + ms);
  }

  /** Sets the clock to `ms` and returns it; RangeError if `ms` is earlier than the current time. */
  set(ms: number): number {
    requireNonNegativeInteger('ms', ms);
    if (ms < this.#nowMs) {
      throw new RangeError(`Cannot set the clock back from ${this.#nowMs} to ${ms}: wall-clock time never goes backwards.`);
    }
    this.#nowMs = ms;
    return ms;
  }
}
