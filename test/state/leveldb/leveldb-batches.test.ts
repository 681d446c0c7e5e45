import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoreContext } from '../../../src/state/store.js';
import { MAX_BATCH_OPERATIONS } from '../../../src/state/leveldb/leveldb-database.js';
import { LevelKeyValueBytesStore } from '../../../src/state/leveldb/leveldb-kv-store.js';
import { LevelWindowBytesStore } from '../../../src/state/leveldb/leveldb-window-store.js';
import { LevelSessionBytesStore } from '../../../src/state/leveldb/leveldb-session-store.js';
import type { PersistentBytesStore } from '../../../src/state/leveldb/persistent-store.js';

// Flushing a big pending set must never be one huge synchronous write: it goes in chained batches of at most
// MAX_BATCH_OPERATIONS, written one after the other in the order they were built, with the checkpoint in the last
// one. A restore builds its next batches while the previous one is being written, but never more than one slice
// ahead. This pins the structure; how long each batch holds the event loop is measured by `npm run bench`.

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function context(): StoreContext {
  const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-level-batches-'));
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

interface BatchRecord {
  operations: number;
  keys: string[];
  written: boolean;
  /** Batches built but not yet written when this one was created (this one excluded). */
  unwrittenBefore: number;
}

/**
 * Records every chained batch the databases create (its operations, how many earlier ones were still unwritten)
 * and checks that batches are written one at a time, in the order they were created.
 */
function spyBatches(): BatchRecord[] {
  const batches: BatchRecord[] = [];
  const original = ClassicLevel.prototype.batch;
  vi.spyOn(ClassicLevel.prototype, 'batch').mockImplementation(function (this: ClassicLevel<Uint8Array, Uint8Array>, ...args: unknown[]) {
    if (args.length > 0) throw new Error('LevelDatabase is expected to use chained batches only');
    const chained = (original as (this: unknown) => ReturnType<ClassicLevel<Uint8Array, Uint8Array>['batch']>).call(this);
    const record: BatchRecord = { operations: 0, keys: [], written: false, unwrittenBefore: batches.filter((b) => !b.written).length };
    batches.push(record);
    const put = chained.put.bind(chained) as (key: Uint8Array, value: Uint8Array) => typeof chained;
    const del = chained.del.bind(chained) as (key: Uint8Array) => typeof chained;
    const write = chained.write.bind(chained);
    chained.put = ((key: Uint8Array, value: Uint8Array) => {
      record.operations++;
      record.keys.push(Buffer.from(key).toString('latin1'));
      return put(key, value);
    }) as typeof chained.put;
    chained.del = ((key: Uint8Array) => {
      record.operations++;
      record.keys.push(Buffer.from(key).toString('latin1'));
      return del(key);
    }) as typeof chained.del;
    chained.write = async () => {
      const earlier = batches.slice(0, batches.indexOf(record));
      expect(earlier.every((b) => b.written), 'a batch is written only after every batch created before it').toBe(true);
      await write();
      record.written = true;
    };
    return chained;
  } as typeof ClassicLevel.prototype.batch);
  return batches;
}

const CHECKPOINT_KEY = '\u0000checkpoint';
const key = (i: number): Buffer => Buffer.from(`key-${String(i).padStart(7, '0')}`);

function expectChained(batches: readonly BatchRecord[], dataOperations: number, withCheckpoint: boolean): void {
  expect(batches).toHaveLength(Math.max(1, Math.ceil(dataOperations / MAX_BATCH_OPERATIONS)));
  for (const batch of batches) {
    expect(batch.written).toBe(true);
    expect(batch.operations).toBeLessThanOrEqual(MAX_BATCH_OPERATIONS + 1);
  }
  for (const batch of batches.slice(0, -1)) {
    expect(batch.operations).toBe(MAX_BATCH_OPERATIONS);
    expect(batch.keys).not.toContain(CHECKPOINT_KEY);
  }
  const last = batches.at(-1) as BatchRecord;
  expect(last.keys.filter((k) => k === CHECKPOINT_KEY)).toHaveLength(withCheckpoint ? 1 : 0);
  expect(batches.reduce((n, b) => n + b.operations, 0)).toBe(dataOperations + (withCheckpoint ? 1 : 0));
}

describe('LevelDB writes go in chained batches of at most MAX_BATCH_OPERATIONS', () => {
  it('a commit of 200k pending entries is 40 sequential batches, the checkpoint in the last; all of it is durable', async () => {
    const N = 200_000;
    const ctx = context();
    const store = new LevelKeyValueBytesStore('kv');
    await store.init(ctx);
    for (let i = 0; i < N; i++) store.put(key(i), Buffer.from([i & 0xff]));
    const batches = spyBatches();
    await store.commit(123n);
    expectChained(batches, N, true);
    vi.restoreAllMocks();
    await store.close();

    const reopened = new LevelKeyValueBytesStore('kv');
    await reopened.init(ctx);
    expect(reopened.checkpoint()).toBe(123n);
    expect(reopened.approximateNumEntries()).toBe(N);
    expect(reopened.get(key(N - 1))).toEqual(Buffer.from([(N - 1) & 0xff]));
    await reopened.close();
  });

  it('a batch that is not full still carries the checkpoint; an empty commit writes just the checkpoint, or nothing', async () => {
    const store = new LevelKeyValueBytesStore('kv');
    await store.init(context());
    const batches = spyBatches();
    for (let i = 0; i < MAX_BATCH_OPERATIONS + 7; i++) store.put(key(i), Buffer.from('v'));
    await store.commit(1n);
    expectChained(batches, MAX_BATCH_OPERATIONS + 7, true);
    batches.length = 0;
    await store.commit(2n);
    expectChained(batches, 0, true);
    batches.length = 0;
    await store.commit(undefined);
    expect(batches).toEqual([]);
    await store.close();
  });

  it('restoring a big changelog slice into the key-value store is chained too (no checkpoint until the restore commit)', async () => {
    const N = 3 * MAX_BATCH_OPERATIONS + 1;
    const store = new LevelKeyValueBytesStore('kv');
    await store.init(context());
    const batches = spyBatches();
    await store.restore(Array.from({ length: N }, (_, i) => ({ key: key(i), value: Buffer.from('v'), timestamp: i })));
    await store.commit(undefined); // restoration writes overlap with reading; commit waits for them
    expectChained(batches, N, false);
    await store.close();
  });

  it('a restore in slices, awaited as TaskManager does, builds at most one slice ahead of the write in progress', async () => {
    const SLICE = 1_000;
    const store = new LevelKeyValueBytesStore('kv');
    await store.init(context());
    const batches = spyBatches();
    for (let from = 0; from < 20 * SLICE; from += SLICE) {
      const result = store.restore(Array.from({ length: SLICE }, (_, i) => ({ key: key(from + i), value: Buffer.from('v'), timestamp: i })));
      if (result !== undefined) await result;
    }
    await store.commit(7n);
    expect(batches.slice(0, 20).map((b) => b.operations)).toEqual(Array.from({ length: 20 }, () => SLICE));
    expect(Math.max(...batches.map((b) => b.unwrittenBefore))).toBe(1); // one write in progress while the next slice is laid out
    expect(batches.every((b) => b.written)).toBe(true);
    vi.restoreAllMocks();
    expect(store.approximateNumEntries()).toBe(20 * SLICE);
    expect(store.get(key(20 * SLICE - 1))).toEqual(Buffer.from('v'));
    expect(store.checkpoint()).toBe(7n);
    await store.close();
  });

  it.each([
    ['window', () => new LevelWindowBytesStore('store', 10 * 60_000, 1_000, false), (s: unknown, i: number) => (s as LevelWindowBytesStore).put(key(i), Buffer.from('v'), i % 1_000)],
    ['session', () => new LevelSessionBytesStore('store', 10 * 60_000), (s: unknown, i: number) => (s as LevelSessionBytesStore).put(key(i), i % 1_000, i % 1_000, Buffer.from('v'))],
  ] as const)('a %s store commit of 2.5 × MAX_BATCH_OPERATIONS entries is chained', async (_kind, create, put) => {
    const N = Math.floor(2.5 * MAX_BATCH_OPERATIONS);
    const store = create();
    await store.init(context());
    for (let i = 0; i < N; i++) put(store, i);
    const batches = spyBatches();
    await (store as PersistentBytesStore).commit(9n);
    expectChained(batches, N, true);
    await store.close();
  });
});
