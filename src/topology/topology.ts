import type { Serde } from '../serdes/serde.js';
import type { StateStore, StoreBuilder } from '../state/store.js';
import type { TimestampExtractor } from '../config.js';
import { CopartitionError, DuplicateNodeNameError, DuplicateSourceTopicError, TopologyError, UnknownStateStoreError } from '../errors.js';
import { requireFunction, requireNonEmptyString } from '../internal/assert.js';
import type { ProcessorSupplier } from './processor.js';
import { describeTopology, nodeGroups, type TopologyDescription, type TopologyDescriptionInput } from './describe.js';
import type { StreamPartitioner, TopicNameExtractor } from './sink-types.js';

/**
 * A serde built around the config's default serde when the node is created in a task, for internal topics
 * whose format wraps a user type (e.g. a Change of the default value serde).
 */
export interface DefaultSerdeWrapper<T = unknown> {
  readonly wrapsDefault: (inner: Serde<unknown>) => Serde<T>;
}

/** A serde, or a wrapper of the default serde. */
export type SerdeOption<T> = Serde<T> | DefaultSerdeWrapper<T>;

/** The serde to use: `option`, or the default (wrapped if `option` wraps it); undefined if neither exists. */
export function resolveSerde(option: SerdeOption<unknown> | undefined, fallback: Serde<unknown> | undefined): Serde<unknown> | undefined {
  if (option === undefined) return fallback;
  if ('wrapsDefault' in option) return fallback === undefined ? undefined : option.wrapsDefault(fallback);
  return option;
}

/** Options of a source node. */
export interface SourceOptions<K = unknown, V = unknown> {
  keySerde?: SerdeOption<K> | undefined;
  valueSerde?: SerdeOption<V> | undefined;
  timestampExtractor?: TimestampExtractor | undefined;
  offsetReset?: 'earliest' | 'latest' | undefined;
}

/** Options of a sink node. */
export interface SinkOptions<K = unknown, V = unknown> {
  keySerde?: SerdeOption<K> | undefined;
  valueSerde?: SerdeOption<V> | undefined;
  partitioner?: StreamPartitioner<K, V> | undefined;
}

export interface SourceNodeDef {
  readonly kind: 'source';
  readonly name: string;
  readonly topics: readonly string[];
  readonly options: SourceOptions;
}

export interface ProcessorNodeDef {
  readonly kind: 'processor';
  readonly name: string;
  readonly supplier: ProcessorSupplier<unknown, unknown, unknown, unknown>;
  readonly parents: string[];
  readonly stores: string[];
}

export interface SinkNodeDef {
  readonly kind: 'sink';
  readonly name: string;
  readonly topic: string | TopicNameExtractor<unknown, unknown>;
  readonly options: SinkOptions;
  readonly parents: string[];
}

export type NodeDef = SourceNodeDef | ProcessorNodeDef | SinkNodeDef;

/** A repartition topic the topology creates and owns (`<applicationId>-<name>`). */
export interface InternalTopicDef {
  readonly name: string;
  readonly partitions: number | undefined;
}

/** A sub-topology: the unit that becomes one task per partition. */
export interface Subtopology {
  readonly id: number;
  readonly nodeNames: readonly string[];
  readonly sourceTopics: readonly string[];
  readonly storeNames: readonly string[];
}

/**
 * A global store: a store filled from every partition of one topic by its own source and processor (Kafka's
 * addGlobalStore). Its nodes form a group of their own that never becomes a task; the runtime bootstraps it, and
 * every processor may read it.
 */
export interface GlobalStoreDef {
  readonly storeName: string;
  readonly sourceName: string;
  readonly topic: string;
  readonly processorName: string;
}

/** What the runtime and the test driver read from a topology. Not part of the public API. */
export interface TopologyModel {
  readonly nodes: ReadonlyMap<string, NodeDef>;
  readonly stores: ReadonlyMap<string, { readonly builder: StoreBuilder; users: string[] }>;
  readonly internalTopics: ReadonlyMap<string, InternalTopicDef>;
  readonly copartitionGroups: readonly (readonly string[])[];
  readonly sourceTopicToNode: ReadonlyMap<string, string>;
  /** Global stores by store name. */
  readonly globalStores: ReadonlyMap<string, GlobalStoreDef>;
  subtopologies(): Subtopology[];
}

const models = new WeakMap<Topology, TopologyModel>();

/** The model behind a topology, for the runtime and the test driver. */
export function topologyModel(topology: Topology): TopologyModel {
  const model = models.get(topology);
  if (model === undefined) throw new TypeError('Expected a Topology built by new Topology() or StreamsBuilder.build()');
  return model;
}

/**
 * A graph of source, processor and sink nodes with their state stores: what runs as tasks.
 * Build one with the Processor API below, or with `StreamsBuilder.build()`.
 *
 * @example
 * const topology = new Topology()
 *   .addSource('in', 'words', { keySerde: Serdes.String(), valueSerde: Serdes.String() })
 *   .addProcessor('upper', () => ({ process: (r, ctx) => ctx.forward(r.withValue(r.value.toUpperCase())) }), 'in')
 *   .addSink('out', 'upper-words', 'upper');
 */
