import type { ResolvedStreamsConfig } from '../config.js';
import type { Clock } from '../internal/clock.js';
import type { Logger } from '../internal/logger.js';
import { isPromise } from '../internal/promise.js';
import { isRestorable, type StateStore } from '../state/store.js';
import { bytesLayer, isPersistentBytesStore } from '../state/leveldb/persistent-store.js';
import type { TopologyModel } from '../topology/topology.js';
import { PartitionGroup } from './partition-group.js';
import type { ProducedRecord, RecordCollector } from './record-collector.js';
import { StreamTask, type InputRecord } from './stream-task.js';
import { tpKey, type TopicPartition, type Transport } from './transport.js';

/** Records that may wait in the buffer for a commit in flight before processing waits for it too. */
const MAX_WAITING_RECORDS = 100_000;

/** Commits the consumer group offsets of the given partitions. */
type CommitOffsets = (offsets: Map<string, TopicPartition & { offset: bigint }>) => Promise<void>;

interface ActiveTask {
  readonly task: StreamTask;
  /** The task's input buffer, which also tracks the next offset to commit per input partition. */
  readonly queue: PartitionGroup;
}

/**
 * Creates, restores, runs, commits and closes the tasks of one instance as partitions are assigned and
 * revoked. A task is `<subtopology>_<partition>`; it restores its stores from their changelogs before it
 * processes anything. Commit = flush stores (cached updates go downstream) → send buffered records → commit offsets.
 */
export class TaskManager {
  readonly #tasks = new Map<string, ActiveTask>();
  readonly #byPartition = new Map<string, ActiveTask>();
  #buffer: ProducedRecord[] = [];
  /** Next offset of every partition this instance wrote (changelog checkpoints). */
  readonly #written = new Map<string, bigint>();
  /** The commit whose send and offset commit run while processing goes on (commitInBackground). */
  #inFlight: Promise<void> | undefined;
  #inFlightFailure: { readonly error: unknown } | undefined;

  constructor(
    readonly model: TopologyModel,
    readonly config: ResolvedStreamsConfig,
    readonly transport: Transport,
    readonly partitionCounts: ReadonlyMap<string, number>,
    readonly clock: Clock,
    readonly logger: Logger,
    /** The instance's global stores, readable by every task. */
    readonly globalStores: ReadonlyMap<string, StateStore> = new Map(),
  ) {}

  get tasks(): ReadonlyMap<string, ActiveTask> {
    return this.#tasks;
  }

