import type { KeyValue } from '../internal/key-value.js';
import { requireFunction } from '../internal/assert.js';
import type { ProcessorSupplier } from '../topology/processor.js';
import type { TopicNameExtractor } from '../topology/sink-types.js';
import { Named, Produced, Repartitioned, Materialized, Grouped } from './options.js';
import type { StreamState, TableSupplier } from './handles.js';
import { groupedSerdes } from './handles.js';
import type { KTable } from './ktable.js';
import type { KGroupedStream } from './kgrouped-stream.js';
import type { BranchedKStream } from './branched-kstream.js';
import { filterProcessor } from './processors/filter.js';
import { mapProcessor, selectKeyProcessor } from './processors/map.js';
import { mapValuesProcessor } from './processors/map-values.js';
import { flatMapProcessor, flatMapValuesProcessor } from './processors/flat-map.js';
import { foreachProcessor, passThroughProcessor, peekProcessor } from './processors/peek.js';
import { tableSourceProcessor } from './processors/table-source.js';
import { fixedKeyProcessor } from './processors/process.js';
import { keyValueStoreFor } from './materialize.js';

type AnySupplier = ProcessorSupplier<unknown, unknown, unknown, unknown>;

/**
 * An unbounded stream of key-value records (Kafka Streams' KStream). Every method adds an operator and returns
 * a new handle; the receiver is left unchanged. Key-changing operations (map, selectKey, flatMap, process)
 * make the next key-based operation (groupByKey, aggregations, joins, toTable) repartition through an
 * internal topic.
 */
export class KStream<K, V> {
  readonly #s: StreamState<K, V>;

  /** @internal Created by StreamsBuilder; use builder.stream(). */
  constructor(state: StreamState<K, V>) {
    this.#s = state;
  }

  /** @internal */
  get state(): StreamState<K, V> {
    return this.#s;
  }

  /** Keeps records for which `predicate` is true. Stateless. */
  filter(predicate: (key: K, value: V) => boolean, named?: Named): KStream<K, V> {
    requireFunction('predicate', predicate);
    return this.#stateless('KSTREAM-FILTER-', named, filterProcessor(predicate, false), {});
  }

  /** Drops records for which `predicate` is true. Stateless. */
  filterNot(predicate: (key: K, value: V) => boolean, named?: Named): KStream<K, V> {
    requireFunction('predicate', predicate);
    return this.#stateless('KSTREAM-FILTER-', named, filterProcessor(predicate, true), {});
  }

  /** Replaces key and value; marks the stream for repartitioning. */
  map<KR, VR>(mapper: (key: K, value: V) => KeyValue<KR, VR>, named?: Named): KStream<KR, VR> {
    requireFunction('mapper', mapper);
    return this.#stateless('KSTREAM-MAP-', named, mapProcessor(mapper), { keySerde: undefined, valueSerde: undefined, repartitionRequired: true });
  }

  /** Replaces the value (the mapper gets the value, then the key). Keeps the key, so never repartitions. */
  mapValues<VR>(mapper: (value: V, key: K) => VR, named?: Named): KStream<K, VR> {
    requireFunction('mapper', mapper);
    return this.#stateless('KSTREAM-MAPVALUES-', named, mapValuesProcessor(mapper), { valueSerde: undefined });
  }

  /** Zero or more records per input with new keys and values; marks the stream for repartitioning. */
  flatMap<KR, VR>(mapper: (key: K, value: V) => Iterable<KeyValue<KR, VR>>, named?: Named): KStream<KR, VR> {
    requireFunction('mapper', mapper);
    return this.#stateless('KSTREAM-FLATMAP-', named, flatMapProcessor(mapper), { keySerde: undefined, valueSerde: undefined, repartitionRequired: true });
  }

  /** Zero or more values per input, same key. */
  flatMapValues<VR>(mapper: (value: V, key: K) => Iterable<VR>, named?: Named): KStream<K, VR> {
    requireFunction('mapper', mapper);
    return this.#stateless('KSTREAM-FLATMAPVALUES-', named, flatMapValuesProcessor(mapper), { valueSerde: undefined });
  }

  /** Sets a new key computed from key and value; marks the stream for repartitioning. */
  selectKey<KR>(mapper: (key: K, value: V) => KR, named?: Named): KStream<KR, V> {
    requireFunction('mapper', mapper);
    return this.#stateless('KSTREAM-KEY-SELECT-', named, selectKeyProcessor(mapper), { keySerde: undefined, repartitionRequired: true });
  }

