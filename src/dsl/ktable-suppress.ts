import { TopologyError } from '../errors.js';
import type { ProcessorSupplier } from '../topology/processor.js';
import { timeOrderedBufferBuilder } from '../state/in-memory/in-memory-time-ordered-buffer.js';
import { enableSendingOldValues, type TableState, type TableSupplier } from './handles.js';
import type { KTable } from './ktable.js';
import { Suppressed } from './suppressed.js';
import { suppressedValueGetter, suppressProcessor, type SuppressSpec } from './processors/suppress.js';

type AnyTable = TableState<unknown, unknown>;

/**
 * KTable.suppress (Kafka's KTableImpl.suppress): names the processor `KTABLE-SUPPRESS-<n>` and then its buffer
 * store `KTABLE-SUPPRESS-STATE-STORE-<n>`, or `<name>` and `<name>-store` without using the counter; forces the
 * parent to send old values; for untilWindowCloses, waits the grace of the windowed aggregation upstream and
 * fails here (at build time) when there is none.
 */
export function suppressTable<K, V>(self: TableState<K, V>, suppressed: Suppressed<K>): KTable<K, V> {
  if (!(suppressed instanceof Suppressed)) {
    throw new TypeError('Expected a Suppressed (Suppressed.untilWindowCloses(...) or Suppressed.untilTimeLimit(...)); custom implementations are not supported.');
  }
  const g = self.graph;
  const name = suppressed.name ?? g.newProcessorName('KTABLE-SUPPRESS-');
  const config = suppressed.bufferConfig;
  const finalResults = suppressed.kind === 'UNTIL_WINDOW_CLOSES';
  const spec: SuppressSpec = {
    maxRecords: config.maxRecords,
    maxBytes: config.maxBytes,
    bufferFullStrategy: config.bufferFullStrategy,
    suppressDurationMs: finalResults ? findWindowGrace(self as AnyTable, '') : suppressed.timeToWaitForMoreEventsMs,
    timeDefinition: finalResults ? 'WINDOW_END_TIME' : 'RECORD_TIME',
    safeToDropTombstones: finalResults,
  };
  const storeName = suppressed.name !== undefined ? `${suppressed.name}-store` : g.newStoreName('KTABLE-SUPPRESS-');
  // The buffer keeps each key's prior value for the suppressed view, so it needs old values (as in Kafka).
  enableSendingOldValues(self as AnyTable, true);
  const processor = suppressProcessor<K, V>(name, storeName, spec);
  const store = timeOrderedBufferBuilder(storeName, self.keySerde, self.valueSerde, config.logConfig);
  const parent = self.name;
  g.add((t) => {
    t.addProcessor(name, processor as ProcessorSupplier<unknown, unknown, unknown, unknown>, parent);
    t.addStateStore(store, name);
  });
  const supplier: TableSupplier = {
    kind: 'operator',
    flags: { sendOldValues: true },
    storeName: undefined,
    parent: self as AnyTable,
    viewGetter: (parentGetter) => suppressedValueGetter(parentGetter, storeName),
  };
  return g.handles().table<K, V>({
    graph: g,
    name,
    keySerde: self.keySerde,
    valueSerde: self.valueSerde,
    sourceTopics: self.sourceTopics,
    queryableStoreName: undefined,
    supplier,
  });
}

/**
 * The grace of the windowed aggregation a table derives from (Kafka's GraphGraceSearchUtil.findAndVerifyWindowGrace),
 * walking up through table operators. `chain` lists the nodes walked, for the error.
 */
function findWindowGrace(table: AnyTable, chain: string): number {
  const supplier = table.supplier;
  if (supplier.kind === 'aggregate' && supplier.windowGraceMs !== undefined) return supplier.windowGraceMs;
  const walked = chain === '' ? table.name : `${table.name}->${chain}`;
  if (supplier.kind === 'operator') return findWindowGrace(supplier.parent, walked);
  throw new TopologyError(
    `Window close time is only defined for windowed computations. Got [${supplier.kind === 'source' ? 'root->' : ''}${walked}]. ` +
      'Suppressed.untilWindowCloses needs a table produced by a windowed aggregation (groupByKey().windowedBy(...).count() etc.); ' +
      'use Suppressed.untilTimeLimit(...) to rate-limit the updates of other tables.',
  );
}
