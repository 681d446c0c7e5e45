import {
  Kafka,
  logLevel,
  type Admin,
  type Cluster,
  type IHeaders,
  type Producer,
} from 'kafkajs';
import { StreamsError } from '../../errors.js';
import { silentLogger, type Logger } from '../../internal/logger.js';
import { defaultPartition } from '../../internal/murmur2.js';
import type { ProducedRecord } from '../record-collector.js';
import type { InputRecord } from '../stream-task.js';
import { tpKey, type GroupConsumer, type GroupListener, type Subscription, type TopicPartition, type TopicSpec, type Transport } from '../transport.js';
import { KafkajsGroupConsumer } from './kafkajs-group-consumer.js';
import { kafkajsLogger, parseKafkaUrl, toInput, toStreamsError, type CreateCluster, type FetchResponse, type KafkajsTransportOptions } from './kafkajs-support.js';

export { parseKafkaUrl, toStreamsError, type KafkajsTransportOptions } from './kafkajs-support.js';

/** A message as kafkajs' producer takes it. */
interface OutgoingMessage {
  key: Buffer | null;
  value: Buffer | null;
  partition: number;
  timestamp: string;
  headers: IHeaders;
}

/** Most messages per partition in one produce request (see send()). */
const SEND_CHUNK = 256;

/**
 * The Transport over Kafka with kafkajs (`kafka://host:port,…`). The only module that imports kafkajs.
 * Group membership runs on a kafkajs consumer whose push model (eachBatch) is turned into poll(); sends go
 * through one producer (acks=all); end offsets come from the admin client; changelog restoration fetches
 * partitions directly from their leaders, with no consumer group.
 */
export class KafkajsTransport implements Transport {
  readonly options: KafkajsTransportOptions;
  readonly kafka: Kafka;
  readonly #logger: Logger;
  #admin: Promise<Admin> | undefined;
  #producer: Promise<Producer> | undefined;
  #cluster: Promise<Cluster> | undefined;
  readonly #consumers = new Set<KafkajsGroupConsumer>();
  readonly #partitions = new Map<string, number>();
  #roundRobin = 0;

