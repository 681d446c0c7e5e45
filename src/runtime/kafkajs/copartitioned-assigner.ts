import { AssignerProtocol, type Assignment, type PartitionAssigner } from 'kafkajs';
import { assignCopartitioned, unitOwners, type MemberSubscription } from '../assignor.js';
import type { Subscription, TopicPartition } from '../transport.js';
import { encodeGroupInfo } from './group-info.js';

/** The name the group agrees on in JoinGroup; every member of a kstreams application offers only this one. */
export const COPARTITIONED_PROTOCOL = 'kstreams-copartitioned';

export interface CopartitionedAssignerOptions {
  /** This member's subscription; its topic groups travel in the member's userData. */
  readonly subscription: Subscription;
  /** The partitions this member holds now: sent in userData so the leader can keep them where they are. */
  readonly owned: () => readonly TopicPartition[];
  /**
   * Milliseconds the leader waits before sending the assignment when the group has two or more members.
   * Only librdkafka's mock cluster needs it (reference/mock-broker.md, finding 4): it completes a SyncGroup as
   * soon as the leader's arrives, so followers whose SyncGroup comes later get INVALID_REQUEST. About 300 ms
   * works there. @default 0
   */
  readonly delayMs?: number;
}

interface UserData {
  readonly topicGroups: readonly (readonly string[])[];
  readonly offsetReset: 'earliest' | 'latest';
  readonly owned: readonly (readonly [string, number])[];
  readonly applicationServer?: string;
}

/**
 * A kafkajs PartitionAssigner running the runtime's co-partitioning sticky assignor (src/runtime/assignor.ts):
 * partition p of every topic of a sub-topology goes to one member, tasks spread evenly, and each member keeps
 * the partitions it reported in its userData where the balance allows. kafkajs rebalances eagerly, so the
 * stickiness is what keeps state local across rebalances. Every member's assignment userData carries the whole
 * group's (application server, partitions) so each instance can answer interactive-query metadata (group-info.ts).
 */
export function copartitionedAssigner(options: CopartitionedAssignerOptions): PartitionAssigner {
  return ({ cluster, groupId }) => ({
    name: COPARTITIONED_PROTOCOL,
    version: 1,
    protocol({ topics }) {
      const userData: UserData = {
        topicGroups: options.subscription.topicGroups,
        offsetReset: options.subscription.offsetReset,
        owned: options.owned().map((tp) => [tp.topic, tp.partition] as const),
        ...(options.subscription.applicationServer === undefined ? {} : { applicationServer: options.subscription.applicationServer }),
      };
      return {
        name: COPARTITIONED_PROTOCOL,
        metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.from(JSON.stringify(userData)) }),
      };
    },
    async assign({ members, topics }) {
      const subscriptions: MemberSubscription[] = [];
      const previous = new Map<string, TopicPartition[]>();
      for (const member of members) {
        const metadata = AssignerProtocol.MemberMetadata.decode(member.memberMetadata);
        const data = parseUserData(metadata?.userData, metadata?.topics ?? topics);
        subscriptions.push({
          memberId: member.memberId,
          subscription: { topics: metadata?.topics ?? topics, topicGroups: data.topicGroups, offsetReset: data.offsetReset, ...(data.applicationServer === undefined ? {} : { applicationServer: data.applicationServer }) },
        });
        previous.set(member.memberId, data.owned.map(([topic, partition]) => ({ topic, partition })));
      }
      const counts = new Map<string, number>();
      for (const s of subscriptions) for (const topic of s.subscription.topicGroups.flat()) counts.set(topic, cluster.findTopicPartitionMetadata(topic).length);
      const assignment = assignCopartitioned(subscriptions, counts, unitOwners(previous, subscriptions));
      const userData = encodeGroupInfo(
        groupId,
        subscriptions.map((s) => ({ memberId: s.memberId, applicationServer: s.subscription.applicationServer, partitions: assignment.get(s.memberId) ?? [] })),
      );
      if (members.length > 1 && (options.delayMs ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      return members.map((member) => {
        const byTopic: Assignment = {};
        for (const tp of assignment.get(member.memberId) ?? []) (byTopic[tp.topic] ??= []).push(tp.partition);
        return {
          memberId: member.memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: byTopic, userData }),
        };
      });
    },
  });
}

/** A member's userData; a member without one (another client in the group) subscribes each topic on its own. */
function parseUserData(buffer: Buffer | undefined, topics: readonly string[]): UserData {
  try {
    if (buffer !== undefined && buffer.length > 0) {
      const data = JSON.parse(buffer.toString('utf8')) as Partial<UserData>;
      if (Array.isArray(data.topicGroups) && Array.isArray(data.owned)) {
        const offsetReset = data.offsetReset === 'latest' ? 'latest' : 'earliest';
        return { topicGroups: data.topicGroups, owned: data.owned, offsetReset, ...(typeof data.applicationServer === 'string' ? { applicationServer: data.applicationServer } : {}) };
      }
    }
  } catch {
    // fall through: treat as a member without kstreams userData
  }
  return { topicGroups: topics.map((t) => [t]), owned: [], offsetReset: 'earliest' };
}
