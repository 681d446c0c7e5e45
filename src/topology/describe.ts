/**
 * `Topology.describe()`: sub-topology grouping and the text of Kafka Streams'
 * `TopologyDescription.toString()`, byte-identical to Kafka 4.0.
 *
 * Kafka builds the description from Java collections whose iteration order is
 * part of the printed text (a `HashSet` of node names per group, a `HashMap`
 * of nodes, `TreeSet`s of predecessors/successors ordered by a subtree size
 * that changes while the edges are being connected). Those collections are
 * emulated in `java-order.ts`.
 *
 * @module
 */

import { JavaHashSet, JavaTreeSet, QuickUnion, javaCompareStrings } from './java-order.js';

/** One node of the topology as registered with the builder. */
export interface NodeDescriptionInput {
  /** Unique node name. */
  readonly name: string;
  /** Node kind. */
  readonly kind: 'source' | 'processor' | 'sink';
  /** Parent names in the order they were connected (Kafka's `NodeFactory.predecessors`). */
  readonly predecessors: readonly string[];
  /** Source: subscribed topics (internal topics without the application-id prefix). */
  readonly topics?: readonly string[];
  /** Source: regex subscription instead of topics (printed as `Pattern.toString()`). */
  readonly topicPattern?: string;
  /** Processor: connected state store names in the order connected. */
  readonly stores?: readonly string[];
  /** Sink: static topic. */
  readonly topic?: string;
  /** Sink: dynamic topic, the text Kafka prints after `extractor class: `. */
  readonly extractor?: string;
}

/** The whole topology as registered with the builder. */
export interface TopologyDescriptionInput {
  /** Nodes in insertion order (Kafka's `nodeFactories` `LinkedHashMap` order). */
  readonly nodes: readonly NodeDescriptionInput[];
  /** Topics read by global stores; a source reading exactly one of them starts a global-store group. */
  readonly globalSourceTopics: ReadonlySet<string>;
}

/** Options for {@link describeTopology}. */
export interface DescribeOptions {
  /** Name of a named topology; changes the header to `Topology: <name>:`. */
  readonly topologyName?: string;
}

/** Common part of every described node. */
interface NodeDescriptionBase {
  /** Node name. */
  readonly name: string;
  /** Parent names in Kafka's printed order. */
  readonly predecessors: readonly string[];
  /** Child names in Kafka's printed order. */
  readonly successors: readonly string[];
  /** The node's line(s) exactly as Kafka prints them (without indentation of the first line). */
  toString(): string;
}

/** A source node (`TopologyDescription.Source`). */
export interface SourceDescription extends NodeDescriptionBase {
  readonly kind: 'source';
  /** Topics in Java `HashSet` order, or `null` for a pattern subscription. */
  readonly topics: readonly string[] | null;
  /** The subscription regex, or `null` for topic subscriptions. */
  readonly topicPattern: string | null;
}

/** A processor node (`TopologyDescription.Processor`). */
export interface ProcessorDescription extends NodeDescriptionBase {
  readonly kind: 'processor';
  /** Store names in Java `HashSet` order. */
  readonly stores: readonly string[];
}

/** A sink node (`TopologyDescription.Sink`). */
export interface SinkDescription extends NodeDescriptionBase {
  readonly kind: 'sink';
  /** The static topic, or `null` for a dynamic topic. */
  readonly topic: string | null;
  /** The extractor text for a dynamic topic, or `null` for a static topic. */
  readonly extractor: string | null;
}

/** Any described node. */
export type NodeDescription = SourceDescription | ProcessorDescription | SinkDescription;

/** A sub-topology (`TopologyDescription.Subtopology`). */
export interface SubtopologyDescription {
  /** Sub-topology id (shared id space with global stores). */
  readonly id: number;
  /** Nodes in printed order (subtree size descending, then name). */
  readonly nodes: readonly NodeDescription[];
  /** `Sub-topology: <id>\n` + one line group per node + a blank line. */
  toString(): string;
}

