import { CopartitionError, StreamsError } from '../errors.js';
import type { Subtopology, TopologyModel } from '../topology/topology.js';
import type { TopicSpec, Transport } from './transport.js';

/** Source topics that do not exist; the fix is to create them (or let the producer create them). */
export class MissingSourceTopicError extends StreamsError {
  constructor(readonly topics: readonly string[], url: string) {
    super('UNKNOWN_TOPIC', `Source topics ${topics.join(', ')} do not exist on ${url}. Create them before starting the application.`);
  }
}

/** The physical layout of a topology on a broker: partitions per sub-topology and the topics to create. */
export interface TopicPlan {
  /** Partition count per sub-topology id (= its number of tasks). */
  readonly partitions: ReadonlyMap<number, number>;
  readonly internalTopics: readonly TopicSpec[];
}

/**
 * Works out partition counts as Kafka Streams does: a sub-topology has as many tasks as the largest partition
 * count of its source topics; a repartition topic gets the count its Repartitioned asks for, else the count of
 * the sub-topology that writes it; a changelog gets its sub-topology's count. Co-partitioned inputs must agree.
 */
export async function planTopics(model: TopologyModel, applicationId: string, transport: Transport, url: string): Promise<TopicPlan> {
  const subtopologies = model.subtopologies();
  const internal = model.internalTopics;
  const physical = (topic: string) => (internal.has(topic) ? `${applicationId}-${topic}` : topic);
  const counts = new Map<string, number>();
  const missing: string[] = [];
  for (const s of subtopologies) {
    for (const topic of s.sourceTopics) {
      if (internal.has(topic)) continue;
      const count = await transport.partitionCount(topic);
      if (count === undefined) missing.push(topic);
      else counts.set(topic, count);
    }
  }
  if (missing.length > 0) throw new MissingSourceTopicError([...new Set(missing)], url);
  for (const def of internal.values()) if (def.partitions !== undefined) counts.set(def.name, def.partitions);
  const writers = new Map<string, Subtopology>();
  for (const s of subtopologies) {
    for (const name of s.nodeNames) {
      const node = model.nodes.get(name);
      if (node?.kind === 'sink' && typeof node.topic === 'string' && internal.has(node.topic)) writers.set(node.topic, s);
    }
  }
  const partitions = new Map<number, number>();
  const resolve = (s: Subtopology, seen: Set<number>): number => {
    const known = partitions.get(s.id);
    if (known !== undefined) return known;
    if (seen.has(s.id)) return 1;
    seen.add(s.id);
    let max = 0;
    for (const topic of s.sourceTopics) {
      let count = counts.get(topic);
      if (count === undefined && internal.has(topic)) {
        const writer = writers.get(topic);
        count = writer === undefined ? 1 : resolve(writer, seen);
        counts.set(topic, count);
      }
      max = Math.max(max, count ?? 1);
    }
    partitions.set(s.id, Math.max(1, max));
    return Math.max(1, max);
  };
  for (const s of subtopologies) resolve(s, new Set());
  for (const group of model.copartitionGroups) {
    const sizes = new Map(group.map((t) => [t, counts.get(t)]));
    const distinct = new Set([...sizes.values()].filter((n) => n !== undefined));
    if (distinct.size > 1) {
      const detail = [...sizes].map(([t, n]) => `${physical(t)}=${n}`).join(', ');
      throw new CopartitionError(
        `Topics not co-partitioned: [${detail}]. Joined inputs need the same number of partitions; repartition one side with .repartition(Repartitioned.numberOfPartitions(n)) or recreate the topic.`,
      );
    }
  }
  const specs: TopicSpec[] = [];
  for (const def of internal.values()) specs.push({ name: physical(def.name), partitions: counts.get(def.name) ?? 1, config: { 'cleanup.policy': 'delete' } });
  for (const s of subtopologies) {
    for (const store of s.storeNames) {
      const entry = model.stores.get(store);
      if (entry?.builder.loggingEnabled !== true) continue;
      specs.push({
        name: `${applicationId}-${store}-changelog`,
        partitions: partitions.get(s.id) ?? 1,
        config: { 'cleanup.policy': 'compact', ...entry.builder.logConfig },
      });
    }
  }
  return { partitions, internalTopics: specs };
}

/**
 * The topics an application writes that exist now: its internal topics (changelogs and repartition topics, just
 * created) and the sinks' static topics that the broker has. A sink topic that is missing is left to fail on send.
 */
export async function existingOutputTopics(model: TopologyModel, plan: TopicPlan, transport: Transport): Promise<string[]> {
  const topics = new Set(plan.internalTopics.map((spec) => spec.name));
  for (const node of model.nodes.values()) {
    if (node.kind !== 'sink' || typeof node.topic !== 'string' || model.internalTopics.has(node.topic) || topics.has(node.topic)) continue;
    if ((await transport.partitionCount(node.topic)) !== undefined) topics.add(node.topic);
  }
  return [...topics];
}
