import type { TableValueGetterSupplier } from '../joins/value-getter.js';

/** What a GlobalKTable handle knows: its store (always materialized) and the name users may query. */
export interface GlobalTableState<K, V> {
  readonly storeName: string;
  readonly queryableStoreName: string | undefined;
  readonly valueGetter: TableValueGetterSupplier<K, V>;
}

/**
 * A table replicated in full to every instance (Kafka Streams' GlobalKTable): built with builder.globalTable(),
 * usable only as the target of stream joins with a key selector; needs no co-partitioning.
 */
export class GlobalKTable<K, V> {
  readonly #s: GlobalTableState<K, V>;

  /** @internal Created by StreamsBuilder; use builder.globalTable(). */
  constructor(state: GlobalTableState<K, V>) {
    this.#s = state;
  }

  /** @internal */
  get state(): GlobalTableState<K, V> {
    return this.#s;
  }

  /** The store name users may query, if the table was materialized under a name. */
  queryableStoreName(): string | undefined {
    return this.#s.queryableStoreName;
  }
}
