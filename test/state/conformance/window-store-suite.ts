import { describe, expect, it } from 'vitest';
import { Serdes } from '../../../src/serdes/primitives.js';
import type { Serde } from '../../../src/serdes/serde.js';
import type { StoreContext } from '../../../src/state/store.js';
import type { WindowBytesStore, WindowEntry } from '../../../src/state/window-store.js';
import type { KeyValueIterator } from '../../../src/state/key-value-store.js';
import type { Windowed } from '../../../src/windows/windowed.js';
import { ChangeLoggingWindowBytesStore, TypedWindowStore } from '../../../src/state/layers/window-stores.js';
import { parseWindowStoreKey, windowStoreKey } from '../../../src/state/key-schemas.js';
import { b, cleanupTempDirs, expectStoreError, persistentOf, suiteContext } from './context.js';

/** How an implementation drops old windows: exactly at retention (in-memory) or by whole segment (LevelDB, RocksDB). */
export type WindowExpiry = { readonly granularity: 'exact' } | { readonly granularity: 'segment'; segmentIntervalMs(retentionMs: number): number };

export interface WindowSettings {
  readonly retentionMs: number;
  readonly windowSizeMs: number;
  readonly retainDuplicates: boolean;
}

/** What a window implementation gives the suite. */
export interface WindowStoreSuiteOptions {
  readonly name: string;
  readonly persistent: boolean;
  readonly expiry: WindowExpiry;
  /** Builds (does not initialize) the store; the suite initializes it, directly or under a layer, on a temp stateDir. */
  readonly factory: (storeName: string, settings: WindowSettings) => WindowBytesStore;
}

const RETENTION = 60_000;
const SIZE = 10_000;
const PLAIN: WindowSettings = { retentionMs: RETENTION, windowSizeMs: SIZE, retainDuplicates: false };
const S = Serdes.String() as Serde<string>;

const rows = (entries: readonly WindowEntry[]): string[] => entries.map((e) => `${e.windowStart}:${e.key.toString('hex')}=${e.value.toString()}`);
const list = <K, V>(iterator: KeyValueIterator<K, V>) => [...iterator];
const w = (key: string, start: number): Windowed<string> => ({ key, window: { start, end: start + SIZE } });

