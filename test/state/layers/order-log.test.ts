import { describe, expect, it } from 'vitest';
import { OrderLog } from '../../../src/state/layers/order-log.js';

interface E {
  readonly name: string;
  pos: number;
  dirty: boolean;
}

const entry = (name: string): E => ({ name, pos: -1, dirty: true });
const names = (entries: readonly E[]): string[] => entries.map((e) => e.name);

describe('OrderLog', () => {
  it('orders entries by latest write; a rewritten entry moves to the end', () => {
    const log = new OrderLog<E>();
    const [a, b, c] = [entry('a'), entry('b'), entry('c')];
    log.push(a, 3);
    log.push(b, 3);
    log.push(c, 3);
    log.push(a, 3);
    expect(names(log.current(() => true))).toEqual(['b', 'c', 'a']);
    expect(log.takeOldest()?.name).toBe('b');
    expect(b.pos).toBe(-1);
    expect(names(log.current(() => true))).toEqual(['c', 'a']);
  });

  it('forgets a removed entry, and keeps the order through many compactions in place', () => {
    const log = new OrderLog<E>();
    const entries = Array.from({ length: 50 }, (_, i) => entry(`e${i}`));
    // Thousands of rewrites of 50 live entries force compactions (stale occurrences ≫ live ones).
    for (let round = 0; round < 200; round++) for (const e of entries) log.push(e, entries.length);
    log.remove(entries[10] as E);
    log.push(entries[0] as E, entries.length);
    const expected = [...entries.slice(1, 10), ...entries.slice(11), entries[0] as E];
    expect(names(log.current(() => true))).toEqual(names(expected));
    // compact() hands over the entries passing the filter, in order, and renumbers positions from 0.
    for (const e of entries) e.dirty = e.name.endsWith('5');
    const dirty: E[] = [];
    log.compact((e) => e.dirty, dirty);
    expect(names(dirty)).toEqual(['e5', 'e15', 'e25', 'e35', 'e45']);
    expect(expected.map((e) => e.pos)).toEqual(expected.map((_, i) => i));
    expect(entries[10]?.pos).toBe(-1);
  });

  it('takes the oldest entries one by one until none is left', () => {
    const log = new OrderLog<E>();
    const entries = Array.from({ length: 3000 }, (_, i) => entry(`e${i}`));
    for (const e of entries) log.push(e, entries.length);
    const taken: string[] = [];
    for (let e = log.takeOldest(); e !== undefined; e = log.takeOldest()) taken.push(e.name);
    expect(taken).toEqual(names(entries));
    log.push(entries[7] as E, 1);
    expect(names(log.current(() => true))).toEqual(['e7']);
  });
});
