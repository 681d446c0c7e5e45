import { Serdes } from '../serdes/primitives.js';
import type { Serde } from '../serdes/serde.js';
import { requireFunction } from '../internal/assert.js';
import type { ProcessorSupplier } from '../topology/processor.js';
import { TimeWindows } from '../windows/time-windows.js';
import type { SlidingWindows } from '../windows/sliding-windows.js';
import { WindowedSerdes, type Windowed } from '../windows/windowed.js';
import { Materialized, Named } from './options.js';
import type { TableSupplier } from './handles.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import type { KTable } from './ktable.js';
import { EmitStrategy } from './emit-strategy.js';
import { windowAggregateProcessor } from './processors/window-aggregate.js';
import type { AggregateFlags } from './processors/stream-aggregate.js';
import { windowStoreFor } from './materialize.js';
import { slidingWindowStoreFor } from './materialize-windows.js';
import { slidingWindowAggregateProcessor } from './processors/sliding-window-aggregate.js';
import type { Change } from './change.js';

/**
 * A grouped stream cut into tumbling, hopping or sliding windows (Kafka Streams' TimeWindowedKStream); aggregations
 * produce a `KTable<Windowed<K>, VA>`. Records later than their window's end + grace are dropped and counted.
 * Sliding windows (SlidingWindowedKStream in Kafka) skip null values; tumbling and hopping ones aggregate them.
 */
export class TimeWindowedKStream<K, V> {
  readonly #grouped: KGroupedStream<K, V>;
  readonly #windows: TimeWindows | SlidingWindows;
  readonly #emit: EmitStrategy;

  /** @internal Created by StreamsBuilder; use groupedStream.windowedBy(TimeWindows...). */
  constructor(grouped: KGroupedStream<K, V>, windows: TimeWindows | SlidingWindows, emit: EmitStrategy = EmitStrategy.onWindowUpdate()) {
    this.#grouped = grouped;
    this.#windows = windows;
    this.#emit = emit;
  }

  /** Emits on every window update (default) or once per window when it closes. */
  emitStrategy(strategy: EmitStrategy): TimeWindowedKStream<K, V> {
    return this.#grouped.state.graph.handles().timeWindowed(this.#grouped, this.#windows, strategy);
  }

  /** Counts records per key and window. */
  count(named?: Named, materialized?: Materialized<K, number>): KTable<Windowed<K>, number>;
  count(materialized: Materialized<K, number>): KTable<Windowed<K>, number>;
  count(a?: Named | Materialized<K, number>, b?: Materialized<K, number>): KTable<Windowed<K>, number> {
    const named = a instanceof Named ? a : undefined;
    const materialized = a instanceof Materialized ? a : b;
    // Kafka's TimeWindowedKStreamImpl burns a store name here (SlidingWindowedKStreamImpl does not).
    if (this.#windows instanceof TimeWindows && materialized !== undefined && materialized.storeName === undefined) this.#grouped.state.graph.newStoreName('KSTREAM-AGGREGATE-');
    return this.#aggregate<number>('KSTREAM-AGGREGATE-', named, materialized, Serdes.Long(), () => 0, (_k, _v, agg) => (agg ?? 0) + 1);
  }

  /** Combines the values of each key and window; a window's first value is its aggregate. */
  reduce(reducer: (aggregate: V, value: V) => V, a?: Named | Materialized<K, V>, b?: Materialized<K, V>): KTable<Windowed<K>, V> {
    requireFunction('reducer', reducer);
    const named = a instanceof Named ? a : undefined;
    const materialized = a instanceof Materialized ? a : b;
    return this.#aggregate<V>('KSTREAM-REDUCE-', named, materialized, this.#grouped.state.valueSerde, () => null, (_k, value, agg) =>
      agg === null ? value : reducer(agg, value),
    );
  }

  /** Folds the values of each key and window into an aggregate starting at `initializer()`. */
  aggregate<VA>(
    initializer: () => VA,
    aggregator: (key: K, value: V, aggregate: VA) => VA,
    a?: Named | Materialized<K, VA>,
    b?: Materialized<K, VA>,
  ): KTable<Windowed<K>, VA> {
    requireFunction('initializer', initializer);
    requireFunction('aggregator', aggregator);
    const named = a instanceof Named ? a : undefined;
    const materialized = a instanceof Materialized ? a : b;
    return this.#aggregate<VA>('KSTREAM-AGGREGATE-', named, materialized, undefined, initializer, aggregator as (k: K, v: V, agg: VA | null) => VA);
  }

  #aggregate<VA>(
    prefix: string,
    named: Named | undefined,
    materialized: Materialized<K, VA> | undefined,
    defaultValueSerde: Serde<VA> | undefined,
    initializer: () => VA | null,
    aggregator: (key: K, value: V, aggregate: VA | null) => VA | null,
  ): KTable<Windowed<K>, VA> {
    const s = this.#grouped.state;
    const g = s.graph;
    const storeName = materialized?.storeName ?? g.newStoreName(prefix);
    const name = g.nameOrGenerate(named?.name, prefix);
    const keySerde = materialized?.keySerde ?? s.keySerde;
    const valueSerde = materialized?.valueSerde ?? defaultValueSerde;
    const windows = this.#windows;
    const store =
      windows instanceof TimeWindows
        ? windowStoreFor(storeName, materialized, windows, keySerde, valueSerde)
        : slidingWindowStoreFor(storeName, materialized, windows, keySerde, valueSerde);
    const { parent, sourceTopics } = this.#grouped.upstream(storeName);
    const flags: AggregateFlags = { sendOldValues: false };
    const emitOnClose = this.#emit.type === 'ON_WINDOW_CLOSE';
    const processor =
      windows instanceof TimeWindows
        ? windowAggregateProcessor<K, V, VA>(storeName, windows, initializer, aggregator, emitOnClose, flags)
        : slidingWindowAggregateProcessor<K, V, VA>(storeName, windows, initializer, aggregator, emitOnClose, flags);
    const windowSizeMs = windows instanceof TimeWindows ? windows.sizeMs : windows.timeDifferenceMs;
    g.add((t) => {
      t.addProcessor(name, processor as ProcessorSupplier<K, V, Windowed<K>, Change<VA>>, parent);
      t.addStateStore(store, name);
    });
    const supplier: TableSupplier = { kind: 'aggregate', flags, storeName, windowGraceMs: this.#windows.graceMs };
    return g.handles().table<Windowed<K>, VA>({
      graph: g,
      name,
      keySerde: keySerde === undefined ? undefined : WindowedSerdes.timeWindowedSerdeFrom(keySerde, windowSizeMs),
      valueSerde,
      sourceTopics,
      queryableStoreName: materialized?.storeName,
      supplier,
    });
  }
}
