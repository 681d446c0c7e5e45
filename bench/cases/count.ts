/**
 * Case 2 (goal T2): DSL `groupByKey().count()`, in-memory store, default config (record cache on, 10 MB;
 * changelogging on), a commit every 100k records, vs a hand-written `Map` count. See bench/lib/count.ts.
 */
import { runCase } from '../lib/harness.js';
import { countCase } from '../lib/count.js';

await runCase(
  countCase({
    name: 'count',
    description: 'groupByKey().count(), in-memory, cache on, commit/100k vs Map count',
    goal: { id: 'T2', target: 0.4, floor: 0.25 },
    config: {},
    commitEvery: 100_000,
    cached: true,
  }),
);
