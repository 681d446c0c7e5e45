import type { Serde } from '../serdes/serde.js';
import { requireFunction } from '../internal/assert.js';
import { streamTableJoinProcessor, identityKey } from '../joins/stream-table-join.js';
import { streamGlobalTableJoinProcessor } from '../joins/stream-global-table-join.js';
import type { ProcessorSupplier } from '../topology/processor.js';
import type { StreamState, TableState } from './handles.js';
import type { KStream } from './kstream.js';
import type { KTable } from './ktable.js';
import { GlobalKTable } from './global-ktable.js';
import type { Joined, Named } from './options.js';
import { valueGetterSupplier } from './value-getters.js';

type AnySupplier = ProcessorSupplier<unknown, unknown, unknown, unknown>;

/** A stream that can be repartitioned for a join, caching the repartition as Kafka's KStreamImpl.repartitionNode. */
export interface JoinableStream<K, V> {
  readonly state: StreamState<K, V>;
  repartitionForJoin(name: string, keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined): StreamState<K, V>;
}

/** True if `other` is a GlobalKTable. */
export function isGlobalTable(other: unknown): other is GlobalKTable<unknown, unknown> {
  return other instanceof GlobalKTable;
}

/** True if `other` is a KTable (told apart by its table state, since handles never import each other as values). */
export function isTable(other: unknown): other is KTable<unknown, unknown> {
  const state = (other as { state?: { supplier?: unknown } } | null)?.state;
  return typeof state === 'object' && state !== null && state.supplier !== undefined;
}

/**
 * KStream-KTable join (Kafka's KStreamImpl.join/leftJoin(KTable) and doStreamTableJoin): repartitions the stream
 * first if its key changed, co-partitions it with the table, and adds `KSTREAM-JOIN-`/`KSTREAM-LEFTJOIN-` connected
 * to the stores the table's value getter reads.
 */
export function streamTableJoin<K, V, VT, VR>(
  stream: JoinableStream<K, V>,
  table: KTable<K, VT>,
  joiner: (value: V, tableValue: VT | null) => VR,
  joined: Joined<K, V, VT> | undefined,
  leftJoin: boolean,
): KStream<K, VR> {
  requireFunction('joiner', joiner);
  let s = stream.state;
  if (s.repartitionRequired) s = stream.repartitionForJoin(joined?.name ?? s.name, joined?.keySerde, joined?.valueSerde);
  const t = table.state as TableState<K, VT>;
  const g = s.graph;
  const sourceTopics = [...new Set([...s.sourceTopics, ...t.sourceTopics])];
  g.copartition(() => sourceTopics);
  const name = g.nameOrGenerate(joined?.name, leftJoin ? 'KSTREAM-LEFTJOIN-' : 'KSTREAM-JOIN-');
  const getter = valueGetterSupplier(t);
  const processor = streamTableJoinProcessor<K, V, K, VT, VR>(getter, identityKey, (_key, value, tableValue) => joiner(value, tableValue), leftJoin);
  const parent = s.name;
  g.add((topology) => {
    topology.addProcessor(name, processor as AnySupplier, parent);
    topology.connectProcessorAndStateStores(name, ...getter.storeNames);
  });
  return g.handles().stream<K, VR>({
    graph: g,
    name,
    keySerde: joined?.keySerde ?? s.keySerde,
    valueSerde: undefined,
    repartitionRequired: false,
    sourceTopics,
  });
}

/**
 * KStream-GlobalKTable join (Kafka's KStreamImpl.globalTableJoin): no repartition and no co-partitioning; the key
 * selector picks the table key. Kafka names both the inner and the left join `KSTREAM-LEFTJOIN-`; so does kstreams.
 */
export function streamGlobalTableJoin<K, V, KG, VG, VR>(
  stream: JoinableStream<K, V>,
  globalTable: GlobalKTable<KG, VG>,
  keySelector: (key: K, value: V) => KG,
  joiner: (value: V, tableValue: VG | null) => VR,
  named: Named | undefined,
  leftJoin: boolean,
): KStream<K, VR> {
  requireFunction('keySelector', keySelector);
  requireFunction('joiner', joiner);
  const s = stream.state;
  const g = s.graph;
  const name = g.nameOrGenerate(named?.name, 'KSTREAM-LEFTJOIN-');
  const processor = streamGlobalTableJoinProcessor<K, V, KG, VG, VR>(globalTable.state.valueGetter, keySelector, (_key, value, tableValue) => joiner(value, tableValue), leftJoin);
  const parent = s.name;
  g.add((topology) => topology.addProcessor(name, processor as AnySupplier, parent));
  return g.handles().stream<K, VR>({ ...(s as unknown as StreamState<K, VR>), name, valueSerde: undefined });
}
