import type { Subscription, TopicPartition } from './transport.js';

/** One member's subscription, as the assignor sees it. */
export interface MemberSubscription {
  readonly memberId: string;
  readonly subscription: Subscription;
}

/**
 * Assigns partitions to group members so that partition p of every topic of a topic group (a sub-topology's
 * co-partitioned sources) lands on one member, tasks are spread evenly, and each member keeps what it had
 * where the balance allows (sticky), as Kafka Streams' assignor does for active tasks.
 */
export function assignCopartitioned(
  members: readonly MemberSubscription[],
  partitionCounts: ReadonlyMap<string, number>,
  previous: ReadonlyMap<string, string> = new Map(),
): Map<string, TopicPartition[]> {
  const ids = [...members.map((m) => m.memberId)].sort();
  const result = new Map<string, TopicPartition[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return result;
  const units: { id: string; partitions: TopicPartition[] }[] = [];
  const seen = new Set<string>();
  for (const member of members) {
    for (const group of member.subscription.topicGroups) {
      const count = Math.max(0, ...group.map((t) => partitionCounts.get(t) ?? 0));
      for (let p = 0; p < count; p++) {
        const id = `${[...group].sort().join(',')}#${p}`;
        if (seen.has(id)) continue;
        seen.add(id);
        units.push({ id, partitions: group.filter((t) => (partitionCounts.get(t) ?? 0) > p).map((topic) => ({ topic, partition: p })) });
      }
    }
  }
  const capacity = Math.ceil(units.length / ids.length);
  const load = new Map<string, number>(ids.map((id) => [id, 0]));
  const owner = new Map<string, string>();
  for (const unit of units) {
    const before = previous.get(unit.id);
    if (before !== undefined && result.has(before) && (load.get(before) ?? 0) < capacity) {
      owner.set(unit.id, before);
      load.set(before, (load.get(before) ?? 0) + 1);
    }
  }
  for (const unit of units) {
    if (owner.has(unit.id)) continue;
    const target = ids.reduce((best, id) => ((load.get(id) ?? 0) < (load.get(best) ?? 0) ? id : best), ids[0] as string);
    owner.set(unit.id, target);
    load.set(target, (load.get(target) ?? 0) + 1);
  }
  for (const unit of units) result.get(owner.get(unit.id) as string)?.push(...unit.partitions);
  return result;
}

/** Unit ids owned per member, for stickiness in the next rebalance. */
export function unitOwners(assignment: ReadonlyMap<string, readonly TopicPartition[]>, subscriptions: readonly MemberSubscription[]): Map<string, string> {
  const owners = new Map<string, string>();
  const groups = subscriptions.flatMap((m) => m.subscription.topicGroups);
  for (const [member, partitions] of assignment) {
    for (const tp of partitions) {
      const group = groups.find((g) => g.includes(tp.topic));
      if (group !== undefined) owners.set(`${[...group].sort().join(',')}#${tp.partition}`, member);
    }
  }
  return owners;
}
