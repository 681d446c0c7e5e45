/**
 * Case 4 (goal T3b): as leveldb-count, but 500k records over a 1M key space (every record distinct: the pool is
 * the whole run), so most reads miss the cache and the store. vs the in-memory DSL count. Every 10th key's count
 * is read back (reading all of them from LevelDB would take longer than the runs); the number of keys is exact.
 */
import { runCase } from '../lib/harness.js';
import { countCase } from '../lib/count.js';

await runCase(
  countCase({
    name: 'leveldb-count-1m',
    description: 'groupByKey().count(), LevelDB, 1M key space (miss-heavy), commit/100k vs the in-memory DSL count',
    goal: { id: 'T3b', target: 0.12, floor: 0.08 },
    config: { defaultDslStore: 'persistent' },
    baselineConfig: {},
    commitEvery: 100_000,
    records: 500_000,
    keys: 1_000_000,
    poolSize: 500_000,
    cached: true,
    verifyStride: 10,
  }),
);
