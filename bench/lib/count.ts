/**
 * The count case (goal T2) in its variants: DSL `groupByKey().count()` with the in-memory store vs a
 * hand-written `Map` count. Both start from the same serialized records and deserialize key and value as
 * UTF-8 strings (the DSL must look at the value: count drops null values). Output check: every key's count
 * against counts computed from the generator's key indices, and the exact number of changelog records.
 */
import { StreamsBuilder } from '../../src/dsl/streams-builder.js';
import { Consumed } from '../../src/dsl/options.js';
import { Serdes } from '../../src/serdes/primitives.js';
import type { StreamsConfig } from '../../src/config.js';
import type { TimestampedKeyValueStore } from '../../src/state/key-value-store.js';
import type { Dataset } from './data.js';
import { expectEqual, type CaseSpec, type Goal, type Side, type Trial } from './harness.js';
import { benchTask } from './task.js';

const TOPIC = 'input';

const expectedCache = new WeakMap<Dataset, Uint32Array>();

function expectedCounts(data: Dataset): Uint32Array {
  let counts = expectedCache.get(data);
  if (counts === undefined) {
    counts = new Uint32Array(data.keyNames.length);
    for (const k of data.keyIndex) counts[k] = (counts[k] as number) + 1;
    expectedCache.set(data, counts);
  }
  return counts;
}

/** Changelog records with a write-back cache that never evicts: the distinct keys of each commit interval. */
function expectedChangelog(data: Dataset, commitEvery: number): number {
  const seen = new Int32Array(data.keyNames.length).fill(-1);
  let total = 0;
  data.keyIndex.forEach((k, i) => {
    const interval = Math.floor(i / commitEvery);
    if (seen[k] !== interval) {
      seen[k] = interval;
      total++;
    }
  });
  return total;
}

function verifyCounts(data: Dataset, size: number, get: (key: string) => number | undefined, stride = 1): void {
  const want = expectedCounts(data);
  let distinct = 0;
  for (let i = 0; i < want.length; i++) {
    const n = want[i] as number;
    if (n === 0) continue;
    distinct++;
    if (i % stride !== 0) continue;
    const key = data.keyNames[i] as string;
    expectEqual(`count of ${key}`, get(key), n);
  }
  expectEqual('distinct keys', size, distinct);
}

export interface CountVariant {
  readonly name: string;
  readonly description: string;
  readonly goal?: Goal;
  /** StreamsConfig for the DSL task (e.g. `cacheMaxBytesBuffering: 0`). */
  readonly config: StreamsConfig;
  /** Records per commit (store flush). */
  readonly commitEvery: number;
  /** Records per run (default 2M). */
  readonly records?: number;
  /** True when the record cache is on (changelog records = distinct keys per commit interval). */
  readonly cached: boolean;
  /** Keys (default 10k) and distinct records generated (default 100k). */
  readonly keys?: number;
  readonly poolSize?: number;
  /** The baseline: the hand-written Map count (default), or the same DSL count with this config (e.g. in-memory vs LevelDB). */
  readonly baselineConfig?: StreamsConfig;
  /** Check every `verifyStride`-th key (1M-key cases: reading every key back from LevelDB takes seconds). */
  readonly verifyStride?: number;
}

/** The DSL count as one side of a case. */
function dslCount(label: string, config: StreamsConfig, variant: CountVariant): Side {
  return {
    label,
    async setup(data): Promise<Trial> {
      const builder = new StreamsBuilder();
      builder.stream(TOPIC, Consumed.with(Serdes.String(), Serdes.String())).groupByKey().count();
      const bench = await benchTask(builder.build(), config, { commitEvery: variant.commitEvery });
      const [storeName] = bench.storeNames;
      if (storeName === undefined) throw new Error('count() created no store');
      const store = bench.task.getStore(storeName) as unknown as TimestampedKeyValueStore<string, number>;
      const changelog = variant.cached ? expectedChangelog(data, variant.commitEvery) : data.records.length;
      return {
        run: () => bench.processAll(data.records),
        verify: () => {
          verifyCounts(data, store.approximateNumEntries(), (key) => store.get(key)?.value, variant.verifyStride);
          expectEqual('changelog records', bench.collector.sent, changelog);
        },
        close: () => bench.close(),
      };
    },
  };
}

export function countCase(variant: CountVariant): CaseSpec {
  return {
    name: variant.name,
    description: variant.description,
    data: { records: variant.records ?? 2_000_000, keys: variant.keys ?? 10_000, topic: TOPIC, ...(variant.poolSize === undefined ? {} : { poolSize: variant.poolSize }) },
    ...(variant.goal === undefined ? {} : { goal: variant.goal }),
    subject: dslCount('DSL', variant.config, variant),
    baseline: variant.baselineConfig !== undefined ? dslCount('DSL (baseline config)', variant.baselineConfig, variant) : {
      label: 'Map count',
      setup(data): Trial {
        const counts = new Map<string, number>();
        return {
          run() {
            const records = data.records;
            for (let i = 0; i < records.length; i++) {
              const r = records[i] as (typeof records)[number];
              const key = r.key === null ? null : r.key.toString('utf8');
              const value = r.value === null ? null : r.value.toString('utf8');
              if (key === null || value === null) continue;
              counts.set(key, (counts.get(key) ?? 0) + 1);
            }
          },
          verify: () => verifyCounts(data, counts.size, (key) => counts.get(key)),
        };
      },
    },
  };
}
