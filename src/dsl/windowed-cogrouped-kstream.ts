import type { Serde } from '../serdes/serde.js';
import { requireFunction } from '../internal/assert.js';
import type { ProcessorSupplier } from '../topology/processor.js';
import type { StateStore, StoreBuilder } from '../state/store.js';
import { TimeWindows } from '../windows/time-windows.js';
import type { SlidingWindows } from '../windows/sliding-windows.js';
import type { SessionWindows } from '../windows/session-windows.js';
import { WindowedSerdes, type Windowed } from '../windows/windowed.js';
import { Materialized, Named } from './options.js';
import type { TableSupplier } from './handles.js';
import type { KTable } from './ktable.js';
import type { CogroupPattern } from './cogrouped-kstream.js';
import type { Change } from './change.js';
import type { AggregateFlags } from './processors/stream-aggregate.js';
import { passThroughProcessor } from './processors/peek.js';
import { windowAggregateProcessor } from './processors/window-aggregate.js';
import { slidingWindowAggregateProcessor } from './processors/sliding-window-aggregate.js';
import { sessionWindowAggregateProcessor } from './processors/session-window-aggregate.js';
import { windowStoreFor } from './materialize.js';
import { sessionStoreFor, slidingWindowStoreFor } from './materialize-windows.js';

type AnyProcessor = ProcessorSupplier<unknown, unknown, Windowed<unknown>, Change<unknown>>;

interface Build<K, VA> {
  readonly patterns: readonly CogroupPattern<K, VA>[];
  readonly named: Named | undefined;
  readonly materialized: Materialized<K, VA> | undefined;
  readonly store: (storeName: string, keySerde: Serde<K> | undefined, valueSerde: Serde<VA> | undefined) => StoreBuilder<StateStore>;
  readonly processor: (storeName: string, pattern: CogroupPattern<K, VA>, flags: AggregateFlags) => AnyProcessor;
  readonly windowedKeySerde: (keySerde: Serde<K>) => Serde<Windowed<K>>;
}

/**
 * Wires a windowed cogroup as Kafka's CogroupedStreamAggregateBuilder does: one store, one aggregate processor per
 * input (`COGROUPKSTREAM-AGGREGATE-`), all connected to the store, and a pass-through merge node.
 */
function buildWindowedCogroup<K, VA>(b: Build<K, VA>): KTable<Windowed<K>, VA> {
  const first = (b.patterns[0] as CogroupPattern<K, VA>).grouped.state;
  const g = first.graph;
  const storeName = b.materialized?.storeName ?? g.newStoreName('COGROUPKSTREAM-AGGREGATE-');
  const keySerde = b.materialized?.keySerde ?? first.keySerde;
  const valueSerde = b.materialized?.valueSerde;
  const parents = b.patterns.map((p) => p.grouped.upstream(storeName));
  g.copartition(() => parents.flatMap((p) => [...p.sourceTopics]));
  const flags: AggregateFlags = { sendOldValues: false };
  const names: string[] = [];
  b.patterns.forEach((pattern, i) => {
    const name = g.nameOrGenerate(b.named !== undefined ? `${b.named.name}-cogroup-agg-${i}` : undefined, 'COGROUPKSTREAM-AGGREGATE-');
    names.push(name);
    const processor = b.processor(storeName, pattern, flags);
    const parent = (parents[i] as { parent: string }).parent;
    const store = i === 0 ? b.store(storeName, keySerde, valueSerde) : undefined;
    g.add((t) => {
      t.addProcessor(name, processor, parent);
      if (store !== undefined) t.addStateStore(store, name);
      else t.connectProcessorAndStateStores(name, storeName);
    });
  });
  const mergeName = g.nameOrGenerate(b.named !== undefined ? `${b.named.name}-cogroup-merge` : undefined, 'COGROUPKSTREAM-MERGE-');
  g.add((t) => t.addProcessor(mergeName, passThroughProcessor(), ...names));
  const supplier: TableSupplier = { kind: 'aggregate', flags, storeName };
  return g.handles().table<Windowed<K>, VA>({
    graph: g,
    name: mergeName,
    keySerde: keySerde === undefined ? undefined : b.windowedKeySerde(keySerde),
    valueSerde,
    sourceTopics: parents.flatMap((p) => [...p.sourceTopics]),
    queryableStoreName: b.materialized?.storeName,
    supplier,
  });
}

/**
 * A cogroup cut into tumbling, hopping or sliding windows (Kafka's TimeWindowedCogroupedKStream): every input's
 * aggregator updates the windows of its key in one shared window store; emits on every window update.
 */
