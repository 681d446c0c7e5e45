import type { Serde } from '../serdes/serde.js';
import type { InternalStreamsBuilder } from './graph.js';
import type { AggregateFlags } from './processors/stream-aggregate.js';
import type { TableSourceFlags } from './processors/table-source.js';
import type { TableOperatorFlags } from './processors/table-filter.js';
import type { KStream } from './kstream.js';
import type { KTable } from './ktable.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import type { KGroupedTable } from './kgrouped-table.js';
import type { BranchedKStream } from './branched-kstream.js';
import type { CogroupedKStream } from './cogrouped-kstream.js';
import type { Grouped } from './options.js';
import type { ValueAndTimestamp } from '../state/key-value-store.js';
import type { TableValueGetterSupplier } from '../joins/value-getter.js';
import type { TimeWindowedKStream } from './time-windowed-kstream.js';
import type { TimeWindows } from '../windows/time-windows.js';
import type { SlidingWindows } from '../windows/sliding-windows.js';
import type { SessionWindows } from '../windows/session-windows.js';
import type { SessionWindowedKStream } from './session-windowed-kstream.js';
import type { SessionWindowedCogroupedKStream, TimeWindowedCogroupedKStream } from './windowed-cogrouped-kstream.js';
import type { CogroupPattern } from './cogrouped-kstream.js';
import type { EmitStrategy } from './emit-strategy.js';

/** What every stream handle knows about its node. */
export interface StreamState<K, V> {
  readonly graph: InternalStreamsBuilder;
  /** Name of the node that emits this stream's records. */
  readonly name: string;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  /** True after a key-changing operation: the next key-based operation repartitions. */
  readonly repartitionRequired: boolean;
  /** Logical source topics of this stream's sub-topology (for co-partitioning checks). */
  readonly sourceTopics: readonly string[];
}

/**
 * How the processor behind a table can be asked to send old values or to materialize
 * (Kafka's KTableSource / KStreamAggProcessorSupplier / KTableProcessorSupplier).
 */
export type TableSupplier =
  | { readonly kind: 'source'; readonly flags: TableSourceFlags; readonly storeName: string }
  | {
      readonly kind: 'aggregate';
      readonly flags: AggregateFlags;
      readonly storeName: string;
      /**
       * Windowed aggregations only: how long after a window's end its result may still change, which
       * `suppress(untilWindowCloses)` waits (Kafka's GraphGraceSearchUtil: grace; session windows: gap + grace).
       */
      readonly windowGraceMs?: number | undefined;
    }
  | {
      readonly kind: 'operator';
      readonly flags: TableOperatorFlags;
      readonly storeName: string | undefined;
      readonly parent: TableState<unknown, unknown>;
      /** Recomputes this operator's value from its parent's, for value getters of a non-materialized table. */
      readonly view?: (key: unknown, parentValue: ValueAndTimestamp<unknown> | null) => ValueAndTimestamp<unknown> | null;
      /** A view that needs more than the parent's value (suppress reads its buffer first); wraps the parent's getter. */
      readonly viewGetter?: (parent: TableValueGetterSupplier<unknown, unknown>) => TableValueGetterSupplier<unknown, unknown>;
    }
  | {
      /** A KTable-KTable join result (Kafka's KTableKTableJoinMerger). */
      readonly kind: 'join';
      readonly flags: TableOperatorFlags;
      readonly storeName: string | undefined;
      /** Makes both joined tables send old values (table-table joins force upstream materialization). */
      readonly enableUpstreamOldValues: () => void;
      /** The value getter of the non-materialized result: the join recomputed from both tables. */
      readonly view: () => TableValueGetterSupplier<unknown, unknown>;
    };

/** What every table handle knows about its node. */
export interface TableState<K, V> extends Omit<StreamState<K, V>, 'repartitionRequired'> {
  /** The store users may query, if the table is materialized under a name. */
  readonly queryableStoreName: string | undefined;
  readonly supplier: TableSupplier;
}

/** What a grouped stream knows. */
export interface GroupedStreamState<K, V> extends StreamState<K, V> {
  readonly groupedName: string | undefined;
}

/** What a grouped table knows: the re-keying node and the serdes of the repartition topic. */
export interface GroupedTableState<K, V> extends Omit<StreamState<K, V>, 'repartitionRequired'> {
  readonly groupedName: string | undefined;
}

/** Creates handles; set by StreamsBuilder so that handle classes never construct one another. */
export interface HandleFactory {
  stream<K, V>(state: StreamState<K, V>): KStream<K, V>;
  table<K, V>(state: TableState<K, V>): KTable<K, V>;
  groupedStream<K, V>(state: GroupedStreamState<K, V>): KGroupedStream<K, V>;
  groupedTable<K, V>(state: GroupedTableState<K, V>): KGroupedTable<K, V>;
  branched<K, V>(stream: KStream<K, V>, state: StreamState<K, V>, splitterName: string): BranchedKStream<K, V>;
  timeWindowed<K, V>(grouped: KGroupedStream<K, V>, windows: TimeWindows | SlidingWindows, emit?: EmitStrategy): TimeWindowedKStream<K, V>;
  sessionWindowed<K, V>(grouped: KGroupedStream<K, V>, windows: SessionWindows, emit?: EmitStrategy): SessionWindowedKStream<K, V>;
  timeWindowedCogrouped<K, VA>(patterns: readonly CogroupPattern<K, VA>[], windows: TimeWindows | SlidingWindows): TimeWindowedCogroupedKStream<K, VA>;
  sessionWindowedCogrouped<K, VA>(patterns: readonly CogroupPattern<K, VA>[], windows: SessionWindows): SessionWindowedCogroupedKStream<K, VA>;
  cogrouped<K, VA>(first: { grouped: KGroupedStream<K, unknown>; aggregator: (key: K, value: unknown, aggregate: VA) => VA }): CogroupedKStream<K, VA>;
}

/** Serdes of a Grouped, falling back to the stream's own. */
export function groupedSerdes<K, V>(grouped: Grouped<K, V> | undefined, keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined) {
  return { keySerde: grouped?.keySerde ?? keySerde, valueSerde: grouped?.valueSerde ?? valueSerde };
}

/**
 * Asks the table's processor to forward old values (Kafka's KTableImpl.enableSendingOldValues). A source table
 * that is not materialized refuses unless `force`, which materializes it.
 */
export function enableSendingOldValues(table: TableState<unknown, unknown>, force: boolean): boolean {
  const supplier = table.supplier;
  if (supplier.flags.sendOldValues) return true;
  switch (supplier.kind) {
    case 'source':
      if (!force && !supplier.flags.materialized) return false;
      supplier.flags.materialized = true;
      supplier.flags.sendOldValues = true;
      return true;
    case 'aggregate':
      supplier.flags.sendOldValues = true;
      return true;
    case 'operator':
      if (supplier.storeName !== undefined || enableSendingOldValues(supplier.parent, force)) supplier.flags.sendOldValues = true;
      return supplier.flags.sendOldValues;
    case 'join':
      supplier.enableUpstreamOldValues();
      supplier.flags.sendOldValues = true;
      return true;
  }
}