/** The window store contract (Kafka's AbstractWindowBytesStoreTest), run against one implementation. */
export function windowStoreSuite({ name, persistent, expiry, factory }: WindowStoreSuiteOptions): void {
  cleanupTempDirs();

  async function open(settings: WindowSettings = PLAIN, context: StoreContext = suiteContext()): Promise<WindowBytesStore> {
    const store = factory('win', settings);
    await store.init(context);
    return store;
  }

  async function typed(settings: WindowSettings = PLAIN): Promise<TypedWindowStore<string, string>> {
    const store = new TypedWindowStore<string, string>(factory('win', settings), S, S as Serde<unknown>, (serde) => serde as Serde<string>);
    await store.init(suiteContext());
    return store;
  }

  /** Whether a window starting at `start` is still kept once stream time reached `observed`. */
  function live(start: number, observed: number, retentionMs = RETENTION): boolean {
    if (expiry.granularity === 'exact') return start > observed - retentionMs;
    const segment = expiry.segmentIntervalMs(retentionMs);
    return Math.floor(start / segment) >= Math.floor((observed - retentionMs) / segment);
  }

  describe(`${name} (window store conformance)`, () => {
    it('reports its settings; observed stream time is the largest window start put', async () => {
      const store = await open();
      expect([store.name, store.persistent, store.retentionMs, store.windowSizeMs, store.retainDuplicates]).toEqual(['win', persistent, RETENTION, SIZE, false]);
      expect(store.observedStreamTime()).toBe(-1);
      store.put(b('a'), b('1'), 20);
      store.put(b('a'), b('2'), 10);
      expect(store.observedStreamTime()).toBe(20);
    });

    it('fetchOne returns the value of a key in one window; put replaces it and put(null) deletes it', async () => {
      const store = await open();
      store.put(b('a'), b('1'), 0);
      store.put(b('a'), b('2'), SIZE);
      store.put(b('a'), b('3'), 0);
      expect(store.fetchOne(b('a'), 0)?.toString()).toBe('3');
      expect(store.fetchOne(b('a'), SIZE)?.toString()).toBe('2');
      expect(store.fetchOne(b('a'), 1)).toBeUndefined();
      expect(store.fetchOne(b('aa'), 0)).toBeUndefined();
      store.put(b('a'), null, 0);
      expect(store.fetchOne(b('a'), 0)).toBeUndefined();
      expect(rows(store.fetchEntries(undefined, undefined, 0, Number.MAX_SAFE_INTEGER))).toEqual([`${SIZE}:61=2`]);
    });

    it('fetchEntries orders by window start, then unsigned key bytes; key and time bounds are inclusive', async () => {
      const store = await open();
      const keys = [Buffer.from([0xff]), b('b'), b('aa'), Buffer.from([0x80]), b('a'), Buffer.from([0x00])];
      for (const start of [2_000, 0, 1_000]) for (const key of keys) store.put(key, b(`${start}`), start);
      const sortedHex = keys.map((k) => k.toString('hex')).sort();
      const expected = (starts: number[], hexKeys: string[]) => starts.flatMap((s) => hexKeys.map((k) => `${s}:${k}=${s}`));
      expect(rows(store.fetchEntries(undefined, undefined, 0, 2_000))).toEqual(expected([0, 1_000, 2_000], sortedHex));
      expect(rows(store.fetchEntries(undefined, undefined, 1, 1_000))).toEqual(expected([1_000], sortedHex));
      expect(rows(store.fetchEntries(b('a'), b('b'), 1_000, 2_000))).toEqual(expected([1_000, 2_000], ['61', '6161', '62']));
      expect(rows(store.fetchEntries(Buffer.from([0x80]), undefined, 0, 0))).toEqual(expected([0], ['80', 'ff']));
      expect(rows(store.fetchEntries(undefined, b('a'), 2_000, 5_000))).toEqual(expected([2_000], ['00', '61']));
      expect(rows(store.fetchEntries(undefined, undefined, 2_001, 5_000))).toEqual([]);
    });

    it('typed fetch, backwardFetch, fetchRange, fetchAll and all keep Kafka order', async () => {
      const store = await typed();
      store.put('b', 'b0', 0);
      store.put('a', 'a10', 10_000);
      store.put('a', 'a0', 0);
      store.put('c', 'c5', 5_000);
      store.put('a', 'a5', 5_000);
      expect(store.fetch('a', 0)).toBe('a0');
      expect(list(store.fetch('a', 0, 10_000))).toEqual([
        { key: 0, value: 'a0' },
        { key: 5_000, value: 'a5' },
        { key: 10_000, value: 'a10' },
      ]);
      expect(list(store.fetch('a', 1, 9_999)).map((e) => e.value)).toEqual(['a5']);
      expect(list(store.backwardFetch('a', 0, 10_000)).map((e) => e.key)).toEqual([10_000, 5_000, 0]);
      expect(list(store.fetchRange('a', 'b', 0, 5_000))).toEqual([
        { key: w('a', 0), value: 'a0' },
        { key: w('b', 0), value: 'b0' },
        { key: w('a', 5_000), value: 'a5' },
      ]);
      expect(list(store.fetchAll(5_000, 10_000)).map((e) => e.value)).toEqual(['a5', 'c5', 'a10']);
      expect(list(store.all()).map((e) => e.value)).toEqual(['a0', 'b0', 'a5', 'c5', 'a10']);
    });

    it('retainDuplicates keeps every put in insertion order, and put(null) deletes nothing', async () => {
      const store = await open({ ...PLAIN, retainDuplicates: true });
      expect(store.retainDuplicates).toBe(true);
      store.put(b('a'), b('1'), 0);
      store.put(b('a'), b('2'), 0);
      store.put(b('b'), b('3'), 0);
      store.put(b('a'), b('4'), 0);
      store.put(b('a'), null, 0);
      store.put(b('a'), b('5'), 1_000);
      expect(rows(store.fetchEntries(undefined, undefined, 0, 1_000))).toEqual(['0:61=1', '0:61=2', '0:61=4', '0:62=3', '1000:61=5']);
      expect(rows(store.fetchEntries(b('a'), b('a'), 0, 0))).toEqual(['0:61=1', '0:61=2', '0:61=4']);
    });

    it(`expires windows by retention (${expiry.granularity} granularity) and skips puts into expired windows`, async () => {
      const store = await open();
      store.put(b('old'), b('x'), 0);
      for (const observed of [30_000, 59_999, 60_000, 100_000, 119_999, 120_000, 180_000]) {
        store.put(b('clock'), b('t'), observed);
        const expected = live(0, observed) ? 'x' : undefined;
        expect(store.fetchOne(b('old'), 0)?.toString(), `observed ${observed}`).toBe(expected);
        expect(rows(store.fetchEntries(b('old'), b('old'), 0, 0)), `observed ${observed}`).toEqual(expected === undefined ? [] : ['0:6f6c64=x']);
      }
      // stream time is now 180_000: starts at or before 120_000 are expired exactly; the segment [120_000, 180_000) lives on
      store.put(b('late'), b('1'), 119_999);
      store.put(b('late'), b('2'), 120_000);
      store.put(b('late'), b('3'), 120_001);
      const late: [number, string][] = [
        [119_999, '1'],
        [120_000, '2'],
        [120_001, '3'],
      ];
      const kept = late.filter(([start]) => live(start, 180_000)).map(([start, value]) => `${start}:6c617465=${value}`);
      expect(rows(store.fetchEntries(b('late'), b('late'), 0, Number.MAX_SAFE_INTEGER))).toEqual(kept);
      expect(store.observedStreamTime()).toBe(180_000);
    });

    it('a closed store refuses reads and writes with a StoreError', async () => {
      const store = await open();
      store.put(b('a'), b('1'), 0);
      await store.close();
      expect(store.isOpen()).toBe(false);
      expectStoreError(() => store.put(b('a'), b('2'), 0));
      expectStoreError(() => store.fetchOne(b('a'), 0));
      expectStoreError(() => store.fetchEntries(undefined, undefined, 0, 10));
    });

    it('through the change-logging layer, writes are logged with Kafka window keys and restoration is not', async () => {
      const context = suiteContext();
      const store = new ChangeLoggingWindowBytesStore(factory('win', PLAIN), false);
      await store.init(context);
      store.put(b('a'), b('1'), 5);
      store.put(b('a'), null, 5);
      expect(context.logged.map((c) => ({ ...parseWindowStoreKey(c.key), value: c.value?.toString() ?? null }))).toEqual([
        { key: b('a'), windowStartMs: 5, seq: 0, value: '1' },
        { key: b('a'), windowStartMs: 5, seq: 0, value: null },
      ]);
      store.restore([
        { key: windowStoreKey(b('x'), 0, 0), value: b('1'), timestamp: 1 },
        { key: windowStoreKey(b('y'), 10, 0), value: b('2'), timestamp: 2 },
        { key: windowStoreKey(b('x'), 0, 0), value: null, timestamp: 3 },
      ]);
      expect(context.logged).toHaveLength(2);
      expect(rows(store.fetchEntries(undefined, undefined, 0, 100))).toEqual(['10:79=2']);
    });

    if (!persistent) return;

    describe('persistence', () => {
      it('data, stream time and checkpoint survive commit → close → reopen; uncommitted writes do not', async () => {
        const context = suiteContext();
        const store = await open(PLAIN, context);
        expect(persistentOf(store).checkpoint()).toBeUndefined();
        store.put(b('a'), b('1'), 0);
        store.put(b('b'), b('2'), 1_000);
        store.put(b('gone'), b('3'), 1_000);
        store.put(b('gone'), null, 1_000);
        await persistentOf(store).commit(11n);
        store.put(b('c'), b('uncommitted'), 2_000);
        store.put(b('a'), null, 0);
        await store.close();

        const reopened = await open(PLAIN, context);
        expect(persistentOf(reopened).checkpoint()).toBe(11n);
        expect(rows(reopened.fetchEntries(undefined, undefined, 0, 10_000))).toEqual(['0:61=1', '1000:62=2']);
        expect(reopened.observedStreamTime()).toBe(1_000);
      });

      it('duplicates survive a reopen in insertion order, and later puts keep adding', async () => {
        const context = suiteContext();
        const dup = { ...PLAIN, retainDuplicates: true };
        const store = await open(dup, context);
        store.put(b('a'), b('1'), 0);
        store.put(b('a'), b('2'), 0);
        await persistentOf(store).commit(2n);
        await store.close();
        const reopened = await open(dup, context);
        reopened.put(b('a'), b('3'), 0);
        expect(rows(reopened.fetchEntries(b('a'), b('a'), 0, 0))).toEqual(['0:61=1', '0:61=2', '0:61=3']);
      });

      it('expired windows are gone from disk after commit, so a reopen does not bring them back', async () => {
        const context = suiteContext();
        const store = await open(PLAIN, context);
        store.put(b('old'), b('x'), 0);
        await persistentOf(store).commit(1n);
        store.put(b('new'), b('y'), 300_000);
        await persistentOf(store).commit(2n);
        await store.close();
        const reopened = await open(PLAIN, context);
        expect(reopened.fetchOne(b('old'), 0)).toBeUndefined();
        expect(rows(reopened.fetchEntries(undefined, undefined, 0, Number.MAX_SAFE_INTEGER))).toEqual(['300000:6e6577=y']);
      });

      it('wipe deletes every entry and the checkpoint, durably', async () => {
        const context = suiteContext();
        const store = await open(PLAIN, context);
        store.put(b('a'), b('1'), 0);
        await persistentOf(store).commit(4n);
        await persistentOf(store).wipe();
        expect(persistentOf(store).checkpoint()).toBeUndefined();
        expect(store.fetchEntries(undefined, undefined, 0, 10)).toEqual([]);
        expect(store.observedStreamTime()).toBe(-1);
        await store.close();
        const reopened = await open(PLAIN, context);
        expect(persistentOf(reopened).checkpoint()).toBeUndefined();
        expect(reopened.fetchEntries(undefined, undefined, 0, 10)).toEqual([]);
      });

      it('restored records are durable after the restore commit', async () => {
        const context = suiteContext();
        const store = new ChangeLoggingWindowBytesStore(factory('win', PLAIN), false);
        await store.init(context);
        store.restore([
          { key: windowStoreKey(b('x'), 0, 0), value: b('1'), timestamp: 1 },
          { key: windowStoreKey(b('y'), 10, 0), value: b('2'), timestamp: 2 },
        ]);
        await persistentOf(store.inner).commit(2n);
        await store.close();
        const reopened = await open(PLAIN, context);
        expect(persistentOf(reopened).checkpoint()).toBe(2n);
        expect(rows(reopened.fetchEntries(undefined, undefined, 0, 100))).toEqual(['0:78=1', '10:79=2']);
      });
    });
  });
}
