import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors.js';
import { Serdes } from '../../../src/serdes/primitives.js';
import type { Serde } from '../../../src/serdes/serde.js';
import { Stores } from '../../../src/state/stores.js';
import type { StoreContext } from '../../../src/state/store.js';
import type { KeyValueIterator } from '../../../src/state/key-value-store.js';
import { parseSessionStoreKey } from '../../../src/state/key-schemas.js';
import { CachingSessionStore } from '../../../src/state/layers/caching-session-store.js';
import type { Windowed } from '../../../src/windows/windowed.js';

// The cases of Kafka Streams' CachingInMemorySessionStoreTest / CachingPersistentSessionStoreTest (same inputs, same
// expectations; byte keys and values become strings), then this cache's own: pass-through, eviction, flush order,
// merge over the store below, deletes and expiry.

const S = Serdes.String() as Serde<string>;
const DEFAULT_TIMESTAMP = 10;
const SEGMENT_INTERVAL = 100;

interface Logged {
  readonly key: Buffer;
  readonly value: Buffer | null;
  readonly timestamp: number;
}

async function open(cacheMaxBytes = 1_000_000, retentionMs = Number.MAX_SAFE_INTEGER, keySerde: Serde<unknown> = S) {
  const logged: Logged[] = [];
  let now = DEFAULT_TIMESTAMP;
  const context: StoreContext = {
    applicationId: 'app',
    taskId: '0_0',
    defaultKeySerde: undefined,
    defaultValueSerde: undefined,
    stateDir: undefined,
    cacheMaxBytes,
    logChange: (_store, key, value, timestamp) => logged.push({ key, value, timestamp }),
    currentTimestampMs: () => now,
  };
  const built = Stores.sessionStoreBuilder(Stores.inMemorySessionStore('store-name', retentionMs), keySerde as Serde<string>, S).withCachingEnabled().build();
  expect(built).toBeInstanceOf(CachingSessionStore);
  const store = built as CachingSessionStore<string, string>;
  await store.init(context);
  const flushed: string[] = [];
  const listen = (sendOldValues: boolean): boolean =>
    store.setFlushListener((key, newValue, oldValue, timestamp) => {
      flushed.push(`${w2s(key)}=(${String(newValue)},${String(oldValue)})@${timestamp}`);
    }, sendOldValues);
  return { store, logged, flushed, listen, context, setTime: (t: number) => (now = t) };
}

const w = (key: string, start: number, end: number): Windowed<string> => ({ key, window: { start, end } });
const w2s = (k: Windowed<string>): string => `${k.key}[${k.window.start},${k.window.end}]`;
const rows = (iterator: KeyValueIterator<Windowed<string>, string>): string[] => [...iterator].map((e) => `${w2s(e.key)}=${e.value}`);
const keys = (iterator: KeyValueIterator<Windowed<string>, string>): string[] => [...iterator].map((e) => w2s(e.key));

