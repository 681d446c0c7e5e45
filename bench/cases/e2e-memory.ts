/**
 * Issue 5's end-to-end row on memory://: KafkaStreams `groupByKey().count()` on the embedded broker vs a
 * hand-written loop over the same broker's API (readPartition in batches of 1000, as a poll returns them, and a
 * Map count per key). 1M records (10k keys, 100 B values) are appended once, untimed, to a 6-partition topic.
 * See bench/lib/e2e.ts for what is timed and checked. The goal is T2's (the DSL count vs a Map count, without a
 * runtime), since both sides decode and count the same way and the runtime's work (polls, timestamp-ordered
 * partition groups, commits every second) comes on top.
 */
import { EmbeddedBroker } from '../../src/runtime/embedded/embedded-broker.js';
import type { Dataset } from '../lib/data.js';
import { MapCount, PARTITIONS, Progress, TOPIC, streamsSide, verifyCounts } from '../lib/e2e.js';
import { log, runCase, type Trial } from '../lib/harness.js';

const URL = `memory://bench-e2e-${process.pid}`;
const BATCH = 1_000n;

let broker: EmbeddedBroker | undefined;

/** The broker with the dataset appended (the first setup of either side). */
function memoryBroker(data: Dataset): EmbeddedBroker {
  if (broker === undefined) {
    const t0 = performance.now();
    broker = EmbeddedBroker.for(URL);
    broker.createTopicsSync([{ name: TOPIC, partitions: PARTITIONS }]);
    broker.appendRaw(
      TOPIC,
      data.records.map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp })),
    );
    log(`e2e-memory: appended ${data.records.length.toLocaleString('en-US')} records in ${(performance.now() - t0).toFixed(0)} ms`);
  }
  return broker;
}

await runCase({
  name: 'e2e-memory',
  description: 'KafkaStreams count over memory:// (6 partitions) vs a readPartition + Map count loop',
  data: { records: 1_000_000, keys: 10_000, topic: TOPIC },
  goal: { id: 'E2', target: 0.4, floor: 0.25 },
  baseline: {
    label: 'readPartition loop',
    setup(data): Trial {
      const b = memoryBroker(data);
      const progress = new Progress(data.records.length);
      const count = new MapCount();
      return {
        run() {
          for (let partition = 0; partition < PARTITIONS; partition++) {
            const end = b.endOffset(TOPIC, partition);
            for (let from = 0n; from < end; from += BATCH) {
              const batch = b.readPartition(TOPIC, partition, from, from + BATCH);
              for (let i = 0; i < batch.length; i++) {
                const r = batch[i] as (typeof batch)[number];
                count.add(r.key, r.value);
                progress.onRecord();
              }
            }
          }
        },
        elapsedMs: () => progress.elapsedMs(),
        verify: () => verifyCounts(data, (key) => count.counts.get(key)),
      };
    },
  },
  subject: streamsSide(async (data) => {
    memoryBroker(data);
    return URL;
  }),
});
