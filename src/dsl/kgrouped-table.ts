import { Serdes } from '../serdes/primitives.js';
import type { Serde } from '../serdes/serde.js';
import { requireFunction } from '../internal/assert.js';
import type { ProcessorSupplier } from '../topology/processor.js';
import type { SerdeOption } from '../topology/topology.js';
import { Materialized, Named } from './options.js';
import type { GroupedTableState, TableSupplier } from './handles.js';
import type { KTable } from './ktable.js';
import { tableAggregateProcessor, tableReduceProcessor } from './processors/table-aggregate.js';
import type { AggregateFlags } from './processors/stream-aggregate.js';
import { keyValueStoreFor } from './materialize.js';
import { changeSerde } from './change-serde.js';
import type { Change } from './change.js';

/**
 * A re-keyed table, ready to aggregate with an adder and a subtractor (Kafka Streams' KGroupedTable).
 * Updates reach the aggregation through a repartition topic; an update that keeps its group applies the
 * subtractor and the adder as one update.
 */
export class KGroupedTable<K, V> {
  readonly #s: GroupedTableState<K, V>;
  #repartition: { sinkName: string; sourceName: string; topic: string } | undefined;

  /** @internal Created by StreamsBuilder; use table.groupBy(). */
  constructor(state: GroupedTableState<K, V>) {
    this.#s = state;
  }

  /** Counts the rows of each group. */
  count(materialized: Materialized<K, number>): KTable<K, number>;
  count(named?: Named, materialized?: Materialized<K, number>): KTable<K, number>;
  count(a?: Named | Materialized<K, number>, b?: Materialized<K, number>): KTable<K, number> {
    const named = a instanceof Named ? a : undefined;
    const materialized = a instanceof Materialized ? a : b;
    return this.#aggregate('KTABLE-AGGREGATE-', named, materialized, Serdes.Long(), (storeName, flags) =>
      tableAggregateProcessor<K, V, number>(storeName, () => 0, (_k, _v, agg) => agg + 1, (_k, _v, agg) => agg - 1, flags),
    );
  }

  /** Combines values with `adder`, and removes replaced or deleted ones with `subtractor`. */
  reduce(adder: (aggregate: V, value: V) => V, subtractor: (aggregate: V, value: V) => V, materialized?: Materialized<K, V>, named?: Named): KTable<K, V> {
    requireFunction('adder', adder);
    requireFunction('subtractor', subtractor);
    return this.#aggregate('KTABLE-REDUCE-', named, materialized, this.#s.valueSerde, (storeName, flags) =>
      tableReduceProcessor<K, V>(storeName, adder, subtractor, flags),
    );
  }

  /** Folds values into an aggregate starting at `initializer()`, adding new values and subtracting old ones. */
  aggregate<VA>(
    initializer: () => VA,
    adder: (key: K, value: V, aggregate: VA) => VA,
    subtractor: (key: K, value: V, aggregate: VA) => VA,
    materialized?: Materialized<K, VA>,
    named?: Named,
  ): KTable<K, VA> {
    requireFunction('initializer', initializer);
    requireFunction('adder', adder);
    requireFunction('subtractor', subtractor);
    return this.#aggregate('KTABLE-AGGREGATE-', named, materialized, undefined, (storeName, flags) =>
      tableAggregateProcessor<K, V, VA>(storeName, initializer, adder, subtractor, flags),
    );
  }

  #aggregate<VA>(
    prefix: string,
    named: Named | undefined,
    materialized: Materialized<K, VA> | undefined,
    defaultValueSerde: Serde<VA> | undefined,
    make: (storeName: string, flags: AggregateFlags) => ProcessorSupplier<K, Change<V>, K, Change<VA>>,
  ): KTable<K, VA> {
    const g = this.#s.graph;
    const storeName = materialized?.storeName ?? g.newStoreName('KTABLE-AGGREGATE-');
    const sinkName = g.nameOrGenerate(named !== undefined ? `${named.name}-sink` : undefined, 'KSTREAM-SINK-');
    const sourceName = g.nameOrGenerate(named !== undefined ? `${named.name}-source` : undefined, 'KSTREAM-SOURCE-');
    const name = g.nameOrGenerate(named?.name, prefix);
    const topic = `${this.#s.groupedName ?? storeName}-repartition`;
    const keySerde = materialized?.keySerde ?? this.#s.keySerde;
    const valueSerde = materialized?.valueSerde ?? defaultValueSerde;
    const repartition = this.#s.groupedName !== undefined && this.#repartition !== undefined ? this.#repartition : { sinkName, sourceName, topic };
    if (repartition !== this.#repartition) {
      const selectName = this.#s.name;
      const changes: SerdeOption<Change<V>> =
        this.#s.valueSerde === undefined ? { wrapsDefault: (inner) => changeSerde(inner as Serde<V>) } : changeSerde(this.#s.valueSerde);
      const groupKeySerde = this.#s.keySerde;
      g.add((t) => {
        t.addInternalTopic(repartition.topic);
        t.addSink(repartition.sinkName, repartition.topic, { keySerde: groupKeySerde, valueSerde: changes }, selectName);
        t.addSource(repartition.sourceName, repartition.topic, { keySerde: groupKeySerde, valueSerde: changes });
      });
      if (this.#s.groupedName !== undefined) this.#repartition = repartition;
    }
    const flags: AggregateFlags = { sendOldValues: false };
    const supplier: TableSupplier = { kind: 'aggregate', flags, storeName };
    const processor = make(storeName, flags);
    const store = keyValueStoreFor(storeName, materialized, keySerde, valueSerde);
    g.add((t) => {
      t.addProcessor(name, processor, repartition.sourceName);
      t.addStateStore(store, name);
    });
    return g.handles().table<K, VA>({
      graph: g,
      name,
      keySerde,
      valueSerde,
      sourceTopics: [repartition.topic],
      queryableStoreName: materialized?.storeName,
      supplier,
    });
  }
}