describe('CachingSessionStore (Kafka CachingSessionStoreTest)', () => {
  it('shouldPutFetchFromCache', async () => {
    const { store, logged } = await open();
    store.put(w('a', 0, 0), '1');
    store.put(w('aa', 0, 0), '1');
    store.put(w('b', 0, 0), '1');
    expect(logged).toHaveLength(0); // all three are in the cache
    expect(rows(store.findSessions('a', 0, 0))).toEqual(['a[0,0]=1']);
    expect(rows(store.findSessions('b', 0, 0))).toEqual(['b[0,0]=1']);
  });

  it('shouldPutFetchAllKeysFromCache (with open bounds)', async () => {
    const { store } = await open();
    store.put(w('a', 0, 0), '1');
    store.put(w('aa', 0, 0), '1');
    store.put(w('b', 0, 0), '1');
    expect(rows(store.fetch('a', 'b'))).toEqual(['a[0,0]=1', 'aa[0,0]=1', 'b[0,0]=1']);
    expect(rows(store.fetch(undefined, 'b'))).toEqual(['a[0,0]=1', 'aa[0,0]=1', 'b[0,0]=1']);
    expect(rows(store.fetch('a', undefined))).toEqual(['a[0,0]=1', 'aa[0,0]=1', 'b[0,0]=1']);
    expect(rows(store.fetch(undefined, undefined))).toEqual(['a[0,0]=1', 'aa[0,0]=1', 'b[0,0]=1']);
  });

  it('shouldPutFetchRangeFromCache (with open bounds)', async () => {
    const { store } = await open();
    store.put(w('a', 0, 0), '1');
    store.put(w('aa', 0, 0), '1');
    store.put(w('b', 0, 0), '1');
    expect(rows(store.findSessions('aa', 'b', 0, 0))).toEqual(['aa[0,0]=1', 'b[0,0]=1']);
    expect(rows(store.findSessions(undefined, 'aa', 0, 0))).toEqual(['a[0,0]=1', 'aa[0,0]=1']);
    expect(rows(store.findSessions('aa', undefined, 0, 0))).toEqual(['aa[0,0]=1', 'b[0,0]=1']);
    expect(rows(store.findSessions(undefined, undefined, 0, 0))).toEqual(['a[0,0]=1', 'aa[0,0]=1', 'b[0,0]=1']);
  });

  it('shouldFetchAllSessionsWithSameRecordKey / shouldBackwardFetchAllSessionsWithSameRecordKey', async () => {
    const { store } = await open();
    const expected = ['a[0,0]=1', 'a[10,10]=2', 'a[100,100]=3', 'a[1000,1000]=4'];
    store.put(w('a', 0, 0), '1');
    store.put(w('a', 10, 10), '2');
    store.put(w('a', 100, 100), '3');
    store.put(w('a', 1000, 1000), '4');
    store.put(w('aa', 0, 0), '5'); // must not appear
    expect(rows(store.fetch('a'))).toEqual(expected);
    expect(rows(store.backwardFetch('a'))).toEqual([...expected].reverse());
  });

  it('shouldFlushItemsToStoreOnEviction', async () => {
    const { store, logged } = await open(500);
    const added: string[] = [];
    const ids = ['a', 'b', 'c', 'd'];
    while (logged.length === 0) {
      const t = added.length * 10;
      const id = ids[added.length % ids.length] as string;
      store.put(w(id, t, t), '1');
      added.push(id);
    }
    // The first session added was the least recently written: it is the one written down.
    expect(logged).toHaveLength(1);
    expect(parseSessionStoreKey((logged[0] as Logged).key)).toEqual({ key: Buffer.from('a'), startMs: 0, endMs: 0 });
    expect(store.inner.fetchSession('a', 0, 0)).toBe('1');
    expect(rows(store.findSessions('a', 0, 0))).toEqual(['a[0,0]=1']);
  });

  it('shouldQueryItemsInCacheAndStore', async () => {
    const { store, logged } = await open(500);
    const added: string[] = [];
    while (logged.length === 0) {
      const t = added.length * 10;
      store.put(w('a', t, t), '1');
      added.push(`a[${t},${t}]=1`);
    }
    expect(rows(store.findSessions('a', 0, added.length * 10))).toEqual(added);
  });

  it('shouldRemove', async () => {
    const { store } = await open();
    store.put(w('a', 0, 0), '2');
    store.put(w('b', 0, 0), '2');
    store.remove(w('a', 0, 0));
    expect(rows(store.findSessions('a', 0, 0))).toEqual([]);
    expect(store.fetchSession('a', 0, 0)).toBeUndefined();
    expect(store.fetchSession('b', 0, 0)).toBe('2');
  });

  it('shouldFetchCorrectlyAcrossSegments / shouldBackwardFetchCorrectlyAcrossSegments', async () => {
    const { store } = await open();
    const at = (i: number) => w('a', SEGMENT_INTERVAL * i, SEGMENT_INTERVAL * i);
    store.put(at(0), '1');
    store.put(at(1), '2');
    store.put(at(2), '3');
    await store.flush();
    store.put(at(3), '4');
    store.put(at(4), '5');
    store.put(at(5), '6');
    const expected = [0, 1, 2, 3, 4, 5].map((i) => w2s(at(i)));
    expect(keys(store.findSessions('a', 0, SEGMENT_INTERVAL * 5))).toEqual(expected);
    expect(keys(store.backwardFindSessions('a', 0, SEGMENT_INTERVAL * 5))).toEqual([...expected].reverse());
  });

  it('shouldFetchRangeCorrectlyAcrossSegments', async () => {
    const { store } = await open();
    const a1 = w('a', 0, 0);
    const aa1 = w('aa', 0, 0);
    const a2 = w('a', SEGMENT_INTERVAL, SEGMENT_INTERVAL);
    const a3 = w('a', SEGMENT_INTERVAL * 2, SEGMENT_INTERVAL * 2);
    const aa3 = w('aa', SEGMENT_INTERVAL * 2, SEGMENT_INTERVAL * 2);
    store.put(a1, '1');
    store.put(aa1, '1');
    store.put(a2, '2');
    store.put(a3, '3');
    store.put(aa3, '3');
    expect(keys(store.findSessions('a', 'aa', 0, SEGMENT_INTERVAL * 2))).toEqual([a1, aa1, a2, a3, aa3].map(w2s));
  });

  it('shouldSetFlushListener', async () => {
    const { listen } = await open();
    expect(listen(true)).toBe(true);
    expect(listen(false)).toBe(true);
  });

  it('shouldForwardChangedValuesDuringFlush', async () => {
    const { store, flushed, listen } = await open();
    listen(true);
    const a = w('a', 2, 4);
    const b = w('a', 1, 2);
    store.put(b, '1');
    await store.flush();
    expect(flushed.splice(0)).toEqual([`a[1,2]=(1,null)@${DEFAULT_TIMESTAMP}`]);
    store.put(a, '1');
    await store.flush();
    expect(flushed.splice(0)).toEqual([`a[2,4]=(1,null)@${DEFAULT_TIMESTAMP}`]);
    store.put(a, '2');
    await store.flush();
    expect(flushed.splice(0)).toEqual([`a[2,4]=(2,1)@${DEFAULT_TIMESTAMP}`]);
    store.remove(a);
    await store.flush();
    expect(flushed.splice(0)).toEqual([`a[2,4]=(null,2)@${DEFAULT_TIMESTAMP}`]);
    store.put(a, '1');
    store.put(a, '2');
    store.remove(a);
    await store.flush();
    expect(flushed).toEqual([]);
  });

  it('shouldNotForwardChangedValuesDuringFlushWhenSendOldValuesDisabled', async () => {
    const { store, flushed, listen } = await open();
    listen(false);
    const a = w('a', 0, 0);
    store.put(a, '1');
    await store.flush();
    store.put(a, '2');
    await store.flush();
    store.remove(a);
    await store.flush();
    expect(flushed.splice(0)).toEqual([`a[0,0]=(1,null)@${DEFAULT_TIMESTAMP}`, `a[0,0]=(2,null)@${DEFAULT_TIMESTAMP}`, `a[0,0]=(null,null)@${DEFAULT_TIMESTAMP}`]);
    store.put(a, '1');
    store.put(a, '2');
    store.remove(a);
    await store.flush();
    expect(flushed).toEqual([]);
  });

  it('shouldReturnSameResultsForSingleKeyFindSessionsAndEqualKeyRangeFindSessions (and backwards)', async () => {
    const { store } = await open();
    store.put(w('a', 0, 1), '1');
    store.put(w('aa', 2, 3), '2');
    store.put(w('aa', 4, 5), '3');
    store.put(w('b', 6, 7), '4');
    const single = rows(store.findSessions('aa', 0, 10));
    expect(single).toEqual(['aa[2,3]=2', 'aa[4,5]=3']);
    expect(rows(store.findSessions('aa', 'aa', 0, 10))).toEqual(single);
    expect(rows(store.backwardFindSessions('aa', 0, 10))).toEqual([...single].reverse());
  });

  it('shouldClearNamespaceCacheOnClose', async () => {
    const { store, logged, context } = await open();
    store.put(w('a', 0, 0), '1');
    await store.close();
    await store.init(context);
    await store.flush();
    expect(logged).toEqual([]);
    expect(rows(store.fetch('a'))).toEqual([]);
  });

  it('shouldThrowIfTrying{ToFetchFrom,ToFindMergeSessionFrom,ToRemoveFrom,ToPutInto}ClosedCachingStore', async () => {
    const { store } = await open();
    await store.close();
    expect(() => store.fetch('a')).toThrow(StoreError);
    expect(() => store.findSessions('a', 0, Number.MAX_SAFE_INTEGER)).toThrow(StoreError);
    expect(() => store.remove(w('a', 0, 0))).toThrow(StoreError);
    expect(() => store.put(w('a', 0, 0), '1')).toThrow(StoreError);
  });

  it('shouldThrow…OnFindSessionsNullKey / OnFetchNullKey / OnRemoveNullKey / OnPutNullKey', async () => {
    const { store } = await open();
    const nil = null as unknown as string;
    expect(() => store.findSessions(nil, 1, 2)).toThrow(StoreError);
    expect(() => store.fetch(nil)).toThrow(StoreError);
    expect(() => store.remove(null as unknown as Windowed<string>)).toThrow(TypeError);
    expect(() => store.put(w(nil, 0, 0), '1')).toThrow(StoreError);
  });

  it('shouldNotThrowInvalidRangeExceptionWithNegativeFromKey: an inverted byte range is empty', async () => {
    const { store } = await open(1_000_000, Number.MAX_SAFE_INTEGER, Serdes.Integer() as Serde<unknown>);
    const ints = store as unknown as CachingSessionStore<number, string>;
    ints.put({ key: 0, window: { start: 0, end: 0 } }, '1');
    expect([...ints.findSessions(-1, 1, 0, 10)]).toEqual([]);
  });
});

