/**
 * Issue 5's end-to-end row on kafka:// (goal like T8b): KafkaStreams `groupByKey().count()` over kafkajs against
 * librdkafka's mock cluster (3 brokers, launched here as the integration tests do: test/broker/kmock.c compiled
 * against librdkafka) vs a raw kafkajs consumer (`consumer.run` with eachBatch) draining the same topic and
 * counting per key. 200k records (10k keys, 100 B values) are produced once, untimed, to a 6-partition topic.
 * See bench/lib/e2e.ts for what is timed and checked.
 *
 * Without librdkafka's development files (or a C compiler) the case fails with what to install; it never skips.
 * The mock cluster runs in its own process on the same cores, as a local broker would.
 */
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { defaultPartition } from '../../src/internal/murmur2.js';
import { planTopics } from '../../src/runtime/internal-topics.js';
import type { Transport } from '../../src/runtime/transport.js';
import { topologyModel } from '../../src/topology/topology.js';
import { buildKmock } from '../../test/broker/build.js';
import { MockCluster } from '../../test/broker/mock-cluster.js';
import type { Dataset } from '../lib/data.js';
import { MapCount, PARTITIONS, Progress, TOPIC, streamsSide, verifyCounts } from '../lib/e2e.js';
import { log, runCase, type Trial } from '../lib/harness.js';

const PRODUCE_CHUNK = 5_000;

interface KafkaEnv {
  readonly cluster: MockCluster;
  readonly kafka: Kafka;
  readonly producer: Producer;
}

let env: Promise<KafkaEnv> | undefined;

/** Starts the mock cluster and produces the dataset once (the first setup of either side). */
function kafkaEnv(data: Dataset): Promise<KafkaEnv> {
  env ??= (async () => {
    const t0 = performance.now();
    const binary = buildKmock(); // throws what to install when librdkafka-dev or cc is missing
    const cluster = await MockCluster.start(binary, 3);
    await cluster.createTopic(TOPIC, PARTITIONS);
    const kafka = new Kafka({ clientId: 'bench', brokers: cluster.bootstrap.split(','), connectionTimeout: 1_000, requestTimeout: 5_000, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const records = data.records;
    for (let from = 0; from < records.length; from += PRODUCE_CHUNK) {
      const messages = [];
      for (let i = from; i < Math.min(records.length, from + PRODUCE_CHUNK); i++) {
        const r = records[i] as (typeof records)[number];
        messages.push({ key: r.key, value: r.value, partition: defaultPartition(r.key as Buffer, PARTITIONS), timestamp: String(r.timestamp) });
      }
      await producer.send({ topic: TOPIC, acks: -1, messages });
    }
    log(`e2e-kafka: mock cluster at ${cluster.bootstrap}; produced ${records.length.toLocaleString('en-US')} records in ${(performance.now() - t0).toFixed(0)} ms`);
    return { cluster, kafka, producer };
  })();
  return env;
}

/** What the shared baseline consumer counts into during the current run. */
let current: { readonly progress: Progress; readonly count: MapCount } | undefined;
let baselineConsumer: Promise<Consumer> | undefined;

/**
 * One raw consumer for every baseline run: it joins its group once (the mock cluster delays a new group's first
 * join by 3 s, which a run does not time anyway), and each run seeks every partition back to 0 and resumes;
 * between runs its partitions are paused so that it does not fetch while the subject runs.
 */
function rawConsumer(kafka: Kafka): Promise<Consumer> {
  baselineConsumer ??= (async () => {
    // The settings KafkajsTransport gets from MockCluster.url().
    const consumer = kafka.consumer({
      groupId: `bench-raw-${process.pid}`,
      sessionTimeout: 3_000,
      heartbeatInterval: 500,
      rebalanceTimeout: 10_000,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const run = current;
        if (run === undefined) return;
        for (const m of batch.messages) {
          run.count.add(m.key, m.value);
          run.progress.onRecord();
        }
      },
    });
    return consumer;
  })();
  return baselineConsumer;
}

let baselineRuns = 0;

await runCase({
  name: 'e2e-kafka',
  description: 'KafkaStreams count over kafka:// (mock cluster, 6 partitions) vs raw kafkajs eachBatch consume + Map count',
  data: { records: 200_000, keys: 10_000, topic: TOPIC },
  goal: { id: 'E1', target: 0.7, floor: 0.5 },
  baseline: {
    label: 'kafkajs eachBatch',
    async setup(data): Promise<Trial> {
      const { kafka } = await kafkaEnv(data);
      const progress = new Progress(data.records.length);
      const count = new MapCount();
      const first = baselineRuns++ === 0;
      return {
        async run() {
          current = { progress, count };
          const consumer = await rawConsumer(kafka); // the first run starts it (fromBeginning)
          if (!first) {
            for (let partition = 0; partition < PARTITIONS; partition++) consumer.seek({ topic: TOPIC, partition, offset: '0' });
            consumer.resume([{ topic: TOPIC }]);
          }
          await progress.wait(() => 'raw kafkajs consumer');
        },
        elapsedMs: () => progress.elapsedMs(),
        verify: () => verifyCounts(data, (key) => count.counts.get(key)),
        async close() {
          (await rawConsumer(kafka)).pause([{ topic: TOPIC }]);
          current = undefined;
        },
      };
    },
  },
  subject: streamsSide(
    async (data) => (await kafkaEnv(data)).cluster.url(),
    async (topology, applicationId) => {
      // The mock cluster has no CreateTopics: create the app's changelog topic as the integration tests do.
      const { cluster } = (await env) as KafkaEnv;
      const probe: Pick<Transport, 'partitionCount'> = { partitionCount: async (topic) => (topic === TOPIC ? PARTITIONS : undefined) };
      const plan = await planTopics(topologyModel(topology), applicationId, probe as Transport, cluster.url());
      for (const spec of plan.internalTopics) await cluster.createTopic(spec.name, spec.partitions);
    },
  ),
});

if (env !== undefined) {
  const started = await env.catch(() => undefined);
  await (await baselineConsumer?.catch(() => undefined))?.disconnect().catch(() => undefined);
  await started?.producer.disconnect().catch(() => undefined);
  await started?.cluster.stop();
}
// A run that failed midway may leave a consumer connected; the result has been reported.
process.exit();
