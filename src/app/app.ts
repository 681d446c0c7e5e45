import type { StreamsConfig } from '../config.js';
import { IllegalStateError } from '../errors.js';
import { silentLogger, type Logger } from '../internal/logger.js';
import { Serdes } from '../serdes/primitives.js';
import type { Headers, Serde } from '../serdes/serde.js';
import type { Topology } from '../topology/topology.js';
import { StreamsBuilder } from '../dsl/streams-builder.js';
import type { KStream } from '../dsl/kstream.js';
import { Consumed, Named, Produced, Repartitioned } from '../dsl/options.js';
import { KafkaStreams, transportFor } from '../runtime/kafka-streams.js';
import type { StreamsState } from '../runtime/lifecycle.js';
import type { StreamsMetric } from '../runtime/task-metrics.js';
import type { Transport } from '../runtime/transport.js';
import { EmbeddedBroker } from '../runtime/embedded/embedded-broker.js';
import { AgentDef, type AgentFn, type AgentOptions } from './agent.js';
import type { OutgoingBytes } from './scope.js';
import { Table, type TableOptions } from './table.js';
import { AppTopic, type TopicOptions } from './topic.js';

/** Options of `new App(...)`. */
export interface AppOptions {
  /** The application id: consumer group and prefix of internal topics. */
  readonly id: string;
  /** `memory://` (in-process, the default) or `kafka://host:9092,…`. `streams-run … --broker` overrides it. */
  readonly broker?: string;
  /** Where tables keep their LevelDB stores. @default the KafkaStreams default (`<tmpdir>/kstreams`) */
  readonly stateDir?: string;
  /** `persistent` (LevelDB, the default) or `in_memory` tables and DSL stores. */
  readonly store?: 'persistent' | 'in_memory';
  /** Further KafkaStreams settings (commitIntervalMs, processingGuarantee, …). */
  readonly config?: Omit<StreamsConfig, 'applicationId' | 'bootstrapServers'>;
}

/** Options of `app.start()`. */
export interface StartOptions {
  readonly broker?: string;
  readonly logger?: Logger;
  /** Overrides the App's stateDir (tests, `streams-run … --state-dir`). */
  readonly stateDir?: string;
}

/** What a background task receives: the app and a signal that aborts when the app stops. */
export interface TaskContext {
  readonly app: App;
  readonly signal: AbortSignal;
}

const APP_BRAND = Symbol.for('kstreams.App');
const outgoingSerde: Serde<OutgoingBytes> = {
  serialize: (_topic, data) => data.bytes,
  deserialize: () => {
    throw new TypeError('The agent send sink never reads');
  },
};

/**
 * A Faust-style application: topics, agents, tables, timers and DSL topologies, compiled into one Topology
 * and run by one KafkaStreams (API.md "Faust-style apps and the CLI").
 *
 * @example
 * const app = new App({ id: 'taxi', broker: process.env.BROKER ?? 'memory://' });
 * const rides = app.topic('rides', { key: Serdes.String(), value: Serdes.JSON<TaxiRide>() });
 * app.agent(rides, async (stream) => { for await (const ride of stream) console.log(ride.total_amount); });
 * export default app;
 */
export class App {
  readonly [APP_BRAND] = true;
  readonly id: string;
  readonly #options: AppOptions;
  readonly #topics = new Map<string, AppTopic<unknown, unknown>>();
  readonly #agents: AgentDef<unknown, unknown>[] = [];
  readonly #tables = new Map<string, Table<unknown, unknown, unknown>>();
  readonly #timers: { intervalMs: number; fn: (ctx: TaskContext) => unknown }[] = [];
  readonly #tasks: ((ctx: TaskContext) => unknown)[] = [];
  readonly #dsl: ((builder: StreamsBuilder, app: App) => void)[] = [];
  #topology: Topology | undefined;
  #builder: StreamsBuilder | undefined;
  readonly #sources = new Map<string, KStream<unknown, unknown>>();
  #streams: KafkaStreams | undefined;
  #transport: Transport | undefined;
  #broker: string;
  #logger: Logger = silentLogger;
  #abort = new AbortController();
  readonly #intervals: NodeJS.Timeout[] = [];
  readonly #running: Promise<unknown>[] = [];
  readonly #created = new Set<string>();
  #stateListener: ((state: StreamsState, old: StreamsState) => void) | undefined;
  #failure: unknown;

