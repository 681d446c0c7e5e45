import { describe, expect, it } from 'vitest';
import { Serdes } from '../../../src/serdes/primitives.js';
import type { Serde } from '../../../src/serdes/serde.js';
import type { StoreContext } from '../../../src/state/store.js';
import type { SessionBytesStore, SessionEntry } from '../../../src/state/session-store.js';
import type { KeyValueIterator } from '../../../src/state/key-value-store.js';
import type { Windowed } from '../../../src/windows/windowed.js';
import { ChangeLoggingSessionBytesStore, TypedSessionStore } from '../../../src/state/layers/session-stores.js';
import { parseSessionStoreKey, sessionStoreKey } from '../../../src/state/key-schemas.js';
import { b, cleanupTempDirs, expectStoreError, persistentOf, suiteContext } from './context.js';

/** What a session implementation gives the suite. */
export interface SessionStoreSuiteOptions {
  readonly name: string;
  readonly persistent: boolean;
  /** Builds (does not initialize) the store; the suite initializes it, directly or under a layer, on a temp stateDir. */
  readonly factory: (storeName: string, retentionMs: number) => SessionBytesStore;
}

const R = 60_000;
const MAX = Number.MAX_SAFE_INTEGER;
const S = Serdes.String() as Serde<string>;
const L = Serdes.Long() as Serde<number>;

const w = (key: string, start: number, end: number): Windowed<string> => ({ key, window: { start, end } });
const values = <K>(iterator: KeyValueIterator<K, number>): number[] => [...iterator].map((e) => e.value);
const sessions = <K>(iterator: KeyValueIterator<Windowed<K>, number>): string[] => [...iterator].map((e) => `${String(e.key.key)}[${e.key.window.start},${e.key.window.end}]=${e.value}`);
const rows = (entries: readonly SessionEntry[]): string[] => entries.map((e) => `${e.key.toString()}[${e.start},${e.end}]=${e.value.toString()}`);
const everything = { keyFrom: undefined, keyTo: undefined, earliestEnd: 0, latestEnd: MAX, latestStart: MAX };

/**
 * The session store contract (Kafka's AbstractSessionBytesStoreTest), run against one implementation. Reads expire
 * exactly for every implementation (Kafka ≥ 3.4 filters RocksDB reads by observed stream time − retention too);
 * how a persistent store drops data on disk (by segment) is pinned by its own test file.
 */
