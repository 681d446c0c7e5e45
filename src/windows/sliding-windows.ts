import { requireNonNegativeInteger } from '../internal/assert.js';

/**
 * Windows defined by how close records are in time (Kafka's SlidingWindows): two records belong to a common
 * window when their timestamps differ by at most `timeDifferenceMs`. Windows are inclusive of both ends.
 */
export class SlidingWindows {
  private constructor(
    readonly timeDifferenceMs: number,
    readonly graceMs: number,
  ) {}

  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): SlidingWindows {
    requireNonNegativeInteger('timeDifferenceMs', timeDifferenceMs);
    return new SlidingWindows(timeDifferenceMs, 0);
  }

  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): SlidingWindows {
    requireNonNegativeInteger('timeDifferenceMs', timeDifferenceMs);
    requireNonNegativeInteger('graceMs', graceMs);
    return new SlidingWindows(timeDifferenceMs, graceMs);
  }
}
