import type { ResolvedStreamsConfig } from '../config.js';
import type { Clock } from '../internal/clock.js';
import type { Logger } from '../internal/logger.js';
import { isPromise } from '../internal/promise.js';
import type { StateStore } from '../state/store.js';
import { bytesLayer, isPersistentBytesStore } from '../state/leveldb/persistent-store.js';
import type { TopologyModel } from '../topology/topology.js';
import { MissingSourceTopicError } from './internal-topics.js';
import { StreamTask } from './stream-task.js';
import { tpKey, type TopicPartition, type Transport } from './transport.js';

/**
 * The global stores of one instance (Kafka's GlobalStreamThread): every partition of each GlobalKTable topic is
 * read from the beginning into the instance's own copy of the store before any task processes a record, then
 * kept up to date as the topics grow. Global stores have no changelog: their topic is their changelog.
 */
export class GlobalStateTask {
  readonly #task: StreamTask | undefined;
  readonly #positions = new Map<string, TopicPartition & { offset: bigint }>();

  constructor(
    readonly model: TopologyModel,
    readonly config: ResolvedStreamsConfig,
    readonly transport: Transport,
    readonly clock: Clock,
    readonly logger: Logger,
  ) {
    const globals = [...model.globalStores.values()];
    this.#task =
      globals.length === 0
        ? undefined
        : new StreamTask({
            id: 'global',
            partition: 0,
            model,
            nodeNames: globals.flatMap((g) => [g.sourceName, g.processorName]),
            storeNames: globals.map((g) => g.storeName),
            config,
            collector: { send: () => undefined, partitionsFor: () => undefined },
            clock,
          });
  }

  /** The global stores by name (empty when the topology has none). */
  get stores(): ReadonlyMap<string, StateStore> {
    return this.#task?.stores ?? new Map();
  }

  /** Opens the stores and reads every global topic to its end. */
  async bootstrap(url: string): Promise<void> {
    const task = this.#task;
    if (task === undefined) return;
    await task.init();
    const missing: string[] = [];
    for (const global of this.model.globalStores.values()) {
      const partitions = await this.transport.partitionCount(global.topic);
      if (partitions === undefined) {
        missing.push(global.topic);
        continue;
      }
      for (let partition = 0; partition < partitions; partition++) {
        this.#positions.set(tpKey({ topic: global.topic, partition }), { topic: global.topic, partition, offset: 0n });
      }
    }
    if (missing.length > 0) throw new MissingSourceTopicError(missing, url);
    const records = await this.poll();
    this.logger.info('global stores bootstrapped', { stores: [...task.stores.keys()].join(','), records });
  }

  /** Applies what was appended to the global topics since the last poll; returns how many records it read. */
  async poll(): Promise<number> {
    const task = this.#task;
    if (task === undefined) return 0;
    let read = 0;
    for (const position of this.#positions.values()) {
      const end = await this.transport.endOffset(position);
      if (end <= position.offset) continue;
      for await (const batch of this.transport.read(position, position.offset, end)) {
        for (const record of batch) {
          const result = task.process(record);
          if (result !== undefined && isPromise(result)) await result;
        }
        read += batch.length;
      }
      position.offset = end;
    }
    if (read > 0) {
      await task.flush();
      for (const store of task.stores.values()) {
        const bottom = bytesLayer(store);
        if (isPersistentBytesStore(bottom)) await bottom.commit(undefined);
      }
    }
    return read;
  }

  async close(): Promise<void> {
    await this.#task?.close();
  }
}
