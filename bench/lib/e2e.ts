/**
 * The end-to-end count cases (issue 5's bench row): `KafkaStreams` running `groupByKey().count()` over a real
 * transport (kafka:// on librdkafka's mock cluster, or memory://) against a raw consumer of the same records in
 * the same run. Records are pre-produced once per process (untimed) to a 6-partition topic, partitioned by key.
 *
 * Each run is a new application (consumer group, state directory) reading the topic from the beginning; it is
 * timed from the first record a side receives to the last one it processes, so the group join (seconds on the
 * mock cluster, identical work on both sides) stays out of the throughput. Both sides call `Progress.onRecord`
 * once per record (the DSL through a `peek` before the count).
 *
 * The subject is an ordinary app: in-memory store, record cache on, changelogging on, a commit every second
 * (flush the cache to the changelog, flush the producer, commit offsets), so a run of a few seconds pays a few
 * commits. Output check, both sides: every key's count against counts computed from the generator's key indices.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamsBuilder } from '../../src/dsl/streams-builder.js';
import { Consumed, Materialized } from '../../src/dsl/options.js';
import { Serdes } from '../../src/serdes/primitives.js';
import { KafkaStreams } from '../../src/runtime/kafka-streams.js';
import type { Topology } from '../../src/topology/topology.js';
import type { Dataset } from './data.js';
import { expectEqual, log, type Side, type Trial } from './harness.js';

export const TOPIC = 'input';
export const PARTITIONS = 6;
export const STORE = 'counts';
/** Commit interval of the subject app. */
export const COMMIT_INTERVAL_MS = 1_000;
/** A run that has not seen every record by then fails (with how far it got). */
const RUN_TIMEOUT_MS = 60_000;

/** Counts the records a run processes and times the first and the last; `done` resolves at the expected count. */
export class Progress {
  seen = 0;
  #first = 0;
  #last = 0;
  #resolve: () => void = () => undefined;
  readonly #done: Promise<void>;

  constructor(readonly expected: number) {
    this.#done = new Promise<void>((resolve) => (this.#resolve = resolve));
  }

  readonly onRecord = (): void => {
    const n = ++this.seen;
    if (n === 1) this.#first = performance.now();
    if (n === this.expected) {
      this.#last = performance.now();
      this.#resolve();
    }
  };

  /** From the first record to the last, in ms. */
  elapsedMs(): number {
    return this.#last - this.#first;
  }

  /** Resolves when every record was seen; rejects after RUN_TIMEOUT_MS saying how far the run got. */
  async wait(describe: () => string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${RUN_TIMEOUT_MS / 1000} s: ${this.seen} of ${this.expected} records processed; ${describe()}`)), RUN_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.#done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

const expectedCache = new WeakMap<Dataset, Uint32Array>();

/** Checks every key's count (`get` returns undefined for a key never seen). */
export function verifyCounts(data: Dataset, get: (key: string) => number | undefined): void {
  let want = expectedCache.get(data);
  if (want === undefined) {
    want = new Uint32Array(data.keyNames.length);
    for (const k of data.keyIndex) want[k] = (want[k] as number) + 1;
    expectedCache.set(data, want);
  }
  for (let i = 0; i < want.length; i++) {
    const n = want[i] as number;
    const key = data.keyNames[i] as string;
    expectEqual(`count of ${key}`, get(key), n === 0 ? undefined : n);
  }
}

/** The baseline's own counting: key and value decoded as UTF-8 (as the DSL's serdes do), a Map count per key. */
export class MapCount {
  readonly counts = new Map<string, number>();

  add(key: Buffer | null, value: Buffer | null): void {
    const k = key === null ? null : key.toString('utf8');
    const v = value === null ? null : value.toString('utf8');
    if (k === null || v === null) return;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }
}

/** The subject's topology: a probe, then the count into an in-memory store named STORE. */
export function countTopology(progress: Progress): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream(TOPIC, Consumed.with(Serdes.String(), Serdes.String()))
    .peek(progress.onRecord)
    .groupByKey()
    .count(Materialized.as<string, number>(STORE));
  return builder.build();
}

let runs = 0;

/**
 * The subject: a KafkaStreams app per run on `url()`. `prepare` runs (untimed) before the app starts, e.g. to
 * create its internal topics where the cluster has no CreateTopics.
 */
export function streamsSide(url: (data: Dataset) => Promise<string>, prepare?: (topology: Topology, applicationId: string) => Promise<void>): Side {
  return {
    label: 'KafkaStreams count',
    async setup(data): Promise<Trial> {
      const bootstrapServers = await url(data);
      const applicationId = `bench-e2e-${process.pid}-${++runs}`;
      const progress = new Progress(data.records.length);
      const topology = countTopology(progress);
      await prepare?.(topology, applicationId);
      const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-bench-e2e-'));
      const streams = new KafkaStreams(topology, { applicationId, bootstrapServers, stateDir, defaultDslStore: 'in_memory', commitIntervalMs: COMMIT_INTERVAL_MS });
      let started = 0;
      return {
        async run() {
          const t0 = performance.now();
          await streams.start();
          started = performance.now() - t0;
          await progress.wait(() => `state ${streams.state}`);
        },
        elapsedMs: () => progress.elapsedMs(),
        verify() {
          log(`  KafkaStreams: start() took ${started.toFixed(0)} ms`);
          expectEqual('records processed', progress.seen, progress.expected);
          const store = streams.store<string, number>(STORE);
          verifyCounts(data, (key) => store.get(key));
        },
        async close() {
          const closed = await streams.close({ timeoutMs: 20_000 });
          rmSync(stateDir, { recursive: true, force: true });
          if (!closed) throw new Error('KafkaStreams did not close within 20 s');
        },
      };
    },
  };
}