  /** Runs `action` on each record and passes it on unchanged. */
  peek(action: (key: K, value: V) => void, named?: Named): KStream<K, V> {
    requireFunction('action', action);
    return this.#stateless('KSTREAM-PEEK-', named, peekProcessor(action), {});
  }

  /** Runs `action` on each record; terminal. */
  foreach(action: (key: K, value: V) => void | Promise<void>, named?: Named): void {
    requireFunction('action', action);
    this.#stateless('KSTREAM-FOREACH-', named, foreachProcessor(action) as ProcessorSupplier<K, V, never, never>, {});
  }

  /** Interleaves this stream with `other`. The result has no serdes (they may differ between the two). */
  merge(other: KStream<K, V>, named?: Named): KStream<K, V> {
    const o = other.state;
    const name = named?.name ?? this.#s.graph.newProcessorName('KSTREAM-MERGE-');
    const parents = [this.#s.name, o.name];
    this.#s.graph.add((t) => t.addProcessor(name, passThroughProcessor(), ...parents));
    return this.#s.graph.handles().stream({
      ...this.#s,
      name,
      keySerde: undefined,
      valueSerde: undefined,
      repartitionRequired: this.#s.repartitionRequired || o.repartitionRequired,
      sourceTopics: [...new Set([...this.#s.sourceTopics, ...o.sourceTopics])],
    });
  }

  /** Splits the stream by predicates into named branches: `.split().branch(p, Branched.as('a')).defaultBranch()`. */
  split(named?: Named): BranchedKStream<K, V> {
    const name = named?.name ?? this.#s.graph.newProcessorName('KSTREAM-BRANCH-');
    return this.#s.graph.handles().branched(this, this.#s, name);
  }

  /** Writes every record through a new internal topic `<applicationId>-<name>-repartition`; null keys are dropped. */
  repartition(repartitioned?: Repartitioned<K, V>): KStream<K, V> {
    const g = this.#s.graph;
    const name = repartitioned?.name ?? g.newProcessorName('KSTREAM-REPARTITION-');
    const keySerde = repartitioned?.keySerde ?? this.#s.keySerde;
    const valueSerde = repartitioned?.valueSerde ?? this.#s.valueSerde;
    const parent = this.#s.name;
    const { sourceName, topic } = g.repartition({
      prefix: name,
      parentName: () => parent,
      keySerde: repartitioned?.keySerde as never,
      valueSerde: valueSerde as never,
      partitions: repartitioned?.numberOfPartitions,
      partitioner: repartitioned?.partitioner as never,
      dropNullKeys: true,
    });
    return g.handles().stream({ ...this.#s, name: sourceName, keySerde, valueSerde, repartitionRequired: false, sourceTopics: [topic] });
  }

  /** Writes every record to `topic`, or to the topic `extractor` picks per record. Terminal. */
  to(topic: string | TopicNameExtractor<K, V>, produced?: Produced<K, V>): void {
    const name = produced?.processorName ?? this.#s.graph.newProcessorName('KSTREAM-SINK-');
    const keySerde = produced?.keySerde ?? this.#s.keySerde;
    const valueSerde = produced?.valueSerde ?? this.#s.valueSerde;
    const parent = this.#s.name;
    this.#s.graph.add((t) => t.addSink(name, topic, { keySerde, valueSerde, partitioner: produced?.partitioner }, parent));
  }

  /** Reads the stream as a changelog: the latest value per key; null values delete. Repartitions after a key change. */
  toTable(named?: Named, materialized?: Materialized<K, V>): KTable<K, V>;
  toTable(materialized: Materialized<K, V>): KTable<K, V>;
  toTable(a?: Named | Materialized<K, V>, b?: Materialized<K, V>): KTable<K, V> {
    const named = a instanceof Named ? a : undefined;
    const materialized = a instanceof Materialized ? a : b;
    const g = this.#s.graph;
    const name = named?.name ?? g.newProcessorName('KSTREAM-TOTABLE-');
    const storeName = materialized?.storeName ?? g.newStoreName('KSTREAM-TOTABLE-');
    const keySerde = materialized?.keySerde ?? this.#s.keySerde;
    const valueSerde = materialized?.valueSerde ?? this.#s.valueSerde;
    let parent = this.#s.name;
    let sourceTopics = this.#s.sourceTopics;
    if (this.#s.repartitionRequired) {
      const r = g.repartition({ prefix: name, parentName: () => this.#s.name, keySerde: keySerde as never, valueSerde: valueSerde as never, dropNullKeys: false });
      parent = r.sourceName;
      sourceTopics = [r.topic];
    }
    const supplier: TableSupplier = { kind: 'source', flags: { materialized: materialized?.storeName !== undefined, sendOldValues: false }, storeName };
    const processor = tableSourceProcessor<K, V>(storeName, supplier.flags as never);
    const from = parent;
    g.add((t) => {
      t.addProcessor(name, processor, from);
      if (supplier.kind === 'source' && supplier.flags.materialized) t.addStateStore(keyValueStoreFor(storeName, materialized, keySerde, valueSerde), name);
    });
    return g.handles().table({
      graph: g,
      name,
      keySerde,
      valueSerde,
      sourceTopics,
      queryableStoreName: materialized?.storeName,
      supplier,
    });
  }

  /** Groups by the current key; repartitions first if the key was changed. */
  groupByKey(grouped?: Grouped<K, V>): KGroupedStream<K, V> {
    const serdes = groupedSerdes(grouped, this.#s.keySerde, this.#s.valueSerde);
    return this.#s.graph.handles().groupedStream({ ...this.#s, ...serdes, groupedName: grouped?.name });
  }

  /** Groups by a new key computed from key and value; always repartitions. The Grouped name names the key selector and the topic. */
  groupBy<KR>(selector: (key: K, value: V) => KR, grouped?: Grouped<KR, V>): KGroupedStream<KR, V> {
    requireFunction('selector', selector);
    const g = this.#s.graph;
    const name = grouped?.name ?? g.newProcessorName('KSTREAM-KEY-SELECT-');
    const parent = this.#s.name;
    g.add((t) => t.addProcessor(name, selectKeyProcessor(selector), parent));
    return g.handles().groupedStream<KR, V>({
      graph: g,
      name,
      keySerde: grouped?.keySerde,
      valueSerde: grouped?.valueSerde ?? this.#s.valueSerde,
      repartitionRequired: true,
      sourceTopics: this.#s.sourceTopics,
      groupedName: grouped?.name,
    });
  }

  /**
   * Runs a Processor API processor on each record; it may forward any key and value, so the result is marked
   * for repartitioning. `stores` names state stores added with builder.addStateStore().
   */
  process<KR, VR>(supplier: ProcessorSupplier<K, V, KR, VR>, ...stores: (string | Named)[]): KStream<KR, VR> {
    return this.#process('KSTREAM-PROCESSOR-', supplier as AnySupplier, stores, true) as unknown as KStream<KR, VR>;
  }

  /** Like process(), but the processor may not change the key: forwarded records keep the input key. */
  processValues<VR>(supplier: ProcessorSupplier<K, V, K, VR>, ...stores: (string | Named)[]): KStream<K, VR> {
    return this.#process('KSTREAM-PROCESSVALUES-', fixedKeyProcessor(supplier) as AnySupplier, stores, false) as unknown as KStream<K, VR>;
  }

  #process(prefix: string, supplier: AnySupplier, stores: (string | Named)[], keyChanging: boolean): KStream<unknown, unknown> {
    requireFunction('supplier', supplier);
    const named = stores.find((s): s is Named => s instanceof Named);
    const storeNames = stores.filter((s): s is string => typeof s === 'string');
    const g = this.#s.graph;
    const name = named?.name ?? g.newProcessorName(prefix);
    const parent = this.#s.name;
    g.add((t) => {
      t.addProcessor(name, supplier, parent);
      t.connectProcessorAndStateStores(name, ...storeNames);
    });
    return g.handles().stream<unknown, unknown>({
      ...(this.#s as StreamState<unknown, unknown>),
      name,
      keySerde: keyChanging ? undefined : (this.#s.keySerde as StreamState<unknown, unknown>['keySerde']),
      valueSerde: undefined,
      repartitionRequired: keyChanging || this.#s.repartitionRequired,
    });
  }

  #stateless<KR, VR>(
    prefix: string,
    named: Named | undefined,
    supplier: ProcessorSupplier<K, V, KR, VR>,
    change: Partial<Pick<StreamState<KR, VR>, 'keySerde' | 'valueSerde' | 'repartitionRequired'>>,
  ): KStream<KR, VR> {
    const g = this.#s.graph;
    const name = named?.name ?? g.newProcessorName(prefix);
    const parent = this.#s.name;
    g.add((t) => t.addProcessor(name, supplier, parent));
    return g.handles().stream({ ...(this.#s as unknown as StreamState<KR, VR>), name, ...change });
  }
}