export class Topology {
  readonly #nodes = new Map<string, NodeDef>();
  readonly #stores = new Map<string, { builder: StoreBuilder; users: string[] }>();
  readonly #internalTopics = new Map<string, InternalTopicDef>();
  readonly #copartitionGroups: string[][] = [];
  readonly #sourceTopicToNode = new Map<string, string>();
  readonly #globalStores = new Map<string, GlobalStoreDef>();

  constructor() {
    const nodes = this.#nodes;
    const stores = this.#stores;
    models.set(this, {
      nodes,
      stores,
      internalTopics: this.#internalTopics,
      copartitionGroups: this.#copartitionGroups,
      sourceTopicToNode: this.#sourceTopicToNode,
      globalStores: this.#globalStores,
      subtopologies: () => this.#subtopologies(),
    });
  }

  /** Adds a source node reading `topics` (internal repartition topics are named without the application id). */
  addSource(name: string, topics: string | readonly string[], options: SourceOptions = {}): this {
    this.#checkNewName(name);
    const list = typeof topics === 'string' ? [topics] : [...topics];
    if (list.length === 0) throw new TopologyError(`Source ${name} must read at least one topic.`);
    for (const topic of list) {
      requireNonEmptyString('topic', topic);
      const other = this.#sourceTopicToNode.get(topic);
      if (other !== undefined) {
        throw new DuplicateSourceTopicError(
          topic,
          `Topic ${topic} has already been registered by another source (${other}). ` +
            'Read each topic once: reuse the KStream/KTable you built from it, or merge() streams instead of subscribing twice.',
        );
      }
    }
    for (const topic of list) this.#sourceTopicToNode.set(topic, name);
    this.#nodes.set(name, { kind: 'source', name, topics: list, options });
    return this;
  }

