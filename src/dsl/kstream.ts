import { Subject, type Observable } from 'rxjs';
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
import type { Serde } from '../serdes/serde.js';
import type { Joined } from './options.js';
import type { GlobalKTable } from './global-ktable.js';
import { isGlobalTable, isTable, streamGlobalTableJoin, streamTableJoin } from './kstream-joins.js';
import type { StreamJoined } from './options.js';
import { JoinWindows } from '../windows/join-windows.js';
import type { StreamStreamJoiner } from '../joins/stream-stream-join.js';
import { streamStreamJoin, type StreamStreamJoinKind } from './stream-stream-join-builder.js';

type AnySupplier = ProcessorSupplier<unknown, unknown, unknown, unknown>;

/**
 * An unbounded stream of key-value records (Kafka Streams' KStream). Every method adds an operator and returns
 * a new handle; the receiver is left unchanged. Key-changing operations (map, selectKey, flatMap, process)
 * make the next key-based operation (groupByKey, aggregations, joins, toTable) repartition through an
 * internal topic.
 */
export class KStream<K, V> {
  readonly #s: StreamState<K, V>;
  /** The repartition a join inserted, reused by the next join that repartitions under the same name (Kafka's repartitionNode). */
  #joinRepartition: { sourceName: string; topic: string } | undefined;

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

  /**
   * The records as an RxJS Observable (interop, not the processing path): a foreach node pushes each record to
   * the subscribers while the task processes it, so it is committed like any other processed record.
   */
  toObservable(named?: Named): Observable<KeyValue<K, V>> {
    const subject = new Subject<KeyValue<K, V>>();
    this.foreach((key, value) => subject.next({ key, value }), named);
    return subject.asObservable();
  }

  /** Interleaves this stream with `other`. The result has no serdes (they may differ between the two). */
  merge(other: KStream<K, V>, named?: Named): KStream<K, V> {
    const o = other.state;
    const name = this.#s.graph.nameOrGenerate(named?.name, 'KSTREAM-MERGE-');
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
    const name = this.#s.graph.nameOrGenerate(named?.name, 'KSTREAM-BRANCH-');
    return this.#s.graph.handles().branched(this, this.#s, name);
  }

