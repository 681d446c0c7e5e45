import type { KeyValue } from '../internal/key-value.js';
import { requireFunction } from '../internal/assert.js';
import type { ProcessorSupplier } from '../topology/processor.js';
import { Materialized, Named, type Grouped } from './options.js';
import { enableSendingOldValues, type TableState, type TableSupplier } from './handles.js';
import type { KStream } from './kstream.js';
import type { KGroupedTable } from './kgrouped-table.js';
import { tableFilterProcessor, type TableOperatorFlags } from './processors/table-filter.js';
import { tableMapValuesProcessor, tableToStreamProcessor } from './processors/table-map-values.js';
import { tableRepartitionMapProcessor } from './processors/table-repartition-map.js';
import { keyValueStoreFor } from './materialize.js';
import type { Change } from './change.js';
import type { ValueAndTimestamp } from '../state/key-value-store.js';
import type { JoinKind } from '../joins/joiner.js';
import type { TableJoined } from './options.js';
import { foreignKeyJoin, tableTableJoin } from './ktable-joins.js';
import type { Suppressed } from './suppressed.js';
import { suppressTable } from './ktable-suppress.js';

/**
 * A changelog stream read as a table: the latest value per key (Kafka Streams' KTable). Updates flow
 * downstream as changes; a null value deletes the key and is forwarded as a tombstone.
 */
export class KTable<K, V> {
  readonly #s: TableState<K, V>;

  /** @internal Created by StreamsBuilder; use builder.table() or an aggregation. */
  constructor(state: TableState<K, V>) {
    this.#s = state;
  }

  /** @internal */
  get state(): TableState<K, V> {
    return this.#s;
  }

  /** The name of the store users may query, or undefined if the table is not materialized under a name. */
  queryableStoreName(): string | undefined {
    return this.#s.queryableStoreName;
  }

  /**
   * Holds back updates and emits them later (Kafka's KTable.suppress): after a time limit per key, or, for a windowed
   * table, once per window with its final result when the window closes. Stateful: buffers in a store logged to a
   * changelog. `untilWindowCloses` on a table not derived from a windowed aggregation throws a TopologyError.
   */
  suppress(suppressed: Suppressed<K>): KTable<K, V> {
    return suppressTable(this.#s, suppressed);
  }

  /** Keeps rows for which `predicate` is true; a row that stops matching becomes a tombstone downstream. */
  filter(predicate: (key: K, value: V) => boolean, materialized: Materialized<K, V>): KTable<K, V>;
  filter(predicate: (key: K, value: V) => boolean, named?: Named, materialized?: Materialized<K, V>): KTable<K, V>;
  filter(predicate: (key: K, value: V) => boolean, a?: Named | Materialized<K, V>, b?: Materialized<K, V>): KTable<K, V> {
    requireFunction('predicate', predicate);
    return this.#filter(predicate, false, a, b);
  }

  /** Drops rows for which `predicate` is true (as tombstones downstream). */
  filterNot(predicate: (key: K, value: V) => boolean, materialized: Materialized<K, V>): KTable<K, V>;
  filterNot(predicate: (key: K, value: V) => boolean, named?: Named, materialized?: Materialized<K, V>): KTable<K, V>;
  filterNot(predicate: (key: K, value: V) => boolean, a?: Named | Materialized<K, V>, b?: Materialized<K, V>): KTable<K, V> {
    requireFunction('predicate', predicate);
    return this.#filter(predicate, true, a, b);
  }

  /** Maps each value (the mapper gets the value, then the key); tombstones stay tombstones. */
  mapValues<VR>(mapper: (value: V, key: K) => VR, materialized: Materialized<K, VR>): KTable<K, VR>;
  mapValues<VR>(mapper: (value: V, key: K) => VR, named?: Named, materialized?: Materialized<K, VR>): KTable<K, VR>;
  mapValues<VR>(mapper: (value: V, key: K) => VR, a?: Named | Materialized<K, VR>, b?: Materialized<K, VR>): KTable<K, VR> {
    requireFunction('mapper', mapper);
    const { named, materialized } = split(a, b);
    return this.#operator<VR>(
      'KTABLE-MAPVALUES-',
      named,
      materialized,
      undefined,
      (storeName, flags) => tableMapValuesProcessor(mapper, storeName, flags),
      (key, parent) => (parent === null ? null : nonNullValue(mapper(parent.value, key), parent.timestamp)),
    );
  }

