/**
 * Where the DSL's time goes per record: runs cumulative pipeline variants (and the store layers on their
 * own) over the same generated records and prints the median ns per record of each, and the step from the
 * previous line. Not part of `npm run bench`; run it after changing the engine:
 *
 *   node --expose-gc --import tsx bench/breakdown.ts [--records 2000000]
 */
import { StreamsBuilder } from '../src/dsl/streams-builder.js';
import { Consumed, Materialized } from '../src/dsl/options.js';
import { Serdes } from '../src/serdes/primitives.js';
import { Stores } from '../src/state/stores.js';
import type { StoreContext } from '../src/state/store.js';
import type { TimestampedKeyValueStore } from '../src/state/key-value-store.js';
import type { StreamsConfig } from '../src/config.js';
import { generate, type Dataset } from './lib/data.js';
import { benchTask } from './lib/task.js';

const argv = process.argv.slice(2);
const recordsAt = argv.indexOf('--records');
const n = recordsAt < 0 ? 2_000_000 : Number(argv[recordsAt + 1]);
const data = generate({ records: n, keys: 10_000, valueSize: 100, skew: 0, seed: 42, topic: 'input' });
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
let sink = 0;

interface Stage {
  readonly name: string;
  /** Untimed setup; returns the timed body. */
  setup(data: Dataset): Promise<() => void | Promise<void>>;
}

async function measure(stage: Stage): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    const run = await stage.setup(data);
    gc?.();
    const start = process.hrtime.bigint();
    await run();
    const ns = Number(process.hrtime.bigint() - start) / n;
    if (i > 0) times.push(ns);
  }
  times.sort((a, b) => a - b);
  return times[1] as number;
}

const noop = (): void => {};

function dsl(name: string, build: (b: StreamsBuilder) => void, config: StreamsConfig = {}): Stage {
  return {
    name,
    async setup(d) {
      const builder = new StreamsBuilder();
      build(builder);
      const task = await benchTask(builder.build(), config, { commitEvery: 100_000 });
      return () => task.processAll(d.records);
    },
  };
}

const consumed = Consumed.with(Serdes.String(), Serdes.String());

function storeContext(cacheMaxBytes: number): StoreContext {
  return {
    applicationId: 'bench',
    taskId: '0_0',
    defaultKeySerde: undefined,
    defaultValueSerde: undefined,
    logChange: () => {},
    stateDir: undefined,
    cacheMaxBytes,
    currentTimestampMs: () => 0,
  };
}

/** get + put of a count on a timestamped store, keys decoded from the records (fresh strings, as in the task). */
function storeStage(name: string, logging: boolean, cacheMaxBytes: number): Stage {
  return {
    name,
    async setup(d) {
      let builder = Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore('s'), Serdes.String(), Serdes.Long());
      if (!logging) builder = builder.withLoggingDisabled();
      if (cacheMaxBytes > 0) builder = builder.withCachingEnabled();
      const store: TimestampedKeyValueStore<string, number> = builder.build();
      await store.init(storeContext(cacheMaxBytes));
      return async () => {
        const records = d.records;
        for (let from = 0; from < records.length; from += 100_000) {
          const to = Math.min(records.length, from + 100_000);
          for (let i = from; i < to; i++) {
            const r = records[i] as (typeof records)[number];
            const key = (r.key as Buffer).toString('utf8');
            const old = store.get(key);
            store.put(key, { value: (old?.value ?? 0) + 1, timestamp: r.timestamp });
          }
          await store.flush();
        }
      };
    },
  };
}

const stages: Stage[] = [
  {
    name: 'loop over records (touch key)',
    setup: async (d) => () => {
      for (const r of d.records) sink += (r.key as Buffer).length;
    },
  },
  {
    name: 'decode key + value (utf8)',
    setup: async (d) => () => {
      for (const r of d.records) sink += (r.key as Buffer).toString('utf8').length + (r.value as Buffer).toString('utf8').length;
    },
  },
  {
    name: '+ Map count (the T2 baseline)',
    setup: async (d) => () => {
      const counts = new Map<string, number>();
      for (const r of d.records) {
        const key = (r.key as Buffer).toString('utf8');
        sink += (r.value as Buffer).toString('utf8').length;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    },
  },
  dsl('DSL: source → foreach(noop)', (b) => b.stream('input', consumed).foreach(noop)),
  dsl('DSL: source → filter(true) → foreach', (b) => b.stream('input', consumed).filter(() => true).foreach(noop)),
  dsl('DSL: source → filter → mapValues(id) → foreach', (b) => b.stream('input', consumed).filter(() => true).mapValues((v) => v).foreach(noop)),
  dsl('DSL: count, no cache, no logging', (b) => b.stream('input', consumed).groupByKey().count(Materialized.as<string, number>('c').withLoggingDisabled()), { cacheMaxBytesBuffering: 0 }),
  dsl('DSL: count, no cache, logging (count-uncached)', (b) => b.stream('input', consumed).groupByKey().count(), { cacheMaxBytesBuffering: 0 }),
  dsl('DSL: count, cache 10 MB, logging (count)', (b) => b.stream('input', consumed).groupByKey().count()),
  storeStage('store alone: decode key + get/put, typed → in-memory', false, 0),
  storeStage('store alone: + changelogging', true, 0),
  storeStage('store alone: cache → typed → logging → in-memory', true, 10_485_760),
];

console.log(`${n.toLocaleString('en-US')} records, 10k keys, 100 B values; median of 3 runs after a warm-up\n`);
console.log(`${'stage'.padEnd(58)} ${'ns/rec'.padStart(8)} ${'rec/s'.padStart(8)}`);
for (const stage of stages) {
  const ns = await measure(stage);
  console.log(`${stage.name.padEnd(58)} ${ns.toFixed(0).padStart(8)} ${`${(1000 / ns).toFixed(2)}M`.padStart(8)}`);
}
if (sink === 0) console.log('');
