import type { KeyValueBytesStoreSupplier } from './key-value-store.js';
import type { WindowBytesStoreSupplier } from './window-store.js';
import type { SessionBytesStoreSupplier } from './session-store.js';
import { InMemoryKeyValueBytesStore } from './in-memory/in-memory-kv-store.js';
import { InMemoryWindowBytesStore } from './in-memory/in-memory-window-store.js';
import { LevelKeyValueBytesStore } from './leveldb/leveldb-kv-store.js';
import { LevelWindowBytesStore } from './leveldb/leveldb-window-store.js';
import { InMemorySessionBytesStore } from './in-memory/in-memory-session-store.js';
import { LevelSessionBytesStore } from './leveldb/leveldb-session-store.js';

/**
 * The supplier DSL operators use when Materialized names no store kind: LevelDB or in-memory, chosen per task
 * from the config's `defaultDslStore` (Kafka's default.dsl.store), which the DSL cannot know at build time.
 */
export function dslKeyValueStoreSupplier(name: string): KeyValueBytesStoreSupplier {
  return {
    name,
    persistent: true,
    get: (defaults) => (defaults?.defaultDslStore === 'in_memory' ? new InMemoryKeyValueBytesStore(name) : new LevelKeyValueBytesStore(name)),
  };
}

/** Like dslKeyValueStoreSupplier, for window stores. */
export function dslWindowStoreSupplier(name: string, retentionMs: number, windowSizeMs: number, retainDuplicates: boolean): WindowBytesStoreSupplier {
  return {
    name,
    persistent: true,
    retentionMs,
    windowSizeMs,
    retainDuplicates,
    get: (defaults) =>
      defaults?.defaultDslStore === 'in_memory'
        ? new InMemoryWindowBytesStore(name, retentionMs, windowSizeMs, retainDuplicates)
        : new LevelWindowBytesStore(name, retentionMs, windowSizeMs, retainDuplicates),
  };
}

/** Like dslKeyValueStoreSupplier, for session stores. */
export function dslSessionStoreSupplier(name: string, retentionMs: number): SessionBytesStoreSupplier {
  return {
    name,
    persistent: true,
    retentionMs,
    sessionStore: true,
    get: (defaults) => (defaults?.defaultDslStore === 'in_memory' ? new InMemorySessionBytesStore(name, retentionMs) : new LevelSessionBytesStore(name, retentionMs)),
  };
}
