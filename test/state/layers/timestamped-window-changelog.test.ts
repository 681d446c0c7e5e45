import { describe, expect, it } from 'vitest';
import { Serdes } from '../../../src/serdes/primitives.js';
import { Stores } from '../../../src/state/stores.js';
import type { ChangelogRecord, StoreContext } from '../../../src/state/store.js';
import type { ValueAndTimestamp } from '../../../src/state/key-value-store.js';
import type { WindowStore } from '../../../src/state/window-store.js';
import { parseWindowStoreKey } from '../../../src/state/key-schemas.js';

type Store = WindowStore<string, ValueAndTimestamp<number>> & { restore(records: readonly ChangelogRecord[]): void | Promise<void> };

async function open(logged: ChangelogRecord[]): Promise<Store> {
  const context: StoreContext = {
    applicationId: 'app',
    taskId: '0_0',
    defaultKeySerde: undefined,
    defaultValueSerde: undefined,
    stateDir: undefined,
    cacheMaxBytes: 0,
    logChange: (_store, key, value, timestamp) => logged.push({ key, value, timestamp }),
    currentTimestampMs: () => 7,
  };
  const store = Stores.timestampedWindowStoreBuilder(Stores.inMemoryWindowStore('w', 1_000, 100), Serdes.String(), Serdes.Long()).build() as unknown as Store;
  await store.init(context);
  return store;
}

describe('timestamped window store changelog (in-memory, uncached)', () => {
  it('logs the plain value with the stored timestamp under Kafka’s window key, and fetches the ValueAndTimestamp', async () => {
    const logged: ChangelogRecord[] = [];
    const store = await open(logged);
    store.put('a', { value: 5, timestamp: 1_700_000_000_042 }, 100);
    store.put('a', { value: 6, timestamp: 1_700_000_000_043 }, 100);
    store.put('b', { value: -1, timestamp: 3 }, 200);
    expect(store.fetch('a', 100)).toEqual({ value: 6, timestamp: 1_700_000_000_043 });
    expect(store.fetch('b', 200)).toEqual({ value: -1, timestamp: 3 });
    expect(logged).toHaveLength(3);
    const last = logged[1] as ChangelogRecord;
    const { key, windowStartMs, seq } = parseWindowStoreKey(last.key);
    expect([key.toString(), windowStartMs, seq]).toEqual(['a', 100, 0]);
    expect(last.value?.readBigInt64BE(0)).toBe(6n);
    expect(last.value).toHaveLength(8);
    expect(last.timestamp).toBe(1_700_000_000_043);
  });

  it('logs a delete as a null value at the record timestamp and forgets the window', async () => {
    const logged: ChangelogRecord[] = [];
    const store = await open(logged);
    store.put('a', { value: 5, timestamp: 9 }, 100);
    store.put('a', null, 100);
    expect(store.fetch('a', 100)).toBeUndefined();
    expect(logged[1]).toMatchObject({ value: null, timestamp: 7 });
  });

  it('restores from its own changelog to the same contents', async () => {
    const logged: ChangelogRecord[] = [];
    const store = await open(logged);
    for (let i = 0; i < 50; i++) store.put(`k${i % 7}`, { value: i, timestamp: 1_000 + i }, 100 * (i % 3));
    const restored = await open([]);
    await restored.restore(logged);
    for (let k = 0; k < 7; k++) {
      for (const start of [0, 100, 200]) expect(restored.fetch(`k${k}`, start)).toEqual(store.fetch(`k${k}`, start));
    }
    expect([...restored.fetchAll(0, 300)]).toEqual([...store.fetchAll(0, 300)]);
  });
});
