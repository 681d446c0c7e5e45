import { requireNonEmptyString } from '../internal/assert.js';
import type { StateStore, StoreBuilder } from '../state/store.js';
import type { Topology } from '../topology/topology.js';
import { InternalStreamsBuilder } from './graph.js';
import type { HandleFactory } from './handles.js';
import { KStream } from './kstream.js';
import { KTable } from './ktable.js';
import { KGroupedStream } from './kgrouped-stream.js';
import { KGroupedTable } from './kgrouped-table.js';
import { BranchedKStream } from './branched-kstream.js';
import { CogroupedKStream } from './cogrouped-kstream.js';
import { TimeWindowedKStream } from './time-windowed-kstream.js';
import { SessionWindowedKStream } from './session-windowed-kstream.js';
import { SessionWindowedCogroupedKStream, TimeWindowedCogroupedKStream } from './windowed-cogrouped-kstream.js';
import { Consumed, type Materialized } from './options.js';
import type { TableSupplier } from './handles.js';
import { tableSourceProcessor } from './processors/table-source.js';
import { keyValueStoreFor } from './materialize.js';
import { GlobalKTable } from './global-ktable.js';
import { storeValueGetter } from '../joins/value-getter.js';

const handles: HandleFactory = {
  stream: (state) => new KStream(state),
  table: (state) => new KTable(state),
  groupedStream: (state) => new KGroupedStream(state),
  groupedTable: (state) => new KGroupedTable(state),
  branched: (_stream, state, splitterName) => new BranchedKStream(state, splitterName),
  cogrouped: (first) => new CogroupedKStream([first]),
  timeWindowed: (grouped, windows, emit) => new TimeWindowedKStream(grouped, windows, emit),
  sessionWindowed: (grouped, windows, emit) => new SessionWindowedKStream(grouped, windows, emit),
  timeWindowedCogrouped: (patterns, windows) => new TimeWindowedCogroupedKStream(patterns, windows),
  sessionWindowedCogrouped: (patterns, windows) => new SessionWindowedCogroupedKStream(patterns, windows),
};

/**
 * The entry point of the DSL (Kafka Streams' StreamsBuilder): create streams and tables from topics, chain
 * operators, then `build()` a Topology to run with KafkaStreams or TopologyTestDriver.
 *
 * @example
 * const builder = new StreamsBuilder();
 * builder.stream<string, string>('words', Consumed.with(Serdes.String(), Serdes.String()))
 *   .flatMapValues((line) => line.toLowerCase().split(/\W+/))
 *   .groupBy((_key, word) => word)
 *   .count()
 *   .toStream()
 *   .to('word-counts', Produced.with(Serdes.String(), Serdes.Long()));
 * const topology = builder.build();
 */
export class StreamsBuilder {
  readonly #graph = new InternalStreamsBuilder();

  constructor() {
    this.#graph.setHandles(handles);
  }

  /** A stream of the records of one or more topics. */
  stream<K, V>(topics: string | readonly string[], consumed?: Consumed<K, V>): KStream<K, V> {
    const list = typeof topics === 'string' ? [topics] : [...topics];
    for (const topic of list) requireNonEmptyString('topic', topic);
    const name = this.#graph.nameOrGenerate(consumed?.processorName, 'KSTREAM-SOURCE-');
    const options = sourceOptions(consumed);
    this.#graph.add((t) => t.addSource(name, list, options));
    return new KStream<K, V>({
      graph: this.#graph,
      name,
      keySerde: consumed?.keySerde,
      valueSerde: consumed?.valueSerde,
      repartitionRequired: false,
      sourceTopics: list,
    });
  }

  /**
   * A table of the latest value per key of a (compacted) topic. A null value deletes the key. Materialized
   * into a store when `materialized` names one or a downstream operator needs it.
   */
  table<K, V>(topic: string, consumed?: Consumed<K, V>, materialized?: Materialized<K, V>): KTable<K, V> {
    requireNonEmptyString('topic', topic);
    const g = this.#graph;
    const storeName = materialized?.storeName ?? g.newStoreName(`${topic}-`);
    const sourceName = g.nameOrGenerate(consumed?.processorName !== undefined ? `${consumed.processorName}-source` : undefined, 'KSTREAM-SOURCE-');
    const name = g.nameOrGenerate(consumed?.processorName, 'KTABLE-SOURCE-');
    const keySerde = materialized?.keySerde ?? consumed?.keySerde;
    const valueSerde = materialized?.valueSerde ?? consumed?.valueSerde;
    const supplier: TableSupplier = { kind: 'source', flags: { materialized: materialized?.storeName !== undefined, sendOldValues: false }, storeName };
    const processor = tableSourceProcessor<K, V>(storeName, supplier.flags as never);
    const options = sourceOptions(consumed);
    g.add((t) => {
      t.addSource(sourceName, topic, options);
      t.addProcessor(name, processor, sourceName);
      if (supplier.kind === 'source' && supplier.flags.materialized) t.addStateStore(keyValueStoreFor(storeName, materialized, keySerde, valueSerde), name);
    });
    return new KTable<K, V>({ graph: g, name, keySerde, valueSerde, sourceTopics: [topic], queryableStoreName: materialized?.storeName, supplier });
  }

  /**
   * A table replicated in full to every instance (Kafka's GlobalKTable): every partition of `topic` is read into a
   * store (`<topic>-STATE-STORE-<n>` unless named) that any stream can join with a key selector, without
   * co-partitioning. The topic is the store's changelog, so the store logs nothing itself.
   */
  globalTable<K, V>(topic: string, consumed?: Consumed<K, V>, materialized?: Materialized<K, V>): GlobalKTable<K, V> {
    requireNonEmptyString('topic', topic);
    const g = this.#graph;
    const storeName = materialized?.storeName ?? g.newStoreName(`${topic}-`);
    const sourceName = g.nameOrGenerate(consumed?.processorName !== undefined ? `${consumed.processorName}-source` : undefined, 'KSTREAM-SOURCE-');
    const name = g.nameOrGenerate(consumed?.processorName, 'KTABLE-SOURCE-');
    const keySerde = consumed?.keySerde ?? materialized?.keySerde;
    const valueSerde = consumed?.valueSerde ?? materialized?.valueSerde;
    const processor = tableSourceProcessor<K, V>(storeName, { materialized: true, sendOldValues: false });
    const store = keyValueStoreFor(storeName, materialized, keySerde, valueSerde).withLoggingDisabled();
    const options = sourceOptions(consumed);
    g.add((t) => t.addGlobalStore(store, sourceName, topic, options, name, processor as never));
    return new GlobalKTable<K, V>({ storeName, queryableStoreName: materialized?.storeName, valueGetter: storeValueGetter<K, V>(storeName) });
  }

  /** Adds a state store that processors (stream.process(supplier, 'store')) can use. */
  addStateStore(builder: StoreBuilder<StateStore>): this {
    this.#graph.add((t) => t.addStateStore(builder));
    return this;
  }

  /** Compiles everything built so far into a Topology. Building an invalid topology throws a TopologyError saying how to fix it. */
  build(): Topology {
    return this.#graph.build();
  }
}

function sourceOptions<K, V>(consumed: Consumed<K, V> | undefined) {
  return {
    keySerde: consumed?.keySerde,
    valueSerde: consumed?.valueSerde,
    timestampExtractor: consumed?.timestampExtractor,
    offsetReset: consumed?.offsetReset,
  };
}
