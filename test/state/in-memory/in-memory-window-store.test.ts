import { InMemoryWindowBytesStore } from '../../../src/state/in-memory/in-memory-window-store.js';
import { windowStoreSuite } from '../conformance/window-store-suite.js';

windowStoreSuite({
  name: 'InMemoryWindowBytesStore',
  persistent: false,
  expiry: { granularity: 'exact' },
  factory: (storeName, s) => new InMemoryWindowBytesStore(storeName, s.retentionMs, s.windowSizeMs, s.retainDuplicates),
});
