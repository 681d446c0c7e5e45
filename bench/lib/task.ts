/**
 * Runs a DSL topology the way a stream thread would, minus the transport: one StreamTask (the whole
 * sub-topology, partition 0) fed pre-serialized InputRecords, synchronously, with a record collector that
 * counts and discards what sinks and changelogging stores send. No per-record commit (unlike the
 * TopologyTestDriver, which flushes after every record): `processAll` commits the task's stores (flush, then
 * LevelDB data + checkpoint in one batch, as TaskManager's commit does) every `commitEvery` records and at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig, type StreamsConfig } from '../../src/config.js';
import { bytesLayer, isPersistentBytesStore } from '../../src/state/leveldb/persistent-store.js';
import { systemClock } from '../../src/internal/clock.js';
import { isPromise } from '../../src/topology/processor.js';
import { topologyModel, type Topology } from '../../src/topology/topology.js';
import { StreamTask, type InputRecord } from '../../src/runtime/stream-task.js';
import type { ProducedRecord, RecordCollector } from '../../src/runtime/record-collector.js';

/** Counts what the task sends and drops the records (as cheaply as possible: the collector is not under test). */
export class DiscardingCollector implements RecordCollector {
  sent = 0;

  send(_record: ProducedRecord): void {
    this.sent++;
  }

  partitionsFor(): number {
    return 1;
  }
}

export interface BenchTask {
  readonly task: StreamTask;
  readonly collector: DiscardingCollector;
  readonly storeNames: readonly string[];
  /** Processes every record synchronously (throws if a processor went asynchronous), committing every `commitEvery` records and at the end. */
  processAll(records: readonly InputRecord[]): Promise<void>;
  /** Processes records [from, to) synchronously, without committing. */
  processRange(records: readonly InputRecord[], from: number, to: number): void;
  /**
   * What TaskManager's commit does to the task's stores: flush them (cached updates go downstream and to the
   * changelogs), then write each persistent store's pending data with its checkpoint (the number of records the
   * collector has sent stands in for the changelog end offset).
   */
  commit(): Promise<void>;
  /** Closes the task's stores and deletes the state directory the bench created (if any). */
  close(): Promise<void>;
}

export interface BenchTaskOptions {
  /** Flush (commit) the stores every this many records; default: only at the end. */
  readonly commitEvery?: number;
}

/** Builds and initializes one task running every sub-topology of `topology`. */
export async function benchTask(topology: Topology, config: StreamsConfig = {}, options: BenchTaskOptions = {}): Promise<BenchTask> {
  const commitEvery = options.commitEvery ?? Number.POSITIVE_INFINITY;
  // A fresh state directory per task, deleted by close(): LevelDB stores never see a previous run's data.
  const stateDir = config.defaultDslStore === 'persistent' && config.stateDir === undefined ? mkdtempSync(join(tmpdir(), 'kstreams-bench-')) : undefined;
  const model = topologyModel(topology);
  const subtopologies = model.subtopologies();
  const collector = new DiscardingCollector();
  const storeNames = subtopologies.flatMap((s) => s.storeNames);
  const task = new StreamTask({
    id: '0_0',
    partition: 0,
    model,
    nodeNames: subtopologies.flatMap((s) => s.nodeNames),
    storeNames,
    config: resolveConfig({ applicationId: 'bench', defaultDslStore: 'in_memory', ...config, ...(stateDir === undefined ? {} : { stateDir }) }),
    collector,
    clock: systemClock,
  });
  await task.init();
  const processRange = (records: readonly InputRecord[], from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const result = task.process(records[i] as InputRecord);
      if (result !== undefined && isPromise(result)) throw new Error('a processor returned a Promise: the hot path must stay synchronous');
    }
  };
  const commit = async (): Promise<void> => {
    await task.flush();
    for (const store of task.stores.values()) {
      const bottom = bytesLayer(store);
      if (isPersistentBytesStore(bottom)) await bottom.commit(BigInt(collector.sent));
    }
  };
  return {
    task,
    collector,
    storeNames,
    processRange,
    commit,
    async processAll(records) {
      for (let from = 0; from < records.length; from += commitEvery) {
        const to = Math.min(records.length, from + commitEvery);
        processRange(records, from, to);
        await commit();
      }
    },
    async close() {
      await task.close();
      if (stateDir !== undefined) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
