import { requireNonNegativeInteger } from '../internal/assert.js';

/**
 * The time bounds of a stream-stream join (Kafka's JoinWindows): a left record at `t` joins right records in
 * [t - beforeMs, t + afterMs]. Unmatched left/outer results are emitted once the window plus grace has closed.
 */
export class JoinWindows {
  private constructor(
    readonly beforeMs: number,
    readonly afterMs: number,
    readonly graceMs: number,
  ) {}

  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): JoinWindows {
    requireNonNegativeInteger('timeDifferenceMs', timeDifferenceMs);
    return new JoinWindows(timeDifferenceMs, timeDifferenceMs, 0);
  }

  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): JoinWindows {
    requireNonNegativeInteger('timeDifferenceMs', timeDifferenceMs);
    requireNonNegativeInteger('graceMs', graceMs);
    return new JoinWindows(timeDifferenceMs, timeDifferenceMs, graceMs);
  }

  /** Sets how far before a left record right records may be (may be negative, as long as before + after ≥ 0). */
  before(timeDifferenceMs: number): JoinWindows {
    if (!Number.isInteger(timeDifferenceMs)) throw new TypeError(`before(): expected an integer number of ms; received ${String(timeDifferenceMs)}`);
    if (timeDifferenceMs + this.afterMs < 0) throw new RangeError('Window interval (ie, beforeMs+afterMs) must not be negative.');
    return new JoinWindows(timeDifferenceMs, this.afterMs, this.graceMs);
  }

  /** Sets how far after a left record right records may be. */
  after(timeDifferenceMs: number): JoinWindows {
    if (!Number.isInteger(timeDifferenceMs)) throw new TypeError(`after(): expected an integer number of ms; received ${String(timeDifferenceMs)}`);
    if (timeDifferenceMs + this.beforeMs < 0) throw new RangeError('Window interval (ie, beforeMs+afterMs) must not be negative.');
    return new JoinWindows(this.beforeMs, timeDifferenceMs, this.graceMs);
  }

  /** The size of the join window, before + after. */
  get sizeMs(): number {
    return this.beforeMs + this.afterMs;
  }
}