/** A global store (`TopologyDescription.GlobalStore`). */
export interface GlobalStoreDescription {
  /** Id in the shared sub-topology id space. */
  readonly id: number;
  /** The global source. */
  readonly source: SourceDescription;
  /** The processor that updates the store. */
  readonly processor: ProcessorDescription;
  /** The block Kafka prints, with no trailing blank line. */
  toString(): string;
}

/** Plain-data form of a node, for `JSON.stringify`. */
export type NodeDescriptionJSON = NodeDescription extends infer N ? (N extends NodeDescription ? Omit<N, 'toString'> : never) : never;

/** Plain-data form of a {@link TopologyDescription}. */
export interface TopologyDescriptionJSON {
  readonly subtopologies: Array<{ id: number; nodes: NodeDescriptionJSON[] }>;
  readonly globalStores: Array<{ id: number; source: NodeDescriptionJSON; processor: NodeDescriptionJSON }>;
}

/** The description of a topology, shaped like Kafka's `TopologyDescription`. */
export interface TopologyDescription {
  /** Sub-topologies in ascending id. */
  readonly subtopologies: readonly SubtopologyDescription[];
  /** Global stores in ascending id. */
  readonly globalStores: readonly GlobalStoreDescription[];
  /** Kafka's exact `TopologyDescription.toString()` text. */
  toString(): string;
  /** Plain data (no methods). */
  toJSON(): TopologyDescriptionJSON;
}

/** A node group as computed by Kafka's `QuickUnion` node grouper. */
export interface NodeGroup {
  /** Sub-topology / global store id. */
  id: number;
  /** Node names in Java `HashSet` iteration order. */
  nodeNames: string[];
  /** Whether the group is a global store. */
  global: boolean;
}

/** Mutable working node, mirroring Kafka's `AbstractNode` (with its mutable `size`). */
class WorkNode {
  size = 1;
  readonly predecessors = new JavaTreeSet<WorkNode>(compareNodes);
  readonly successors = new JavaTreeSet<WorkNode>(compareNodes);
  constructor(readonly input: NodeDescriptionInput) {}
}

/** Kafka's `NodeComparator`: subtree size descending, then name; reads the current size. */
function compareNodes(a: WorkNode, b: WorkNode): number {
  if (a === b) return 0;
  if (a.size !== b.size) return b.size - a.size;
  return javaCompareStrings(a.input.name, b.input.name);
}

function isGlobalSource(node: NodeDescriptionInput, globalTopics: ReadonlySet<string>): boolean {
  const topics = node.topics;
  return node.kind === 'source' && topics !== undefined && topics.length === 1 && globalTopics.has(topics[0] ?? '');
}

function indexNodes(input: TopologyDescriptionInput): Map<string, NodeDescriptionInput> {
  const byName = new Map<string, NodeDescriptionInput>();
  for (const node of input.nodes) {
    if (byName.has(node.name)) throw new Error(`Processor ${node.name} is already added.`);
    byName.set(node.name, node);
  }
  return byName;
}

function groupSets(input: TopologyDescriptionInput): Array<{ id: number; names: JavaHashSet; global: boolean }> {
  const byName = indexNodes(input);
  const grouper = new QuickUnion();
  const storeUser = new Map<string, string>();
  for (const node of input.nodes) {
    grouper.add(node.name);
    for (const pred of node.predecessors) {
      if (!byName.has(pred)) throw new Error(`Predecessor processor ${pred} is not added yet for ${node.name}`);
      grouper.unite(node.name, pred);
    }
  }
  for (const node of input.nodes) {
    for (const store of node.stores ?? []) {
      const user = storeUser.get(store);
      if (user === undefined) storeUser.set(store, node.name);
      else grouper.unite(user, node.name);
    }
  }
  const rootToGroup = new Map<string, { id: number; names: JavaHashSet; global: boolean }>();
  const groups: Array<{ id: number; names: JavaHashSet; global: boolean }> = [];
  for (const node of input.nodes) {
    const root = grouper.root(node.name);
    let group = rootToGroup.get(root);
    if (group === undefined) {
      group = { id: groups.length, names: new JavaHashSet(), global: false };
      rootToGroup.set(root, group);
      groups.push(group);
    }
    group.names.add(node.name);
    if (isGlobalSource(node, input.globalSourceTopics)) group.global = true;
  }
  return groups;
}

