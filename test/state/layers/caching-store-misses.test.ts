import { describe, expect, it, vi } from 'vitest';
import { Serdes, Stores } from '../../../src/index.js';
import type { KeyValueStore } from '../../../src/state/key-value-store.js';
import type { StoreContext } from '../../../src/state/store.js';

function context(): StoreContext {
  return {
    applicationId: 'app',
    taskId: '0_0',
    defaultKeySerde: undefined,
    defaultValueSerde: undefined,
    logChange: () => {},
    stateDir: undefined,
    cacheMaxBytes: 1_000_000,
    currentTimestampMs: () => 0,
  };
}

async function open() {
  const store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('s'), Serdes.String(), Serdes.Long()).withCachingEnabled().build();
  await store.init(context());
  const typed = (store as unknown as { inner: KeyValueStore<string, number> }).inner;
  return { store, innerGet: vi.spyOn(typed, 'get') };
}

describe('CachingKeyValueStore misses', () => {
  it('remembers an absent key, so a join probing it again does not read the store below', async () => {
    const { store, innerGet } = await open();
    expect(store.get('absent')).toBeUndefined();
    expect(store.get('absent')).toBeUndefined();
    expect(innerGet).toHaveBeenCalledTimes(1);
  });

  it('a write after a remembered miss is read back, flushed and kept', async () => {
    const { store } = await open();
    expect(store.get('k')).toBeUndefined();
    store.put('k', 3);
    expect(store.get('k')).toBe(3);
    await store.flush();
    expect(store.get('k')).toBe(3);
    expect([...store.all()]).toEqual([{ key: 'k', value: 3 }]);
  });

  it('forgets remembered misses when the store is restored from its changelog', async () => {
    const { store } = await open();
    expect(store.get('k')).toBeUndefined();
    await (store as unknown as { restore(records: { key: Buffer; value: Buffer | null; timestamp: number }[]): unknown }).restore([
      { key: Buffer.from('k'), value: Serdes.Long().serialize('t', 9), timestamp: 1 },
    ]);
    expect(store.get('k')).toBe(9);
  });
});
