import { resolveConfig, type ResolvedStreamsConfig, type StreamsConfig } from '../config.js';
import { StreamsError } from '../errors.js';
import { systemClock, type Clock } from '../internal/clock.js';
import { silentLogger, type Logger } from '../internal/logger.js';
import { topologyModel, type Topology, type TopologyModel } from '../topology/topology.js';
import type { KeyValueStore, TimestampedKeyValueStore } from '../state/key-value-store.js';
import { EmbeddedTransport } from './embedded/embedded-transport.js';
import { KafkajsTransport } from './kafkajs/kafkajs-transport.js';
import { Lifecycle, type StateListener, type StreamsState } from './lifecycle.js';
import { existingOutputTopics, planTopics } from './internal-topics.js';
import { TaskManager } from './task-manager.js';
import { GlobalStateTask } from './global-state-task.js';
import type { GroupConsumer, Transport } from './transport.js';
import type { StreamsMetric } from './task-metrics.js';
import { allStreamsClientsMetadata, queryMetadataForKey, type KeyQueryMetadata, type StreamsMetadata } from './query-metadata.js';
import type { Serde } from '../serdes/serde.js';

/** Injectable collaborators (tests, the CLI). */
export interface KafkaStreamsOptions {
  readonly transport?: Transport;
  readonly logger?: Logger;
  readonly clock?: Clock;
}

const POLL_WAIT_MS = 100;
/** How often the global stores catch up with their topics. */
const GLOBAL_POLL_INTERVAL_MS = 100;

/**
 * Runs a topology against a broker (Kafka Streams' KafkaStreams): joins the consumer group `applicationId`,
 * turns assigned partitions into tasks, restores their state, processes records and commits every
 * `commitIntervalMs` (at least once: stores flushed, output sent, then offsets committed; the sending and the offset
 * commit overlap with processing the next records where the stores are in memory).
 * `bootstrapServers: 'memory://'` (the default) runs on the in-process EmbeddedBroker.
 *
 * @example
 * const streams = new KafkaStreams(builder.build(), { applicationId: 'taxi', bootstrapServers: 'memory://' });
 * await streams.start();
 * …
 * await streams.close();
 */
export class KafkaStreams {
  readonly config: ResolvedStreamsConfig;
  readonly #model: TopologyModel;
  readonly #lifecycle = new Lifecycle();
  readonly #transport: Transport;
  readonly #logger: Logger;
  readonly #clock: Clock;
  #manager: TaskManager | undefined;
  #global: GlobalStateTask | undefined;
  #consumer: GroupConsumer | undefined;
  #partitionCounts: ReadonlyMap<string, number> = new Map();
  #loop: Promise<void> | undefined;
  #stopping = false;
  #failure: unknown;

  constructor(topology: Topology, config: StreamsConfig, options: KafkaStreamsOptions = {}) {
    this.config = resolveConfig(config);
    this.#model = topologyModel(topology);
    this.#logger = (options.logger ?? silentLogger).child('streams');
    this.#clock = options.clock ?? systemClock;
    this.#transport = options.transport ?? transportFor(this.config.bootstrapServers, this.#logger);
  }

  /** The current state (CREATED → REBALANCING → RUNNING → PENDING_SHUTDOWN → NOT_RUNNING, or ERROR). */
  get state(): StreamsState {
    return this.#lifecycle.state;
  }

  /** Called on every state change. */
  setStateListener(listener: StateListener): void {
    this.#lifecycle.setListener(listener);
  }

