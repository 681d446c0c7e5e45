/**
 * Case 12 (goals M1, M6): not a ratio case. Two phases, each run once after a short warm-up:
 *
 * 1. Memory: 10M records through the in-memory DSL count (10k keys, cache on, commit every 100k records), in
 *    batches of 1000 records with `await setImmediate()` between batches as a runtime would. RSS is sampled
 *    every 1M records; reported: the band (max − min) and the least-squares slope over the samples from 2M on.
 *    The same 10M records through a hand-written Map count give the baseline rate (reported, no goal).
 * 2. Event loop: 2M records through the LevelDB-backed DSL count, same batching, committing every 100k records
 *    (flush, then pending writes + checkpoint in chained batches, awaited as TaskManager does), with
 *    `monitorEventLoopDelay` (1 ms resolution; a value includes the resolution) enabled for the whole phase; reported: p99 and max.
 *
 * Output checks: every key's count after each phase (bench/lib/count.ts's expectation).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { StreamsBuilder } from '../../src/dsl/streams-builder.js';
import { Consumed } from '../../src/dsl/options.js';
import { Serdes } from '../../src/serdes/primitives.js';
import type { StreamsConfig } from '../../src/config.js';
import type { TimestampedKeyValueStore } from '../../src/state/key-value-store.js';
import { generate, type DataOptions } from '../lib/data.js';
import { cliOptions, expectEqual, gc, log, reportResult, type Check } from '../lib/harness.js';
import { benchTask, type BenchTask } from '../lib/task.js';

const TOPIC = 'input';
const RECORDS = 10_000_000;
const DELAY_RECORDS = 2_000_000;
const BATCH = 1000;
const COMMIT_EVERY = 100_000;
const SAMPLE_EVERY = 1_000_000;
const MB = 2 ** 20;

const cli = cliOptions(process.argv.slice(2));
const options: DataOptions = { records: 100_000, keys: 10_000, valueSize: cli.valueSize, skew: cli.skew, seed: cli.seed, topic: TOPIC };
const t0 = performance.now();
const data = generate(options); // one pool of 100k records, replayed: the stream is pool[i % 100k]
const generateMs = performance.now() - t0;
const pool = data.records;
gc();
const rssAfterGenerateMb = process.memoryUsage().rss / MB;

/** Expected count per key index after `n` records. */
function expectedCounts(n: number): Uint32Array {
  const counts = new Uint32Array(data.keyNames.length);
  const perPass = new Uint32Array(data.keyNames.length);
  for (const k of data.keyIndex) perPass[k] = (perPass[k] as number) + 1;
  const passes = Math.floor(n / pool.length);
  for (let k = 0; k < counts.length; k++) counts[k] = (perPass[k] as number) * passes;
  for (let i = 0; i < n % pool.length; i++) {
    const k = data.keyIndex[i] as number;
    counts[k] = (counts[k] as number) + 1;
  }
  return counts;
}

function verify(n: number, get: (key: string) => number | undefined): void {
  const want = expectedCounts(n);
  for (let k = 0; k < want.length; k++) {
    const w = want[k] as number;
    expectEqual(`count of ${data.keyNames[k]}`, get(data.keyNames[k] as string), w === 0 ? undefined : w);
  }
}

async function dslCount(config: StreamsConfig): Promise<{ bench: BenchTask; store: TimestampedKeyValueStore<string, number> }> {
  const builder = new StreamsBuilder();
  builder.stream(TOPIC, Consumed.with(Serdes.String(), Serdes.String())).groupByKey().count();
  const bench = await benchTask(builder.build(), config);
  const store = bench.task.getStore(bench.storeNames[0] as string) as unknown as TimestampedKeyValueStore<string, number>;
  return { bench, store };
}

/** Runs n records (pool replayed) in batches of 1000 with a macrotask yield between batches, committing every 100k. */
async function drive(bench: BenchTask, n: number, onRecords?: (done: number) => void): Promise<void> {
  for (let done = 0; done < n; ) {
    const offset = done % pool.length;
    const count = Math.min(BATCH, n - done, pool.length - offset);
    bench.processRange(pool, offset, offset + count);
    done += count;
    if (done % COMMIT_EVERY === 0 || done === n) await bench.commit();
    onRecords?.(done);
    await yieldToLoop();
  }
}

