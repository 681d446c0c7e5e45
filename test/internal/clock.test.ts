import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../src/internal/clock.js';

describe('systemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now();
    const now = systemClock.nowMs();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe('ManualClock', () => {
  it('starts where told (0 by default) and moves only when told', () => {
    expect(new ManualClock().nowMs()).toBe(0);
    const clock = new ManualClock(1_000);
    expect(clock.nowMs()).toBe(1_000);
    expect(clock.advance(60_000)).toBe(61_000);
    expect(clock.advance(0)).toBe(61_000);
    expect(clock.set(100_000)).toBe(100_000);
    expect(clock.set(100_000)).toBe(100_000);
    expect(clock.nowMs()).toBe(100_000);
  });

  it('rejects negative or fractional steps and going backwards', () => {
    const clock = new ManualClock(5_000);
    expect(() => clock.advance(-1)).toThrow(new RangeError('Expected "ms" to be a non-negative integer, but received -1 (number).'));
    expect(() => clock.advance(0.5)).toThrow(RangeError);
    expect(() => clock.set(4_999)).toThrow(/back from 5000 to 4999/);
    expect(() => new ManualClock(-1)).toThrow(RangeError);
    expect(clock.nowMs()).toBe(5_000);
  });
});
