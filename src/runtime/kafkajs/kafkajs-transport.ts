import { randomUUID } from 'node:crypto';
import {
  Kafka,
  logLevel,
  type Admin,
  type Cluster,
  type Consumer,
  type EachBatchPayload,
  type IHeaders,
  type KafkaMessage,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import { StreamsError } from '../../errors.js';
import { silentLogger, type Logger } from '../../internal/logger.js';
import { defaultPartition } from '../../internal/murmur2.js';
import type { Headers } from '../../serdes/serde.js';
import type { ProducedRecord } from '../record-collector.js';
import type { InputRecord } from '../stream-task.js';
import { tpKey, type GroupConsumer, type GroupListener, type Subscription, type TopicPartition, type TopicSpec, type Transport } from '../transport.js';
import { copartitionedAssigner } from './copartitioned-assigner.js';

/** Settings of the kafka:// transport; every field can also be given as a query parameter of the URL. */
export interface KafkajsTransportOptions {
  /** `host:port` of the bootstrap brokers. */
  readonly brokers: readonly string[];
  /** @default 'kstreams' */
  readonly clientId?: string;
  readonly logger?: Logger;
  /** @default 10_000 */
  readonly sessionTimeoutMs?: number;
  /** @default 1_000 */
  readonly heartbeatIntervalMs?: number;
  /** @default 30_000 */
  readonly rebalanceTimeoutMs?: number;
  /** How long a Fetch may wait for data. Keep it ≤ 100 on librdkafka's mock (mock-broker.md, finding 5). @default 100 */
  readonly maxWaitTimeMs?: number;
  /** The assigner's SyncGroup delay that librdkafka's mock needs with 2+ members (mock-broker.md, finding 4). @default 0 */
  readonly assignDelayMs?: number;
  /** Fetched records held for poll() before kafkajs' fetch loop waits (heartbeating) for room. @default 10_000 */
  readonly maxQueuedRecords?: number;
  /** @default 3_000 */
  readonly connectionTimeoutMs?: number;
  /** @default 10_000 */
  readonly requestTimeoutMs?: number;
  /** Retries of one request before its error reaches the runtime (exponential backoff, 100 ms → 1 s). @default 30 */
  readonly retries?: number;
}

const NUMBER_OPTIONS = [
  'sessionTimeoutMs',
  'heartbeatIntervalMs',
  'rebalanceTimeoutMs',
  'maxWaitTimeMs',
  'assignDelayMs',
  'maxQueuedRecords',
  'connectionTimeoutMs',
  'requestTimeoutMs',
  'retries',
] as const;

/**
 * Reads `kafka://host:port,host:port?sessionTimeoutMs=3000&assignDelayMs=300` or a list of `host:port`.
 * @example parseKafkaUrl('kafka://127.0.0.1:9092') // { brokers: ['127.0.0.1:9092'] }
 */
export function parseKafkaUrl(servers: string | readonly string[]): KafkajsTransportOptions {
  if (typeof servers !== 'string') return { brokers: servers.map((s) => s.replace(/^kafka:\/\//, '')) };
  const rest = servers.replace(/^kafka:\/\//, '');
  const [hosts = '', query = ''] = rest.split('?', 2);
  const brokers = hosts.split(',').map((h) => h.trim()).filter((h) => h.length > 0);
  if (brokers.length === 0) throw new StreamsError('INVALID_CONFIG', `bootstrapServers ${servers}: no broker given; expected kafka://host:port[,host:port…].`);
  const options: Record<string, unknown> = { brokers };
  const params = new URLSearchParams(query);
  const bad: string[] = [];
  for (const [name, value] of params) {
    if (name === 'clientId') options['clientId'] = value;
    else if ((NUMBER_OPTIONS as readonly string[]).includes(name) && /^\d+$/.test(value)) options[name] = Number(value);
    else bad.push(`${name}=${value}`);
  }
  if (bad.length > 0) {
    throw new StreamsError('INVALID_CONFIG', `bootstrapServers ${servers}: unknown or invalid parameters ${bad.join(', ')}; known: clientId, ${NUMBER_OPTIONS.join(', ')} (whole numbers).`);
  }
  return options as unknown as KafkajsTransportOptions;
}

/** Errors of a member whose group has moved on: its commit is lost and its records will be processed again. */
function isRebalance(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return type === 'REBALANCE_IN_PROGRESS' || type === 'ILLEGAL_GENERATION' || type === 'UNKNOWN_MEMBER_ID' || type === 'NOT_COORDINATOR_FOR_GROUP';
}

/** Maps a kafkajs error to a StreamsError (code BROKER, or UNKNOWN_TOPIC), keeping whether a retry may help. */
export function toStreamsError(error: unknown, action: string): StreamsError {
  if (error instanceof StreamsError) return error;
  // kafkajs' error classes are not named exports under Node's ESM loader, so read their fields instead of instanceof.
  const original = (error as { originalError?: unknown } | null)?.originalError;
  const retriable = (error as { retriable?: unknown } | null)?.retriable === true || (original as { retriable?: unknown } | null)?.retriable === true;
  const type = (error as { type?: unknown } | null)?.type ?? (original as { type?: unknown } | null)?.type;
  const message = error instanceof Error ? error.message : String(error);
  return new StreamsError(
    type === 'UNKNOWN_TOPIC_OR_PARTITION' ? 'UNKNOWN_TOPIC' : 'BROKER',
    `kafka:// ${action} failed: ${message}${typeof type === 'string' ? ` (${type})` : ''}.${retriable ? ' The error is retriable: the broker may be unavailable for a while.' : ''}`,
    { retriable, cause: error },
  );
}

/** What read() needs of a kafkajs Fetch response. */
interface FetchResponse {
  readonly responses: readonly { readonly topicName: string; readonly partitions: readonly { readonly partition: number; readonly messages: readonly FetchedMessage[] }[] }[];
}

type FetchedMessage = KafkaMessage & { readonly isControlRecord?: boolean };

type CreateCluster = (options: { allowAutoTopicCreation?: boolean; isolationLevel?: number }) => Cluster;

function inputHeaders(headers: IHeaders | undefined): Headers {
  const out: Headers = {};
  if (headers === undefined) return out;
  for (const [name, value] of Object.entries(headers)) out[name] = Array.isArray(value) ? value[value.length - 1] : value;
  return out;
}

function toInput(topic: string, partition: number, m: KafkaMessage): InputRecord {
  return {
    topic,
    partition,
    offset: BigInt(m.offset),
    key: m.key ?? null,
    value: m.value ?? null,
    timestamp: Number(m.timestamp),
    headers: inputHeaders(m.headers),
  };
}

function kafkajsLogger(logger: Logger) {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, ...fields } = log;
      const text = `kafkajs ${namespace}: ${message}`;
      if (level === logLevel.ERROR) logger.error(text, fields);
      else if (level === logLevel.WARN) logger.warn(text, fields);
      else if (level === logLevel.INFO) logger.info(text, fields);
      else logger.debug(text, fields);
    };
}

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
    const byPartition = new Map<string, { topic: string; partition: number; messages: { key: Buffer | null; value: Buffer | null; partition: number; timestamp: string; headers: IHeaders }[] }>();
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
    const byTopic = new Map<string, { key: Buffer | null; value: Buffer | null; partition: number; timestamp: string; headers: IHeaders }[]>();
    for (const entry of byPartition.values()) {
      const list = byTopic.get(entry.topic) ?? [];
      list.push(...entry.messages);
      byTopic.set(entry.topic, list);
    }
    const producer = await this.#producerClient();
    const acks = await this.#call('send', () => producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) }));
    for (const ack of acks) {
      const key = tpKey({ topic: ack.topicName, partition: ack.partition });
      const sent = byPartition.get(key)?.messages.length ?? 0;
      if (ack.baseOffset === undefined || sent === 0) continue;
      const offset = BigInt(ack.baseOffset) + BigInt(sent);
      if ((next.get(key) ?? -1n) < offset) next.set(key, offset);
    }
    return next;
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
        ({ records, next } = await this.#fetchOnce(tp, offset));
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
      const inRange = records.filter((r) => r.offset < to);
      if (inRange.length > 0) yield inRange;
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

  async #fetchOnce(tp: TopicPartition, offset: bigint): Promise<{ records: InputRecord[]; next: bigint }> {
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
          if (m.isControlRecord !== true) records.push(toInput(tp.topic, tp.partition, m));
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

interface QueuedBatch {
  readonly generation: number;
  readonly records: InputRecord[];
}

/**
 * A group member over a kafkajs consumer. kafkajs pushes batches (eachBatch); poll() pulls them from a bounded
 * queue. While the queue is full, eachBatch waits and heartbeats, so the member stays in the group while the
 * runtime restores or processes. Rebalances are eager, as in kafkajs: when a heartbeat inside eachBatch reports
 * one, the runtime revokes (and commits) before kafkajs rejoins; when kafkajs notices it elsewhere (between
 * fetches), the runtime revokes after the rejoin and commits only partitions it still owns, so a moved partition
 * is processed again from its last commit (at least once). A new assignment (GROUP_JOIN) is handed to the
 * runtime in the next poll(), which restores its tasks before any of its records are returned.
 */
class KafkajsGroupConsumer implements GroupConsumer {
  readonly #consumer: Consumer;
  readonly #options: KafkajsTransportOptions;
  readonly #subscription: Subscription;
  readonly #listener: GroupListener;
  readonly #logger: Logger;
  readonly #onClose: () => void;
  #memberId = `pending-${randomUUID()}`;
  /** GROUP_JOINs seen; queued batches carry the generation they were fetched in. */
  #generation = 0;
  #assignment: TopicPartition[] = [];
  /** The generation whose assignment the runtime holds (0: none yet). */
  #applied = 0;
  #owned: TopicPartition[] = [];
  #holding = false;
  #queue: QueuedBatch[] = [];
  #queued = 0;
  #wakePoll: (() => void) | undefined;
  #wakeBatch: (() => void)[] = [];
  #revokeRequest: { promise: Promise<void>; resolve: () => void } | undefined;
  #crash: unknown;
  #closed = false;

  constructor(
    kafka: Kafka,
    options: KafkajsTransportOptions,
    readonly groupId: string,
    subscription: Subscription,
    listener: GroupListener,
    logger: Logger,
    onClose: () => void,
  ) {
    this.#options = options;
    this.#subscription = subscription;
    this.#listener = listener;
    this.#logger = logger.child('group');
    this.#onClose = onClose;
    this.#consumer = kafka.consumer({
      groupId,
      partitionAssigners: [copartitionedAssigner({ subscription, owned: () => this.#owned, delayMs: options.assignDelayMs ?? 0 })],
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 1_000,
      rebalanceTimeout: options.rebalanceTimeoutMs ?? 30_000,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 100,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: options.retries ?? 30, restartOnFailure: async () => !this.#closed },
    });
    const { GROUP_JOIN, CRASH } = this.#consumer.events;
    this.#consumer.on(GROUP_JOIN, (event) => {
      this.#generation++;
      this.#memberId = event.payload.memberId;
      this.#assignment = Object.entries(event.payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })));
      this.#logger.info('joined group', { groupId, memberId: event.payload.memberId, partitions: this.#assignment.length, leader: event.payload.isLeader });
      this.#wake();
    });
    this.#consumer.on(CRASH, (event) => {
      this.#logger.warn('consumer crashed', { groupId, error: event.payload.error.message, restart: event.payload.restart });
      if (!event.payload.restart && !this.#closed) {
        this.#crash = event.payload.error;
        this.#wake();
      }
    });
  }

  get memberId(): string {
    return this.#memberId;
  }

  async start(): Promise<void> {
    try {
      await this.#consumer.connect();
      await this.#consumer.subscribe({ topics: [...this.#subscription.topics], fromBeginning: this.#subscription.offsetReset === 'earliest' });
    } catch (error) {
      throw toStreamsError(error, `joining group ${this.groupId}`);
    }
    this.#consumer
      .run({ autoCommit: false, eachBatchAutoResolve: true, partitionsConsumedConcurrently: 1, eachBatch: (payload) => this.#onBatch(payload) })
      .catch((error: unknown) => {
        this.#crash = error;
        this.#wake();
      });
  }

  async poll(maxWaitMs: number): Promise<InputRecord[]> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      if (this.#closed) return [];
      if (this.#crash !== undefined) throw toStreamsError(this.#crash, `consuming for group ${this.groupId}`);
      await this.#rebalance();
      const records = this.#take();
      if (records.length > 0) return records;
      const left = deadline - Date.now();
      if (left <= 0) return [];
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wakePoll = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wakePoll = undefined;
    }
  }

  async commit(offsets: ReadonlyMap<string, TopicPartition & { offset: bigint }>): Promise<void> {
    // After kafkajs rejoined and before the runtime saw the new assignment, only partitions still owned may be
    // committed: a moved partition's new owner starts from its last commit.
    const filter = this.#generation !== this.#applied ? new Set(this.#assignment.map(tpKey)) : undefined;
    const list = [...offsets].filter(([key]) => filter === undefined || filter.has(key)).map(([, tp]) => ({ topic: tp.topic, partition: tp.partition, offset: tp.offset.toString() }));
    if (list.length === 0) return;
    try {
      await this.#consumer.commitOffsets(list);
    } catch (error) {
      if (isRebalance(error)) {
        // Kafka Streams' TaskMigratedException under at-least-once: the group moved on, these records will be
        // processed again by whoever owns the partitions now.
        this.#logger.warn('commit rejected: the group is rebalancing; uncommitted records will be processed again', { groupId: this.groupId, error: (error as Error).message });
        return;
      }
      throw toStreamsError(error, `committing offsets of group ${this.groupId}`);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      if (this.#holding) await this.#revoke();
    } finally {
      this.#closed = true;
      this.#wake();
      this.#onClose();
      await this.#consumer.disconnect().catch((error: unknown) => this.#logger.warn('disconnect failed', { error: String(error) }));
    }
  }

  /** Applies a pending revocation request and a new generation's assignment, in that order. */
  async #rebalance(): Promise<void> {
    const request = this.#revokeRequest;
    if (request !== undefined) {
      if (this.#holding) await this.#revoke();
      this.#revokeRequest = undefined;
      request.resolve();
    }
    while (this.#generation !== this.#applied && !this.#closed) {
      const generation = this.#generation;
      const assignment = this.#assignment;
      if (this.#holding) await this.#revoke();
      this.#applied = generation;
      this.#queue = this.#queue.filter((b) => b.generation === generation);
      this.#queued = this.#queue.reduce((n, b) => n + b.records.length, 0);
      this.#owned = assignment;
      this.#holding = true;
      await this.#listener.onPartitionsAssigned(assignment);
    }
  }

  /** The runtime commits and closes its tasks; batches fetched in the revoked generation are dropped (kafkajs refetches from the commit). */
  async #revoke(): Promise<void> {
    try {
      await this.#listener.onPartitionsRevoked(this.#owned);
    } finally {
      const applied = this.#applied;
      this.#owned = [];
      this.#holding = false;
      this.#queue = this.#queue.filter((b) => b.generation > applied);
      this.#queued = this.#queue.reduce((n, b) => n + b.records.length, 0);
      this.#releaseBatches();
    }
  }

  #take(): InputRecord[] {
    if (!this.#holding || this.#queue.length === 0) return [];
    const out: InputRecord[] = [];
    for (const batch of this.#queue) if (batch.generation === this.#applied) for (const r of batch.records) out.push(r);
    this.#queue = [];
    this.#queued = 0;
    this.#releaseBatches();
    return out;
  }

  async #onBatch({ batch, heartbeat, isRunning }: EachBatchPayload): Promise<void> {
    const generation = this.#generation;
    if (this.#closed) return;
    if (batch.messages.length > 0) {
      this.#queue.push({ generation, records: batch.messages.map((m) => toInput(batch.topic, batch.partition, m)) });
      this.#queued += batch.messages.length;
      this.#wake();
    }
    const limit = this.#options.maxQueuedRecords ?? 10_000;
    const interval = this.#options.heartbeatIntervalMs ?? 1_000;
    do {
      if (this.#queued > limit) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, interval);
          this.#wakeBatch.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      try {
        await heartbeat();
      } catch (error) {
        if (isRebalance(error)) await this.#revokeBeforeRejoin();
        throw error;
      }
    } while (this.#queued > limit && !this.#closed && isRunning() && generation === this.#generation);
  }

  /** Asks poll() to revoke (commit and close tasks) while the old generation can still commit, then lets kafkajs rejoin. */
  async #revokeBeforeRejoin(): Promise<void> {
    if (this.#closed || !this.#holding) return;
    if (this.#revokeRequest === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.#revokeRequest = { promise, resolve };
      this.#wake();
    }
    let timer: NodeJS.Timeout | undefined;
    const limit = (this.#options.rebalanceTimeoutMs ?? 30_000) / 2;
    await Promise.race([this.#revokeRequest.promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, limit)))]);
    clearTimeout(timer);
  }

  #wake(): void {
    this.#wakePoll?.();
    this.#releaseBatches();
  }

  #releaseBatches(): void {
    const waiters = this.#wakeBatch;
    this.#wakeBatch = [];
    for (const wake of waiters) wake();
  }
}