describe('CachingSessionStore (kstreams)', () => {
  it('passes every call through with a budget of 0', async () => {
    const { store, logged, flushed, listen } = await open(0);
    expect(listen(true)).toBe(false);
    store.put(w('a', 0, 0), '1');
    expect(logged).toHaveLength(1);
    store.remove(w('a', 0, 0));
    expect(logged).toHaveLength(2);
    expect(store.inner.fetchSession('a', 0, 0)).toBeUndefined();
    await store.flush();
    expect(flushed).toEqual([]);
  });

  it('flushes by latest write, oldest first, stamping each changelog record with the timestamp of its last write', async () => {
    const { store, logged, flushed, listen, setTime } = await open();
    listen(false);
    setTime(1);
    store.put(w('a', 0, 0), '1');
    setTime(2);
    store.put(w('b', 0, 0), '1');
    setTime(3);
    store.put(w('a', 0, 0), '2');
    setTime(99);
    await store.flush();
    expect(flushed).toEqual(['b[0,0]=(1,null)@2', 'a[0,0]=(2,null)@3']);
    expect(logged.map((l) => l.timestamp)).toEqual([2, 3]);
    // Written down once: a second flush has nothing to do.
    await store.flush();
    expect(flushed).toHaveLength(2);
    expect(store.inner.fetchSession('a', 0, 0)).toBe('2');
  });

  it('evicts the least recently written entries once over budget, writing them down and forwarding them', async () => {
    const { store, logged, flushed, listen } = await open(600);
    listen(false);
    for (let i = 0; i < 10; i++) store.put(w(`k${i}`, i, i), String(i));
    expect(flushed.length).toBeGreaterThan(0);
    expect(flushed.length).toBeLessThan(10);
    expect(flushed[0]).toBe('k0[0,0]=(0,null)@10');
    expect(logged).toHaveLength(flushed.length);
    for (let i = 0; i < 10; i++) expect(store.fetchSession(`k${i}`, i, i)).toBe(String(i));
    await store.flush();
    expect(flushed.map((f) => f.split('[')[0])).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
  });

  it('lays cached writes over the store below: the cache wins, cached deletes hide stored sessions, order is kept', async () => {
    const { store } = await open();
    store.put(w('a', 0, 10), 'stored-a');
    store.put(w('b', 5, 10), 'stored-b');
    store.put(w('a', 20, 30), 'stored-a2');
    await store.flush();
    store.put(w('a', 0, 10), 'cached-a');
    store.remove(w('b', 5, 10));
    store.put(w('a', 7, 10), 'new');
    store.put(w('c', 0, 10), 'c');
    expect(store.inner.fetchSession('b', 5, 10)).toBe('stored-b');
    expect(rows(store.findSessions(undefined, undefined, 0, Number.MAX_SAFE_INTEGER))).toEqual(['a[7,10]=new', 'a[0,10]=cached-a', 'c[0,10]=c', 'a[20,30]=stored-a2']);
    expect(rows(store.findSessions(0, 10))).toEqual(['a[7,10]=new', 'a[0,10]=cached-a', 'c[0,10]=c']);
    expect(rows(store.findSessions('a', 10, 6))).toEqual(['a[0,10]=cached-a']);
    expect(rows(store.backwardFetch('a'))).toEqual(['a[20,30]=stored-a2', 'a[0,10]=cached-a', 'a[7,10]=new']);
    expect(rows(store.fetch('b', 'c'))).toEqual(['c[0,10]=c']);
    expect(store.fetchSession('b', 5, 10)).toBeUndefined();
    expect(store.fetchSession('a', 20, 30)).toBe('stored-a2');
  });

  it('writes a delete of a never-stored session down without a listener, as Kafka does; with one it skips it', async () => {
    const plain = await open();
    plain.store.put(w('a', 0, 0), '1');
    plain.store.remove(w('a', 0, 0));
    await plain.store.flush();
    expect(plain.logged.map((l) => l.value)).toEqual([null]);
    const listened = await open();
    listened.listen(true);
    listened.store.put(w('a', 0, 0), '1');
    listened.store.remove(w('a', 0, 0));
    await listened.store.flush();
    expect(listened.logged).toEqual([]);
    expect(listened.flushed).toEqual([]);
  });

  it('never returns sessions the store below would have expired, cached or stored', async () => {
    const { store } = await open(1_000_000, 100);
    store.put(w('a', 0, 10), 'old');
    await store.flush();
    store.put(w('a', 40, 50), 'cached-old');
    store.put(w('b', 200, 200), 'new'); // observed stream time 200: ends ≤ 100 have expired
    expect(rows(store.fetch(undefined, undefined))).toEqual(['b[200,200]=new']);
    expect(store.fetchSession('a', 40, 50)).toBeUndefined();
    expect(store.fetchSession('a', 0, 10)).toBeUndefined();
    store.put(w('a', 150, 150), 'live');
    expect(rows(store.findSessions('a', 0, 1_000))).toEqual(['a[150,150]=live']);
  });

  it('identifies non-primitive keys by their bytes', async () => {
    const json = Serdes.JSON<{ id: number }>() as Serde<unknown>;
    const { store } = await open(1_000_000, Number.MAX_SAFE_INTEGER, json);
    const objects = store as unknown as CachingSessionStore<{ id: number }, string>;
    objects.put({ key: { id: 1 }, window: { start: 0, end: 0 } }, '1');
    objects.put({ key: { id: 1 }, window: { start: 0, end: 0 } }, '2');
    expect([...objects.fetch({ id: 1 })].map((e) => e.value)).toEqual(['2']);
    expect(objects.fetchSession({ id: 1 }, 0, 0)).toBe('2');
  });
});