export function sessionStoreSuite({ name, persistent, factory }: SessionStoreSuiteOptions): void {
  cleanupTempDirs();

  async function open(context: StoreContext = suiteContext()): Promise<SessionBytesStore> {
    const store = factory('sessions', R);
    await store.init(context);
    return store;
  }

  async function typed(context: StoreContext = suiteContext()): Promise<TypedSessionStore<string, number>> {
    const store = new TypedSessionStore<string, number>(new ChangeLoggingSessionBytesStore(factory('sessions', R)), S, L);
    await store.init(context);
    return store;
  }

  describe(`${name} (session store conformance)`, () => {
    it('reports its settings; observed stream time is the largest session end put', async () => {
      const store = await open();
      expect([store.name, store.persistent, store.retentionMs, store.isOpen()]).toEqual(['sessions', persistent, R, true]);
      expect(store.observedStreamTime()).toBe(-1);
      store.put(b('a'), 0, 30, b('1'));
      store.put(b('a'), 0, 10, b('2'));
      expect(store.observedStreamTime()).toBe(30);
    });

    it('shouldPutAndFindSessionsInRange: end ≥ earliest end and start ≤ latest start', async () => {
      const store = await typed();
      store.put(w('a', 10, 10), 1);
      store.put(w('a', 500, 1000), 2);
      store.put(w('a', 1500, 2000), 1);
      store.put(w('a', 2500, 3000), 2);
      expect(sessions(store.findSessions('a', 0, 1000))).toEqual(['a[10,10]=1', 'a[500,1000]=2']);
      expect(sessions(store.findSessions('a', 400, 600))).toEqual(['a[500,1000]=2']);
      expect(sessions(store.findSessions('a', 2000, 1499))).toEqual([]);
      expect(sessions(store.findSessions('a', 2000, 1500))).toEqual(['a[1500,2000]=1']);
      expect(sessions(store.backwardFindSessions('a', 0, 1000))).toEqual(['a[500,1000]=2', 'a[10,10]=1']);
    });

    it('fetch(key) returns every session of exactly that key by end; backwardFetch reverses it', async () => {
      const store = await typed();
      store.put(w('a', 0, 0), 1);
      store.put(w('a', 10, 10), 2);
      store.put(w('a', 100, 100), 3);
      store.put(w('a', 1000, 1000), 4);
      store.put(w('aa', 0, 0), 5);
      store.put(w('', 0, 0), 6);
      expect(values(store.fetch('a'))).toEqual([1, 2, 3, 4]);
      expect(values(store.backwardFetch('a'))).toEqual([4, 3, 2, 1]);
      expect(values(store.fetch('a', 'aa'))).toEqual([1, 5, 2, 3, 4]);
    });

    it('orders by end, then unsigned key bytes, then start descending; backward is the exact reverse', async () => {
      const store = await open();
      store.put(Buffer.from([0xff]), 0, 10, b('ff'));
      store.put(b('b'), 5, 10, b('b5'));
      store.put(b('a'), 0, 10, b('a0'));
      store.put(b('a'), 7, 10, b('a7'));
      store.put(Buffer.from([0x80]), 3, 10, b('80'));
      store.put(b('a'), 0, 5, b('early'));
      const forward = rows(store.findSessions(everything));
      expect(forward).toEqual(['a[0,5]=early', 'a[7,10]=a7', 'a[0,10]=a0', 'b[5,10]=b5', '\ufffd[3,10]=80', '\ufffd[0,10]=ff']);
      const typedStore = await typed();
      typedStore.put(w('b', 5, 10), 1);
      typedStore.put(w('a', 0, 10), 2);
      typedStore.put(w('a', 7, 10), 3);
      expect(sessions(typedStore.findSessions(undefined, undefined, 0, MAX))).toEqual(['a[7,10]=3', 'a[0,10]=2', 'b[5,10]=1']);
      expect(sessions(typedStore.backwardFindSessions('a', 0, MAX))).toEqual(['a[0,10]=2', 'a[7,10]=3']);
    });

    it('findSessions(earliestEnd, latestEnd) selects by end only; key-range bounds are inclusive and may be open', async () => {
      const store = await typed();
      store.put(w('a', 0, 0), 5);
      store.put(w('b', 10, 20), 10);
      store.put(w('c', 30, 40), 20);
      expect(sessions(store.findSessions(0, 0))).toEqual(['a[0,0]=5']);
      expect(sessions(store.findSessions(0, 20))).toEqual(['a[0,0]=5', 'b[10,20]=10']);
      expect(sessions(store.findSessions(0, 40))).toEqual(['a[0,0]=5', 'b[10,20]=10', 'c[30,40]=20']);
      expect(sessions(store.findSessions('a', 'b', 0, MAX))).toEqual(['a[0,0]=5', 'b[10,20]=10']);
      expect(sessions(store.findSessions('b', undefined, 0, MAX))).toEqual(['b[10,20]=10', 'c[30,40]=20']);
      expect(sessions(store.findSessions(undefined, 'a', 0, MAX))).toEqual(['a[0,0]=5']);
      expect(sessions(store.findSessions('c', 'a', 0, MAX))).toEqual([]);
    });

    it('fetchSession returns exactly one session; remove and put(null) delete; removing a missing session is a no-op', async () => {
      const store = await typed();
      store.put(w('a', 0, 1000), 1);
      store.put(w('a', 1500, 2500), 2);
      store.put(w('a', 1000, 1000), 3);
      expect(store.fetchSession('a', 0, 1000)).toBe(1);
      expect(store.fetchSession('a', 1000, 1000)).toBe(3);
      expect(store.fetchSession('a', 0, 999)).toBeUndefined();
      expect(store.fetchSession('b', 0, 1000)).toBeUndefined();
      store.put(w('a', 0, 1000), 4);
      expect(store.fetchSession('a', 0, 1000)).toBe(4);
      store.remove(w('a', 0, 1000));
      store.put(w('a', 1500, 2500), null);
      store.remove(w('a', 0, 1));
      store.remove(w('zz', 0, 1000));
      expect(store.fetchSession('a', 0, 1000)).toBeUndefined();
      expect(sessions(store.fetch('a'))).toEqual(['a[1000,1000]=3']);
    });

    it('shouldRemoveExpired: sessions ending at or before stream time − retention are never returned', async () => {
      const store = await typed();
      store.put(w('a', 0, 0), 1);
      store.put(w('aa', 0, 10), 2);
      store.put(w('a', 10, 20), 3);
      store.put(w('aa', 10, R), 4); // stream time R: the session ending at 0 expires
      expect(values(store.findSessions('a', 'b', 0, MAX)).sort()).toEqual([2, 3, 4]);
      expect(store.fetchSession('a', 0, 0)).toBeUndefined();
      expect(store.fetchSession('aa', 0, 10)).toBe(2);
      store.put(w('b', R + 20, R + 20), 5); // stream time R + 20: ends ≤ 20 expire
      expect(values(store.findSessions(undefined, undefined, 0, MAX))).toEqual([4, 5]);
      expect(store.fetchSession('a', 10, 20)).toBeUndefined();
    });

    it('a put of an already-expired session is skipped', async () => {
      const store = await typed();
      store.put(w('a', 3 * R, 3 * R), 1);
      store.put(w('late', 0, 2 * R), 2);
      store.put(w('late', 0, 2 * R + 1), 3);
      expect(store.fetchSession('late', 0, 2 * R)).toBeUndefined();
      expect(sessions(store.fetch('late'))).toEqual([`late[0,${2 * R + 1}]=3`]);
    });

    it('shouldNotFetchExpiredSessions', async () => {
      const store = await typed();
      const t = 10 * R;
      store.put(w('p', t - 3 * R, t - 2 * R), 1);
      store.put(w('q', t - 2 * R, t - R), 4);
      store.put(w('r', t - R, t - R / 2), 3);
      store.put(w('p', t - R, t - R / 2), 2);
      expect(values(store.findSessions('p', t - 2 * R, t - R))).toEqual([2]);
      expect(values(store.backwardFindSessions('p', t - 5 * R, t - 4 * R))).toEqual([]);
      expect(values(store.findSessions('p', 'r', t - 5 * R, t - 4 * R))).toEqual([]);
      expect(values(store.findSessions('p', 'r', t - R, t - R / 2)).sort()).toEqual([2, 3, 4]);
      expect(values(store.findSessions('p', 'r', t - 2 * R, t - R)).sort()).toEqual([2, 3, 4]);
    });

    it('a closed store refuses reads and writes with a StoreError', async () => {
      const store = await open();
      store.put(b('a'), 0, 10, b('1'));
      await store.close();
      expect(store.isOpen()).toBe(false);
      expectStoreError(() => store.put(b('a'), 0, 10, b('2')));
      expectStoreError(() => store.remove(b('a'), 0, 10));
      expectStoreError(() => store.fetchSession(b('a'), 0, 10));
      expectStoreError(() => store.findSessions(everything));
    });

    it('through the change-logging layer, writes are logged with Kafka session keys and restoration is not', async () => {
      const context = suiteContext();
      const store = await typed(context);
      store.put(w('a', 0, 10), 1);
      store.remove(w('a', 0, 10));
      store.put(w('b', 5, 20), null);
      expect(context.logged.map((c) => ({ ...parseSessionStoreKey(c.key), value: c.value === null ? null : L.deserialize('', c.value) }))).toEqual([
        { key: b('a'), startMs: 0, endMs: 10, value: 1 },
        { key: b('a'), startMs: 0, endMs: 10, value: null },
        { key: b('b'), startMs: 5, endMs: 20, value: null },
      ]);
      await store.restore([
        { key: sessionStoreKey(b('x'), 0, 10), value: L.serialize('', 7), timestamp: 1 },
        { key: sessionStoreKey(b('y'), 5, 15), value: L.serialize('', 8), timestamp: 2 },
        { key: sessionStoreKey(b('x'), 0, 10), value: null, timestamp: 3 },
      ]);
      expect(context.logged).toHaveLength(3);
      expect(sessions(store.findSessions(undefined, undefined, 0, MAX))).toEqual(['y[5,15]=8']);
    });

    if (!persistent) return;

    describe('persistence', () => {
      it('data, stream time and checkpoint survive commit → close → reopen; uncommitted writes do not', async () => {
        const context = suiteContext();
        const store = await open(context);
        expect(persistentOf(store).checkpoint()).toBeUndefined();
        store.put(b('a'), 0, 10, b('1'));
        store.put(b('a'), 20, 30, b('2'));
        store.put(b('b'), 5, 30, b('3'));
        store.put(b('gone'), 0, 10, b('4'));
        store.remove(b('gone'), 0, 10);
        await persistentOf(store).commit(21n);
        store.put(b('c'), 0, 40, b('uncommitted'));
        store.remove(b('a'), 0, 10);
        await store.close();

        const reopened = await open(context);
        expect(persistentOf(reopened).checkpoint()).toBe(21n);
        expect(rows(reopened.findSessions(everything))).toEqual(['a[0,10]=1', 'a[20,30]=2', 'b[5,30]=3']);
        expect(reopened.fetchSession(b('b'), 5, 30)?.toString()).toBe('3');
        expect(reopened.observedStreamTime()).toBe(30);
      });

      it('expired sessions stay expired after commit → close → reopen', async () => {
        const context = suiteContext();
        const store = await open(context);
        store.put(b('old'), 0, 0, b('x'));
        await persistentOf(store).commit(1n);
        store.put(b('new'), 5 * R, 5 * R, b('y'));
        await persistentOf(store).commit(2n);
        await store.close();
        const reopened = await open(context);
        expect(rows(reopened.findSessions(everything))).toEqual([`new[${5 * R},${5 * R}]=y`]);
      });

      it('wipe deletes every session and the checkpoint, durably', async () => {
        const context = suiteContext();
        const store = await open(context);
        store.put(b('a'), 0, 10, b('1'));
        await persistentOf(store).commit(4n);
        await persistentOf(store).wipe();
        expect(persistentOf(store).checkpoint()).toBeUndefined();
        expect(store.findSessions(everything)).toEqual([]);
        expect(store.observedStreamTime()).toBe(-1);
        await store.close();
        const reopened = await open(context);
        expect(persistentOf(reopened).checkpoint()).toBeUndefined();
        expect(reopened.findSessions(everything)).toEqual([]);
      });

      it('restored records are durable after the restore commit', async () => {
        const context = suiteContext();
        const store = new ChangeLoggingSessionBytesStore(factory('sessions', R));
        await store.init(context);
        store.restore([
          { key: sessionStoreKey(b('x'), 0, 10), value: b('1'), timestamp: 1 },
          { key: sessionStoreKey(b('y'), 5, 15), value: b('2'), timestamp: 2 },
          { key: sessionStoreKey(b('z'), 5, 15), value: b('3'), timestamp: 3 },
          { key: sessionStoreKey(b('z'), 5, 15), value: null, timestamp: 4 },
        ]);
        await persistentOf(store.inner).commit(4n);
        await store.close();
        const reopened = await open(context);
        expect(persistentOf(reopened).checkpoint()).toBe(4n);
        expect(rows(reopened.findSessions(everything))).toEqual(['x[0,10]=1', 'y[5,15]=2']);
      });
    });
  });
}
