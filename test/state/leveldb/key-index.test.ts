import { describe, expect, it } from 'vitest';
import { KeyIndex } from '../../../src/state/leveldb/key-index.js';

/** A seeded xorshift generator: the sequence is the same on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

describe('KeyIndex (the LevelDB key-value store index) behaves as a Set of latin1 key ids', () => {
  it('adds, finds, deletes and lists keys of any bytes, including the empty key', () => {
    const index = new KeyIndex();
    expect(index.add(Buffer.from('a'))).toBe(true);
    expect(index.add(Buffer.from('a'))).toBe(false);
    expect(index.add(Buffer.alloc(0))).toBe(true);
    expect(index.add(Buffer.from([0, 255, 128]))).toBe(true);
    expect(index.size).toBe(3);
    expect(index.has(Buffer.from('a'))).toBe(true);
    expect(index.has(Buffer.from('ab'))).toBe(false);
    expect(index.has(Buffer.alloc(0))).toBe(true);
    expect(index.ids().sort()).toEqual(['', '\u0000\u00ff\u0080', 'a']);
    expect(index.delete(Buffer.from('a'))).toBe(true);
    expect(index.delete(Buffer.from('a'))).toBe(false);
    expect(index.has(Buffer.from('a'))).toBe(false);
    expect(index.size).toBe(2);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.ids()).toEqual([]);
    expect(index.add(Buffer.from('a'))).toBe(true);
  });

  it("a key is copied: changing the caller's buffer afterwards does not change the index", () => {
    const index = new KeyIndex();
    const key = Buffer.from('abc');
    index.add(key.subarray(1));
    key[1] = 0x7a;
    expect(index.has(Buffer.from('bc'))).toBe(true);
    expect(index.ids()).toEqual(['bc']);
  });

  it('agrees with a Set through 200k random adds and deletes (growth, deleted slots, compaction)', () => {
    const next = random(42);
    const index = new KeyIndex();
    const model = new Set<string>();
    const mismatches: string[] = [];
    for (let step = 0; step < 200_000; step++) {
      const n = Math.floor(next() * (step < 100_000 ? 60_000 : 2_000));
      const key = Buffer.from(`k${n}${'x'.repeat(n % 40)}`, 'latin1');
      const id = key.toString('latin1');
      const adding = next() < 0.65;
      const expected = adding ? !model.has(id) : model.has(id);
      const got = adding ? index.add(key) : index.delete(key);
      if (adding) model.add(id);
      else model.delete(id);
      if (got !== expected || index.has(key) !== model.has(id) || index.size !== model.size) mismatches.push(`step ${step}: ${adding ? 'add' : 'delete'} ${id}`);
    }
    expect(mismatches).toEqual([]);
    expect(index.ids().sort()).toEqual([...model].sort());
    const missing = [...model].filter((id) => !index.has(Buffer.from(id, 'latin1')));
    expect(missing).toEqual([]);
  });
});
