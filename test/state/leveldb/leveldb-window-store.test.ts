import { LevelWindowBytesStore } from '../../../src/state/leveldb/leveldb-window-store.js';
import { windowStoreSuite } from '../conformance/window-store-suite.js';

windowStoreSuite({
  name: 'LevelWindowBytesStore',
  persistent: true,
  // Kafka's RocksDB window stores: segments of max(retention / 2, 60 s)
  expiry: { granularity: 'segment', segmentIntervalMs: (retentionMs) => Math.max(Math.floor(retentionMs / 2), 60_000) },
  factory: (storeName, s) => new LevelWindowBytesStore(storeName, s.retentionMs, s.windowSizeMs, s.retainDuplicates),
});
