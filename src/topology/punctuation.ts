import type { Cancellable, ProcessResult, Punctuator } from './processor.js';
import { isPromise } from './processor.js';

interface Schedule {
  readonly nodeName: string;
  readonly intervalMs: number;
  readonly punctuator: Punctuator;
  nextMs: number;
  cancelled: boolean;
}

/**
 * The punctuations of one task for one time kind (stream time or wall clock), as Kafka's PunctuationQueue:
 * a due schedule fires once with the current time, then moves to its next aligned time (missed ones are skipped).
 */
export class PunctuationQueue {
  #schedules: Schedule[] = [];

  /** Adds a schedule whose first firing is at `firstMs`. */
  schedule(nodeName: string, firstMs: number, intervalMs: number, punctuator: Punctuator): Cancellable {
    if (!Number.isInteger(intervalMs) || intervalMs < 1) {
      throw new RangeError(`The punctuation interval must be a positive integer number of ms; received ${String(intervalMs)}`);
    }
    const schedule: Schedule = { nodeName, intervalMs, punctuator, nextMs: firstMs, cancelled: false };
    this.#schedules.push(schedule);
    return {
      cancel: () => {
        schedule.cancelled = true;
        this.#schedules = this.#schedules.filter((s) => s !== schedule);
      },
    };
  }

  get size(): number {
    return this.#schedules.length;
  }

  /**
   * Fires every schedule due at `nowMs`, earliest first. `run` wraps each call (the task sets the record context).
   * Returns a Promise only if a punctuator did.
   */
  mayPunctuate(nowMs: number, run: (nodeName: string, fire: () => ProcessResult) => ProcessResult): ProcessResult {
    const due = this.#schedules.filter((s) => s.nextMs <= nowMs).sort((a, b) => a.nextMs - b.nextMs);
    return this.#fire(due, 0, nowMs, run);
  }

  #fire(due: Schedule[], from: number, nowMs: number, run: (nodeName: string, fire: () => ProcessResult) => ProcessResult): ProcessResult {
    for (let i = from; i < due.length; i++) {
      const schedule = due[i] as Schedule;
      if (schedule.cancelled) continue;
      const result = run(schedule.nodeName, () => schedule.punctuator(nowMs));
      advance(schedule, nowMs);
      if (result !== undefined && isPromise(result)) return result.then(() => this.#fire(due, i + 1, nowMs, run));
    }
  }
}

function advance(schedule: Schedule, nowMs: number): void {
  let next = schedule.nextMs + schedule.intervalMs;
  if (nowMs >= next) next = nowMs - ((nowMs - schedule.nextMs) % schedule.intervalMs) + schedule.intervalMs;
  schedule.nextMs = next;
}
