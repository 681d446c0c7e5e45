/**
 * Case 2b (informational, no goal: T2 is about the default config, case 2): DSL `groupByKey().count()`,
 * in-memory store with `cacheMaxBytesBuffering: 0`, so every record is serialized, written to the bytes store and logged to the changelog (what the
 * TopologyTestDriver does), vs a hand-written `Map` count. See bench/lib/count.ts.
 */
import { runCase } from '../lib/harness.js';
import { countCase } from '../lib/count.js';

await runCase(
  countCase({
    name: 'count-uncached',
    description: 'groupByKey().count(), in-memory, cache off (every put serialized + logged) vs Map count',
    config: { cacheMaxBytesBuffering: 0 },
    commitEvery: 100_000,
    records: 1_000_000, // about 8× slower than the cached count: 1M keeps the suite under ~90 s
    cached: false,
  }),
);