function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

let error: string | undefined;
const checks: Check[] = [];
let subjectRecPerSec = 0;
let baselineRecPerSec = 0;
try {
  // Warm-up: 1M records through each side.
  {
    const { bench } = await dslCount({});
    await drive(bench, 1_000_000);
    await bench.close();
  }
  // Baseline: the Map count over the same 10M records, same batching.
  {
    const counts = new Map<string, number>();
    gc();
    const start = performance.now();
    for (let done = 0; done < RECORDS; ) {
      const offset = done % pool.length;
      const count = Math.min(BATCH, RECORDS - done, pool.length - offset);
      for (let i = offset; i < offset + count; i++) {
        const r = pool[i] as (typeof pool)[number];
        const key = r.key === null ? null : r.key.toString('utf8');
        const value = r.value === null ? null : r.value.toString('utf8');
        if (key === null || value === null) continue;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      done += count;
      await yieldToLoop();
    }
    baselineRecPerSec = RECORDS / ((performance.now() - start) / 1000);
    verify(RECORDS, (key) => counts.get(key));
  }
  // Phase 1: RSS over 10M records, in-memory DSL count.
  {
    const { bench, store } = await dslCount({});
    gc();
    const xs: number[] = [];
    const ys: number[] = [];
    const start = performance.now();
    await drive(bench, RECORDS, (done) => {
      if (done % SAMPLE_EVERY === 0) {
        xs.push(done / SAMPLE_EVERY);
        ys.push(process.memoryUsage().rss / MB);
      }
    });
    subjectRecPerSec = RECORDS / ((performance.now() - start) / 1000);
    verify(RECORDS, (key) => store.get(key)?.value);
    await bench.close();
    const steadyX = xs.filter((x) => x >= 2);
    const steadyY = ys.slice(xs.length - steadyX.length);
    const band = Math.max(...steadyY) - Math.min(...steadyY);
    log(`soak: RSS at each 1M records: ${ys.map((y) => y.toFixed(0)).join(' ')} MB`);
    checks.push({ id: 'M1', label: 'RSS band after 2M', value: band, unit: 'MB', target: 64, floor: 128 });
    checks.push({ id: 'M1', label: 'RSS slope after 2M', value: slope(steadyX, steadyY), unit: 'MB/1M', target: 0.5, floor: 2 });
  }
  // Phase 2: event-loop delay with LevelDB commits.
  {
    const { bench, store } = await dslCount({ defaultDslStore: 'persistent' });
    gc();
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    await drive(bench, DELAY_RECORDS);
    histogram.disable();
    verify(DELAY_RECORDS, (key) => store.get(key)?.value);
    await bench.close();
    const p99 = histogram.percentile(99) / 1e6;
    log(`soak: event-loop delay with LevelDB commits: p50 ${(histogram.percentile(50) / 1e6).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(histogram.max / 1e6).toFixed(1)} ms`);
    checks.push({ id: 'M6', label: 'event-loop delay p99 (LevelDB)', value: p99, unit: 'ms', target: 20, floor: 40 });
  }
} catch (e) {
  error = e instanceof Error ? (e.stack ?? e.message) : String(e);
}

await reportResult({
  name: 'soak',
  description: '10M records, in-memory DSL count (RSS band, slope); 2M records with LevelDB commits (event-loop delay p99)',
  records: RECORDS,
  keys: options.keys,
  valueSize: options.valueSize,
  skew: options.skew,
  seed: options.seed,
  poolSize: pool.length,
  pairs: [],
  subjectRecPerSec,
  baselineRecPerSec,
  ratio: baselineRecPerSec === 0 ? 0 : subjectRecPerSec / baselineRecPerSec,
  verified: error === undefined,
  ...(error === undefined ? {} : { error }),
  checks,
  generateMs,
  rssAfterGenerateMb,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  heapUsedAfterMb: process.memoryUsage().heapUsed / MB,
});
