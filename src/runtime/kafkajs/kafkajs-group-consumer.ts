import { randomUUID } from 'node:crypto';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from '../../internal/logger.js';
import type { InputRecord } from '../stream-task.js';
import { tpKey, type GroupConsumer, type GroupListener, type GroupMember, type Subscription, type TopicPartition } from '../transport.js';
import { copartitionedAssigner } from './copartitioned-assigner.js';
import { onGroupInfo } from './group-info.js';
import { isRebalance, toInput, toStreamsError, type KafkajsTransportOptions } from './kafkajs-support.js';

interface QueuedBatch {
  readonly generation: number;
  readonly records: InputRecord[];
}

/**
 * A group member over a kafkajs consumer. kafkajs pushes batches (eachBatch); poll() pulls them from a bounded
 * queue. While the queue is full, eachBatch waits and heartbeats, so the member stays in the group while the
 * runtime restores or processes. Rebalances are eager, as in kafkajs: when a heartbeat inside eachBatch reports
 * one, the runtime revokes (and commits) before kafkajs rejoins; when kafkajs notices it elsewhere (between
 * fetches), the runtime revokes after the rejoin and commits only partitions it still owns, so a moved partition
 * is processed again from its last commit (at least once). A new assignment (GROUP_JOIN) is handed to the
 * runtime in the next poll(), which restores its tasks before any of its records are returned.
 */
export class KafkajsGroupConsumer implements GroupConsumer {
  readonly #consumer: Consumer;
  readonly #options: KafkajsTransportOptions;
  readonly #subscription: Subscription;
  readonly #listener: GroupListener;
  readonly #logger: Logger;
  readonly #onClose: () => void;
  #memberId = `pending-${randomUUID()}`;
  /** GROUP_JOINs seen; queued batches carry the generation they were fetched in. */
  #generation = 0;
  #assignment: TopicPartition[] = [];
  /** The generation whose assignment the runtime holds (0: none yet). */
  #applied = 0;
  #owned: TopicPartition[] = [];
  #holding = false;
  #queue: QueuedBatch[] = [];
  #queued = 0;
  #wakePoll: (() => void) | undefined;
  #wakeBatch: (() => void)[] = [];
  #revokeRequest: { promise: Promise<void>; resolve: () => void } | undefined;
  #crash: unknown;
  #closed = false;
  /** The group view of the latest SyncGroup answer (interactive-query metadata). */
  #members: GroupMember[] = [];
  readonly #stopGroupInfo: () => void;