  /**
   * Writes every record through a new internal topic `<applicationId>-<name>-repartition`; null keys are dropped,
   * unless a left/outer join downstream accepts them (then they pass, as in Kafka Streams).
   */
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
    const name = this.#s.graph.nameOrGenerate(produced?.processorName, 'KSTREAM-SINK-');
    const keySerde = produced?.keySerde ?? this.#s.keySerde;
    const valueSerde = produced?.valueSerde ?? this.#s.valueSerde;
    const parent = this.#s.name;
    this.#s.graph.add((t) => t.addSink(name, topic, { keySerde, valueSerde, partitioner: produced?.partitioner }, parent));
  }

  /** Reads the stream as a changelog: the latest value per key; null values delete. Repartitions after a key change. */
  toTable(materialized: Materialized<K, V>): KTable<K, V>;
  toTable(named?: Named, materialized?: Materialized<K, V>): KTable<K, V>;
  toTable(a?: Named | Materialized<K, V>, b?: Materialized<K, V>): KTable<K, V> {
    const named = a instanceof Named ? a : undefined;
    const materialized = a instanceof Materialized ? a : b;
    const g = this.#s.graph;
    const name = g.nameOrGenerate(named?.name, 'KSTREAM-TOTABLE-');
    const storeName = materialized?.storeName ?? g.newStoreName('KSTREAM-TOTABLE-');
    const keySerde = materialized?.keySerde ?? this.#s.keySerde;
    const valueSerde = materialized?.valueSerde ?? this.#s.valueSerde;
    let parent = this.#s.name;
    let sourceTopics = this.#s.sourceTopics;
    if (this.#s.repartitionRequired) {
      const r = g.repartition({ prefix: name, parentName: () => this.#s.name, keySerde: keySerde as never, valueSerde: valueSerde as never, dropNullKeys: true });
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

  /**
   * Joins each record with the table's current value of its key (inner: records without a match are dropped), or
   * with the GlobalKTable row picked by `keySelector`. Table updates never emit. Repartitions first if the key was
   * changed; the stream and the table must be co-partitioned. With another KStream and JoinWindows, a windowed
   * stream-stream join: records of both sides with the same key and timestamps within the window are joined.
   */
  join<VO, VR>(otherStream: KStream<K, VO>, joiner: StreamStreamJoiner<K, V, VO, VR>, windows: JoinWindows, streamJoined?: StreamJoined<K, V, VO>): KStream<K, VR>;
  join<VT, VR>(table: KTable<K, VT>, joiner: (value: V, tableValue: VT) => VR, joined?: Joined<K, V, VT>): KStream<K, VR>;
  join<KG, VG, VR>(globalTable: GlobalKTable<KG, VG>, keySelector: (key: K, value: V) => KG, joiner: (value: V, tableValue: VG) => VR, named?: Named): KStream<K, VR>;
  join(other: unknown, a: unknown, b?: unknown, c?: unknown): KStream<K, unknown> {
    if (other instanceof KStream && b instanceof JoinWindows) return this.#joinStream(other, a, b, c, 'inner');
    return this.#joinTable(other, a, b, c, false);
  }

  /** Like join(), but a record without a match is joined with null. A null-keyed record is emitted at once, null-padded. */
  leftJoin<VO, VR>(otherStream: KStream<K, VO>, joiner: StreamStreamJoiner<K, V, VO | null, VR>, windows: JoinWindows, streamJoined?: StreamJoined<K, V, VO>): KStream<K, VR>;
  leftJoin<VT, VR>(table: KTable<K, VT>, joiner: (value: V, tableValue: VT | null) => VR, joined?: Joined<K, V, VT>): KStream<K, VR>;
  leftJoin<KG, VG, VR>(globalTable: GlobalKTable<KG, VG>, keySelector: (key: K, value: V) => KG, joiner: (value: V, tableValue: VG | null) => VR, named?: Named): KStream<K, VR>;
  leftJoin(other: unknown, a: unknown, b?: unknown, c?: unknown): KStream<K, unknown> {
    if (other instanceof KStream && b instanceof JoinWindows) return this.#relaxNullKeys(this.#joinStream(other, a, b, c, 'left'));
    return this.#relaxNullKeys(this.#joinTable(other, a, b, c, true));
  }

  /**
   * Windowed stream-stream outer join: like leftJoin(otherStream, …), and the other stream's unmatched records are
   * emitted too (this side null), once their join window plus grace has closed.
   */
  outerJoin<VO, VR>(otherStream: KStream<K, VO>, joiner: StreamStreamJoiner<K, V | null, VO | null, VR>, windows: JoinWindows, streamJoined?: StreamJoined<K, V, VO>): KStream<K, VR> {
    return this.#relaxNullKeys(this.#joinStream(otherStream, joiner, windows, streamJoined, 'outer')) as KStream<K, VR>;
  }

  /** A left/outer join accepts null keys, so repartitions upstream of it keep them (Kafka's NULL_KEY_RELAXED_JOIN). */
  #relaxNullKeys<R extends KStream<K, unknown>>(joined: R): R {
    this.#s.graph.markNullKeyRelaxedJoin(joined.#s.name);
    return joined;
  }

  /** The stream-stream branch of join/leftJoin/outerJoin (see stream-stream-join-builder.ts). */
  #joinStream(other: unknown, joiner: unknown, windows: unknown, streamJoined: unknown, kind: StreamStreamJoinKind): KStream<K, unknown> {
    if (!(other instanceof KStream)) throw new TypeError(`${kind === 'outer' ? 'outerJoin' : kind === 'left' ? 'leftJoin' : 'join'} expects a KStream as its first argument.`);
    requireFunction('joiner', joiner);
    if (!(windows instanceof JoinWindows)) throw new TypeError('A stream-stream join expects JoinWindows as its third argument, e.g. JoinWindows.ofTimeDifferenceWithNoGrace(ms).');
    const state = streamStreamJoin(this, other as KStream<K, unknown>, joiner as StreamStreamJoiner<K, V, unknown, unknown>, windows, streamJoined as StreamJoined<K, V, unknown> | undefined, kind);
    return this.#s.graph.handles().stream(state);
  }

  #joinTable(other: unknown, a: unknown, b: unknown, c: unknown, leftJoin: boolean): KStream<K, unknown> {
    type Joiner = (value: V, tableValue: unknown) => unknown;
    if (isGlobalTable(other)) return streamGlobalTableJoin(this, other, a as (key: K, value: V) => unknown, b as Joiner, c as Named | undefined, leftJoin);
    if (isTable(other)) return streamTableJoin(this, other as KTable<K, unknown>, a as Joiner, b as Joined<K, V, unknown> | undefined, leftJoin);
    throw new TypeError(`${leftJoin ? 'leftJoin' : 'join'} expects a KTable or a GlobalKTable as its first argument.`);
  }

  /** @internal Repartitions for a join (Kafka's repartitionForJoin), reusing the last join repartition of this stream under the same name. */
  repartitionForJoin(name: string, keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined, dropNullKeys = false): StreamState<K, V> {
    const s = this.#s;
    const repartitionKeySerde = keySerde ?? s.keySerde;
    const repartitionValueSerde = valueSerde ?? s.valueSerde;
    const reuse = this.#joinRepartition !== undefined && s.name === name ? this.#joinRepartition : undefined;
    const created = s.graph.repartition({
      prefix: name,
      parentName: () => s.name,
      keySerde: repartitionKeySerde as Serde<unknown> | undefined,
      valueSerde: repartitionValueSerde as Serde<unknown> | undefined,
      dropNullKeys,
      reuse,
    });
    this.#joinRepartition = created;
    return { ...s, name: created.sourceName, keySerde: repartitionKeySerde, valueSerde: repartitionValueSerde, repartitionRequired: false, sourceTopics: [created.topic] };
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
    const name = g.nameOrGenerate(grouped?.name, 'KSTREAM-KEY-SELECT-');
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
    const name = g.nameOrGenerate(named?.name, prefix);
    const parent = this.#s.name;
    g.add((t) => t.addProcessor(name, supplier, parent));
    return g.handles().stream({ ...(this.#s as unknown as StreamState<KR, VR>), name, ...change });
  }
}
