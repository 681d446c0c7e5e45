import { describe, expect, it } from 'vitest';
import { WindowSlots } from '../../../src/state/layers/window-slots.js';

describe('WindowSlots', () => {
  it('keeps windows by start ascending, whatever order they are created in', () => {
    const slots = new WindowSlots<string>();
    for (const start of [500, 1500, 1000, 0, 2000]) slots.getOrCreate(start).set('k', `v${start}`);
    expect([...slots].map(([start]) => start)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(slots.oldestStart()).toBe(0);
    expect(slots.size).toBe(5);
    expect(slots.get(1000)?.get('k')).toBe('v1000');
    expect(slots.get(750)).toBeUndefined();
  });

  it('returns the same window for a start, and finds every start after deletes at the front and in the middle', () => {
    const slots = new WindowSlots<number>();
    const starts = Array.from({ length: 40 }, (_, i) => i * 10);
    for (const start of starts) slots.getOrCreate(start).set('n', start);
    expect(slots.getOrCreate(200)).toBe(slots.get(200));
    slots.delete(0);
    slots.delete(200);
    slots.delete(390);
    slots.delete(999); // absent: nothing happens
    const left = starts.filter((s) => s !== 0 && s !== 200 && s !== 390);
    expect([...slots].map(([start]) => start)).toEqual(left);
    for (const start of left) expect(slots.get(start)?.get('n')).toBe(start);
    expect(slots.get(200)).toBeUndefined();
    expect(slots.oldestStart()).toBe(10);
    slots.clear();
    expect(slots.size).toBe(0);
    expect(slots.oldestStart()).toBeUndefined();
  });
});
