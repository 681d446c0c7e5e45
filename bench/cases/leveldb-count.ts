/**
 * Case 3 (goal T3): DSL `groupByKey().count()` with `defaultDslStore: 'persistent'` (LevelDB under a fresh
 * temporary stateDir, record cache on), committing every 100k records as TaskManager does (flush, then the
 * store's pending writes and its checkpoint in one chained batch), vs the same DSL count with the in-memory store.
 * 1M records, 10k keys. See bench/lib/count.ts for the output checks (every key's count, changelog records).
 */
import { runCase } from '../lib/harness.js';
import { countCase } from '../lib/count.js';

await runCase(
  countCase({
    name: 'leveldb-count',
    description: 'groupByKey().count(), LevelDB, cache on, commit/100k vs the in-memory DSL count',
    goal: { id: 'T3', target: 0.35, floor: 0.2 },
    config: { defaultDslStore: 'persistent' },
    baselineConfig: {},
    commitEvery: 100_000,
    records: 1_000_000,
    cached: true,
  }),
);
