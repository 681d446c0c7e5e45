import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Consumed, Materialized, Serdes, SessionWindows, Stores, StreamsBuilder, TopologyTestDriver } from '../../../src/index.js';
import { isRestorable, type RestorableStore, type StoreContext } from '../../../src/state/store.js';
import { sessionStoreKey } from '../../../src/state/key-schemas.js';
import { dslSessionStoreSupplier } from '../../../src/state/dsl-store-suppliers.js';
import { InMemorySessionBytesStore } from '../../../src/state/in-memory/in-memory-session-store.js';
import { DATA_PREFIX, LevelDatabase } from '../../../src/state/leveldb/leveldb-database.js';
import { LevelSessionBytesStore } from '../../../src/state/leveldb/leveldb-session-store.js';
import { bytesLayer, storeDirectory } from '../../../src/state/leveldb/persistent-store.js';
import { sessionStoreSuite } from '../conformance/session-store-suite.js';

sessionStoreSuite({
  name: 'LevelSessionBytesStore',
  persistent: true,
  factory: (storeName, retentionMs) => new LevelSessionBytesStore(storeName, retentionMs),
});

const R = 60_000;
const S = Serdes.String();
const L = Serdes.Long();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function context(): StoreContext {
  const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-level-session-'));
  dirs.push(stateDir);
  return {
    applicationId: 'app',
    taskId: '0_0',
    defaultKeySerde: undefined,
    defaultValueSerde: undefined,
    stateDir,
    cacheMaxBytes: 0,
    logChange: () => undefined,
    currentTimestampMs: () => 0,
  };
}

/** Every session key on disk (decoded from the `[end][key][start]` layout), read after the store is closed. */
async function onDisk(ctx: StoreContext, storeName: string): Promise<string[]> {
  const db = await LevelDatabase.open(storeName, storeDirectory(ctx, storeName));
  const out: string[] = [];
  try {
    for await (const slice of db.entries(Buffer.from([DATA_PREFIX]), Buffer.from([DATA_PREFIX + 1]))) {
      for (const [k] of slice) out.push(`${k.subarray(9, k.length - 8).toString()}[${k.readBigInt64BE(k.length - 8)},${k.readBigInt64BE(1)}]`);
    }
  } finally {
    await db.close();
  }
  return out;
}

const everything = { keyFrom: undefined, keyTo: undefined, earliestEnd: 0, latestEnd: Number.MAX_SAFE_INTEGER, latestStart: Number.MAX_SAFE_INTEGER };

describe('LevelSessionBytesStore segments (RocksDBSegmentedBytesStore with SessionKeySchema)', () => {
  it('segments span max(retention / 2, 60 s)', () => {
    expect(new LevelSessionBytesStore('s', R).segmentIntervalMs).toBe(60_000);
    expect(new LevelSessionBytesStore('s', 600_000).segmentIntervalMs).toBe(300_000);
  });

  it('keeps an expired session on disk until its whole segment falls behind stream time − retention, and never returns it', async () => {
    const ctx = context();
    const store = new LevelSessionBytesStore('s', R);
    await store.init(ctx);
    store.put(Buffer.from('old'), 0, 1_000, Buffer.from('x'));
    store.put(Buffer.from('clock'), R + 59_999, R + 59_999, Buffer.from('t')); // segment of (stream time − retention) is still 0
    expect(store.fetchSession(Buffer.from('old'), 0, 1_000)).toBeUndefined();
    expect(store.findSessions(everything).map((e) => e.key.toString())).toEqual(['clock']);
    // a put into the live segment 0, older than retention: stored (as RocksDB does) but not readable
    store.put(Buffer.from('late'), 2_000, 3_000, Buffer.from('y'));
    expect(store.fetchSession(Buffer.from('late'), 2_000, 3_000)).toBeUndefined();
    await store.commit(1n);
    await store.close();
    expect(await onDisk(ctx, 's')).toEqual(['old[0,1000]', 'late[2000,3000]', `clock[${R + 59_999},${R + 59_999}]`]);

    const reopened = new LevelSessionBytesStore('s', R);
    await reopened.init(ctx);
    expect(reopened.findSessions(everything).map((e) => e.key.toString())).toEqual(['clock']);
    reopened.put(Buffer.from('clock'), 2 * R, 2 * R, Buffer.from('u')); // segment 0 is now behind: dropped by one range delete
    reopened.put(Buffer.from('skipped'), 0, 59_999, Buffer.from('z')); // into the dropped segment: not stored at all
    await reopened.commit(2n);
    await reopened.close();
    expect(await onDisk(ctx, 's')).toEqual([`clock[${R + 59_999},${R + 59_999}]`, `clock[${2 * R},${2 * R}]`]);
  });
});