  /** The stream of this table's updates; a delete arrives as a record with a null value. */
  toStream(named?: Named): KStream<K, V> {
    const g = this.#s.graph;
    const name = g.nameOrGenerate(named?.name, 'KTABLE-TOSTREAM-');
    const parent = this.#s.name;
    g.add((t) => t.addProcessor(name, tableToStreamProcessor<K, V>(), parent));
    return g.handles().stream<K, V>({
      graph: g,
      name,
      keySerde: this.#s.keySerde,
      valueSerde: this.#s.valueSerde,
      repartitionRequired: false,
      sourceTopics: this.#s.sourceTopics,
    });
  }

  /**
   * Re-keys the table for an aggregation with adder and subtractor; always repartitions. An update that moves a
   * row to another group subtracts it from the old group and adds it to the new one.
   */
  groupBy<KR, VR>(selector: (key: K, value: V) => KeyValue<KR, VR>, grouped?: Grouped<KR, VR>): KGroupedTable<KR, VR> {
    requireFunction('selector', selector);
    const g = this.#s.graph;
    const name = g.nameOrGenerate(grouped?.name, 'KTABLE-SELECT-');
    const parent = this.#s.name;
    g.add((t) => t.addProcessor(name, tableRepartitionMapProcessor(selector) as ProcessorSupplier<unknown, unknown, unknown, unknown>, parent));
    enableSendingOldValues(this.#s as TableState<unknown, unknown>, true);
    return g.handles().groupedTable<KR, VR>({
      graph: g,
      name,
      keySerde: grouped?.keySerde,
      valueSerde: grouped?.valueSerde,
      sourceTopics: this.#s.sourceTopics,
      groupedName: grouped?.name,
    });
  }

  /**
   * Joins with another table on the primary key: both sides trigger, and a row is emitted whenever either side's
   * update finds (inner) or may miss (left, outer) the other side. Or, when the second argument after `other` is a
   * joiner, i.e. `join(other, foreignKeyExtractor, joiner, TableJoined?, Materialized?)`, a foreign-key join: each
   * row joins the other table's row whose key `foreignKeyExtractor(value)` returns.
   */
  join<VO, VR>(other: KTable<K, VO>, joiner: (value: V, otherValue: VO) => VR, named?: Named | Materialized<K, VR>, materialized?: Materialized<K, VR>): KTable<K, VR>;
  join<KO, VO, VR>(other: KTable<KO, VO>, foreignKeyExtractor: (value: V) => KO, joiner: (value: V, otherValue: VO) => VR, tableJoined?: TableJoined<K, KO>, materialized?: Materialized<K, VR>): KTable<K, VR>;
  join<VR>(other: TableHandle, a: AnyFn, b?: unknown, c?: unknown, d?: unknown): KTable<K, VR> {
    return this.#join(other, a, b, c, d, 'inner') as KTable<K, VR>;
  }

  /** Like join(), but every row of this table is kept: a missing other side joins as null. Also the foreign-key left join. */
  leftJoin<VO, VR>(other: KTable<K, VO>, joiner: (value: V, otherValue: VO | null) => VR, named?: Named | Materialized<K, VR>, materialized?: Materialized<K, VR>): KTable<K, VR>;
  leftJoin<KO, VO, VR>(other: KTable<KO, VO>, foreignKeyExtractor: (value: V) => KO, joiner: (value: V, otherValue: VO | null) => VR, tableJoined?: TableJoined<K, KO>, materialized?: Materialized<K, VR>): KTable<K, VR>;
  leftJoin<VR>(other: TableHandle, a: AnyFn, b?: unknown, c?: unknown, d?: unknown): KTable<K, VR> {
    return this.#join(other, a, b, c, d, 'left') as KTable<K, VR>;
  }

  /** Primary-key join keeping the rows of both tables: a missing side joins as null. */
  outerJoin<VO, VR>(other: KTable<K, VO>, joiner: (value: V | null, otherValue: VO | null) => VR, named?: Named | Materialized<K, VR>, materialized?: Materialized<K, VR>): KTable<K, VR> {
    return this.#join(other, joiner as AnyFn, named, materialized, undefined, 'outer') as KTable<K, VR>;
  }

  #join(other: TableHandle, a: AnyFn, b: unknown, c: unknown, d: unknown, kind: JoinKind): KTable<K, unknown> {
    const self = this.#s as TableState<K, unknown>;
    if (typeof b === 'function') {
      const extractor = a as (value: unknown) => unknown;
      const joiner = b as (value: unknown, otherValue: unknown) => unknown;
      return foreignKeyJoin(self, other as unknown as KTable<unknown, unknown>, extractor, joiner, kind === 'left', c as TableJoined<K, unknown> | undefined, d as Materialized<K, unknown> | undefined);
    }
    const { named, materialized } = split(b as Named | Materialized<K, unknown> | undefined, c as Materialized<K, unknown> | undefined);
    return tableTableJoin(self, other as unknown as KTable<K, unknown>, a as (value: unknown, otherValue: unknown) => unknown, kind, named, materialized);
  }

