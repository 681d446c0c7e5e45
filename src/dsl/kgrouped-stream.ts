import { Serdes } from '../serdes/primitives.js';
import type { Serde } from '../serdes/serde.js';
import { requireFunction } from '../internal/assert.js';
import type { ProcessorSupplier } from '../topology/processor.js';
import { Materialized, Named } from './options.js';
import type { GroupedStreamState, TableSupplier } from './handles.js';
import type { KTable } from './ktable.js';
import type { CogroupedKStream } from './cogrouped-kstream.js';
import type { TimeWindowedKStream } from './time-windowed-kstream.js';
import type { TimeWindows } from '../windows/time-windows.js';
import type { SlidingWindows } from '../windows/sliding-windows.js';
import { SessionWindows } from '../windows/session-windows.js';
import type { SessionWindowedKStream } from './session-windowed-kstream.js';
import { streamAggregateProcessor, streamReduceProcessor, type AggregateFlags } from './processors/stream-aggregate.js';
import { keyValueStoreFor } from './materialize.js';
import type { Change } from './change.js';

/**
 * A stream grouped by key, ready to aggregate (Kafka Streams' KGroupedStream). Aggregations repartition first
 * when the key was changed upstream; records with a null key or value are dropped and counted.
 */
export class KGroupedStream<K, V> {
  readonly #s: GroupedStreamState<K, V>;
  /** A named repartition is shared by every aggregation of this grouped stream, as in Kafka Streams. */
  #repartition: { sourceName: string; topic: string } | undefined;

  /** @internal Created by StreamsBuilder; use stream.groupByKey() or stream.groupBy(). */
  constructor(state: GroupedStreamState<K, V>) {
    this.#s = state;
  }

  /** @internal */
  get state(): GroupedStreamState<K, V> {
    return this.#s;
  }

  /** Counts records per key. The result carries the largest timestamp seen for the key. */
  count(materialized: Materialized<K, number>): KTable<K, number>;
  count(named?: Named, materialized?: Materialized<K, number>): KTable<K, number>;
  count(a?: Named | Materialized<K, number>, b?: Materialized<K, number>): KTable<K, number> {
    const named = a instanceof Named ? a : undefined;
    const materialized = a instanceof Materialized ? a : b;
    const g = this.#s.graph;
    // Kafka burns a store name here when Materialized has none (kept for topology compatibility).
    if (materialized !== undefined && materialized.storeName === undefined) g.newStoreName('KSTREAM-AGGREGATE-');
    return this.#aggregate('KSTREAM-AGGREGATE-', named, materialized, Serdes.Long(), (storeName, flags) =>
      streamAggregateProcessor<K, V, number>(storeName, () => 0, (_k, _v, agg) => agg + 1, flags),
    );
  }

  /** Combines the values of each key with `reducer`; the first value of a key is its aggregate. */
  reduce(reducer: (aggregate: V, value: V) => V, materialized?: Materialized<K, V>, named?: Named): KTable<K, V> {
    requireFunction('reducer', reducer);
    return this.#aggregate('KSTREAM-REDUCE-', named, materialized, this.#s.valueSerde, (storeName, flags) =>
      streamReduceProcessor<K, V>(storeName, reducer, flags),
    );
  }

  /** Folds the values of each key into an aggregate that starts at `initializer()`. */
  aggregate<VA>(
    initializer: () => VA,
    aggregator: (key: K, value: V, aggregate: VA) => VA,
    materialized?: Materialized<K, VA>,
    named?: Named,
  ): KTable<K, VA> {
    requireFunction('initializer', initializer);
    requireFunction('aggregator', aggregator);
    return this.#aggregate('KSTREAM-AGGREGATE-', named, materialized, undefined, (storeName, flags) =>
      streamAggregateProcessor<K, V, VA>(storeName, initializer, aggregator, flags),
    );
  }

  /** Cuts the grouped stream into tumbling, hopping or sliding windows, or into activity sessions. */
  windowedBy(windows: TimeWindows | SlidingWindows): TimeWindowedKStream<K, V>;
  windowedBy(windows: SessionWindows): SessionWindowedKStream<K, V>;
  windowedBy(windows: TimeWindows | SlidingWindows | SessionWindows): TimeWindowedKStream<K, V> | SessionWindowedKStream<K, V> {
    if (windows instanceof SessionWindows) return this.#s.graph.handles().sessionWindowed(this, windows);
    return this.#s.graph.handles().timeWindowed(this, windows);
  }

  /** Starts a cogroup: several grouped streams aggregated into one table, each with its own aggregator. */
  cogroup<VA>(aggregator: (key: K, value: V, aggregate: VA) => VA): CogroupedKStream<K, VA> {
    requireFunction('aggregator', aggregator);
    return this.#s.graph.handles().cogrouped<K, VA>({
      grouped: this as KGroupedStream<K, unknown>,
      aggregator: aggregator as (key: K, value: unknown, aggregate: VA) => VA,
    });
  }

  /** @internal The source this grouped stream's aggregations read: a repartition topic if the key changed. */
  upstream(storeName: string): { parent: string; sourceTopics: readonly string[] } {
    const s = this.#s;
    if (!s.repartitionRequired) return { parent: s.name, sourceTopics: s.sourceTopics };
    const created = s.graph.repartition({
      prefix: s.groupedName ?? storeName,
      parentName: () => s.name,
      keySerde: s.keySerde as Serde<unknown> | undefined,
      valueSerde: s.valueSerde as Serde<unknown> | undefined,
      dropNullKeys: false,
      reuse: s.groupedName !== undefined ? this.#repartition : undefined,
    });
    if (s.groupedName !== undefined) this.#repartition ??= created;
    return { parent: created.sourceName, sourceTopics: [created.topic] };
  }

  #aggregate<VA>(
    prefix: string,
    named: Named | undefined,
    materialized: Materialized<K, VA> | undefined,
    defaultValueSerde: Serde<VA> | undefined,
    makeProcessor: (storeName: string, flags: AggregateFlags) => ProcessorSupplier<K, V, K, Change<VA>>,
  ): KTable<K, VA> {
    const g = this.#s.graph;
    const storeName = materialized?.storeName ?? g.newStoreName(prefix);
    const name = g.nameOrGenerate(named?.name, prefix);
    const keySerde = materialized?.keySerde ?? this.#s.keySerde;
    const valueSerde = materialized?.valueSerde ?? defaultValueSerde;
    const { parent, sourceTopics } = this.upstream(storeName);
    const flags: AggregateFlags = { sendOldValues: false };
    const supplier: TableSupplier = { kind: 'aggregate', flags, storeName };
    const processor = makeProcessor(storeName, flags);
    const store = keyValueStoreFor(storeName, materialized, keySerde, valueSerde);
    g.add((t) => {
      t.addProcessor(name, processor, parent);
      t.addStateStore(store, name);
    });
    return g.handles().table<K, VA>({ graph: g, name, keySerde, valueSerde, sourceTopics, queryableStoreName: materialized?.storeName, supplier });
  }
}
