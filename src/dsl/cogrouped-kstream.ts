import { requireFunction } from '../internal/assert.js';
import { Materialized, Named } from './options.js';
import type { TableSupplier } from './handles.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import type { KTable } from './ktable.js';
import { streamAggregateProcessor, type AggregateFlags } from './processors/stream-aggregate.js';
import { passThroughProcessor } from './processors/peek.js';
import { keyValueStoreFor } from './materialize.js';
import type { TimeWindows } from '../windows/time-windows.js';
import type { SlidingWindows } from '../windows/sliding-windows.js';
import { SessionWindows } from '../windows/session-windows.js';
import type { SessionWindowedCogroupedKStream, TimeWindowedCogroupedKStream } from './windowed-cogrouped-kstream.js';

interface Pattern<K, VA> {
  readonly grouped: KGroupedStream<K, unknown>;
  readonly aggregator: (key: K, value: unknown, aggregate: VA) => VA;
}

/**
 * Several grouped streams aggregated into one table, each with its own aggregator (Kafka Streams'
 * CogroupedKStream). All aggregators share one store; a record of any input updates its key's aggregate.
 */
export type { Pattern as CogroupPattern };

export class CogroupedKStream<K, VA> {
  readonly #patterns: Pattern<K, VA>[];

  /** @internal Created by StreamsBuilder; use groupedStream.cogroup(aggregator). */
  constructor(patterns: Pattern<K, VA>[]) {
    this.#patterns = patterns;
  }

  /** Adds another grouped stream with its aggregator. */
  cogroup<V>(grouped: KGroupedStream<K, V>, aggregator: (key: K, value: V, aggregate: VA) => VA): CogroupedKStream<K, VA> {
    requireFunction('aggregator', aggregator);
    const rest = this.#patterns.filter((p) => p.grouped.state !== grouped.state);
    return new CogroupedKStream<K, VA>([...rest, { grouped: grouped as KGroupedStream<K, unknown>, aggregator: aggregator as Pattern<K, VA>['aggregator'] }]);
  }

  /** Cuts the cogroup into tumbling, hopping or sliding windows, or into activity sessions. */
  windowedBy(windows: TimeWindows | SlidingWindows): TimeWindowedCogroupedKStream<K, VA>;
  windowedBy(windows: SessionWindows): SessionWindowedCogroupedKStream<K, VA>;
  windowedBy(windows: TimeWindows | SlidingWindows | SessionWindows): TimeWindowedCogroupedKStream<K, VA> | SessionWindowedCogroupedKStream<K, VA> {
    const handles = (this.#patterns[0] as Pattern<K, VA>).grouped.state.graph.handles();
    if (windows instanceof SessionWindows) return handles.sessionWindowedCogrouped(this.#patterns, windows);
    return handles.timeWindowedCogrouped(this.#patterns, windows);
  }

  /** Aggregates every input into one table, starting each key at `initializer()`. */
  aggregate(initializer: () => VA, materialized: Materialized<K, VA>): KTable<K, VA>;
  aggregate(initializer: () => VA, named?: Named, materialized?: Materialized<K, VA>): KTable<K, VA>;
  aggregate(initializer: () => VA, a?: Named | Materialized<K, VA>, b?: Materialized<K, VA>): KTable<K, VA> {
    requireFunction('initializer', initializer);
    const named = a instanceof Named ? a : undefined;
    const materialized = a instanceof Materialized ? a : b;
    const first = (this.#patterns[0] as Pattern<K, VA>).grouped.state;
    const g = first.graph;
    const storeName = materialized?.storeName ?? g.newStoreName('COGROUPKSTREAM-AGGREGATE-');
    const keySerde = materialized?.keySerde ?? first.keySerde;
    const valueSerde = materialized?.valueSerde;
    const parents = this.#patterns.map((p) => p.grouped.upstream(storeName));
    g.copartition(() => parents.flatMap((p) => [...p.sourceTopics]));
    const flags: AggregateFlags = { sendOldValues: false };
    const aggregateNames: string[] = [];
    this.#patterns.forEach((pattern, i) => {
      const name = g.nameOrGenerate(named !== undefined ? `${named.name}-cogroup-agg-${i}` : undefined, 'COGROUPKSTREAM-AGGREGATE-');
      aggregateNames.push(name);
      const processor = streamAggregateProcessor<K, unknown, VA>(storeName, initializer, pattern.aggregator, flags);
      const parent = (parents[i] as { parent: string }).parent;
      const store = i === 0 ? keyValueStoreFor(storeName, materialized, keySerde, valueSerde) : undefined;
      g.add((t) => {
        t.addProcessor(name, processor, parent);
        if (store !== undefined) t.addStateStore(store, name);
        else t.connectProcessorAndStateStores(name, storeName);
      });
    });
    const mergeName = g.nameOrGenerate(named !== undefined ? `${named.name}-cogroup-merge` : undefined, 'COGROUPKSTREAM-MERGE-');
    g.add((t) => t.addProcessor(mergeName, passThroughProcessor(), ...aggregateNames));
    const supplier: TableSupplier = { kind: 'aggregate', flags, storeName };
    return g.handles().table<K, VA>({
      graph: g,
      name: mergeName,
      keySerde,
      valueSerde,
      sourceTopics: parents.flatMap((p) => [...p.sourceTopics]),
      queryableStoreName: materialized?.storeName,
      supplier,
    });
  }
}
