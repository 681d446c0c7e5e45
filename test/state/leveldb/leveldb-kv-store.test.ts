import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreContext } from '../../../src/state/store.js';
import { LevelKeyValueBytesStore } from '../../../src/state/leveldb/leveldb-kv-store.js';
import { kvStoreSuite } from '../conformance/kv-store-suite.js';

kvStoreSuite({
  name: 'LevelKeyValueBytesStore',
  persistent: true,
  factory: (storeName) => new LevelKeyValueBytesStore(storeName),
});

describe('LevelKeyValueBytesStore.restoreTimestamped', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function context(): StoreContext {
    const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-level-kv-restore-'));
    dirs.push(stateDir);
    return { applicationId: 'app', taskId: '0_0', defaultKeySerde: undefined, defaultValueSerde: undefined, stateDir, cacheMaxBytes: 0, logChange: () => undefined, currentTimestampMs: () => 0 };
  }
  const stamped = (timestamp: number, value: Buffer): Buffer => {
    const out = Buffer.alloc(8 + value.length);
    out.writeBigInt64BE(BigInt(timestamp), 0);
    value.copy(out, 8);
    return out;
  };

  it('stores each value behind its record timestamp, for keys and values of any length, tombstones included; durable after commit', async () => {
    const ctx = context();
    const store = new LevelKeyValueBytesStore('kv');
    await store.init(ctx);
    const long = Buffer.alloc(5_000, 'v'); // longer than the scratch buffer starts with
    const records = [
      { key: Buffer.from('a'), value: Buffer.from('1'), timestamp: 1 },
      { key: Buffer.from('bb'), value: long, timestamp: -5 },
      { key: Buffer.alloc(300, 'k'), value: Buffer.alloc(0), timestamp: 2 ** 40 },
      { key: Buffer.from('c'), value: Buffer.from('gone'), timestamp: 3 },
      { key: Buffer.from('c'), value: null, timestamp: 4 },
      { key: Buffer.from('a'), value: Buffer.from('22'), timestamp: 5 },
    ];
    await store.restoreTimestamped(records.slice(0, 3));
    await store.restoreTimestamped(records.slice(3));
    await store.commit(6n);
    await store.close();

    const reopened = new LevelKeyValueBytesStore('kv');
    await reopened.init(ctx);
    expect(reopened.checkpoint()).toBe(6n);
    expect(reopened.approximateNumEntries()).toBe(3);
    expect(reopened.get(Buffer.from('a'))).toEqual(stamped(5, Buffer.from('22')));
    expect(reopened.get(Buffer.from('bb'))).toEqual(stamped(-5, long));
    expect(reopened.get(Buffer.alloc(300, 'k'))).toEqual(stamped(2 ** 40, Buffer.alloc(0)));
    expect(reopened.get(Buffer.from('c'))).toBeUndefined();
    await reopened.close();
  });

  it('rejects a timestamp that is not a safe integer before writing or indexing anything from the slice', async () => {
    const store = new LevelKeyValueBytesStore('kv');
    await store.init(context());
    expect(() => store.restoreTimestamped([
      { key: Buffer.from('a'), value: Buffer.from('1'), timestamp: 1 },
      { key: Buffer.from('b'), value: Buffer.from('2'), timestamp: 2 ** 60 },
    ])).toThrow(RangeError);
    await store.commit(undefined);
    expect(store.approximateNumEntries()).toBe(0);
    expect(store.get(Buffer.from('a'))).toBeUndefined();
    await store.close();
  });
});
