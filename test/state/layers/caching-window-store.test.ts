import { describe, expect, it } from 'vitest';
import { Serdes } from '../../../src/serdes/primitives.js';
import { Stores } from '../../../src/state/stores.js';
import type { StoreContext } from '../../../src/state/store.js';
import type { ValueAndTimestamp } from '../../../src/state/key-value-store.js';
import type { WindowBytesStore, WindowStore } from '../../../src/state/window-store.js';
import { parseWindowStoreKey } from '../../../src/state/key-schemas.js';
import type { WindowFlushListenable } from '../../../src/state/layers/window-flush-listener.js';
import { StreamsBuilder } from '../../../src/dsl/streams-builder.js';
import { Consumed } from '../../../src/dsl/options.js';
import { TimeWindows } from '../../../src/windows/time-windows.js';
import { resolveConfig } from '../../../src/config.js';
import { systemClock } from '../../../src/internal/clock.js';
import { topologyModel } from '../../../src/topology/topology.js';
import { StreamTask } from '../../../src/runtime/stream-task.js';
import type { ProducedRecord, RecordCollector } from '../../../src/runtime/record-collector.js';

type Store = WindowStore<string, ValueAndTimestamp<number>> & WindowFlushListenable<string, ValueAndTimestamp<number>>;

interface Flushed {
  key: string;
  start: number;
  value: number | null;
  old: number | null;
}

async function open(cacheMaxBytes: number, retentionMs = 1_000, sendOldValues = false) {
  const logged: { key: Buffer; value: Buffer | null }[] = [];
  const context: StoreContext = {
    applicationId: 'app',
    taskId: '0_0',
    defaultKeySerde: undefined,
    defaultValueSerde: undefined,
    stateDir: undefined,
    cacheMaxBytes,
    logChange: (_store, key, value) => logged.push({ key, value }),
    currentTimestampMs: () => 7,
  };
  const store = Stores.timestampedWindowStoreBuilder(Stores.inMemoryWindowStore('w', retentionMs, 100), Serdes.String(), Serdes.Long())
    .withCachingEnabled()
    .build() as Store;
  await store.init(context);
  const flushed: Flushed[] = [];
  const caching = store.setWindowFlushListener((key, start, value, old) => {
    flushed.push({ key, start, value: value?.value ?? null, old: old?.value ?? null });
  }, sendOldValues);
  return { store, logged, flushed, caching };
}

const vt = (value: number, timestamp = 1): ValueAndTimestamp<number> => ({ value, timestamp });

