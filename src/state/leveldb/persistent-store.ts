import { join } from 'node:path';
import { StoreError } from '../../errors.js';
import type { StoreContext } from '../store.js';

/**
 * What the runtime needs from a store that keeps data on disk: the changelog offset its data is durable up to,
 * and a commit that writes pending data and the new checkpoint in one atomic batch.
 */
export interface PersistentBytesStore {
  readonly persistent: true;
  /** Changelog offset (next to read) up to which the store's data is durable; undefined if never committed. */
  checkpoint(): bigint | undefined;
  /** Writes pending data and, if given, the checkpoint, atomically. */
  commit(checkpoint: bigint | undefined): Promise<void>;
  /** Deletes every entry and the checkpoint (a store ahead of its changelog is rebuilt from scratch). */
  wipe(): Promise<void>;
}

/** True for a bytes store with a checkpoint (LevelDB). */
export function isPersistentBytesStore(store: unknown): store is PersistentBytesStore {
  const s = store as Partial<PersistentBytesStore>;
  return s.persistent === true && typeof s.checkpoint === 'function' && typeof s.commit === 'function';
}

/** The bottom (bytes) layer of a store stack: follows `inner` through typed, caching and logging layers. */
export function bytesLayer(store: unknown): unknown {
  let current = store;
  while (typeof current === 'object' && current !== null && 'inner' in current) current = (current as { inner: unknown }).inner;
  return current;
}

/** `<stateDir>/<applicationId>/<taskId>/<store>`: one directory per task and store. */
export function storeDirectory(context: StoreContext, storeName: string): string {
  if (context.stateDir === undefined) {
    throw new StoreError(storeName, `State store ${storeName} is persistent but no stateDir is configured; set stateDir in the config.`);
  }
  return join(context.stateDir, context.applicationId, context.taskId, storeName);
}
