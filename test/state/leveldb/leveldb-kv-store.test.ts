import { LevelKeyValueBytesStore } from '../../../src/state/leveldb/leveldb-kv-store.js';
import { kvStoreSuite } from '../conformance/kv-store-suite.js';

kvStoreSuite({
  name: 'LevelKeyValueBytesStore',
  persistent: true,
  factory: (storeName) => new LevelKeyValueBytesStore(storeName),
});
