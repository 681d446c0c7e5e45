import type { Serde } from '../serdes/serde.js';
import { Topology, topologyModel, type TopologyModel } from '../topology/topology.js';
import type { ProcessorSupplier } from '../topology/processor.js';
import type { StreamPartitioner } from '../topology/sink-types.js';
import type { HandleFactory } from './handles.js';
import { filterProcessor } from './processors/filter.js';

/** Kafka's generated-name format: prefix + a 10-digit counter shared by processors and stores. */
function pad(index: number): string {
  return String(index).padStart(10, '0');
}

type Writer = (topology: Topology) => void;

/**
 * The logical graph behind a StreamsBuilder: a shared name counter and, in creation order, the writers that
 * add each operator's nodes and stores to a Topology when `build()` is called. Writing late lets downstream
 * operators still decide whether an upstream table is materialized (as Kafka Streams' graph does).
 */
export class InternalStreamsBuilder {
  #index = 0;
  #handles: HandleFactory | undefined;
  readonly #writers: Writer[] = [];
  readonly #copartitionGroups: (() => string[])[] = [];
  /** Output nodes of joins that accept null keys (left stream-table/global, left/outer stream-stream). */
  readonly #relaxedJoins = new Set<string>();
  /** Null-key-dropping repartitions: their filter node and whether a relaxed join downstream lets null keys through. */
  readonly #nullKeyFilters: { readonly filterName: string; relaxed: boolean }[] = [];

  /** A generated processor name, e.g. `KSTREAM-FILTER-0000000001`. */
  newProcessorName(prefix: string): string {
    return prefix + pad(this.#index++);
  }

  /**
   * The user's name, or a generated one (Kafka's NamedInternal.orElseGenerateWithPrefix / suffixWithOrElseGet).
   * A counter value is burned even when the user names the node, as Kafka does, so that naming one operator does
   * not shift the generated names of the others (see test/dsl/describe.test.ts › StreamsBuilderTest names).
   */
  nameOrGenerate(name: string | undefined, prefix: string): string {
    const generated = this.newProcessorName(prefix);
    return name ?? generated;
  }

  /** A generated store name, e.g. `KSTREAM-AGGREGATE-STATE-STORE-0000000002`. */
  newStoreName(prefix: string): string {
    return `${prefix}STATE-STORE-${pad(this.#index++)}`;
  }

  /** The handle factory (set once by StreamsBuilder). */
  handles(): HandleFactory {
    if (this.#handles === undefined) throw new Error('InternalStreamsBuilder used before StreamsBuilder set its handle factory');
    return this.#handles;
  }

  setHandles(handles: HandleFactory): void {
    this.#handles = handles;
  }

  /** Adds the writer of one graph node. */
  add(writer: Writer): void {
    this.#writers.push(writer);
  }

  /** Records that the topics of these source nodes must be co-partitioned (join inputs); resolved at build. */
  copartition(sourceTopics: () => string[]): void {
    this.#copartitionGroups.push(sourceTopics);
  }

  /** Marks a join's output node as accepting null keys (Kafka's GraphNode.Label.NULL_KEY_RELAXED_JOIN). */
  markNullKeyRelaxedJoin(nodeName: string): void {
    this.#relaxedJoins.add(nodeName);
  }

  /** Writes every node into a new Topology. */
  build(): Topology {
    const topology = new Topology();
    for (const write of this.#writers) write(topology);
    for (const group of this.#copartitionGroups) topology.addCopartitionGroup(group());
    // Kafka's rewriteRepartitionNodes: a repartition drops null keys unless a null-key-relaxed join is downstream.
    if (this.#relaxedJoins.size > 0) {
      const model = topologyModel(topology);
      for (const filter of this.#nullKeyFilters) filter.relaxed = reachesAny(model, filter.filterName, this.#relaxedJoins);
    }
    return topology;
  }

  /**
   * Adds a repartition through `<name>-repartition` (Kafka's createRepartitionedSource): a pass-through
   * processor, a sink and a source, and burns three counter values whatever the names, as Kafka does.
   * Returns the name of the new source node and the (logical) topic.
   */
  repartition(options: RepartitionOptions): { sourceName: string; topic: string } {
    const topic = options.prefix.endsWith('-repartition') ? options.prefix : `${options.prefix}-repartition`;
    const genSink = this.newProcessorName('KSTREAM-SINK-');
    const genFilter = this.newProcessorName('KSTREAM-FILTER-');
    const genSource = this.newProcessorName('KSTREAM-SOURCE-');
    const generated = /^KSTREAM.*-[0-9]{10}$/.test(options.prefix);
    const sinkName = generated ? genSink : `${topic}-sink`;
    const filterName = generated ? genFilter : `${topic}-filter`;
    const sourceName = generated ? genSource : `${topic}-source`;
    if (options.reuse !== undefined) return options.reuse;
    let keep: (key: unknown, value: unknown) => boolean = () => true;
    if (options.dropNullKeys) {
      const filter = { filterName, relaxed: false };
      this.#nullKeyFilters.push(filter);
      keep = (key) => filter.relaxed || (key !== null && key !== undefined);
    }
    this.add((topology) => {
      topology.addInternalTopic(topic, options.partitions);
      topology.addProcessor(filterName, filterProcessor(keep, false) as ProcessorSupplier<unknown, unknown, unknown, unknown>, options.parentName());
      topology.addSink(sinkName, topic, { keySerde: options.keySerde, valueSerde: options.valueSerde, partitioner: options.partitioner }, filterName);
      topology.addSource(sourceName, topic, { keySerde: options.keySerde, valueSerde: options.valueSerde });
    });
    return { sourceName, topic };
  }
}

/** Whether a node downstream of `from` (following sinks into the sources of their internal topics) is one of `targets`. */
function reachesAny(model: TopologyModel, from: string, targets: ReadonlySet<string>): boolean {
  const children = new Map<string, string[]>();
  for (const node of model.nodes.values()) {
    if (node.kind === 'source') continue;
    for (const parent of node.parents) children.set(parent, [...(children.get(parent) ?? []), node.name]);
  }
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    if (targets.has(name)) return true;
    const node = model.nodes.get(name);
    if (node?.kind === 'sink' && typeof node.topic === 'string' && model.internalTopics.has(node.topic)) {
      const source = model.sourceTopicToNode.get(node.topic);
      if (source !== undefined) stack.push(source);
    }
    stack.push(...(children.get(name) ?? []));
  }
  return false;
}

export interface RepartitionOptions {
  readonly prefix: string;
  readonly parentName: () => string;
  readonly keySerde: Serde<unknown> | undefined;
  readonly valueSerde: Serde<unknown> | undefined;
  readonly partitions?: number | undefined;
  readonly partitioner?: StreamPartitioner<unknown, unknown> | undefined;
  readonly dropNullKeys: boolean;
  /** An existing repartition to reuse (a named grouping aggregated twice); names are still burned. */
  readonly reuse?: { sourceName: string; topic: string } | undefined;
}