  constructor(options: AppOptions) {
    if (typeof options?.id !== 'string' || options.id === '') throw new TypeError(`App expects a non-empty id; received ${String(options?.id)}`);
    this.id = options.id;
    this.#options = options;
    this.#broker = options.broker ?? 'memory://';
  }

  /** True for an App (also one loaded from another copy of the package). */
  static isApp(value: unknown): value is App {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[APP_BRAND] === true;
  }

  /** The broker URL the app runs against (after start: the one it was started with). */
  get broker(): string {
    return this.#broker;
  }

  get state(): StreamsState | 'CREATED' {
    return this.#streams?.state ?? 'CREATED';
  }

  /** The first error an agent (or the stream thread) failed with, if any. */
  get failure(): unknown {
    return this.#failure;
  }

  /** Called on every state change of the underlying KafkaStreams (RUNNING, ERROR, …). */
  onStateChange(listener: (state: StreamsState, old: StreamsState) => void): void {
    this.#stateListener = listener;
  }

  get agents(): readonly { name: string; topic: string; concurrency: number; groupBy: boolean }[] {
    return this.#agents.map((a) => ({ name: a.name, topic: a.topic.name, concurrency: a.concurrency, groupBy: a.groupBy !== undefined }));
  }

  get tables(): readonly { name: string; windowed: boolean }[] {
    return [...this.#tables.values()].map((t) => ({ name: t.name, windowed: t.windowed !== undefined }));
  }

  get topics(): readonly { name: string; partitions: number }[] {
    return [...this.#topics.values()].map((t) => ({ name: t.name, partitions: t.partitions }));
  }

  /** Declares a topic with its serdes. */
  topic<K, V>(name: string, options: TopicOptions<K, V>): AppTopic<K, V> {
    this.#mutable('topic()');
    if (this.#topics.has(name)) throw new IllegalStateError(`Topic ${name} is declared twice in App ${this.id}`);
    const topic = new AppTopic<K, V>(name, options, {
      sendOutside: (t, records) => this.#sendOutside(t, records),
      streamOf: (t) => this.#streamOf(t),
    });
    this.#topics.set(name, topic as unknown as AppTopic<unknown, unknown>);
    return topic;
  }

  /** Declares an agent: `fn` runs once per partition of `topic` and iterates that partition's records. */
  agent<K, V>(topic: AppTopic<K, V>, fn: AgentFn<K, V>, options: AgentOptions = {}): AgentDef<K, V> {
    this.#mutable('agent()');
    const name = options.name ?? (fn.name !== '' ? fn.name : `agent-${this.#agents.length}`);
    if (this.#agents.some((a) => a.name === name)) throw new IllegalStateError(`Two agents are named ${name}; pass { name } to tell them apart`);
    const def = new AgentDef<K, V>(name, topic, fn, options);
    this.#agents.push(def as unknown as AgentDef<unknown, unknown>);
    return def;
  }

  /** Declares a table (changelog-backed store; LevelDB unless the App says `store: 'in_memory'`). */
  table<K, V>(name: string, options: TableOptions<K, V> & { default: () => V }): Table<K, V, V>;
  table<K, V>(name: string, options?: TableOptions<K, V>): Table<K, V, V | undefined>;
  table<K, V>(name: string, options: TableOptions<K, V> = {}): Table<K, V, unknown> {
    this.#mutable('table()');
    if (this.#tables.has(name)) throw new IllegalStateError(`Table ${name} is declared twice in App ${this.id}`);
    const host = { persistent: this.#options.store !== 'in_memory', lookup: (store: string, key: unknown) => this.#lookup(store, key) };
    const table = new Table<K, V, unknown>(name, options, options.key ?? Serdes.JSON<K>(), options.value ?? Serdes.JSON<V>(), host);
    this.#tables.set(name, table as unknown as Table<unknown, unknown, unknown>);
    return table;
  }

  /** Calls `fn` every `intervalMs` while the app runs (once per worker, outside agents). */
  timer(intervalMs: number, fn: (ctx: TaskContext) => unknown): void {
    if (!Number.isInteger(intervalMs) || intervalMs < 1) throw new RangeError(`timer expects a positive interval in ms; received ${intervalMs}`);
    this.#timers.push({ intervalMs, fn });
  }

  /** Runs `fn` once when the app has started (Faust's `@app.task`); its signal aborts on stop. */
  task(fn: (ctx: TaskContext) => unknown): void {
    this.#tasks.push(fn);
  }

  /** Adds DSL topologies; they share the app's Topology and KafkaStreams (use `topic.stream()` for app topics). */
  streams(fn: (builder: StreamsBuilder, app: App) => void): void {
    this.#mutable('streams()');
    this.#dsl.push(fn);
  }

  /** Builds (once) the one Topology of tables, agents and DSL parts. */
  async topology(): Promise<Topology> {
    if (this.#topology !== undefined) return this.#topology;
    for (const agent of this.#agents) await agent.probe();
    const builder = new StreamsBuilder();
    this.#builder = builder;
    try {
      for (const table of this.#tables.values()) builder.addStateStore(table.storeBuilder());
      const tableNames = [...this.#tables.keys()];
      for (const agent of this.#agents) {
        let stream = this.#streamOf(agent.topic);
        const selector = agent.groupBy;
        if (selector !== undefined) {
          stream = stream
            .selectKey((_key, value) => selector(value), Named.as(`${agent.name}-groupby`))
            .repartition(
              Repartitioned.as<unknown, unknown>(`${agent.name}-groupby`)
                .withKeySerde(Serdes.JSON())
                .withValueSerde(agent.topic.options.value)
                .withNumberOfPartitions(agent.topic.partitions),
            );
        }
        stream
          .process(agent.processor(this.#logger, (error) => (this.#failure ??= error)), Named.as(`AGENT-${agent.name}`), ...tableNames)
          .to((_key, value) => value.topic, Produced.with<Buffer | null, OutgoingBytes>(Serdes.Buffer() as Serde<Buffer | null>, outgoingSerde));
      }
      for (const fn of this.#dsl) fn(builder, this);
      this.#topology = builder.build();
    } finally {
      this.#builder = undefined;
    }
    return this.#topology;
  }

  /** The topology in Kafka Streams' describe() layout. */
  async describe(): Promise<string> {
    return (await this.topology()).describe().toString();
  }

  /** Creates the app's topics, joins the group, restores tables and starts agents, timers and tasks. */
  async start(options: StartOptions = {}): Promise<void> {
    if (this.#streams !== undefined) throw new IllegalStateError(`App ${this.id} is already started`);
    if (options.logger !== undefined) this.#logger = options.logger;
    if (options.broker !== undefined) this.#broker = options.broker;
    const topology = await this.topology();
    const transport = this.#transportNow();
    await transport.createTopics([...this.#topics.values()].map((t) => ({ name: t.name, partitions: t.partitions })));
    for (const t of this.#topics.keys()) this.#created.add(t);
    const streams = new KafkaStreams(
      topology,
      {
        ...this.#options.config,
        applicationId: this.id,
        bootstrapServers: this.#broker,
        ...((options.stateDir ?? this.#options.stateDir) === undefined ? {} : { stateDir: options.stateDir ?? this.#options.stateDir }),
        ...(this.#options.store === undefined ? {} : { defaultDslStore: this.#options.store }),
      },
      { transport, logger: this.#logger },
    );
    this.#streams = streams;
    streams.setStateListener((state, old) => this.#stateListener?.(state, old));
    await streams.start();
    this.#abort = new AbortController();
    const ctx: TaskContext = { app: this, signal: this.#abort.signal };
    const guard = (what: string, run: () => unknown) => {
      try {
        const result = run();
        if (result instanceof Promise) this.#running.push(result.catch((error: unknown) => this.#logger.error(`${what} failed`, { error })));
      } catch (error) {
        this.#logger.error(`${what} failed`, { error });
      }
    };
    for (const timer of this.#timers) this.#intervals.push(setInterval(() => guard('timer', () => timer.fn(ctx)), timer.intervalMs));
    for (const task of this.#tasks) guard('task', () => task(ctx));
  }

  /** Stops timers and tasks, finishes the records in hand, commits, closes stores and leaves the group. */
  async stop(options: { timeoutMs?: number } = {}): Promise<boolean> {
    for (const interval of this.#intervals.splice(0)) clearInterval(interval);
    this.#abort.abort();
    await Promise.all(this.#running.splice(0));
    const streams = this.#streams;
    if (streams === undefined) {
      // Never started, but it may have sent (a producer): close the connection that opened.
      await this.#transport?.close();
      this.#transport = undefined;
      this.#created.clear();
      return true;
    }
    return streams.close(options);
  }

  /** Task metrics under Kafka's names. */
  metrics(): StreamsMetric[] {
    return this.#streams?.metrics() ?? [];
  }

  /** Reads a table (any local partition); undefined for unknown tables and keys. */
  lookup(table: string, key: unknown): unknown {
    if (!this.#tables.has(table)) return undefined;
    return this.#tables.get(table)?.get(key);
  }

  /** Committed offsets of the app's group per topic partition (memory:// only; undefined on other brokers). */
  committedOffsets(): Map<string, bigint> | undefined {
    if (!this.#broker.startsWith('memory:')) return undefined;
    const broker = EmbeddedBroker.for(this.#broker);
    const out = new Map<string, bigint>();
    for (const topic of broker.topicNames()) {
      for (let p = 0; p < (broker.partitionCount(topic) ?? 0); p++) {
        const offset = broker.committedOffset(this.id, topic, p);
        if (offset !== undefined) out.set(`${topic}[${p}]`, offset);
      }
    }
    return out;
  }

  #lookup(store: string, key: unknown): unknown {
    if (this.#streams === undefined) throw new IllegalStateError(`Table ${store} can be read outside agents only while the app runs`);
    return this.#streams.store(store).get(key);
  }

  #streamOf<K, V>(topic: AppTopic<K, V>): KStream<K, V> {
    const builder = this.#builder;
    if (builder === undefined) throw new IllegalStateError(`topic.stream() works only inside app.streams(builder => …), while the App builds its topology`);
    let stream = this.#sources.get(topic.name);
    if (stream === undefined) {
      stream = builder.stream(topic.name, Consumed.with(topic.options.key, topic.options.value)) as KStream<unknown, unknown>;
      this.#sources.set(topic.name, stream);
    }
    return stream as KStream<K, V>;
  }

  #transportNow(): Transport {
    this.#transport ??= transportFor(this.#broker, this.#logger);
    return this.#transport;
  }

  async #sendOutside(topic: string, records: readonly { key: Buffer | null; value: Buffer | null; timestamp?: number; headers?: Headers }[]): Promise<void> {
    const transport = this.#transportNow();
    if (!this.#created.has(topic)) {
      await transport.createTopics([{ name: topic, partitions: this.#topics.get(topic)?.partitions ?? 1 }]);
      this.#created.add(topic);
    }
    await transport.send(records.map((r) => ({ topic, partition: undefined, key: r.key, value: r.value, timestamp: r.timestamp ?? Date.now(), headers: r.headers ?? {} })));
  }

  #mutable(what: string): void {
    if (this.#topology !== undefined) throw new IllegalStateError(`App ${this.id}: ${what} after the topology was built (declare everything before start() or describe())`);
  }
}