  /** Creates internal topics, joins the group and starts processing; resolves once the first assignment is running. */
  async start(): Promise<void> {
    if (this.state !== 'CREATED') throw new StreamsError('ILLEGAL_STATE', `start() may only be called once; the instance is ${this.state}.`);
    this.#lifecycle.transition('REBALANCING');
    try {
      const url = typeof this.config.bootstrapServers === 'string' ? this.config.bootstrapServers : this.config.bootstrapServers.join(',');
      const plan = await planTopics(this.#model, this.config.applicationId, this.#transport, url);
      await this.#transport.createTopics(plan.internalTopics);
      const counts = new Map<string, number>();
      for (const spec of plan.internalTopics) counts.set(spec.name, spec.partitions);
      const physical = (t: string) => (this.#model.internalTopics.has(t) ? `${this.config.applicationId}-${t}` : t);
      const subtopologies = this.#model.subtopologies();
      for (const s of subtopologies) for (const t of s.sourceTopics) counts.set(physical(t), (await this.#transport.partitionCount(physical(t))) ?? 1);
      this.#partitionCounts = counts;
      if (this.#transport.prepareSend !== undefined) await this.#transport.prepareSend(await existingOutputTopics(this.#model, plan, this.#transport));
      const global = new GlobalStateTask(this.#model, this.config, this.#transport, this.#clock, this.#logger);
      this.#global = global;
      await global.bootstrap(url); // global stores are complete before any task processes a record
      const manager = new TaskManager(this.#model, this.config, this.#transport, counts, this.#clock, this.#logger, global.stores);
      this.#manager = manager;
      const topicGroups = subtopologies.map((s) => s.sourceTopics.map(physical));
      let assigned!: () => void;
      const firstAssignment = new Promise<void>((resolve) => (assigned = resolve));
      this.#consumer = await this.#transport.join(
        this.config.applicationId,
        { topics: topicGroups.flat(), topicGroups, offsetReset: 'earliest', ...(this.config.applicationServer === undefined ? {} : { applicationServer: this.config.applicationServer }) },
        {
          onPartitionsRevoked: async () => {
            if (this.state === 'RUNNING') this.#lifecycle.transition('REBALANCING');
            await manager.revokeAll((offsets) => (this.#consumer as GroupConsumer).commit(offsets));
          },
          onPartitionsAssigned: async (partitions) => {
            await manager.assign(partitions);
            if (this.state === 'REBALANCING') this.#lifecycle.transition('RUNNING');
            assigned();
          },
        },
      );
      this.#loop = this.#run();
      await Promise.race([firstAssignment, this.#loop]);
    } catch (error) {
      this.#fail(error);
      throw error;
    }
  }

  /** Stops processing, commits, closes tasks and leaves the group. Resolves when done (or after `timeoutMs`). */
  async close(options: { timeoutMs?: number } = {}): Promise<boolean> {
    if (this.state === 'NOT_RUNNING' || this.state === 'ERROR') return true;
    if (this.state !== 'PENDING_SHUTDOWN') this.#lifecycle.transition('PENDING_SHUTDOWN');
    this.#stopping = true;
    const shutdown = (async () => {
      await this.#loop;
      await this.#consumer?.close();
      await this.#global?.close();
      await this.#transport.close();
    })();
    const timeoutMs = options.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      shutdown.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    this.#lifecycle.transition('NOT_RUNNING');
    return finished;
  }

  /** Read-only access to a local key-value store (interactive queries); timestamped DSL stores show values only. */
  store<K, V>(name: string): Pick<KeyValueStore<K, V>, 'get' | 'all' | 'range' | 'approximateNumEntries'> {
    const manager = this.#manager;
    const global = this.#global?.stores.get(name);
    const stores = global !== undefined ? [global] : [...(manager?.tasks.values() ?? [])].map((t) => t.task.getStore(name)).filter((s) => s !== undefined);
    if (stores.length === 0) throw new StreamsError('UNKNOWN_STATE_STORE', `No local store named ${name}: it is not part of this topology, or no task that owns it runs on this instance.`);
    const timestamped = this.#model.stores.get(name)?.builder.storeType === 'timestampedKeyValue';
    const unwrap = (v: unknown) => (timestamped && v !== undefined ? (v as { value: V }).value : (v as V | undefined));
    const kv = stores as unknown as (KeyValueStore<K, V> | TimestampedKeyValueStore<K, V>)[];
    return {
      get: (key) => {
        for (const s of kv) {
          const v = unwrap((s as KeyValueStore<K, unknown>).get(key));
          if (v !== undefined) return v;
        }
        return undefined;
      },
      all: () => mergeAll(kv.map((s) => (s as KeyValueStore<K, unknown>).all()), unwrap),
      range: (from, to) => mergeAll(kv.map((s) => (s as KeyValueStore<K, unknown>).range(from, to)), unwrap),
      approximateNumEntries: () => kv.reduce((n, s) => n + s.approximateNumEntries(), 0),
    };
  }

  /** Which instance (by its `applicationServer`) hosts `key` of `storeName`, and the key's partition (Kafka's queryMetadataForKey). */
  queryMetadataForKey<K>(storeName: string, key: K, keySerializer: Pick<Serde<K>, 'serialize'>): Promise<KeyQueryMetadata> {
    return queryMetadataForKey(this.#metadataSource(), storeName, key, keySerializer);
  }

  /** Every instance of the application that set an `applicationServer`, with its stores and partitions. */
  metadataForAllStreamsClients(): Promise<StreamsMetadata[]> {
    return allStreamsClientsMetadata(this.#metadataSource());
  }

  #metadataSource() {
    return { model: this.#model, config: this.config, partitionCounts: this.#partitionCounts, consumer: this.#consumer };
  }

  /** Task metrics under Kafka's names. */
  metrics(): StreamsMetric[] {
    return [...(this.#manager?.tasks.values() ?? [])].flatMap((t) => t.task.metrics.snapshot('stream-thread-1'));
  }

  async #run(): Promise<void> {
    const manager = this.#manager as TaskManager;
    const consumer = this.#consumer as GroupConsumer;
    let lastCommit = this.#clock.nowMs();
    let lastGlobalPoll = lastCommit;
    // Global topics are read alongside processing (Kafka's GlobalStreamThread), not in between: on kafka:// a poll
    // is a broker round trip per partition, which the stream loop does not wait for.
    let globalPoll: Promise<void> | undefined;
    let globalFailure: { error: unknown } | undefined;
    try {
      while (!this.#stopping) {
        if (globalFailure !== undefined) throw globalFailure.error;
        const global = this.#global;
        if (global !== undefined && globalPoll === undefined && this.#clock.nowMs() - lastGlobalPoll >= GLOBAL_POLL_INTERVAL_MS) {
          globalPoll = global.poll().then(
            () => {
              lastGlobalPoll = this.#clock.nowMs();
              globalPoll = undefined;
            },
            (error: unknown) => {
              globalFailure = { error };
              globalPoll = undefined;
            },
          );
        }
        const records = await consumer.poll(POLL_WAIT_MS);
        manager.add(records);
        await manager.process();
        await manager.punctuate();
        await manager.flushProducer();
        // A commit due while the previous one is still sending waits until that one is done; processing goes on.
        if (this.#clock.nowMs() - lastCommit >= this.config.commitIntervalMs && !manager.committing) {
          await manager.commitInBackground((offsets) => consumer.commit(offsets));
          lastCommit = this.#clock.nowMs();
        }
      }
      await globalPoll;
      if (globalFailure !== undefined) throw globalFailure.error;
      await manager.commit((offsets) => consumer.commit(offsets));
    } catch (error) {
      await globalPoll;
      this.#failure = error;
      this.#fail(error);
      throw error;
    }
  }

  #fail(error: unknown): void {
    this.#logger.error('stream thread failed', { error: error instanceof Error ? error.message : String(error) });
    if (this.state !== 'PENDING_ERROR' && this.state !== 'ERROR') {
      this.#lifecycle.transition('PENDING_ERROR');
      this.#lifecycle.transition('ERROR');
    }
  }
}

/** The transport of a bootstrapServers setting (memory:// → the embedded broker). */
export function transportFor(servers: string | readonly string[], logger?: Logger): Transport {
  const url = typeof servers === 'string' ? servers : (servers[0] ?? '');
  if (url.startsWith('memory://') || url === 'memory:') return EmbeddedTransport.for(url);
  if (url.startsWith('kafka://') || typeof servers !== 'string') return KafkajsTransport.for(servers, logger);
  throw new StreamsError('INVALID_CONFIG', `bootstrapServers ${String(servers)}: expected memory://, kafka://host:port[,host:port…] or a list of "host:port".`);
}

function mergeAll<K, V>(iterators: Iterable<{ key: K; value: unknown }>[], unwrap: (v: unknown) => V | undefined) {
  const entries = iterators.flatMap((it) => [...it]).map((e) => ({ key: e.key, value: unwrap(e.value) as V }));
  return {
    close: () => undefined,
    [Symbol.iterator]: () => entries[Symbol.iterator](),
    async *[Symbol.asyncIterator]() {
      yield* entries;
    },
  };
}
