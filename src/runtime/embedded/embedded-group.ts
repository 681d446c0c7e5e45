import { assignCopartitioned, unitOwners, type MemberSubscription } from '../assignor.js';
import type { GroupMember, Subscription, TopicPartition } from '../transport.js';

interface Waiter {
  readonly generation: number;
  resolve(): void;
}

/**
 * One consumer group of the embedded broker, with Kafka's eager rebalance protocol in process: a membership
 * change starts a new generation; every member revokes (and commits) first; once all have, the co-partitioning
 * assignor runs and each member receives its partitions.
 */
export class EmbeddedGroup {
  generation = 0;
  readonly committed = new Map<string, bigint>();
  readonly #members = new Map<string, Subscription>();
  readonly #revoked = new Set<string>();
  #assignment = new Map<string, TopicPartition[]>();
  #assignedGeneration = -1;
  #owners = new Map<string, string>();
  #waiters: Waiter[] = [];

  constructor(
    readonly groupId: string,
    readonly partitionCounts: () => ReadonlyMap<string, number>,
  ) {}

  get memberIds(): string[] {
    return [...this.#members.keys()];
  }

  join(memberId: string, subscription: Subscription): void {
    this.#members.set(memberId, subscription);
    this.#nextGeneration();
  }

  leave(memberId: string): void {
    if (!this.#members.delete(memberId)) return;
    this.#nextGeneration();
  }

  /** A member has revoked its partitions for `generation`; resolves when the generation's assignment exists. */
  async revoked(memberId: string, generation: number): Promise<void> {
    if (generation !== this.generation) return;
    this.#revoked.add(memberId);
    this.#maybeAssign();
    if (this.#assignedGeneration === generation) return;
    await new Promise<void>((resolve) => this.#waiters.push({ generation, resolve }));
  }

  /** The partitions of a member in the current generation (after `revoked` resolved). */
  assignmentOf(memberId: string): TopicPartition[] {
    return this.#assignedGeneration === this.generation ? (this.#assignment.get(memberId) ?? []) : [];
  }

  /** Members of the latest assignment with their application servers (interactive-query metadata). */
  members(): GroupMember[] {
    return [...this.#assignment].flatMap(([memberId, partitions]) => {
      const subscription = this.#members.get(memberId);
      return subscription === undefined ? [] : [{ memberId, applicationServer: subscription.applicationServer, partitions: [...partitions] }];
    });
  }

  isAssigned(generation: number): boolean {
    return this.#assignedGeneration === generation && generation === this.generation;
  }

  #nextGeneration(): void {
    this.generation++;
    this.#revoked.clear();
    this.#wake();
    this.#maybeAssign();
  }

  #maybeAssign(): void {
    for (const id of this.#members.keys()) if (!this.#revoked.has(id)) return;
    const subscriptions: MemberSubscription[] = [...this.#members].map(([memberId, subscription]) => ({ memberId, subscription }));
    this.#assignment = assignCopartitioned(subscriptions, this.partitionCounts(), this.#owners);
    this.#owners = unitOwners(this.#assignment, subscriptions);
    this.#assignedGeneration = this.generation;
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.resolve();
  }
}