  /** Adds a processor node fed by `parentNames`. */
  addProcessor<KIn, VIn, KOut, VOut>(name: string, supplier: ProcessorSupplier<KIn, VIn, KOut, VOut>, ...parentNames: string[]): this {
    this.#checkNewName(name);
    requireFunction('supplier', supplier);
    this.#checkParents(name, parentNames);
    this.#nodes.set(name, {
      kind: 'processor',
      name,
      supplier: supplier as unknown as ProcessorSupplier<unknown, unknown, unknown, unknown>,
      parents: [...parentNames],
      stores: [],
    });
    return this;
  }

  /** Adds a sink node writing to `topic` (or to the topic a function picks per record), fed by `parentNames`. */
  addSink<K, V>(name: string, topic: string | TopicNameExtractor<K, V>, ...rest: [SinkOptions<K, V>, ...string[]] | string[]): this {
    this.#checkNewName(name);
    const [first, ...others] = rest;
    const options = typeof first === 'object' ? first : {};
    const parentNames = typeof first === 'object' ? (others as string[]) : (rest as string[]);
    if (typeof topic === 'string') requireNonEmptyString('topic', topic);
    else requireFunction('topic', topic);
    this.#checkParents(name, parentNames);
    this.#nodes.set(name, {
      kind: 'sink',
      name,
      topic: topic as string | TopicNameExtractor<unknown, unknown>,
      options: options as SinkOptions,
      parents: [...parentNames],
    });
    return this;
  }

  /** Adds a state store and connects it to the named processors. */
  addStateStore(builder: StoreBuilder<StateStore>, ...processorNames: string[]): this {
    if (this.#stores.has(builder.name)) {
      throw new TopologyError(`A state store named ${builder.name} has already been added. Give each store its own name.`);
    }
    this.#stores.set(builder.name, { builder, users: [] });
    for (const processorName of processorNames) this.#connect(processorName, builder.name);
    return this;
  }

  /** Gives `processorName` access to stores added before. */
  connectProcessorAndStateStores(processorName: string, ...storeNames: string[]): this {
    for (const storeName of storeNames) this.#connect(processorName, storeName);
    return this;
  }

  /**
   * Adds a global store (Kafka's addGlobalStore): `sourceName` reads every partition of `topic` and hands each record
   * to the processor `processorName`, which keeps `storeBuilder`'s store up to date. Every processor of the topology
   * may read the store with getStateStore(); the topic is its changelog, so the store must not log changes.
   */
  addGlobalStore<K, V>(
    storeBuilder: StoreBuilder<StateStore>,
    sourceName: string,
    topic: string,
    sourceOptions: SourceOptions<K, V>,
    processorName: string,
    supplier: ProcessorSupplier<K, V, never, never>,
  ): this {
    if (storeBuilder.loggingEnabled) {
      throw new TopologyError(`StateStore ${storeBuilder.name} for global table must not have logging enabled. Build it with .withLoggingDisabled().`);
    }
    this.addSource(sourceName, topic, sourceOptions as SourceOptions);
    this.addProcessor(processorName, supplier, sourceName);
    this.addStateStore(storeBuilder, processorName);
    this.#globalStores.set(storeBuilder.name, { storeName: storeBuilder.name, sourceName, topic, processorName });
    return this;
  }

  /** A description of the nodes, sub-topologies and stores; `toString()` prints Kafka Streams' exact layout. */
  describe(): TopologyDescription {
    return describeTopology(this.#describeInput());
  }

  /** @internal Declares a repartition topic owned by this topology. */
  addInternalTopic(name: string, partitions?: number): this {
    this.#internalTopics.set(name, { name, partitions });
    return this;
  }

  /** @internal Declares topics that must have the same number of partitions (join inputs). */
  addCopartitionGroup(topics: readonly string[]): this {
    const known = topics.flatMap((topic) => {
      const partitions = this.#internalTopics.get(topic)?.partitions;
      return partitions === undefined ? [] : [`${topic} (${partitions} partitions)`];
    });
    const counts = new Set(topics.map((topic) => this.#internalTopics.get(topic)?.partitions).filter((n) => n !== undefined));
    if (counts.size > 1) {
      throw new CopartitionError(
        `Following topics do not have the same number of partitions: [${known.join(', ')}]. The inputs of a join must be ` +
          'co-partitioned: repartition one side with repartition(Repartitioned.numberOfPartitions(n)) so that both have the same number of partitions.',
      );
    }
    this.#copartitionGroups.push([...topics]);
    return this;
  }

  #connect(processorName: string, storeName: string): void {
    const node = this.#nodes.get(processorName);
    if (node === undefined || node.kind !== 'processor') {
      throw new TopologyError(`Processor ${processorName} is not added yet. Add the processor before connecting state stores to it.`);
    }
    const store = this.#stores.get(storeName);
    if (store === undefined) {
      throw new UnknownStateStoreError(
        storeName,
        `StateStore ${storeName} is not added yet. Add it with builder.addStateStore(Stores.keyValueStoreBuilder(...)) ` +
          `(or topology.addStateStore) before naming it in ${processorName}.`,
      );
    }
    if (!node.stores.includes(storeName)) node.stores.push(storeName);
    if (!store.users.includes(processorName)) store.users.push(processorName);
  }

  #checkNewName(name: string): void {
    requireNonEmptyString('name', name);
    if (this.#nodes.has(name)) {
      throw new DuplicateNodeNameError(name, `Processor ${name} is already added. Give each node a unique name (Named.as(...)).`);
    }
  }

  #checkParents(name: string, parentNames: readonly string[]): void {
    if (parentNames.length === 0) throw new TopologyError(`Processor ${name} must have at least one parent.`);
    for (const parent of parentNames) {
      if (parent === name) throw new TopologyError(`Processor ${name} cannot be a parent of itself.`);
      const node = this.#nodes.get(parent);
      if (node === undefined) throw new TopologyError(`Parent processor ${parent} is not added yet for ${name}.`);
      if (node.kind === 'sink') throw new TopologyError(`Sink ${parent} cannot be used as a parent of ${name}.`);
    }
  }

  #describeInput(): TopologyDescriptionInput {
    const nodes = [...this.#nodes.values()].map((node) => {
      switch (node.kind) {
        case 'source':
          return { name: node.name, kind: node.kind, predecessors: [], topics: node.topics };
        case 'processor':
          return { name: node.name, kind: node.kind, predecessors: node.parents, stores: node.stores };
        case 'sink':
          return typeof node.topic === 'string'
            ? { name: node.name, kind: node.kind, predecessors: node.parents, topic: node.topic }
            : { name: node.name, kind: node.kind, predecessors: node.parents, extractor: describeExtractor(node.topic) };
      }
    });
    return { nodes, globalSourceTopics: new Set([...this.#globalStores.values()].map((g) => g.topic)) };
  }

  #subtopologies(): Subtopology[] {
    return nodeGroups(this.#describeInput())
      .filter((group) => !group.global)
      .map((group) => {
        const names = [...this.#nodes.keys()].filter((n) => group.nodeNames.includes(n));
        const sourceTopics: string[] = [];
        const storeNames: string[] = [];
        for (const n of names) {
          const node = this.#nodes.get(n) as NodeDef;
          if (node.kind === 'source') sourceTopics.push(...node.topics);
          if (node.kind === 'processor') for (const s of node.stores) if (!storeNames.includes(s)) storeNames.push(s);
        }
        return { id: group.id, nodeNames: names, sourceTopics, storeNames };
      });
  }
}

/**
 * Kafka prints the extractor's toString(). An extractor that defines its own toString() prints that (so Kafka's
 * texts can be reproduced exactly); a plain function prints its name, as Java prints a class name, or `anonymous`.
 * Never the source text: it may span lines and break the one-line-per-node layout (see test/dsl/describe.test.ts
 * › dynamic routing).
 */
function describeExtractor(extractor: TopicNameExtractor<unknown, unknown>): string {
  if (extractor.toString !== Function.prototype.toString) return String(extractor);
  return extractor.name === '' ? 'anonymous' : extractor.name;
}