  /** Creates and restores the tasks for newly assigned partitions. */
  async assign(partitions: readonly TopicPartition[]): Promise<void> {
    const physical = (t: string) => (this.model.internalTopics.has(t) ? `${this.config.applicationId}-${t}` : t);
    for (const s of this.model.subtopologies()) {
      const topics = new Set(s.sourceTopics.map(physical));
      const ids = new Set(partitions.filter((tp) => topics.has(tp.topic)).map((tp) => tp.partition));
      for (const partition of ids) {
        const id = `${s.id}_${partition}`;
        if (this.#tasks.has(id)) continue;
        const collector: RecordCollector = {
          send: (record) => this.#buffer.push(record),
          partitionsFor: (topic) => this.partitionCounts.get(topic),
        };
        const task = new StreamTask({
          id,
          partition,
          model: this.model,
          nodeNames: s.nodeNames,
          storeNames: s.storeNames,
          config: this.config,
          collector,
          clock: this.clock,
          globalStores: this.globalStores,
        });
        await task.init();
        await this.#restore(task, partition);
        const active: ActiveTask = { task, queue: new PartitionGroup() };
        this.#tasks.set(id, active);
        for (const topic of topics) this.#byPartition.set(tpKey({ topic, partition }), active);
        this.logger.info('task assigned', { taskId: id });
      }
    }
  }

  /** Commits and closes every task (eager rebalancing revokes everything). */
  async revokeAll(commit: CommitOffsets): Promise<void> {
    await this.commit(commit);
    for (const [id, active] of this.#tasks) {
      await active.task.close();
      this.logger.info('task revoked', { taskId: id });
    }
    this.#tasks.clear();
    this.#byPartition.clear();
  }

  /** Hands fetched records to their tasks' queues. */
  add(records: readonly InputRecord[]): void {
    let last: InputRecord | undefined;
    let active: ActiveTask | undefined;
    for (const record of records) {
      // Fetched records come in runs of one partition: look the task up once per run.
      if (last === undefined || record.partition !== last.partition || record.topic !== last.topic) active = this.#byPartition.get(tpKey(record));
      last = record;
      active?.queue.add(record);
    }
  }

  /** Processes every buffered record, each task in timestamp order across its partitions; tasks take turns. */
  async process(): Promise<number> {
    let processed = 0;
    for (const active of this.#tasks.values()) {
      for (let record = active.queue.next(); record !== undefined; record = active.queue.next()) {
        const result = active.task.process(record);
        if (result !== undefined && isPromise(result)) await result;
        active.queue.markProcessed();
        processed++;
      }
    }
    return processed;
  }

  /** Fires wall-clock punctuations of every task. */
  async punctuate(): Promise<void> {
    for (const active of this.#tasks.values()) {
      const result = active.task.punctuateWallClock();
      if (result !== undefined && isPromise(result)) await result;
    }
  }

  /**
   * Commits every task: flush stores (cached updates go downstream and to the changelogs) → send buffered
   * records → write persistent stores' data with their changelog checkpoint in one batch → commit offsets.
   */
  async commit(commitOffsets: CommitOffsets): Promise<void> {
    await this.#settle();
    const offsets = await this.#flushTasks();
    await this.#send();
    for (const active of this.#tasks.values()) await this.#checkpoint(active.task);
    if (offsets.size > 0) await commitOffsets(offsets);
  }

  /**
   * Commits without holding up processing, where at least once allows it: the stores are flushed now (cached updates
   * go downstream and to the changelogs) and the processed offsets taken; sending those records and then committing
   * the offsets runs while the next records are processed. Records produced meanwhile wait in the buffer until it
   * is done, so each partition's records keep their order. One commit is in flight at a time (see `committing`):
   * a commit, a revocation and close wait for it, and fail with its error. With a persistent store the commit runs in line
   * (commit()): its checkpoint is written with the store's data as of the flush.
   */
  async commitInBackground(commitOffsets: CommitOffsets): Promise<void> {
    await this.#settle();
    if (this.#hasPersistentStore()) return this.commit(commitOffsets);
    const offsets = await this.#flushTasks();
    const inFlight = this.#send().then(() => (offsets.size > 0 ? commitOffsets(offsets) : undefined));
    this.#inFlight = inFlight;
    inFlight.then(
      () => {
        if (this.#inFlight === inFlight) this.#inFlight = undefined;
      },
      (error: unknown) => {
        this.#inFlightFailure ??= { error };
        if (this.#inFlight === inFlight) this.#inFlight = undefined;
      },
    );
  }

  /** True while a commit started by commitInBackground is sending or committing offsets. */
  get committing(): boolean {
    return this.#inFlight !== undefined;
  }

  /**
   * Sends the records sinks and changelogs produced so far. While a commit is in flight they wait for it (each
   * partition's records keep their order), up to MAX_WAITING_RECORDS; beyond that this waits for the commit.
   */
  async flushProducer(): Promise<void> {
    if (this.#inFlightFailure !== undefined || (this.#inFlight !== undefined && this.#buffer.length >= MAX_WAITING_RECORDS)) await this.#settle();
    if (this.#inFlight !== undefined) return;
    await this.#send();
  }

  /** Waits for the commit in flight, if any; throws its error. */
  async #settle(): Promise<void> {
    if (this.#inFlight !== undefined) await this.#inFlight.catch(() => undefined);
    const failure = this.#inFlightFailure;
    if (failure === undefined) return;
    this.#inFlightFailure = undefined;
    throw failure.error;
  }

  /** Flushes every task's stores and processors; returns the next offset to commit of each partition processed. */
  async #flushTasks(): Promise<Map<string, TopicPartition & { offset: bigint }>> {
    const offsets = new Map<string, TopicPartition & { offset: bigint }>();
    for (const active of this.#tasks.values()) {
      await active.task.flush();
      active.queue.takeConsumed(offsets);
    }
    return offsets;
  }

  /** Sends the buffered records; remembers the changelog end offsets for checkpoints. */
  async #send(): Promise<void> {
    if (this.#buffer.length === 0) return;
    const batch = this.#buffer;
    this.#buffer = [];
    for (const [key, offset] of await this.transport.send(batch)) this.#written.set(key, offset);
  }

  #hasPersistentStore(): boolean {
    for (const active of this.#tasks.values()) for (const store of active.task.stores.values()) if (isPersistentBytesStore(bytesLayer(store))) return true;
    return false;
  }

  /** Writes each persistent store's pending data with the changelog offset it is durable up to. */
  async #checkpoint(task: StreamTask): Promise<void> {
    for (const [name, store] of task.stores) {
      const bottom = bytesLayer(store);
      if (!isPersistentBytesStore(bottom)) continue;
      const logged = this.model.stores.get(name)?.builder.loggingEnabled === true;
      const tp = tpKey({ topic: `${this.config.applicationId}-${name}-changelog`, partition: task.options.partition });
      await bottom.commit(logged ? (this.#written.get(tp) ?? bottom.checkpoint()) : undefined);
    }
  }

  /** Replays each logged store's changelog from its checkpoint (0 for in-memory stores) to the end. */
  async #restore(task: StreamTask, partition: number): Promise<void> {
    for (const [name, store] of task.stores) {
      if (this.model.stores.get(name)?.builder.loggingEnabled !== true || !isRestorable(store)) continue;
      const bottom = bytesLayer(store);
      const persistent = isPersistentBytesStore(bottom);
      const tp = { topic: `${this.config.applicationId}-${name}-changelog`, partition };
      const end = await this.transport.endOffset(tp);
      let from = persistent ? (bottom.checkpoint() ?? 0n) : 0n;
      if (persistent && from > end) {
        // The local store is ahead of its changelog (the topic was recreated): rebuild it from the changelog.
        this.logger.warn('store ahead of its changelog; wiping and restoring', { taskId: task.taskId, store: name, checkpoint: String(from), end: String(end) });
        await bottom.wipe();
        from = 0n;
      }
      let restored = 0;
      for await (const batch of this.transport.read(tp, from, end)) {
        // The fetched records are changelog records already (key, value, timestamp): no copy per record.
        const result = store.restore(batch.filter((r): r is InputRecord & { key: Buffer } => r.key !== null));
        if (result !== undefined && isPromise(result)) await result;
        restored += batch.length;
      }
      if (persistent) await bottom.commit(end);
      this.#written.set(tpKey(tp), end);
      if (restored > 0) this.logger.info('store restored', { taskId: task.taskId, store: name, from: String(from), records: restored });
    }
  }
}
