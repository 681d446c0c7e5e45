import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { StoreError } from '../../../src/errors.js';
import type { StateStore, StoreContext } from '../../../src/state/store.js';
import { isPersistentBytesStore, type PersistentBytesStore } from '../../../src/state/leveldb/persistent-store.js';

/** One changelog write seen by a suite's context. */
export interface LoggedChange {
  readonly store: string;
  readonly key: Buffer;
  readonly value: Buffer | null;
  readonly timestamp: number;
}

/** A store context over a fresh temp state directory; `logged` collects what change-logging layers send. */
export interface SuiteContext extends StoreContext {
  readonly stateDir: string;
  readonly logged: LoggedChange[];
}

const dirs: string[] = [];

/** Registers temp-dir cleanup for the calling suite file. */
export function cleanupTempDirs(): void {
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
}

/** A context whose state directory is new and removed after the test. */
export function suiteContext(taskId = '0_0'): SuiteContext {
  const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-conformance-'));
  dirs.push(stateDir);
  const logged: LoggedChange[] = [];
  return {
    applicationId: 'conformance',
    taskId,
    defaultKeySerde: undefined,
    defaultValueSerde: undefined,
    stateDir,
    cacheMaxBytes: 0,
    logged,
    logChange: (store, key, value, timestamp) => logged.push({ store, key, value, timestamp }),
    currentTimestampMs: () => 42,
  };
}

/** UTF-8 bytes of `s` (test keys and values). */
export const b = (s: string): Buffer => Buffer.from(s);

/** The persistent side of a store under test; fails the test if the implementation claims persistence without it. */
export function persistentOf(store: StateStore): PersistentBytesStore {
  expect(isPersistentBytesStore(store)).toBe(true);
  return store as unknown as PersistentBytesStore;
}

/** Runs `action` and expects a StoreError (the closed-store error) from it. */
export function expectStoreError(action: () => unknown): void {
  expect(action).toThrow(StoreError);
}
