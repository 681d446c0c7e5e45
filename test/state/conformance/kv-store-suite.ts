import { bytesLayer, isPersistentBytesStore } from '../../../src/state/leveldb/persistent-store.js';
import { describe, expect, it } from 'vitest';
import type { KeyValue } from '../../../src/internal/key-value.js';
import type { KeyValueBytesStore, KeyValueIterator } from '../../../src/state/key-value-store.js';
import type { StoreContext } from '../../../src/state/store.js';
import { ChangeLoggingKeyValueBytesStore } from '../../../src/state/layers/change-logging-store.js';
import { b, cleanupTempDirs, expectStoreError, persistentOf, suiteContext } from './context.js';

/** What a key-value implementation gives the suite. */
export interface KvStoreSuiteOptions {
  readonly name: string;
  /** True for stores with a checkpoint (LevelDB): the persistence tests run too. */
  readonly persistent: boolean;
  /**
   * Builds (does not initialize) the store `storeName`; the suite initializes it, directly or under a layer,
   * with a context whose stateDir is a fresh temp directory (reused to reopen a persistent store).
   */
  readonly factory: (storeName: string) => KeyValueBytesStore;
}

/** Keys in unsigned byte order: prefixes, high bytes (a signed comparison would misplace 0x80 and 0xff) and a NUL. */
const ORDERED_KEYS: readonly Buffer[] = [
  Buffer.from([0x00]),
  Buffer.from([0x00, 0x00]),
  Buffer.from([0x01]),
  b('a'),
  b('a\u0000'),
  b('aa'),
  b('ab'),
  b('b'),
  Buffer.from([0x7f]),
  Buffer.from([0x80]),
  Buffer.from([0xc3, 0xa9]),
  Buffer.from([0xff]),
  Buffer.from([0xff, 0x00]),
];

const entries = (iterator: KeyValueIterator<Buffer, Buffer>): [string, string][] => [...iterator].map((e) => [e.key.toString('hex'), e.value.toString()]);
const hex = (keys: readonly Buffer[]): string[] => keys.map((k) => k.toString('hex'));

