import { InMemorySessionBytesStore } from '../../../src/state/in-memory/in-memory-session-store.js';
import { sessionStoreSuite } from '../conformance/session-store-suite.js';

sessionStoreSuite({
  name: 'InMemorySessionBytesStore',
  persistent: false,
  factory: (storeName, retentionMs) => new InMemorySessionBytesStore(storeName, retentionMs),
});