  constructor(
    kafka: Kafka,
    options: KafkajsTransportOptions,
    readonly groupId: string,
    subscription: Subscription,
    listener: GroupListener,
    logger: Logger,
    onClose: () => void,
  ) {
    this.#options = options;
    this.#subscription = subscription;
    this.#listener = listener;
    this.#logger = logger.child('group');
    this.#onClose = onClose;
    this.#consumer = kafka.consumer({
      groupId,
      partitionAssigners: [copartitionedAssigner({ subscription, owned: () => this.#owned, delayMs: options.assignDelayMs ?? 0 })],
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: options.heartbeatIntervalMs ?? 1_000,
      rebalanceTimeout: options.rebalanceTimeoutMs ?? 30_000,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 100,
      allowAutoTopicCreation: false,
      retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: options.retries ?? 30, restartOnFailure: async () => !this.#closed },
    });
    this.#stopGroupInfo = onGroupInfo(groupId, (members) => (this.#members = members));
    const { GROUP_JOIN, CRASH } = this.#consumer.events;
    this.#consumer.on(GROUP_JOIN, (event) => {
      this.#generation++;
      this.#memberId = event.payload.memberId;
      this.#assignment = Object.entries(event.payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })));
      this.#logger.info('joined group', { groupId, memberId: event.payload.memberId, partitions: this.#assignment.length, leader: event.payload.isLeader });
      this.#wake();
    });
    this.#consumer.on(CRASH, (event) => {
      this.#logger.warn('consumer crashed', { groupId, error: event.payload.error.message, restart: event.payload.restart });
      if (!event.payload.restart && !this.#closed) {
        this.#crash = event.payload.error;
        this.#wake();
      }
    });
  }

  get memberId(): string {
    return this.#memberId;
  }

  async start(): Promise<void> {
    try {
      await this.#consumer.connect();
      await this.#consumer.subscribe({ topics: [...this.#subscription.topics], fromBeginning: this.#subscription.offsetReset === 'earliest' });
    } catch (error) {
      this.#stopGroupInfo();
      throw toStreamsError(error, `joining group ${this.groupId}`);
    }
    this.#consumer
      .run({ autoCommit: false, eachBatchAutoResolve: true, partitionsConsumedConcurrently: 1, eachBatch: (payload) => this.#onBatch(payload) })
      .catch((error: unknown) => {
        this.#crash = error;
        this.#wake();
      });
  }

  async poll(maxWaitMs: number): Promise<InputRecord[]> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      if (this.#closed) return [];
      if (this.#crash !== undefined) throw toStreamsError(this.#crash, `consuming for group ${this.groupId}`);
      await this.#rebalance();
      const records = this.#take();
      if (records.length > 0) return records;
      const left = deadline - Date.now();
      if (left <= 0) return [];
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wakePoll = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wakePoll = undefined;
    }
  }

  async commit(offsets: ReadonlyMap<string, TopicPartition & { offset: bigint }>): Promise<void> {
    // After kafkajs rejoined and before the runtime saw the new assignment, only partitions still owned may be
    // committed: a moved partition's new owner starts from its last commit.
    const filter = this.#generation !== this.#applied ? new Set(this.#assignment.map(tpKey)) : undefined;
    const list = [...offsets].filter(([key]) => filter === undefined || filter.has(key)).map(([, tp]) => ({ topic: tp.topic, partition: tp.partition, offset: tp.offset.toString() }));
    if (list.length === 0) return;
    try {
      await this.#consumer.commitOffsets(list);
    } catch (error) {
      if (isRebalance(error)) {
        // Kafka Streams' TaskMigratedException under at-least-once: the group moved on, these records will be
        // processed again by whoever owns the partitions now.
        this.#logger.warn('commit rejected: the group is rebalancing; uncommitted records will be processed again', { groupId: this.groupId, error: (error as Error).message });
        return;
      }
      throw toStreamsError(error, `committing offsets of group ${this.groupId}`);
    }
  }

  /** The group's members as of the latest assignment; the leader sends this view to every member in SyncGroup. */
  async members(): Promise<GroupMember[]> {
    return this.#members.some((m) => m.memberId === this.#memberId) ? this.#members : [];
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#stopGroupInfo();
    try {
      if (this.#holding) await this.#revoke();
    } finally {
      this.#closed = true;
      this.#wake();
      this.#onClose();
      await this.#consumer.disconnect().catch((error: unknown) => this.#logger.warn('disconnect failed', { error: String(error) }));
    }
  }

  /** Applies a pending revocation request and a new generation's assignment, in that order. */
  async #rebalance(): Promise<void> {
    const request = this.#revokeRequest;
    if (request !== undefined) {
      if (this.#holding) await this.#revoke();
      this.#revokeRequest = undefined;
      request.resolve();
    }
    while (this.#generation !== this.#applied && !this.#closed) {
      const generation = this.#generation;
      const assignment = this.#assignment;
      if (this.#holding) await this.#revoke();
      this.#applied = generation;
      this.#queue = this.#queue.filter((b) => b.generation === generation);
      this.#queued = this.#queue.reduce((n, b) => n + b.records.length, 0);
      this.#owned = assignment;
      this.#holding = true;
      await this.#listener.onPartitionsAssigned(assignment);
    }
  }

  /** The runtime commits and closes its tasks; batches fetched in the revoked generation are dropped (kafkajs refetches from the commit). */
  async #revoke(): Promise<void> {
    try {
      await this.#listener.onPartitionsRevoked(this.#owned);
    } finally {
      const applied = this.#applied;
      this.#owned = [];
      this.#holding = false;
      this.#queue = this.#queue.filter((b) => b.generation > applied);
      this.#queued = this.#queue.reduce((n, b) => n + b.records.length, 0);
      this.#releaseBatches();
    }
  }

  #take(): InputRecord[] {
    if (!this.#holding || this.#queue.length === 0) return [];
    const out: InputRecord[] = [];
    for (const batch of this.#queue) if (batch.generation === this.#applied) for (const r of batch.records) out.push(r);
    this.#queue = [];
    this.#queued = 0;
    this.#releaseBatches();
    return out;
  }

  async #onBatch({ batch, heartbeat, isRunning }: EachBatchPayload): Promise<void> {
    const generation = this.#generation;
    if (this.#closed) return;
    if (batch.messages.length > 0) {
      this.#queue.push({ generation, records: batch.messages.map((m) => toInput(batch.topic, batch.partition, m)) });
      this.#queued += batch.messages.length;
      this.#wake();
    }
    const limit = this.#options.maxQueuedRecords ?? 10_000;
    const interval = this.#options.heartbeatIntervalMs ?? 1_000;
    do {
      if (this.#queued > limit) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, interval);
          this.#wakeBatch.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      try {
        await heartbeat();
      } catch (error) {
        if (isRebalance(error)) await this.#revokeBeforeRejoin();
        throw error;
      }
    } while (this.#queued > limit && !this.#closed && isRunning() && generation === this.#generation);
  }

  /** Asks poll() to revoke (commit and close tasks) while the old generation can still commit, then lets kafkajs rejoin. */
  async #revokeBeforeRejoin(): Promise<void> {
    if (this.#closed || !this.#holding) return;
    if (this.#revokeRequest === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.#revokeRequest = { promise, resolve };
      this.#wake();
    }
    let timer: NodeJS.Timeout | undefined;
    const limit = (this.#options.rebalanceTimeoutMs ?? 30_000) / 2;
    await Promise.race([this.#revokeRequest.promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, limit)))]);
    clearTimeout(timer);
  }

  #wake(): void {
    this.#wakePoll?.();
    this.#releaseBatches();
  }

  #releaseBatches(): void {
    const waiters = this.#wakeBatch;
    this.#wakeBatch = [];
    for (const wake of waiters) wake();
  }
}
