/**
 * Runs a DSL topology the way a stream thread would, minus the transport: one StreamTask (the whole
 * sub-topology, partition 0) fed pre-serialized InputRecords, synchronously, with a record collector that
 * counts and discards what sinks and changelogging stores send. No per-record commit (unlike the
 * TopologyTestDriver, which flushes after every record): `processAll` flushes the task's stores (what a commit
 * does to them) every `commitEvery` records and at the end.
 */
import { resolveConfig, type StreamsConfig } from '../../src/config.js';
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
  /** Processes every record synchronously (throws if a processor went asynchronous), flushing every `commitEvery` records and at the end. */
  processAll(records: readonly InputRecord[]): Promise<void>;
}

export interface BenchTaskOptions {
  /** Flush (commit) the stores every this many records; default: only at the end. */
  readonly commitEvery?: number;
}

/** Builds and initializes one task running every sub-topology of `topology`. */
export async function benchTask(topology: Topology, config: StreamsConfig = {}, options: BenchTaskOptions = {}): Promise<BenchTask> {
  const commitEvery = options.commitEvery ?? Number.POSITIVE_INFINITY;
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
    config: resolveConfig({ applicationId: 'bench', defaultDslStore: 'in_memory', ...config }),
    collector,
    clock: systemClock,
  });
  await task.init();
  return {
    task,
    collector,
    storeNames,
    async processAll(records) {
      for (let from = 0; from < records.length; from += commitEvery) {
        const to = Math.min(records.length, from + commitEvery);
        for (let i = from; i < to; i++) {
          const result = task.process(records[i] as InputRecord);
          if (result !== undefined && isPromise(result)) throw new Error('a processor returned a Promise: the hot path must stay synchronous');
        }
        await task.flush();
      }
    },
  };
}