  #filter(predicate: (key: K, value: V) => boolean, not: boolean, a: Named | Materialized<K, V> | undefined, b: Materialized<K, V> | undefined): KTable<K, V> {
    const { named, materialized } = split(a, b);
    const table = this.#operator<V>(
      'KTABLE-FILTER-',
      named,
      materialized,
      this.#s.valueSerde,
      (storeName, flags) => tableFilterProcessor(predicate, not, storeName, flags),
      (key, parent) => (parent !== null && predicate(key, parent.value) !== not ? parent : null),
    );
    // As Kafka's KTableFilter: ask the parent for old values without forcing materialization, so that above a
    // materialized table a dropped update of an absent key forwards no tombstone (test/dsl/processors/table-filter.test.ts).
    if (enableSendingOldValues(this.#s as TableState<unknown, unknown>, false)) table.state.supplier.flags.sendOldValues = true;
    return table;
  }

  /** Adds a stateless-or-materialized table operator; materialized only when Materialized names a store, as in Kafka. */
  #operator<VR>(
    prefix: string,
    named: Named | undefined,
    materialized: Materialized<K, VR> | undefined,
    valueSerde: import('../serdes/serde.js').Serde<VR> | undefined,
    make: (storeName: string | undefined, flags: TableOperatorFlags) => ProcessorSupplier<K, Change<V>, K, Change<VR>>,
    view?: (key: K, parentValue: ValueAndTimestamp<V> | null) => ValueAndTimestamp<VR> | null,
  ): KTable<K, VR> {
    const g = this.#s.graph;
    if (materialized !== undefined && materialized.storeName === undefined) g.newStoreName(prefix);
    const name = g.nameOrGenerate(named?.name, prefix);
    const storeName = materialized?.storeName;
    const keySerde = materialized?.keySerde ?? this.#s.keySerde;
    const outValueSerde = materialized?.valueSerde ?? valueSerde;
    const flags: TableOperatorFlags = { sendOldValues: false };
    const supplier: TableSupplier = { kind: 'operator', flags, storeName, parent: this.#s as TableState<unknown, unknown>, ...(view === undefined ? {} : { view: view as never }) };
    const processor = make(storeName, flags);
    const parent = this.#s.name;
    g.add((t) => {
      t.addProcessor(name, processor, parent);
      if (storeName !== undefined) t.addStateStore(keyValueStoreFor(storeName, materialized, keySerde, outValueSerde), name);
    });
    return g.handles().table<K, VR>({ graph: g, name, keySerde, valueSerde: outValueSerde, sourceTopics: this.#s.sourceTopics, queryableStoreName: storeName, supplier });
  }
}

type AnyFn = (...args: never[]) => unknown;

/** Any table handle (KTable is invariant in its type parameters). */
interface TableHandle {
  readonly state: unknown;
}

/** A ValueAndTimestamp, or null for a null value (Kafka's ValueAndTimestamp.make). */
function nonNullValue<V>(value: V | null | undefined, timestamp: number): ValueAndTimestamp<V> | null {
  return value === null || value === undefined ? null : { value, timestamp };
}

function split<K, V>(a: Named | Materialized<K, V> | undefined, b: Materialized<K, V> | undefined) {
  return { named: a instanceof Named ? a : undefined, materialized: a instanceof Materialized ? a : b };
}
