// A record cache evicts (or, for windows, writes down an expired window) inside a synchronous put(), which cannot
// wait for an asynchronous downstream. A failure of such a forward must fail the cache's next flush (the commit),
// never vanish; a forward that succeeds is waited for by that flush.
import { describe, expect, it } from 'vitest';
import { Serdes } from '../../../src/serdes/primitives.js';
import { Stores } from '../../../src/state/stores.js';
import type { StoreContext } from '../../../src/state/store.js';
import type { ValueAndTimestamp } from '../../../src/state/key-value-store.js';
import type { WindowStore } from '../../../src/state/window-store.js';
import type { WindowFlushListenable } from '../../../src/state/layers/window-flush-listener.js';
import type { FlushListenable } from '../../../src/state/layers/caching-store.js';
import type { CachingSessionStore } from '../../../src/state/layers/caching-session-store.js';
import { cleanupTempDirs, suiteContext } from '../conformance/context.js';

cleanupTempDirs();

const context = (cacheMaxBytes: number): StoreContext => ({ ...suiteContext(), cacheMaxBytes });

/** A downstream that answers each forward with a promise the test settles. */
function asyncDownstream() {
  const calls: { key: string; settle: (error?: Error) => void }[] = [];
  const forward = (key: string): Promise<void> =>
    new Promise<void>((resolve, reject) => calls.push({ key, settle: (error) => (error === undefined ? resolve() : reject(error)) }));
  return { calls, forward };
}

describe('record caches with an asynchronous downstream', () => {
  it('key-value: a failed forward of an evicted entry fails the next flush, and a pending one is waited for', async () => {
    // A budget that holds about one entry: the second key evicts the first.
    const store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('kv'), Serdes.String(), Serdes.Long()).withCachingEnabled().build();
    await store.init(context(120));
    const downstream = asyncDownstream();
    expect((store as unknown as FlushListenable<string, number>).setFlushListener((key) => downstream.forward(key), false)).toBe(true);
    store.put('a', 1);
    store.put('b', 2);
    expect(downstream.calls.map((c) => c.key)).toEqual(['a']);
    let flushed = false;
    const flush = Promise.resolve(store.flush()).then(() => (flushed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushed).toBe(false); // still waiting for the forward of 'a'
    downstream.calls[0]?.settle();
    await new Promise((resolve) => setImmediate(resolve));
    downstream.calls[1]?.settle(); // 'b', written down by the flush itself
    await flush;
    expect(downstream.calls.map((c) => c.key)).toEqual(['a', 'b']);

    store.put('c', 3);
    store.put('d', 4);
    downstream.calls[2]?.settle(new Error('downstream failed on c'));
    await expect(Promise.resolve(store.flush())).rejects.toThrow('downstream failed on c');
  });

  it('window: a failed forward of an expired window fails the next flush', async () => {
    const store = Stores.timestampedWindowStoreBuilder(Stores.inMemoryWindowStore('w', 100, 10), Serdes.String(), Serdes.Long()).withCachingEnabled().build() as WindowStore<
      string,
      ValueAndTimestamp<number>
    > &
      WindowFlushListenable<string, ValueAndTimestamp<number>>;
    await store.init(context(1_000_000));
    const downstream = asyncDownstream();
    store.setWindowFlushListener((key) => downstream.forward(key), false);
    store.put('a', { value: 1, timestamp: 0 }, 0);
    store.put('b', { value: 1, timestamp: 500 }, 500); // window 0 expires (retention 100): written down now
    expect(downstream.calls.map((c) => c.key)).toEqual(['a']);
    downstream.calls[0]?.settle(new Error('downstream failed on a'));
    await expect(Promise.resolve(store.flush())).rejects.toThrow('downstream failed on a');
  });

  it('session: a failed forward of an evicted session fails the next flush', async () => {
    const store = Stores.sessionStoreBuilder(Stores.inMemorySessionStore('s', Number.MAX_SAFE_INTEGER), Serdes.String(), Serdes.String())
      .withCachingEnabled()
      .build() as CachingSessionStore<string, string>;
    await store.init(context(150));
    const downstream = asyncDownstream();
    store.setFlushListener((key) => downstream.forward(key.key), false);
    store.put({ key: 'a', window: { start: 0, end: 0 } }, 'x');
    store.put({ key: 'b', window: { start: 0, end: 0 } }, 'y');
    expect(downstream.calls.map((c) => c.key)).toEqual(['a']);
    downstream.calls[0]?.settle(new Error('downstream failed on a'));
    await expect(Promise.resolve(store.flush())).rejects.toThrow('downstream failed on a');
  });
});
