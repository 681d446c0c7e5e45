import { describe, expect, it } from 'vitest';
import { DuplicateBuckets } from '../../../src/state/in-memory/duplicate-buckets.js';
import { InMemoryWindowBytesStore } from '../../../src/state/in-memory/in-memory-window-store.js';

const v = (s: string): Buffer => Buffer.from(s);

function visited(buckets: DuplicateBuckets, id: string, minStart: number, to: number): string[] {
  const out: string[] = [];
  buckets.visit(id, minStart, to, (start, value) => out.push(`${start}:${value.toString()}`));
  return out;
}

describe('DuplicateBuckets', () => {
  it('keeps duplicates in (start, insertion) order and hides entries before the smallest live start', () => {
    const b = new DuplicateBuckets(100);
    b.put('k', v('a'), 10, 0, 10);
    b.put('k', v('b'), 10, 0, 10);
    b.put('k', v('c'), 5, 0, 10); // out of order: goes before
    expect(visited(b, 'k', 0, 1_000)).toEqual(['5:c', '10:a', '10:b']);
    expect(visited(b, 'k', 6, 1_000)).toEqual(['10:a', '10:b']);
  });

  it('drops a key’s expired entries when the key is written again, reusing the slot of a lone expired entry', () => {
    const b = new DuplicateBuckets(100);
    b.put('k', v('old'), 0, 0, 0);
    b.put('k', v('new'), 500, 401, 500);
    expect(visited(b, 'k', 0, 1_000)).toEqual(['500:new']);
    expect(b.size).toBe(1);
  });

  it('sweeps keys that never come back, so what it holds follows the live entries', () => {
    const retention = 1_000;
    const b = new DuplicateBuckets(retention);
    let maxHeld = 0;
    // A new key every ms for 20 retention periods, as the store calls it: without sweeps every entry would stay.
    for (let t = 0; t < 20_000; t++) {
      const minLive = t - retention + 1;
      b.maybeSweep(minLive, t);
      b.put(`key-${t}`, v('x'), t, minLive, t);
      maxHeld = Math.max(maxHeld, b.size);
    }
    expect(maxHeld).toBeLessThanOrEqual(2 * retention + 1_024);
    expect(b.entries(undefined, undefined, 20_000 - retention, 20_000).length).toBe(retention);
  });

  it('through the store: a join buffer never returns expired entries', () => {
    const store = new InMemoryWindowBytesStore('join', 1_000, 0, true);
    store.init({} as never);
    for (let t = 0; t < 5_000; t++) store.put(v(`key-${t % 7}`), v(String(t)), t);
    const starts = store.fetchEntries(undefined, undefined, 0, 10_000).map((e) => e.windowStart);
    expect(Math.min(...starts)).toBe(4_000); // observed 4,999 − retention 1,000 + 1
    expect(starts).toHaveLength(1_000);
    const one: number[] = [];
    store.visitKey(v('key-3'), 0, 10_000, (start) => one.push(start));
    expect(one.every((s) => s >= 4_000 && s % 7 === 3)).toBe(true);
  });
});
