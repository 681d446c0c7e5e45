// Shared by the integration tests: the two transports as test environments, producing, reading and waiting.
import { inject } from 'vitest';
import type { Serde } from '../../src/index.js';
import type { Topology } from '../../src/topology/topology.js';
import { topologyModel } from '../../src/topology/topology.js';
import { planTopics } from '../../src/runtime/internal-topics.js';
import { EmbeddedTransport } from '../../src/runtime/embedded/embedded-transport.js';
import { KafkajsTransport } from '../../src/runtime/kafkajs/kafkajs-transport.js';
import type { InputRecord } from '../../src/runtime/stream-task.js';
import type { Transport } from '../../src/runtime/transport.js';
import { MockCluster } from '../broker/mock-cluster.js';

/** A broker to run a test against: the in-process memory:// broker or a librdkafka mock cluster over kafka://. */
export interface TestEnv {
  readonly name: 'memory' | 'kafka';
  /** bootstrapServers for KafkaStreams. */
  readonly url: string;
  /** A client of the test itself (produce, read); not the application's. */
  readonly client: Transport;
  readonly cluster: MockCluster | undefined;
  createTopic(name: string, partitions: number): Promise<void>;
  stop(): Promise<void>;
}

let memoryCount = 0;

export async function startEnv(name: 'memory' | 'kafka', brokers = 3): Promise<TestEnv> {
  if (name === 'memory') {
    const url = `memory://integration-${process.pid}-${++memoryCount}`;
    const client = EmbeddedTransport.for(url);
    return { name, url, client, cluster: undefined, createTopic: (topic, partitions) => client.createTopics([{ name: topic, partitions }]), stop: () => client.close() };
  }
  const cluster = await MockCluster.start(inject('kmockPath'), brokers);
  const url = cluster.url();
  const client = KafkajsTransport.for(url);
  return {
    name,
    url,
    client,
    cluster,
    createTopic: (topic, partitions) => cluster.createTopic(topic, partitions),
    stop: async () => {
      await client.close();
      await cluster.stop();
    },
  };
}

/**
 * Creates the internal topics a topology needs (repartition and changelog) with the partition counts the runtime
 * would choose. The mock cluster has no CreateTopics (mock-broker.md finding 2), so tests create them up front.
 */
export async function createInternalTopics(env: TestEnv, topology: Topology, applicationId: string, sources: ReadonlyMap<string, number>): Promise<string[]> {
  const probe: Pick<Transport, 'partitionCount'> = { partitionCount: async (topic) => sources.get(topic) };
  const plan = await planTopics(topologyModel(topology), applicationId, probe as Transport, env.url);
  for (const spec of plan.internalTopics) await env.createTopic(spec.name, spec.partitions);
  return plan.internalTopics.map((s) => s.name);
}

export interface Input<K, V> {
  readonly key: K;
  readonly value: V;
  readonly timestamp: number;
}

/** Sends records (partitioned by key, as the Java client does) and resolves once they are durable. */
export async function produce<K, V>(env: TestEnv, topic: string, records: readonly Input<K, V>[], keySerde: Serde<K>, valueSerde: Serde<V>): Promise<void> {
  for (let i = 0; i < records.length; i += 500) {
    await env.client.send(
      records.slice(i, i + 500).map((r) => ({
        topic,
        partition: undefined,
        key: keySerde.serialize(topic, r.key),
        value: valueSerde.serialize(topic, r.value),
        timestamp: r.timestamp,
        headers: {},
      })),
    );
  }
}

/** Every record of a topic, partition by partition. */
export async function readTopic(client: Transport, topic: string, partitions: number): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  for (let partition = 0; partition < partitions; partition++) {
    const end = await client.endOffset({ topic, partition });
    for await (const batch of client.read({ topic, partition }, 0n, end)) out.push(...batch);
  }
  return out;
}

/** The last value per key of a topic, decoded and turned into strings (a table's final state). */
export async function finalTable<K, V>(client: Transport, topic: string, partitions: number, keySerde: Serde<K>, valueSerde: Serde<V>): Promise<Map<string, string>> {
  const table = new Map<string, string>();
  for (const r of await readTopic(client, topic, partitions)) table.set(String(keySerde.deserialize(topic, r.key)), String(valueSerde.deserialize(topic, r.value)));
  return table;
}

/** Awaits a condition, checking every `everyMs`; fails after `timeoutMs` with `describe()` of the last state. */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs: number, describe: () => string = () => '', everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Sorted entries, for readable comparisons. */
export function sorted(map: ReadonlyMap<string, string>): [string, string][] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