/** The key-value store contract (Kafka's AbstractKeyValueStoreTest), run against one implementation. */
export function kvStoreSuite({ name, persistent, factory }: KvStoreSuiteOptions): void {
  cleanupTempDirs();
  const open = async (context: StoreContext = suiteContext()): Promise<KeyValueBytesStore> => {
    const store = factory('kv');
    await store.init(context);
    return store;
  };

  /** Puts ORDERED_KEYS in a scrambled order, each with its index as the value. */
  async function filled(): Promise<KeyValueBytesStore> {
    const store = await open();
    const order = ORDERED_KEYS.map((_, i) => (i * 7) % ORDERED_KEYS.length);
    for (const i of order) store.put(ORDERED_KEYS[i] as Buffer, b(String(i)));
    return store;
  }

  describe(`${name} (key-value store conformance)`, () => {
    it('reports its persistence, name and open state', async () => {
      const store = await open();
      expect(store.persistent).toBe(persistent);
      expect(store.name).toBe('kv');
      expect(store.isOpen()).toBe(true);
      await store.close();
      expect(store.isOpen()).toBe(false);
    });

    it('get returns what put wrote; a second put replaces it; a missing key is undefined', async () => {
      const store = await open();
      store.put(b('k'), b('1'));
      expect(store.get(b('k'))?.toString()).toBe('1');
      store.put(b('k'), b('2'));
      expect(store.get(b('k'))?.toString()).toBe('2');
      expect(store.get(b('missing'))).toBeUndefined();
      expect(store.get(b('k\u0000'))).toBeUndefined();
    });

    it('put(null) and delete remove the key; delete returns the old value, or undefined for a missing key', async () => {
      const store = await open();
      store.put(b('a'), b('1'));
      store.put(b('b'), b('2'));
      store.put(b('a'), null);
      expect(store.get(b('a'))).toBeUndefined();
      expect(store.delete(b('b'))?.toString()).toBe('2');
      expect(store.get(b('b'))).toBeUndefined();
      expect(store.delete(b('b'))).toBeUndefined();
      expect(entries(store.all())).toEqual([]);
    });

    it('putIfAbsent writes only a missing key and returns the existing value', async () => {
      const store = await open();
      expect(store.putIfAbsent(b('k'), b('1'))).toBeUndefined();
      expect(store.putIfAbsent(b('k'), b('2'))?.toString()).toBe('1');
      expect(store.get(b('k'))?.toString()).toBe('1');
      store.delete(b('k'));
      expect(store.putIfAbsent(b('k'), b('3'))).toBeUndefined();
      expect(store.get(b('k'))?.toString()).toBe('3');
    });

    it('putAll writes every entry in order; a null value deletes', async () => {
      const store = await open();
      store.put(b('gone'), b('x'));
      const batch: KeyValue<Buffer, Buffer | null>[] = [
        { key: b('a'), value: b('1') },
        { key: b('b'), value: b('2') },
        { key: b('a'), value: b('3') },
        { key: b('gone'), value: null },
      ];
      store.putAll(batch);
      expect(entries(store.all())).toEqual([
        [b('a').toString('hex'), '3'],
        [b('b').toString('hex'), '2'],
      ]);
    });

    it('all and reverseAll iterate in unsigned key-byte order', async () => {
      const store = await filled();
      expect(entries(store.all()).map(([k]) => k)).toEqual(hex(ORDERED_KEYS));
      expect(entries(store.reverseAll()).map(([k]) => k)).toEqual(hex(ORDERED_KEYS).reverse());
      expect(entries(store.all()).map(([, v]) => v)).toEqual(ORDERED_KEYS.map((_, i) => String(i)));
    });

    it('range includes both bounds; undefined bounds are open; reverseRange is the reverse', async () => {
      const store = await filled();
      const keys = (it: KeyValueIterator<Buffer, Buffer>) => entries(it).map(([k]) => k);
      expect(keys(store.range(b('a'), b('b')))).toEqual(hex([b('a'), b('a\u0000'), b('aa'), b('ab'), b('b')]));
      expect(keys(store.reverseRange(b('a'), b('b')))).toEqual(hex([b('b'), b('ab'), b('aa'), b('a\u0000'), b('a')]));
      expect(keys(store.range(undefined, Buffer.from([0x01])))).toEqual(hex(ORDERED_KEYS.slice(0, 3)));
      expect(keys(store.range(Buffer.from([0x80]), undefined))).toEqual(hex(ORDERED_KEYS.slice(9)));
      expect(keys(store.range(undefined, undefined))).toEqual(hex(ORDERED_KEYS));
      // bounds that are not stored keys
      expect(keys(store.range(b('a\u0001'), b('az')))).toEqual(hex([b('aa'), b('ab')]));
      expect(keys(store.reverseRange(Buffer.from([0x7f, 0x00]), undefined))).toEqual(hex(ORDERED_KEYS.slice(9)).reverse());
    });

    it('a range whose from is above its to is empty', async () => {
      const store = await filled();
      expect(entries(store.range(b('b'), b('a')))).toEqual([]);
      expect(entries(store.reverseRange(b('b'), b('a')))).toEqual([]);
    });

    it('iterators are snapshots, stop when closed, and also iterate with for await', async () => {
      const store = await open();
      store.put(b('a'), b('1'));
      store.put(b('b'), b('2'));
      const iterator = store.all();
      store.put(b('c'), b('3'));
      store.delete(b('a'));
      const seen: string[] = [];
      for (const entry of iterator) {
        seen.push(entry.key.toString());
        iterator.close();
      }
      expect(seen).toEqual(['a']);
      const asyncSeen: string[] = [];
      for await (const entry of store.all()) asyncSeen.push(entry.key.toString());
      expect(asyncSeen).toEqual(['b', 'c']);
    });

    it('approximateNumEntries counts live keys after puts, overwrites and deletes', async () => {
      const store = await open();
      expect(store.approximateNumEntries()).toBe(0);
      for (let i = 0; i < 100; i++) store.put(b(`k${i}`), b('v'));
      for (let i = 0; i < 50; i++) store.put(b(`k${i}`), b('w'));
      for (let i = 0; i < 10; i++) store.delete(b(`k${i}`));
      store.put(b('k10'), null);
      store.delete(b('never'));
      expect(store.approximateNumEntries()).toBe(89);
    });

    it('a closed store refuses reads and writes with a StoreError', async () => {
      const store = await open();
      store.put(b('a'), b('1'));
      await store.close();
      expectStoreError(() => store.put(b('a'), b('2')));
      expectStoreError(() => store.get(b('a')));
      expectStoreError(() => store.delete(b('a')));
      expectStoreError(() => store.putIfAbsent(b('b'), b('2')));
      expectStoreError(() => store.all());
      expectStoreError(() => store.range(b('a'), b('z')));
    });

    it('through the change-logging layer, writes are logged and restoration is not', async () => {
      const context = suiteContext();
      const store = new ChangeLoggingKeyValueBytesStore(factory('kv'), false);
      await store.init(context);
      store.put(b('a'), b('1'));
      store.delete(b('a'));
      expect(context.logged.map((c) => [c.store, c.key.toString(), c.value?.toString() ?? null])).toEqual([
        ['kv', 'a', '1'],
        ['kv', 'a', null],
      ]);
      await store.restore([
        { key: b('x'), value: b('1'), timestamp: 1 },
        { key: b('y'), value: b('2'), timestamp: 2 },
        { key: b('x'), value: null, timestamp: 3 },
      ]);
      // A restoring store is read only once its restoration is committed (the runtime does so; Kafka refuses
      // queries of restoring stores): persistent stores may still be writing.
      const bottom = bytesLayer(store);
      if (isPersistentBytesStore(bottom)) await bottom.commit(undefined);
      expect(context.logged).toHaveLength(2);
      expect(entries(store.all())).toEqual([[b('y').toString('hex'), '2']]);
    });

    if (!persistent) return;

    describe('persistence', () => {
      it('has no checkpoint before the first commit', async () => {
        const store = await open();
        expect(persistentOf(store).checkpoint()).toBeUndefined();
      });

      it('data and checkpoint survive commit → close → reopen; uncommitted writes do not', async () => {
        const context = suiteContext();
        const store = await open(context);
        for (const [i, key] of ORDERED_KEYS.entries()) store.put(key, b(String(i)));
        store.delete(ORDERED_KEYS[0] as Buffer);
        await persistentOf(store).commit(7n);
        store.put(b('uncommitted'), b('x'));
        store.delete(b('a'));
        await store.close();

        const reopened = await open(context);
        expect(persistentOf(reopened).checkpoint()).toBe(7n);
        expect(entries(reopened.all()).map(([k]) => k)).toEqual(hex(ORDERED_KEYS.slice(1)));
        expect(reopened.get(b('a'))?.toString()).toBe('3');
        expect(reopened.get(b('uncommitted'))).toBeUndefined();
        expect(reopened.approximateNumEntries()).toBe(ORDERED_KEYS.length - 1);
      });

      it('commit without a checkpoint writes the data and keeps the previous checkpoint', async () => {
        const context = suiteContext();
        const store = await open(context);
        store.put(b('a'), b('1'));
        await persistentOf(store).commit(3n);
        store.put(b('b'), b('2'));
        await persistentOf(store).commit(undefined);
        await store.close();
        const reopened = await open(context);
        expect(persistentOf(reopened).checkpoint()).toBe(3n);
        expect(entries(reopened.all()).map(([k, v]) => [Buffer.from(k, 'hex').toString(), v])).toEqual([
          ['a', '1'],
          ['b', '2'],
        ]);
      });

      it('wipe deletes every entry and the checkpoint, durably', async () => {
        const context = suiteContext();
        const store = await open(context);
        store.put(b('a'), b('1'));
        await persistentOf(store).commit(5n);
        store.put(b('b'), b('2'));
        await persistentOf(store).wipe();
        expect(persistentOf(store).checkpoint()).toBeUndefined();
        expect(entries(store.all())).toEqual([]);
        expect(store.approximateNumEntries()).toBe(0);
        await store.close();
        const reopened = await open(context);
        expect(persistentOf(reopened).checkpoint()).toBeUndefined();
        expect(entries(reopened.all())).toEqual([]);
      });

      it('restored records are durable after the restore commit', async () => {
        const context = suiteContext();
        const store = new ChangeLoggingKeyValueBytesStore(factory('kv'), false);
        await store.init(context);
        await store.restore([
          { key: b('a'), value: b('1'), timestamp: 1 },
          { key: b('b'), value: b('2'), timestamp: 2 },
          { key: b('a'), value: null, timestamp: 3 },
        ]);
        await persistentOf(store.inner).commit(3n);
        await store.close();
        const reopened = await open(context);
        expect(persistentOf(reopened).checkpoint()).toBe(3n);
        expect(entries(reopened.all())).toEqual([[b('b').toString('hex'), '2']]);
      });
    });
  });
}