export class TimeWindowedCogroupedKStream<K, VA> {
  readonly #patterns: readonly CogroupPattern<K, VA>[];
  readonly #windows: TimeWindows | SlidingWindows;

  /** @internal Created by StreamsBuilder; use cogroupedStream.windowedBy(TimeWindows | SlidingWindows). */
  constructor(patterns: readonly CogroupPattern<K, VA>[], windows: TimeWindows | SlidingWindows) {
    this.#patterns = patterns;
    this.#windows = windows;
  }

  /** Aggregates every input per key and window, starting each window at `initializer()`. */
  aggregate(initializer: () => VA, materialized: Materialized<K, VA>): KTable<Windowed<K>, VA>;
  aggregate(initializer: () => VA, named?: Named, materialized?: Materialized<K, VA>): KTable<Windowed<K>, VA>;
  aggregate(initializer: () => VA, a?: Named | Materialized<K, VA>, b?: Materialized<K, VA>): KTable<Windowed<K>, VA> {
    requireFunction('initializer', initializer);
    const windows = this.#windows;
    const materialized = a instanceof Materialized ? a : b;
    return buildWindowedCogroup<K, VA>({
      patterns: this.#patterns,
      named: a instanceof Named ? a : undefined,
      materialized,
      store: (storeName, keySerde, valueSerde) =>
        windows instanceof TimeWindows
          ? windowStoreFor(storeName, materialized, windows, keySerde, valueSerde)
          : slidingWindowStoreFor(storeName, materialized, windows, keySerde, valueSerde),
      processor: (storeName, pattern, flags) => {
        const aggregator = pattern.aggregator as (key: K, value: unknown, aggregate: VA | null) => VA;
        return (
          windows instanceof TimeWindows
            ? windowAggregateProcessor<K, unknown, VA>(storeName, windows, initializer, aggregator, false, flags)
            : slidingWindowAggregateProcessor<K, unknown, VA>(storeName, windows, initializer, aggregator, false, flags)
        ) as unknown as AnyProcessor;
      },
      windowedKeySerde: (keySerde) => WindowedSerdes.timeWindowedSerdeFrom(keySerde, windows instanceof TimeWindows ? windows.sizeMs : windows.timeDifferenceMs),
    });
  }
}

/**
 * A cogroup cut into sessions (Kafka's SessionWindowedCogroupedKStream): every input's aggregator updates the
 * sessions of its key in one shared session store; `sessionMerger` combines sessions a record joins together.
 */
export class SessionWindowedCogroupedKStream<K, VA> {
  readonly #patterns: readonly CogroupPattern<K, VA>[];
  readonly #windows: SessionWindows;

  /** @internal Created by StreamsBuilder; use cogroupedStream.windowedBy(SessionWindows). */
  constructor(patterns: readonly CogroupPattern<K, VA>[], windows: SessionWindows) {
    this.#patterns = patterns;
    this.#windows = windows;
  }

  /** Aggregates every input per key and session, starting each session at `initializer()`. */
  aggregate(initializer: () => VA, sessionMerger: (key: K, aggOne: VA, aggTwo: VA) => VA, materialized: Materialized<K, VA>): KTable<Windowed<K>, VA>;
  aggregate(initializer: () => VA, sessionMerger: (key: K, aggOne: VA, aggTwo: VA) => VA, named?: Named, materialized?: Materialized<K, VA>): KTable<Windowed<K>, VA>;
  aggregate(
    initializer: () => VA,
    sessionMerger: (key: K, aggOne: VA, aggTwo: VA) => VA,
    a?: Named | Materialized<K, VA>,
    b?: Materialized<K, VA>,
  ): KTable<Windowed<K>, VA> {
    requireFunction('initializer', initializer);
    requireFunction('sessionMerger', sessionMerger);
    const windows = this.#windows;
    const materialized = a instanceof Materialized ? a : b;
    return buildWindowedCogroup<K, VA>({
      patterns: this.#patterns,
      named: a instanceof Named ? a : undefined,
      materialized,
      store: (storeName, keySerde, valueSerde) => sessionStoreFor(storeName, materialized, windows, keySerde, valueSerde),
      processor: (storeName, pattern, flags) =>
        sessionWindowAggregateProcessor<K, unknown, VA>(
          storeName,
          windows,
          initializer,
          pattern.aggregator as (key: K, value: unknown, aggregate: VA | null) => VA,
          sessionMerger as (key: K, aggOne: VA | null, aggTwo: VA | null) => VA,
          false,
          flags,
        ) as unknown as AnyProcessor,
      windowedKeySerde: (keySerde) => WindowedSerdes.sessionWindowedSerdeFrom(keySerde),
    });
  }
}
