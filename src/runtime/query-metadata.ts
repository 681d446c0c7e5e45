import type { ResolvedStreamsConfig } from '../config.js';
import { StreamsError } from '../errors.js';
import { defaultPartition } from '../internal/murmur2.js';
import type { Serde } from '../serdes/serde.js';
import type { TopologyModel } from '../topology/topology.js';
import type { GroupConsumer, GroupMember, TopicPartition } from './transport.js';

/** Where an instance serves interactive queries (Kafka's HostInfo), read from its `applicationServer`. */
export interface HostInfo {
  readonly host: string;
  readonly port: number;
}

/** Which instance hosts a key of a store (Kafka's KeyQueryMetadata, without standbys). */
export interface KeyQueryMetadata {
  /** The instance whose active task holds the key's partition; undefined while rebalancing or when that instance set no `applicationServer`. */
  readonly activeHost: HostInfo | undefined;
  /** The key's partition of the store's sub-topology (the default partitioner over its source topics); -1 for a global store. */
  readonly partition: number;
}

/** One running instance of the application (Kafka's StreamsMetadata, without standbys). */
export interface StreamsMetadata {
  readonly hostInfo: HostInfo;
  /** The stores of its active tasks, plus every global store. */
  readonly stateStoreNames: readonly string[];
  /** Its source partitions (input and repartition topics). */
  readonly topicPartitions: readonly TopicPartition[];
}

/** What the metadata is computed from: the topology, the config and the group as this instance's member sees it. */
export interface MetadataSource {
  readonly model: TopologyModel;
  readonly config: ResolvedStreamsConfig;
  /** Partition counts of the source topics (physical names), known once the instance started. */
  readonly partitionCounts: ReadonlyMap<string, number>;
  readonly consumer: GroupConsumer | undefined;
}

/** `host:port` → HostInfo (the port is what follows the last ':'). */
export function parseHostInfo(server: string): HostInfo {
  const at = server.lastIndexOf(':');
  return { host: server.slice(0, at), port: Number(server.slice(at + 1)) };
}

/** Every instance of the group that set an `applicationServer`, with its stores and partitions. */
export async function allStreamsClientsMetadata(source: MetadataSource): Promise<StreamsMetadata[]> {
  const members = await groupMembers(source);
  const physical = physicalName(source);
  const subtopologies = source.model.subtopologies().map((s) => ({ topics: new Set(s.sourceTopics.map(physical)), stores: s.storeNames }));
  const globalStores = [...source.model.globalStores.keys()];
  const byServer = new Map<string, { stores: Set<string>; partitions: TopicPartition[] }>();
  for (const member of members) {
    if (member.applicationServer === undefined) continue;
    let entry = byServer.get(member.applicationServer);
    if (entry === undefined) byServer.set(member.applicationServer, (entry = { stores: new Set(globalStores), partitions: [] }));
    entry.partitions.push(...member.partitions);
    for (const s of subtopologies) if (member.partitions.some((tp) => s.topics.has(tp.topic))) for (const name of s.stores) entry.stores.add(name);
  }
  return [...byServer].map(([server, entry]) => ({ hostInfo: parseHostInfo(server), stateStoreNames: [...entry.stores].sort(), topicPartitions: entry.partitions }));
}

/**
 * The partition of `key` in the sub-topology of `storeName` (murmur2 of the serialized key over the partition count
 * of its source topic with the most partitions, as Kafka's producer places it) and the member holding that partition.
 */
export async function queryMetadataForKey<K>(source: MetadataSource, storeName: string, key: K, keySerializer: Pick<Serde<K>, 'serialize'>): Promise<KeyQueryMetadata> {
  const members = await groupMembers(source);
  if (source.model.globalStores.has(storeName)) {
    const local = source.config.applicationServer;
    return { activeHost: local === undefined ? undefined : parseHostInfo(local), partition: -1 };
  }
  const subtopology = source.model.subtopologies().find((s) => s.storeNames.includes(storeName));
  if (subtopology === undefined) throw new StreamsError('UNKNOWN_STATE_STORE', `queryMetadataForKey: no store named ${storeName} in this topology.`);
  const topics = subtopology.sourceTopics.map(physicalName(source));
  let topic = topics[0] as string;
  for (const t of topics) if ((source.partitionCounts.get(t) ?? 0) > (source.partitionCounts.get(topic) ?? 0)) topic = t;
  const count = source.partitionCounts.get(topic) ?? 0;
  if (count === 0) return { activeHost: undefined, partition: -1 };
  const bytes = keySerializer.serialize(topic, key);
  if (bytes === null) throw new StreamsError('SERIALIZATION', `queryMetadataForKey: the key serializer turned ${String(key)} into null; a key must serialize to bytes.`);
  const partition = defaultPartition(bytes, count);
  const owner = members.find((m) => m.partitions.some((tp) => tp.partition === partition && topics.includes(tp.topic)));
  const server = owner?.applicationServer;
  return { activeHost: server === undefined ? undefined : parseHostInfo(server), partition };
}

async function groupMembers(source: MetadataSource): Promise<GroupMember[]> {
  if (source.consumer === undefined) throw new StreamsError('ILLEGAL_STATE', 'Streams metadata is available once start() has joined the group.');
  return source.consumer.members();
}

function physicalName(source: MetadataSource): (topic: string) => string {
  return (t) => (source.model.internalTopics.has(t) ? `${source.config.applicationId}-${t}` : t);
}
