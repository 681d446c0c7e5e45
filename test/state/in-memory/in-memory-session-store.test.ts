import { describe, expect, it } from 'vitest';
import { Serdes, Stores, type SessionStore, type StoreContext, type Windowed } from '../../../src/index.js';
import { parseSessionStoreKey } from '../../../src/state/key-schemas.js';

// Scenarios replayed from Kafka Streams 4.0's AbstractSessionBytesStoreTest as run by InMemorySessionStoreTest
// (RETENTION_PERIOD = 10 s; in-memory stores expire exactly, not by segment).

const RETENTION_PERIOD = 10_000;
const S = Serdes.String();

async function open(logging = true) {
  const logged: { key: Buffer; value: Buffer | null; ts: number }[] = [];
  const context: StoreContext = {
    applicationId: 'app',
    taskId: '0_0',
    defaultKeySerde: undefined,
    defaultValueSerde: undefined,
    logChange: (_store, key, value, ts) => logged.push({ key, value, ts }),
    cacheMaxBytes: 0,
    stateDir: undefined,
    currentTimestampMs: () => 42,
  };
  let builder = Stores.sessionStoreBuilder(Stores.inMemorySessionStore('session', RETENTION_PERIOD), S, Serdes.Long());
  if (!logging) builder = builder.withLoggingDisabled();
  expect(builder.storeType).toBe('session');
  const store: SessionStore<string, number> = builder.build();
  await store.init(context);
  return { store, logged };
}

const w = (key: string, start: number, end: number): Windowed<string> => ({ key, window: { start, end } });
const list = <T>(it: Iterable<T>) => [...it];

describe('InMemorySessionStore (AbstractSessionBytesStoreTest)', () => {
  it('shouldPutAndFindSessionsInRange', async () => {
    const { store } = await open();
    store.put(w('a', 10, 10), 1);
    store.put(w('a', 500, 1000), 2);
    store.put(w('a', 1500, 2000), 1);
    store.put(w('a', 2500, 3000), 2);
    expect(list(store.findSessions('a', 0, 1000))).toEqual([{ key: w('a', 10, 10), value: 1 }, { key: w('a', 500, 1000), value: 2 }]);
    expect(list(store.findSessions('a', 400, 600))).toEqual([{ key: w('a', 500, 1000), value: 2 }]);
  });

  it('shouldFetchAllSessionsWithSameRecordKey, ordered by end', async () => {
    const { store } = await open();
    store.put(w('a', 0, 0), 1);
    store.put(w('a', 10, 10), 2);
    store.put(w('a', 100, 100), 3);
    store.put(w('a', 1000, 1000), 4);
    store.put(w('aa', 0, 0), 5); // a longer key must not leak into fetch('a')
    expect(list(store.fetch('a')).map((e) => e.value)).toEqual([1, 2, 3, 4]);
    expect(list(store.backwardFetch('a')).map((e) => e.value)).toEqual([4, 3, 2, 1]);
  });

  it('shouldFindValuesWithinMergingSessionWindowRange and fetchSession', async () => {
    const { store } = await open();
    store.put(w('a', 0, 0), 1);
    store.put(w('a', 1000, 1000), 2);
    expect(list(store.findSessions('a', -1, 1000)).map((e) => e.value)).toEqual([1, 2]);
    expect(store.fetchSession('a', 1000, 1000)).toBe(2);
    expect(store.fetchSession('a', 0, 1000)).toBeUndefined();
  });

  it('shouldRemove and put(null) removes; removing a missing session does not throw', async () => {
    const { store } = await open();
    store.put(w('a', 0, 1000), 1);
    store.put(w('a', 1500, 2500), 2);
    store.remove(w('a', 0, 1000));
    store.put(w('a', 1500, 2500), null);
    expect(list(store.findSessions('a', 0, 1000))).toEqual([]);
    expect(list(store.findSessions('a', 1500, 2500))).toEqual([]);
    store.remove(w('a', 0, 1));
  });

  it('orders by end, then key bytes, then start descending (findSessions over a key range)', async () => {
    const { store } = await open();
    store.put(w('b', 5, 10), 1);
    store.put(w('a', 0, 10), 2);
    store.put(w('a', 7, 10), 3);
    store.put(w('a', 1, 5), 4);
    expect(list(store.findSessions('a', 'b', 0, Number.MAX_SAFE_INTEGER)).map((e) => e.value)).toEqual([4, 3, 2, 1]);
    expect(list(store.findSessions(0, 9)).map((e) => e.value)).toEqual([4]);
    expect(list(store.findSessions('b', 'a', 0, 100))).toEqual([]); // inverted range
  });

  it('shouldRemoveExpired: exactly at observed stream time − retention', async () => {
    const { store } = await open();
    store.put(w('a', 0, 0), 1);
    store.put(w('aa', 0, 10), 2);
    store.put(w('a', 10, 20), 3);
    store.put(w('aa', 10, RETENTION_PERIOD), 4); // advances stream time: [0,0] expires
    expect(new Set(list(store.findSessions('a', 'b', 0, Number.MAX_SAFE_INTEGER)).map((e) => e.value))).toEqual(new Set([2, 3, 4]));
  });

  it('skips a put of an already expired session and hides expired sessions from fetchSession', async () => {
    const { store } = await open();
    store.put(w('a', 0, 2 * RETENTION_PERIOD), 1);
    store.put(w('b', 0, RETENTION_PERIOD), 2); // end ≤ 20 000 − 10 000: expired, skipped
    expect(store.fetchSession('b', 0, RETENTION_PERIOD)).toBeUndefined();
    expect(list(store.fetch('b'))).toEqual([]);
    store.put(w('c', 0, RETENTION_PERIOD + 1), 3);
    expect(store.fetchSession('c', 0, RETENTION_PERIOD + 1)).toBe(3);
  });

  it('logs puts and removes with Kafka’s session key layout [key][end][start]', async () => {
    const { store, logged } = await open();
    store.put(w('a', 5, 10), 7);
    store.remove(w('a', 5, 10));
    expect(logged).toHaveLength(2);
    const first = logged[0] as { key: Buffer; value: Buffer | null; ts: number };
    const parsed = parseSessionStoreKey(first.key);
    expect({ key: parsed.key.toString(), start: parsed.startMs, end: parsed.endMs, ts: first.ts }).toEqual({ key: 'a', start: 5, end: 10, ts: 42 });
    expect(first.key.subarray(1).toString('hex')).toBe('000000000000000a0000000000000005');
    expect(logged[1]?.value).toBeNull();
  });

  it('does not log with logging disabled', async () => {
    const { store, logged } = await open(false);
    store.put(w('a', 5, 10), 7);
    expect(logged).toEqual([]);
  });
});