/**
 * Kafka's node groups (`InternalTopologyBuilder.makeNodeGroups`): nodes united
 * with their predecessors and with other users of the same state store; ids
 * assigned 0, 1, 2, … in order of each group's first node in insertion order.
 */
export function nodeGroups(input: TopologyDescriptionInput): NodeGroup[] {
  return groupSets(input).map((g) => ({ id: g.id, nodeNames: g.names.toArray(), global: g.global }));
}

function names(set: JavaTreeSet<WorkNode>): string[] {
  return set.toArray().map((n) => n.input.name);
}

function nodeNamesText(list: readonly string[]): string {
  return list.length === 0 ? 'none' : list.join(', ');
}

function bracketed(list: readonly string[]): string {
  return `[${list.join(', ')}]`;
}

function makeSource(name: string, topics: readonly string[] | null, topicPattern: string | null, successors: string[]): SourceDescription {
  return {
    kind: 'source', name, topics, topicPattern, predecessors: [], successors,
    toString: () => `Source: ${name} (topics: ${topics === null ? String(topicPattern) : bracketed(topics)})\n      --> ${nodeNamesText(successors)}`,
  };
}

function makeProcessor(name: string, stores: readonly string[], predecessors: string[], successors: string[]): ProcessorDescription {
  return {
    kind: 'processor', name, stores, predecessors, successors,
    toString: () =>
      `Processor: ${name} (stores: ${bracketed(stores)})\n      --> ${nodeNamesText(successors)}\n      <-- ${nodeNamesText(predecessors)}`,
  };
}

function finishNode(work: WorkNode): NodeDescription {
  const n = work.input;
  const preds = names(work.predecessors);
  const succs = names(work.successors);
  switch (n.kind) {
    case 'source': {
      const topics = n.topics !== undefined && n.topics.length > 0 ? JavaHashSet.copyOf(n.topics).toArray() : null;
      if (topics === null && n.topicPattern === undefined) throw new Error(`Source ${n.name} has neither topics nor a pattern.`);
      return makeSource(n.name, topics, topics === null ? (n.topicPattern ?? null) : null, succs);
    }
    case 'processor': {
      const own = new JavaHashSet();
      for (const s of n.stores ?? []) own.add(s);
      return makeProcessor(n.name, JavaHashSet.copyOf(own).toArray(), preds, succs);
    }
    case 'sink': {
      const topic = n.topic ?? null;
      const extractor = topic === null ? (n.extractor ?? null) : null;
      if (topic === null && extractor === null) throw new Error(`Sink ${n.name} has neither a topic nor an extractor.`);
      const target = topic === null ? `extractor class: ${extractor ?? ''}` : `topic: ${topic}`;
      return {
        kind: 'sink', name: n.name, topic, extractor, predecessors: preds, successors: [],
        toString: () => `Sink: ${n.name} (${target})\n      <-- ${nodeNamesText(preds)}`,
      };
    }
  }
}

function updateSize(node: WorkNode, delta: number): void {
  node.size += delta;
  for (const pred of node.predecessors) updateSize(pred, delta);
}

function describeSubtopology(id: number, groupNames: JavaHashSet, byName: Map<string, NodeDescriptionInput>): SubtopologyDescription {
  // nodesByName is a HashMap filled in the group HashSet's iteration order.
  const order = new JavaHashSet();
  const work = new Map<string, WorkNode>();
  for (const name of groupNames) {
    const input = byName.get(name);
    if (input === undefined) throw new Error(`Unknown node ${name}`);
    order.add(name);
    work.set(name, new WorkNode(input));
  }
  for (const name of order) {
    const node = work.get(name);
    if (node === undefined) continue;
    for (const predName of node.input.predecessors) {
      const pred = work.get(predName);
      if (pred === undefined) throw new Error(`Predecessor ${predName} of ${name} is not in sub-topology ${id}`);
      if (node.input.kind === 'source') throw new Error("Sources don't have predecessors.");
      if (pred.input.kind === 'sink') throw new Error("Sinks don't have successors.");
      node.predecessors.add(pred);
      pred.successors.add(node);
      updateSize(pred, node.size);
    }
  }
  // Sizes are final now, so the TreeSet of nodes is a plain sort.
  const sorted = [...work.values()].sort(compareNodes).map(finishNode);
  return {
    id,
    nodes: sorted,
    toString: () => `Sub-topology: ${id}\n${sorted.map((n) => `    ${n.toString()}\n`).join('')}\n`,
  };
}

