import { Serdes } from '../serdes/primitives.js';
import type { Serde } from '../serdes/serde.js';
import { requireFunction } from '../internal/assert.js';
import type { ProcessorSupplier } from '../topology/processor.js';
import type { SessionWindows } from '../windows/session-windows.js';
import { WindowedSerdes, type Windowed } from '../windows/windowed.js';
import { Materialized, Named } from './options.js';
import type { TableSupplier } from './handles.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import type { KTable } from './ktable.js';
import { EmitStrategy } from './emit-strategy.js';
import { sessionWindowAggregateProcessor } from './processors/session-window-aggregate.js';
import type { AggregateFlags } from './processors/stream-aggregate.js';
import { sessionStoreFor } from './materialize-windows.js';
import type { Change } from './change.js';

/**
 * A grouped stream cut into activity sessions (Kafka Streams' SessionWindowedKStream); aggregations produce a
 * `KTable<Windowed<K>, VA>` whose windows are the sessions [start, end]. When a record merges sessions, the merged
 * ones are deleted (a tombstone each) and one new session is emitted. Records whose session ended more than
 * gap + grace before stream time are dropped and counted. Null values reach the aggregator.
 *
 * @example
 * grouped.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5 * 60_000)).count();
 */
export class SessionWindowedKStream<K, V> {
  readonly #grouped: KGroupedStream<K, V>;
  readonly #windows: SessionWindows;
  readonly #emit: EmitStrategy;

  /** @internal Created by StreamsBuilder; use groupedStream.windowedBy(SessionWindows...). */
  constructor(grouped: KGroupedStream<K, V>, windows: SessionWindows, emit: EmitStrategy = EmitStrategy.onWindowUpdate()) {
    this.#grouped = grouped;
    this.#windows = windows;
    this.#emit = emit;
  }

  /** Emits on every session update (default) or once per session when it closes (end + gap + grace ≤ stream time). */
  emitStrategy(strategy: EmitStrategy): SessionWindowedKStream<K, V> {
    return this.#grouped.state.graph.handles().sessionWindowed(this.#grouped, this.#windows, strategy);
  }

  /** Counts records per key and session. */
  count(named?: Named, materialized?: Materialized<K, number>): KTable<Windowed<K>, number>;
  count(materialized: Materialized<K, number>): KTable<Windowed<K>, number>;
  count(a?: Named | Materialized<K, number>, b?: Materialized<K, number>): KTable<Windowed<K>, number> {
    const named = a instanceof Named ? a : undefined;
    const materialized = a instanceof Materialized ? a : b;
    // Kafka's SessionWindowedKStreamImpl burns a store name here when Materialized has none.
    if (materialized !== undefined && materialized.storeName === undefined) this.#grouped.state.graph.newStoreName('KSTREAM-AGGREGATE-');
    return this.#aggregate<number>(
      'KSTREAM-AGGREGATE-',
      named,
      materialized,
      Serdes.Long(),
      () => 0,
      (_k, _v, agg) => (agg ?? 0) + 1,
      (_k, one, two) => (one ?? 0) + (two ?? 0),
    );
  }

  /** Combines the values of each key and session; merging sessions reduces their aggregates. */
  reduce(reducer: (aggregate: V, value: V) => V, a?: Named | Materialized<K, V>, b?: Materialized<K, V>): KTable<Windowed<K>, V> {
    requireFunction('reducer', reducer);
    const named = a instanceof Named ? a : undefined;
    const materialized = a instanceof Materialized ? a : b;
    const reduceAggregator = (_k: K, value: V | null, agg: V | null): V | null => (agg === null ? value : reducer(agg, value as V));
    return this.#aggregate<V>('KSTREAM-REDUCE-', named, materialized, this.#grouped.state.valueSerde, () => null, reduceAggregator, (k, one, two) =>
      reduceAggregator(k, two, one),
    );
  }

  /**
   * Folds the values of each key and session into an aggregate starting at `initializer()`; `sessionMerger`
   * combines the aggregates of sessions that a record joins together.
   */
  aggregate<VA>(
    initializer: () => VA,
    aggregator: (key: K, value: V, aggregate: VA) => VA,
    sessionMerger: (key: K, aggOne: VA, aggTwo: VA) => VA,
    a?: Named | Materialized<K, NoInfer<VA>>,
    b?: Materialized<K, NoInfer<VA>>,
  ): KTable<Windowed<K>, VA> {
    requireFunction('initializer', initializer);
    requireFunction('aggregator', aggregator);
    requireFunction('sessionMerger', sessionMerger);
    const named = a instanceof Named ? a : undefined;
    const materialized = a instanceof Materialized ? a : b;
    return this.#aggregate<VA>(
      'KSTREAM-AGGREGATE-',
      named,
      materialized,
      undefined,
      initializer,
      aggregator as (k: K, v: V, agg: VA | null) => VA,
      sessionMerger as (k: K, one: VA | null, two: VA | null) => VA,
    );
  }

  #aggregate<VA>(
    prefix: string,
    named: Named | undefined,
    materialized: Materialized<K, VA> | undefined,
    defaultValueSerde: Serde<VA> | undefined,
    initializer: () => VA | null,
    aggregator: (key: K, value: V, aggregate: VA | null) => VA | null,
    merger: (key: K, aggOne: VA | null, aggTwo: VA | null) => VA | null,
  ): KTable<Windowed<K>, VA> {
    const s = this.#grouped.state;
    const g = s.graph;
    const storeName = materialized?.storeName ?? g.newStoreName(prefix);
    const name = g.nameOrGenerate(named?.name, prefix);
    const keySerde = materialized?.keySerde ?? s.keySerde;
    const valueSerde = materialized?.valueSerde ?? defaultValueSerde;
    const emitOnClose = this.#emit.type === 'ON_WINDOW_CLOSE';
    const store = sessionStoreFor(storeName, materialized, this.#windows, keySerde, valueSerde, emitOnClose);
    const { parent, sourceTopics } = this.#grouped.upstream(storeName);
    const flags: AggregateFlags = { sendOldValues: false };
    const processor = sessionWindowAggregateProcessor<K, V, VA>(storeName, this.#windows, initializer, aggregator, merger, emitOnClose, flags);
    g.add((t) => {
      t.addProcessor(name, processor as ProcessorSupplier<K, V, Windowed<K>, Change<VA>>, parent);
      t.addStateStore(store, name);
    });
    // untilWindowCloses waits gap + grace after a session's end, as Kafka's GraphGraceSearchUtil.
    const supplier: TableSupplier = { kind: 'aggregate', flags, storeName, windowGraceMs: this.#windows.inactivityGapMs + this.#windows.graceMs };
    return g.handles().table<Windowed<K>, VA>({
      graph: g,
      name,
      keySerde: keySerde === undefined ? undefined : WindowedSerdes.sessionWindowedSerdeFrom(keySerde),
      valueSerde,
      sourceTopics,
      queryableStoreName: materialized?.storeName,
      supplier,
    });
  }
}
