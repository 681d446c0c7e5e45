import { requireNonNegativeInteger, requirePositiveInteger } from '../internal/assert.js';

/**
 * Activity sessions per key (Kafka's SessionWindows): records closer than `inactivityGapMs` join one session;
 * a record that bridges two sessions merges them.
 */
export class SessionWindows {
  private constructor(
    readonly inactivityGapMs: number,
    readonly graceMs: number,
  ) {}

  static ofInactivityGapWithNoGrace(inactivityGapMs: number): SessionWindows {
    requirePositiveInteger('inactivityGapMs', inactivityGapMs);
    return new SessionWindows(inactivityGapMs, 0);
  }

  static ofInactivityGapAndGrace(inactivityGapMs: number, graceMs: number): SessionWindows {
    requirePositiveInteger('inactivityGapMs', inactivityGapMs);
    requireNonNegativeInteger('graceMs', graceMs);
    return new SessionWindows(inactivityGapMs, graceMs);
  }
}