describe('CachingWindowStore', () => {
  it('passes every call through with a budget of 0', async () => {
    const { store, logged, flushed, caching } = await open(0);
    expect(caching).toBe(false);
    store.put('a', vt(1), 0);
    expect(logged).toHaveLength(1);
    expect(store.fetch('a', 0)?.value).toBe(1);
    await store.flush();
    expect(flushed).toEqual([]);
  });

  it('keeps writes until flush, then writes each (key, window) down and forwards it once', async () => {
    const { store, logged, flushed, caching } = await open(1_000_000);
    expect(caching).toBe(true);
    store.put('a', vt(1), 0);
    store.put('a', vt(2), 0);
    store.put('b', vt(5), 0);
    store.put('a', vt(3), 100);
    expect(logged).toHaveLength(0);
    expect(store.fetch('a', 0)?.value).toBe(2);
    expect(store.fetch('a', 100)?.value).toBe(3);
    expect(store.fetch('c', 0)).toBeUndefined();
    await store.flush();
    expect(logged).toHaveLength(3);
    expect(flushed).toEqual([
      { key: 'a', start: 0, value: 2, old: null },
      { key: 'b', start: 0, value: 5, old: null },
      { key: 'a', start: 100, value: 3, old: null },
    ]);
    // Clean after the flush: a second flush writes nothing; reads still see the values.
    await store.flush();
    expect(logged).toHaveLength(3);
    expect(store.fetch('a', 0)?.value).toBe(2);
  });

  it('merges cached writes into range fetches, a delete hiding the stored value', async () => {
    const { store } = await open(1_000_000);
    store.put('a', vt(1), 0);
    store.put('b', vt(2), 100);
    await store.flush();
    store.put('a', vt(10), 100);
    store.put('b', null, 100);
    store.put('c', vt(3), 0);
    expect([...store.fetch('a', 0, 200)].map((e) => [e.key, e.value.value])).toEqual([
      [0, 1],
      [100, 10],
    ]);
    expect([...store.backwardFetch('a', 0, 200)].map((e) => e.key)).toEqual([100, 0]);
    expect([...store.fetchAll(0, 200)].map((e) => `${e.key.window.start}:${e.key.key}=${e.value.value}`)).toEqual(['0:a=1', '0:c=3', '100:a=10']);
    expect([...store.fetchRange('b', 'c', 0, 200)].map((e) => `${e.key.window.start}:${e.key.key}`)).toEqual(['0:c']);
    expect([...store.all()]).toHaveLength(3);
  });

  it('sends old values when asked', async () => {
    const { store, flushed } = await open(1_000_000, 1_000, true);
    store.put('a', vt(1), 0);
    await store.flush();
    store.put('a', vt(2), 0);
    await store.flush();
    expect(flushed).toEqual([
      { key: 'a', start: 0, value: 1, old: null },
      { key: 'a', start: 0, value: 2, old: 1 },
    ]);
  });

  it('writes a window down as soon as it expires, and never returns expired windows', async () => {
    const { store, flushed } = await open(1_000_000, 1_000);
    store.put('a', vt(1), 0);
    store.put('a', vt(2), 500);
    expect(flushed).toEqual([]);
    store.put('a', vt(3), 1_000);
    expect(flushed).toEqual([{ key: 'a', start: 0, value: 1, old: null }]);
    expect(store.fetch('a', 0)).toBeUndefined();
    expect(store.fetch('a', 500)?.value).toBe(2);
  });

  it('writes an expired window down by latest write, rewritten entries after those written since', async () => {
    const { store, flushed } = await open(1_000_000, 1_000);
    for (const key of ['a', 'b', 'c']) store.put(key, vt(1), 0);
    store.put('a', vt(2), 0);
    store.put('d', vt(1), 0);
    store.put('b', vt(2), 0);
    store.put('e', vt(1), 0);
    store.put('x', vt(1), 1_000); // window 0 expires
    expect(flushed.map((f) => `${f.key}=${f.value}`)).toEqual(['c=1', 'a=2', 'd=1', 'b=2', 'e=1']);
  });

  it('logs an expired window written down but does not store it below, where nothing could read it', async () => {
    const { store, logged } = await open(1_000_000, 1_000);
    store.put('a', vt(1, 40), 0);
    store.put('a', vt(3), 1_000);
    expect(logged).toHaveLength(1);
    const record = logged[0] as { key: Buffer; value: Buffer | null };
    expect(parseWindowStoreKey(record.key)).toEqual({ key: Buffer.from('a'), windowStartMs: 0, seq: 0 });
    expect(record.value).toEqual(Serdes.Long().serialize('t', 1));
    const bytes = (store as unknown as { inner: { inner: WindowBytesStore } }).inner.inner;
    expect(bytes.fetchOne(Buffer.from('a'), 0)).toBeUndefined();
    await store.flush();
    expect(logged).toHaveLength(2);
    expect(bytes.fetchOne(Buffer.from('a'), 1_000)).toBeDefined();
  });

  it('evicts the least recently written entries once over budget, writing them down', async () => {
    const { store, flushed, logged } = await open(300, 1_000_000);
    for (let i = 0; i < 10; i++) store.put(`k${i}`, vt(i), 0);
    expect(flushed.length).toBeGreaterThan(0);
    expect(flushed[0]).toEqual({ key: 'k0', start: 0, value: 0, old: null });
    expect(logged.length).toBe(flushed.length);
    for (let i = 0; i < 10; i++) expect(store.fetch(`k${i}`, 0)?.value).toBe(i);
    await store.flush();
    expect(flushed).toHaveLength(10);
  });
});

class Collector implements RecordCollector {
  readonly sent: ProducedRecord[] = [];
  send(record: ProducedRecord): void {
    this.sent.push(record);
  }
  partitionsFor(): number {
    return 1;
  }
}

describe('windowed aggregation with caching', () => {
  it('forwards each window once per commit', async () => {
    const builder = new StreamsBuilder();
    const results: string[] = [];
    builder
      .stream('in', Consumed.with(Serdes.String(), Serdes.String()))
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(100))
      .count()
      .toStream()
      .foreach((k, v) => {
        results.push(`${k.key}@${k.window.start}=${String(v)}`);
      });
    const model = topologyModel(builder.build());
    const subtopologies = model.subtopologies();
    const task = new StreamTask({
      id: '0_0',
      partition: 0,
      model,
      nodeNames: subtopologies.flatMap((s) => s.nodeNames),
      storeNames: subtopologies.flatMap((s) => s.storeNames),
      config: resolveConfig({ applicationId: 'app', defaultDslStore: 'in_memory' }),
      collector: new Collector(),
      clock: systemClock,
    });
    await task.init();
    const input = (key: string, timestamp: number) => ({ topic: 'in', partition: 0, offset: BigInt(timestamp), key: Buffer.from(key), value: Buffer.from('v'), timestamp, headers: {} });
    for (const [key, ts] of [['a', 1], ['a', 2], ['b', 3], ['a', 50]] as const) await task.process(input(key, ts));
    expect(results).toEqual([]);
    await task.flush();
    // Flushed by latest update, as Kafka's cache does: b was written before a's last update.
    expect(results).toEqual(['b@0=1', 'a@0=3']);
    await task.process(input('a', 60));
    await task.flush();
    expect(results).toEqual(['b@0=1', 'a@0=3', 'a@0=4']);
    await task.close();
  });
});
