import type { ProducedRecord } from './record-collector.js';
import type { InputRecord } from './stream-task.js';

/** A topic to create: compacted changelogs carry `cleanup.policy=compact`. */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly config?: Readonly<Record<string, string>>;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** What a group member asks for: its topics, grouped into units that must stay together per partition number. */
export interface Subscription {
  readonly topics: readonly string[];
  /** Topics whose partition p must go to the same member (one list per sub-topology). */
  readonly topicGroups: readonly (readonly string[])[];
  /** Where to start a partition that has no committed offset. */
  readonly offsetReset: 'earliest' | 'latest';
  /** This member's `host:port` for interactive queries (Kafka's application.server); other members see it. */
  readonly applicationServer?: string;
}

/** A member of a group as every member sees it: its application server and current partitions. */
export interface GroupMember {
  readonly memberId: string;
  readonly applicationServer: string | undefined;
  readonly partitions: readonly TopicPartition[];
}

/** Callbacks of a group member; the transport awaits them before fetching again. */
export interface GroupListener {
  onPartitionsRevoked(partitions: readonly TopicPartition[]): Promise<void>;
  onPartitionsAssigned(partitions: readonly TopicPartition[]): Promise<void>;
}

/** A member of a consumer group. */
export interface GroupConsumer {
  readonly memberId: string;
  /** The next records of assigned partitions (empty after `maxWaitMs` without data). */
  poll(maxWaitMs: number): Promise<InputRecord[]>;
  /** Commits, per partition, the offset of the next record to read. */
  commit(offsets: ReadonlyMap<string, TopicPartition & { offset: bigint }>): Promise<void>;
  /** The group's members and their partitions in the latest assignment (empty before the first). */
  members(): Promise<GroupMember[]>;
  /** Leaves the group (the others rebalance at once). */
  close(): Promise<void>;
}

/**
 * The one interface between the runtime and a broker (ARCHITECTURE.md "Transports are ports"): memory:// and
 * kafka:// implement it.
 */
export interface Transport {
  createTopics(specs: readonly TopicSpec[]): Promise<void>;
  /** The partition count of a topic, or undefined if it does not exist. */
  partitionCount(topic: string): Promise<number | undefined>;
  join(groupId: string, subscription: Subscription, listener: GroupListener): Promise<GroupConsumer>;
  /** Sends records; resolves, once they are durable, with the next offset of every partition written. */
  send(records: readonly ProducedRecord[]): Promise<ReadonlyMap<string, bigint>>;
  /**
   * Readies sending to `topics` (a broker transport connects its producer and loads their metadata), so that the
   * first commit does not wait for it. Transports with nothing to prepare leave it out.
   */
  prepareSend?(topics: readonly string[]): Promise<void>;
  /** The offset after the last record of a partition. */
  endOffset(tp: TopicPartition): Promise<bigint>;
  /** Reads [from, to) of a partition in batches (changelog restoration). */
  read(tp: TopicPartition, from: bigint, to: bigint): AsyncIterable<readonly InputRecord[]>;
  close(): Promise<void>;
}

/** The map key of a topic partition. */
export function tpKey(tp: TopicPartition): string {
  return `${tp.topic}\u0000${tp.partition}`;
}