function describeGlobalStore(id: number, groupNames: JavaHashSet, byName: Map<string, NodeDescriptionInput>, globalTopics: ReadonlySet<string>): GlobalStoreDescription {
  // Kafka iterates the group's HashSet, removes the first global source and
  // takes the first remaining node as the processor.
  const order = groupNames.toArray();
  const sourceName = order.find((n) => {
    const input = byName.get(n);
    return input !== undefined && isGlobalSource(input, globalTopics);
  });
  if (sourceName === undefined) throw new Error(`Group ${id} has no global source`);
  const processorName = order.find((n) => n !== sourceName);
  const processorInput = processorName === undefined ? undefined : byName.get(processorName);
  const sourceInput = byName.get(sourceName);
  if (processorInput === undefined || sourceInput === undefined || processorName === undefined) {
    throw new Error(`Global store group ${id} needs a source and a processor`);
  }
  const stores = new JavaHashSet();
  for (const s of processorInput.stores ?? []) stores.add(s);
  const store = stores.toArray()[0];
  if (store === undefined) throw new Error(`Global store processor ${processorName} has no store`);
  const source = makeSource(sourceName, [sourceInput.topics?.[0] ?? ''], null, [processorName]);
  const processor = makeProcessor(processorName, [store], [sourceName], []);
  return {
    id, source, processor,
    toString: () => `Sub-topology: ${id} for global store (will not generate tasks)\n    ${source.toString()}\n    ${processor.toString()}\n`,
  };
}

function nodeJSON(n: NodeDescription): NodeDescriptionJSON {
  const { toString: _omit, ...rest } = n;
  return rest;
}

/**
 * Describes a topology exactly as Kafka 4.0's `InternalTopologyBuilder.describe()`
 * would, including `toString()` text that is byte-identical to the JVM's.
 */
export function describeTopology(input: TopologyDescriptionInput, options: DescribeOptions = {}): TopologyDescription {
  const byName = indexNodes(input);
  const subtopologies: SubtopologyDescription[] = [];
  const globalStores: GlobalStoreDescription[] = [];
  for (const group of groupSets(input)) {
    if (group.global) globalStores.push(describeGlobalStore(group.id, group.names, byName, input.globalSourceTopics));
    else subtopologies.push(describeSubtopology(group.id, group.names, byName));
  }
  const header = options.topologyName === undefined ? 'Topologies:\n ' : `Topology: ${options.topologyName}:\n `;
  const text = (): string => {
    // Same merge as Kafka: while both kinds remain, print the sub-topology if its
    // id is the next expected id, otherwise the next global store.
    let out = header;
    let s = 0;
    let g = 0;
    let expectedId = 0;
    while (s < subtopologies.length && g < globalStores.length) {
      const sub = subtopologies[s];
      const glob = globalStores[g];
      if (sub !== undefined && sub.id === expectedId) {
        out += `  ${sub.toString()}`;
        s++;
      } else if (glob !== undefined) {
        out += `  ${glob.toString()}`;
        g++;
      }
      expectedId++;
    }
    for (; s < subtopologies.length; s++) out += `  ${subtopologies[s]?.toString() ?? ''}`;
    for (; g < globalStores.length; g++) out += `  ${globalStores[g]?.toString() ?? ''}`;
    return out;
  };
  return {
    subtopologies,
    globalStores,
    toString: text,
    toJSON: () => ({
      subtopologies: subtopologies.map((st) => ({ id: st.id, nodes: st.nodes.map(nodeJSON) })),
      globalStores: globalStores.map((gs) => ({ id: gs.id, source: nodeJSON(gs.source), processor: nodeJSON(gs.processor) })),
    }),
  };
}
