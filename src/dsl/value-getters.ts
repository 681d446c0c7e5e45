import { TopologyError } from '../errors.js';
import { derivedValueGetter, storeValueGetter, type TableValueGetterSupplier } from '../joins/value-getter.js';
import type { TableState } from './handles.js';

/**
 * How a join reads a table's current values (Kafka's KTableImpl.valueGetterSupplier): a source table is forced to
 * materialize and read from its store; a materialized operator or aggregation reads its own store; a
 * non-materialized filter or mapValues recomputes from its parent's getter; a join result recomputes the join.
 * The returned store names must be connected to the processor that reads.
 */
export function valueGetterSupplier<K, V>(table: TableState<K, V>): TableValueGetterSupplier<K, V> {
  const supplier = table.supplier;
  switch (supplier.kind) {
    case 'source':
      supplier.flags.materialized = true;
      return storeValueGetter(supplier.storeName);
    case 'aggregate':
      return storeValueGetter(supplier.storeName);
    case 'operator': {
      if (supplier.storeName !== undefined) return storeValueGetter(supplier.storeName);
      if (supplier.viewGetter !== undefined) return supplier.viewGetter(valueGetterSupplier(supplier.parent)) as TableValueGetterSupplier<K, V>;
      const view = supplier.view;
      if (view === undefined) {
        throw new TopologyError(`Table ${table.name} cannot be read by a join. Materialize it with Materialized.as(storeName).`);
      }
      return derivedValueGetter(valueGetterSupplier(supplier.parent), view) as TableValueGetterSupplier<K, V>;
    }
    case 'join':
      return (supplier.storeName !== undefined ? storeValueGetter(supplier.storeName) : supplier.view()) as TableValueGetterSupplier<K, V>;
  }
}