describe('persistent session stores in store stacks and the DSL', () => {
  it('Stores.persistentSessionStore stacks typed → change-logging → LevelDB, and the stack restores from its changelog', async () => {
    const ctx = context();
    const build = () => Stores.sessionStoreBuilder(Stores.persistentSessionStore('sessions', R), S, L).build();
    const store = build();
    expect(store.persistent).toBe(true);
    expect(isRestorable(store)).toBe(true);
    await store.init(ctx);
    await (store as unknown as RestorableStore).restore([
      { key: sessionStoreKey(Buffer.from('a'), 0, 10), value: L.serialize('', 3), timestamp: 10 },
      { key: sessionStoreKey(Buffer.from('b'), 5, 20), value: L.serialize('', 4), timestamp: 20 },
    ]);
    const bottom = bytesLayer(store);
    expect(bottom).toBeInstanceOf(LevelSessionBytesStore);
    await (bottom as LevelSessionBytesStore).commit(2n);
    await store.close();
    const reopened = build();
    await reopened.init(ctx);
    expect([...reopened.fetch('a', 'b')].map((e) => `${e.key.key}=${e.value}`)).toEqual(['a=3', 'b=4']);
    expect((bytesLayer(reopened) as LevelSessionBytesStore).checkpoint()).toBe(2n);
    await reopened.close();
  });

  it('dslSessionStoreSupplier picks LevelDB or in-memory from defaultDslStore, through the session builder', () => {
    const supplier = dslSessionStoreSupplier('s', R);
    expect(supplier.get()).toBeInstanceOf(LevelSessionBytesStore);
    expect(supplier.get({ defaultDslStore: 'persistent' })).toBeInstanceOf(LevelSessionBytesStore);
    expect(supplier.get({ defaultDslStore: 'in_memory' })).toBeInstanceOf(InMemorySessionBytesStore);
    const builder = Stores.sessionStoreBuilder(supplier, S, L);
    expect(bytesLayer(builder.build({ defaultDslStore: 'in_memory' }))).toBeInstanceOf(InMemorySessionBytesStore);
    expect(bytesLayer(builder.build({ defaultDslStore: 'persistent' }))).toBeInstanceOf(LevelSessionBytesStore);
  });

  it.each([
    ['persistent', LevelSessionBytesStore],
    ['in_memory', InMemorySessionBytesStore],
  ] as const)('a session-windowed aggregation materializes into the defaultDslStore (%s) store', async (defaultDslStore, kind) => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', Consumed.with(S, S))
      .groupByKey()
      .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(100))
      .count(Materialized.as<string, number>('counts'));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'dsl', defaultDslStore }, 0);
    try {
      const input = driver.createInputTopic('in', S, S);
      await input.pipeInput('k', 'v', 0);
      await input.pipeInput('k', 'v', 50);
      const store = driver.getSessionStore<string, number>('counts');
      expect(bytesLayer(store)).toBeInstanceOf(kind);
      expect([...(store?.fetch('k') ?? [])].map((e) => `${e.key.window.start}-${e.key.window.end}=${e.value}`)).toEqual(['0-50=2']);
    } finally {
      await driver.close();
    }
  });
});
