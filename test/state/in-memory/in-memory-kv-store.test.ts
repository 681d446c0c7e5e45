import { InMemoryKeyValueBytesStore } from '../../../src/state/in-memory/in-memory-kv-store.js';
import { kvStoreSuite } from '../conformance/kv-store-suite.js';

kvStoreSuite({
  name: 'InMemoryKeyValueBytesStore',
  persistent: false,
  factory: (storeName) => new InMemoryKeyValueBytesStore(storeName),
});
