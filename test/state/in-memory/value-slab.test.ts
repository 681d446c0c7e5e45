import { describe, expect, it } from 'vitest';
import { ValueSlab } from '../../../src/state/in-memory/value-slab.js';

describe('ValueSlab', () => {
  it('stores copies, overwrites and deletes by id', () => {
    const slab = new ValueSlab();
    const value = Buffer.from('abc');
    expect(slab.set('k', value)).toBe(true);
    value[0] = 0x7a;
    expect(slab.get('k')?.toString()).toBe('abc');
    expect(slab.set('k', Buffer.from('de'))).toBe(false);
    expect(slab.get('k')?.toString()).toBe('de');
    expect(slab.size).toBe(1);
    expect(slab.delete('k')).toBe(true);
    expect(slab.delete('k')).toBe(false);
    expect(slab.get('k')).toBeUndefined();
    expect(slab.size).toBe(0);
  });

  it('writes the timestamped layout: 8-byte big-endian timestamp, then the plain bytes', () => {
    const slab = new ValueSlab();
    slab.setTimestamped('k', 1_700_000_000_123, Buffer.from([1, 2]));
    const stored = slab.get('k') as Buffer;
    expect(stored.length).toBe(10);
    expect(stored.readBigInt64BE(0)).toBe(1_700_000_000_123n);
    expect([...stored.subarray(8)]).toEqual([1, 2]);
    slab.setTimestamped('n', -5, Buffer.alloc(0));
    expect((slab.get('n') as Buffer).readBigInt64BE(0)).toBe(-5n);
  });

  it('keeps every live value and earlier views intact through growth and compaction', () => {
    const slab = new ValueSlab();
    const views: Buffer[] = [];
    for (let round = 0; round < 50; round++) {
      for (let k = 0; k < 100; k++) slab.set(`key-${k}`, Buffer.from(`value-${k}-${round}`.repeat(1 + (k % 3))));
      for (let k = 0; k < 100; k += 7) slab.delete(`key-${k}`);
      views.push(slab.get('key-1') as Buffer);
    }
    for (let k = 0; k < 100; k++) {
      expect(slab.get(`key-${k}`)?.toString()).toBe(k % 7 === 0 ? undefined : `value-${k}-49`.repeat(1 + (k % 3)));
    }
    expect(slab.size).toBe(100 - Math.ceil(100 / 7));
    views.forEach((view, round) => expect(view.toString()).toBe(`value-1-${round}`.repeat(2)));
  });
});
