import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreContext } from '../../../src/state/store.js';
import { LevelWindowBytesStore } from '../../../src/state/leveldb/leveldb-window-store.js';
import { KeyWindowIndex, type WindowSlot } from '../../../src/state/leveldb/key-window-index.js';

// A single-key range fetch (a stream-stream join probe, a sliding-window aggregation) reads the key's own entries
// through a per-key index instead of scanning every window of the range. These tests pin that it returns exactly
// what a scan of the whole range, filtered to the key, returns, through overwrites, deletes and segment expiry.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function context(): StoreContext {
  const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-level-window-keys-'));
  dirs.push(stateDir);
  return { applicationId: 'app', taskId: '0_0', defaultKeySerde: undefined, defaultValueSerde: undefined, stateDir, cacheMaxBytes: 0, logChange: () => undefined, currentTimestampMs: () => 0 };
}

/** mulberry32, seeded: the same operations on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Row = [string, number, string];
const rows = (entries: { key: Buffer; windowStart: number; value: Buffer }[]): Row[] => entries.map((e) => [e.key.toString(), e.windowStart, e.value.toString()]);

for (const retainDuplicates of [false, true]) {
  describe(`LevelWindowBytesStore single-key fetches (retainDuplicates=${retainDuplicates})`, () => {
    it('match a scan of all keys filtered to the key, through overwrites, deletes and expiry', async () => {
      // Retention 120 s: segments of 60 s, so expiry drops whole segments as stream time moves on.
      const store = new LevelWindowBytesStore('w', 120_000, 1_000, retainDuplicates);
      await store.init(context());
      const random = prng(7);
      const keys = ['a', 'b', 'c', 'd', 'e'];
      let time = 0;
      for (let step = 0; step < 4_000; step++) {
        time += Math.floor(random() * 200);
        const key = Buffer.from(keys[Math.floor(random() * keys.length)] as string);
        const start = Math.max(0, time - Math.floor(random() * 5_000)); // some out of order
        const value = random() < 0.1 ? null : Buffer.from(`v${step}`);
        store.put(key, value, start);
        if (step % 97 === 0) {
          const from = Math.max(0, time - 150_000);
          for (const k of keys) {
            const scanned = rows(store.fetchEntries(undefined, undefined, from, time)).filter(([rowKey]) => rowKey === k);
            expect(rows(store.fetchEntries(Buffer.from(k), Buffer.from(k), from, time)), `key ${k} at step ${step}`).toEqual(scanned);
            const visited: Row[] = [];
            store.visitKey(Buffer.from(k), from, time, (windowStart, v) => visited.push([k, windowStart, v.toString()]));
            expect(visited).toEqual(scanned);
          }
        }
      }
      await store.close();
    });
  });
}

describe('KeyWindowIndex', () => {
  it('keeps what it holds near the live entries when keys never come back', () => {
    const live = new Set<WindowSlot>();
    const index = new KeyWindowIndex((_start, slot) => live.has(slot));
    let max = 0;
    for (let i = 0; i < 50_000; i++) {
      const slot: WindowSlot = { id: `k${i}`, key: Buffer.from(`k${i}`), dataKey: Buffer.alloc(0) };
      live.add(slot);
      index.add(`k${i}`, i, slot);
      // Only the last 100 entries stay live (the window store dropped the others).
      for (const old of live) {
        if (live.size <= 100) break;
        live.delete(old);
      }
      let held = 0;
      index.visit(`k${i}`, 0, Number.MAX_SAFE_INTEGER, () => held++);
      max = Math.max(max, held);
    }
    const visible: string[] = [];
    for (let i = 49_900; i < 50_000; i++) index.visit(`k${i}`, 0, Number.MAX_SAFE_INTEGER, (_s, slot) => visible.push(slot.id));
    expect(visible).toHaveLength(100);
    expect(index.size).toBeLessThanOrEqual(2 * 100 + 1_024 + 1);
  });
});
