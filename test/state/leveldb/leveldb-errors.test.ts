import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors.js';
import type { StateStore, StoreContext } from '../../../src/state/store.js';
import { StoreCorruptedError, StoreLockedError } from '../../../src/state/leveldb/leveldb-database.js';
import { LevelKeyValueBytesStore } from '../../../src/state/leveldb/leveldb-kv-store.js';
import { LevelWindowBytesStore } from '../../../src/state/leveldb/leveldb-window-store.js';
import { LevelSessionBytesStore } from '../../../src/state/leveldb/leveldb-session-store.js';
import { storeDirectory } from '../../../src/state/leveldb/persistent-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function context(): StoreContext {
  const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-level-errors-'));
  dirs.push(stateDir);
  return {
    applicationId: 'app',
    taskId: '1_3',
    defaultKeySerde: undefined,
    defaultValueSerde: undefined,
    stateDir,
    cacheMaxBytes: 0,
    logChange: () => undefined,
    currentTimestampMs: () => 0,
  };
}

/** The code LevelDB itself reported, under the 'Database failed to open' error the store error wraps. */
function levelCode(error: unknown): string | undefined {
  return ((error as { cause?: { cause?: { code?: string } } }).cause?.cause ?? undefined)?.code;
}

async function openError(store: StateStore, ctx: StoreContext): Promise<unknown> {
  try {
    await store.init(ctx);
  } catch (error) {
    return error;
  }
  await store.close();
  throw new Error(`expected ${store.name} to fail to open`);
}

/** A store directory with a committed entry, closed again. */
async function committedStore(ctx: StoreContext): Promise<string> {
  const store = new LevelKeyValueBytesStore('kv');
  await store.init(ctx);
  store.put(Buffer.from('k'), Buffer.from('v'));
  await store.commit(1n);
  await store.close();
  return storeDirectory(ctx, 'kv');
}

describe('LevelDB store open errors', () => {
  it.each([
    ['key-value', () => new LevelKeyValueBytesStore('store')],
    ['window', () => new LevelWindowBytesStore('store', 60_000, 1_000, false)],
    ['session', () => new LevelSessionBytesStore('store', 60_000)],
  ] as const)('a %s store whose directory another open store holds fails with StoreLockedError naming the directory', async (_kind, create) => {
    const ctx = context();
    const first = create();
    await first.init(ctx);
    try {
      const error = await openError(create(), ctx);
      expect(error).toBeInstanceOf(StoreLockedError);
      expect(error).toBeInstanceOf(StoreError);
      const locked = error as StoreLockedError;
      const directory = join(ctx.stateDir as string, 'app', '1_3', 'store');
      expect(locked.directory).toBe(directory);
      expect(locked.storeName).toBe('store');
      expect(locked.code).toBe('STORE');
      expect(locked.message).toContain(directory);
      expect(locked.message).toMatch(/locked by another process or instance/);
      expect(locked.message).toMatch(/Stop the other instance, or give each instance its own stateDir/);
      expect(levelCode(locked)).toBe('LEVEL_LOCKED');
    } finally {
      await first.close();
    }
    // once the holder closes, the directory opens again
    const again = create();
    await again.init(ctx);
    await again.close();
  });

  it('a garbage MANIFEST fails with StoreCorruptedError (LEVEL_CORRUPTION) telling to delete the directory', async () => {
    const ctx = context();
    const directory = await committedStore(ctx);
    const manifest = readdirSync(directory).find((f) => f.startsWith('MANIFEST-')) as string;
    writeFileSync(join(directory, manifest), Buffer.alloc(256, 0xab));
    const error = await openError(new LevelKeyValueBytesStore('kv'), ctx);
    expect(error).toBeInstanceOf(StoreCorruptedError);
    const corrupted = error as StoreCorruptedError;
    expect(corrupted.directory).toBe(directory);
    expect(levelCode(corrupted)).toBe('LEVEL_CORRUPTION');
    expect(corrupted.message).toContain(directory);
    expect(corrupted.message).toMatch(/is corrupted\. Delete the directory; the store is rebuilt from its changelog on the next start/);
  });

  it('a garbage CURRENT is reported by LevelDB as LEVEL_IO_ERROR: a StoreError that also says to delete the directory', async () => {
    const ctx = context();
    const directory = await committedStore(ctx);
    writeFileSync(join(directory, 'CURRENT'), 'not-a-manifest\n');
    const error = await openError(new LevelKeyValueBytesStore('kv'), ctx);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).not.toBeInstanceOf(StoreLockedError);
    expect(levelCode(error)).toBe('LEVEL_IO_ERROR');
    const message = (error as StoreError).message;
    expect(message).toContain(directory);
    expect(message).toContain('LEVEL_IO_ERROR');
    expect(message).toMatch(/delete the directory: the store is rebuilt from its changelog on the next start/);
  });

  it('after the directory is deleted the store opens empty, without a checkpoint (full restore from the changelog)', async () => {
    const ctx = context();
    const directory = await committedStore(ctx);
    writeFileSync(join(directory, 'CURRENT'), 'garbage\n');
    await openError(new LevelKeyValueBytesStore('kv'), ctx);
    rmSync(directory, { recursive: true, force: true });
    const store = new LevelKeyValueBytesStore('kv');
    await store.init(ctx);
    expect(store.checkpoint()).toBeUndefined();
    expect(store.approximateNumEntries()).toBe(0);
    await store.close();
  });
});