  constructor(options: KafkajsTransportOptions) {
    this.options = options;
    this.#logger = (options.logger ?? silentLogger).child('kafkajs');
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'kstreams',
      brokers: [...options.brokers],
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: options.retries ?? 30 },
      logLevel: logLevel.WARN,
      logCreator: kafkajsLogger(this.#logger),
    });
  }

  static for(servers: string | readonly string[], logger?: Logger): KafkajsTransport {
    return new KafkajsTransport({ ...parseKafkaUrl(servers), ...(logger === undefined ? {} : { logger }) });
  }

  async createTopics(specs: readonly TopicSpec[]): Promise<void> {
    const admin = await this.#adminClient();
    const existing = new Set(await this.#call('list topics', () => admin.listTopics()));
    const missing = specs.filter((s) => !existing.has(s.name));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          configEntries: Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
    } catch (error) {
      const names = missing.map((s) => `${s.name} (${s.partitions} partitions)`).join(', ');
      throw toStreamsError(error, `creating topics ${names} (create them beforehand where the cluster does not support CreateTopics)`);
    }
  }

  async partitionCount(topic: string): Promise<number | undefined> {
    const admin = await this.#adminClient();
    // Metadata for an unknown topic may auto-create it, so look it up in the topic list first.
    const topics = await this.#call('list topics', () => admin.listTopics());
    if (!topics.includes(topic)) return undefined;
    const metadata = await this.#call(`metadata of ${topic}`, () => admin.fetchTopicMetadata({ topics: [topic] }));
    const count = metadata.topics.find((t) => t.name === topic)?.partitions.length;
    if (count !== undefined) this.#partitions.set(topic, count);
    return count;
  }

  async join(groupId: string, subscription: Subscription, listener: GroupListener): Promise<GroupConsumer> {
    const member = new KafkajsGroupConsumer(this.kafka, this.options, groupId, subscription, listener, this.#logger, () => this.#consumers.delete(member));
    this.#consumers.add(member);
    await member.start();
    return member;
  }

  async send(records: readonly ProducedRecord[]): Promise<ReadonlyMap<string, bigint>> {
    const next = new Map<string, bigint>();
    if (records.length === 0) return next;
    const byPartition = new Map<string, { topic: string; partition: number; messages: OutgoingMessage[] }>();
    for (const r of records) {
      let partition = r.partition;
      if (partition === undefined) {
        const count = this.#partitions.get(r.topic) ?? (await this.partitionCount(r.topic));
        if (count === undefined) throw new StreamsError('UNKNOWN_TOPIC', `kafka:// send failed: topic ${r.topic} does not exist. Create it before starting the application.`);
        partition = r.key === null ? this.#roundRobin++ % count : defaultPartition(r.key, count);
      }
      const key = tpKey({ topic: r.topic, partition });
      let entry = byPartition.get(key);
      if (entry === undefined) byPartition.set(key, (entry = { topic: r.topic, partition, messages: [] }));
      const headers: IHeaders = {};
      for (const [name, value] of Object.entries(r.headers)) if (value !== undefined) headers[name] = value;
      entry.messages.push({ key: r.key, value: r.value, partition, timestamp: String(r.timestamp), headers });
    }
    const producer = await this.#producerClient();
    // kafkajs groups a request's messages by partition in time quadratic in their number per partition (it copies
    // the partition's array for every message): big flushes go as several requests of at most SEND_CHUNK messages
    // per partition, one after the other, so each partition's records keep their order.
    for (let from = 0; ; from += SEND_CHUNK) {
      const byTopic = new Map<string, OutgoingMessage[]>();
      const sent = new Map<string, number>();
      for (const [key, entry] of byPartition) {
        if (from >= entry.messages.length) continue;
        const chunk = entry.messages.slice(from, from + SEND_CHUNK);
        sent.set(key, chunk.length);
        const list = byTopic.get(entry.topic);
        if (list === undefined) byTopic.set(entry.topic, chunk);
        else for (const m of chunk) list.push(m);
      }
      if (byTopic.size === 0) break;
      const acks = await this.#call('send', () => producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) }));
      for (const ack of acks) {
        const key = tpKey({ topic: ack.topicName, partition: ack.partition });
        const count = sent.get(key) ?? 0;
        if (ack.baseOffset === undefined || count === 0) continue;
        const offset = BigInt(ack.baseOffset) + BigInt(count);
        if ((next.get(key) ?? -1n) < offset) next.set(key, offset);
      }
    }
    return next;
  }

  /** Connects the producer and loads the topics' metadata (kafkajs loads it on a topic's first send otherwise). */
  async prepareSend(topics: readonly string[]): Promise<void> {
    if (topics.length === 0) return;
    const producer = await this.#producerClient();
    // A batch without messages fetches the metadata of its topics and sends no produce request.
    await this.#call(`metadata of ${topics.join(', ')}`, () => producer.sendBatch({ acks: -1, topicMessages: topics.map((topic) => ({ topic, messages: [] })) }));
  }

  async endOffset(tp: TopicPartition): Promise<bigint> {
    // ListOffsets (latest) through the restore cluster: admin.fetchTopicOffsets also asks for the earliest offsets
    // and fails on a partial answer, and only the latest is needed here.
    for (let attempt = 1; ; attempt++) {
      try {
        const cluster = await this.#restoreCluster();
        await cluster.addTargetTopic(tp.topic);
        const [topic] = await cluster.fetchTopicsOffset([{ topic: tp.topic, partitions: [{ partition: tp.partition }], fromBeginning: false }]);
        const entry = topic?.partitions.find((p) => p.partition === tp.partition);
        if (entry === undefined) throw new StreamsError('UNKNOWN_TOPIC', `kafka:// end offset failed: ${tp.topic} has no partition ${tp.partition}.`);
        return BigInt(entry.offset);
      } catch (error) {
        const mapped = toStreamsError(error, `end offset of ${tp.topic}[${tp.partition}]`);
        if (!mapped.retriable || attempt > (this.options.retries ?? 30)) throw mapped;
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 100 * 2 ** Math.min(attempt, 4))));
      }
    }
  }

  /** Fetches [from, to) of one partition straight from its leader (no group), retrying while the broker is unavailable. */
  async *read(tp: TopicPartition, from: bigint, to: bigint): AsyncIterable<readonly InputRecord[]> {
    let offset = from;
    let failures = 0;
    while (offset < to) {
      let records: InputRecord[];
      let next: bigint;
      try {
        ({ records, next } = await this.#fetchOnce(tp, offset, to));
        failures = 0;
      } catch (error) {
        const mapped = toStreamsError(error, `reading ${tp.topic}[${tp.partition}] at ${offset}`);
        if (!mapped.retriable || ++failures > (this.options.retries ?? 30)) throw mapped;
        this.#logger.warn('restore fetch failed; retrying', { topic: tp.topic, partition: tp.partition, error: mapped.message });
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 100 * 2 ** Math.min(failures, 4))));
        const cluster = await this.#restoreCluster();
        await cluster.refreshMetadata().catch(() => undefined);
        continue;
      }
      if (records.length > 0) yield records;
      if (next > offset) offset = next;
    }
  }

  async close(): Promise<void> {
    for (const member of [...this.#consumers]) await member.close();
    const admin = this.#admin;
    const producer = this.#producer;
    const cluster = this.#cluster;
    this.#admin = this.#producer = this.#cluster = undefined;
    await Promise.allSettled([admin?.then((a) => a.disconnect()), producer?.then((p) => p.disconnect()), cluster?.then((c) => c.disconnect())]);
  }

  /** The records of one fetch in [offset, to), and the offset after the last one fetched. */
  async #fetchOnce(tp: TopicPartition, offset: bigint, to: bigint): Promise<{ records: InputRecord[]; next: bigint }> {
    const cluster = await this.#restoreCluster();
    await cluster.addTargetTopic(tp.topic);
    const leaders = cluster.findLeaderForPartitions(tp.topic, [tp.partition]);
    const leader = Object.keys(leaders)[0];
    if (leader === undefined) throw new StreamsError('BROKER', `no leader for ${tp.topic}[${tp.partition}]`, { retriable: true });
    const broker = await cluster.findBroker({ nodeId: leader });
    const response = (await broker.fetch({
      maxWaitTime: 100,
      minBytes: 1,
      maxBytes: 8 * 1024 * 1024,
      isolationLevel: 1,
      topics: [{ topic: tp.topic, partitions: [{ partition: tp.partition, fetchOffset: String(offset), maxBytes: 4 * 1024 * 1024 }] }],
    })) as FetchResponse;
    const records: InputRecord[] = [];
    let next = offset;
    for (const t of response.responses) {
      for (const p of t.partitions) {
        if (t.topicName !== tp.topic || p.partition !== tp.partition) continue;
        for (const m of p.messages) {
          const at = BigInt(m.offset);
          if (at < offset) continue;
          if (at + 1n > next) next = at + 1n;
          if (m.isControlRecord !== true && at < to) records.push(toInput(tp.topic, tp.partition, m));
        }
      }
    }
    return { records, next };
  }

  async #call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toStreamsError(error, action);
    }
  }

  #adminClient(): Promise<Admin> {
    this.#admin ??= (async () => {
      const admin = this.kafka.admin({ retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: this.options.retries ?? 30 } });
      await this.#call('connecting the admin client', () => admin.connect());
      return admin;
    })();
    return this.#admin;
  }

  #producerClient(): Promise<Producer> {
    this.#producer ??= (async () => {
      const producer = this.kafka.producer({ allowAutoTopicCreation: false, retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: this.options.retries ?? 30 } });
      await this.#call('connecting the producer', () => producer.connect());
      return producer;
    })();
    return this.#producer;
  }

  /** A kafkajs cluster of our own for partition fetches: kafkajs has no group-less consumer, so read() talks to leaders directly. */
  #restoreCluster(): Promise<Cluster> {
    this.#cluster ??= (async () => {
      const symbol = Object.getOwnPropertySymbols(this.kafka).find((s) => s.description === 'private:Kafka:createCluster');
      const create = symbol === undefined ? undefined : (this.kafka as unknown as Record<symbol, CreateCluster | undefined>)[symbol];
      if (create === undefined) throw new StreamsError('ILLEGAL_STATE', 'kafka:// restore: this kafkajs version does not expose its cluster factory; kstreams needs kafkajs 2.2.4.');
      const cluster = create.call(this.kafka, { allowAutoTopicCreation: false, isolationLevel: 1 });
      await this.#call('connecting the restore client', () => cluster.connect());
      return cluster;
    })();
    return this.#cluster;
  }
}
