// DSL topologies pinned with `describe().toString()`, byte for byte against Kafka Streams 4.0.
//
// Each case names its origin. "Kafka literal" cases copy the expected string of a Kafka test verbatim
// (streams/src/test/java/org/apache/kafka/streams/{TopologyTest,StreamsBuilderTest}.java,
// kstream/internals/KStreamImplTest.java). "Derived" cases come from Kafka tests that only assert the
// processor names (StreamsBuilderTest.assertNamesForOperation) or from docs/streams/tutorial.html (which
// prints the obsolete one-line layout); their text is the same names laid out in today's format, with the
// generated-name counter worked out from Kafka's DSL code (NamedInternal, KStreamImpl, KTableImpl,
// KGroupedStreamImpl, KGroupedTableImpl, InternalStreamsBuilder).
import { describe, expect, it } from 'vitest';
import {
  Branched,
  Consumed,
  Grouped,
  KeyValue,
  Materialized,
  Named,
  Produced,
  Repartitioned,
  Serdes,
  Stores,
  StreamsBuilder,
  type ProcessorSupplier,
  type TopicNameExtractor,
} from '../../src/index.js';

const describeText = (builder: StreamsBuilder): string => builder.build().describe().toString();

const noop: ProcessorSupplier<unknown, unknown, unknown, unknown> = () => ({ process: () => undefined });

describe('TopologyTest: grouped-stream count (Kafka literals)', () => {
  it('kGroupedStreamZeroArgCountShouldPreserveTopologyStructure', () => {
    const builder = new StreamsBuilder();
    builder.stream('input-topic').groupByKey().count();
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic])
      --> KSTREAM-AGGREGATE-0000000002
    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])
      --> none
      <-- KSTREAM-SOURCE-0000000000

`);
  });

  it('kGroupedStreamNamedMaterializedCountShouldPreserveTopologyStructure', () => {
    const builder = new StreamsBuilder();
    builder.stream('input-topic').groupByKey().count(Materialized.as('count-store'));
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic])
      --> KSTREAM-AGGREGATE-0000000001
    Processor: KSTREAM-AGGREGATE-0000000001 (stores: [count-store])
      --> none
      <-- KSTREAM-SOURCE-0000000000

`);
  });

  it('kGroupedStreamAnonymousMaterializedCountShouldPreserveTopologyStructure (an unnamed Materialized burns a store name)', () => {
    const builder = new StreamsBuilder();
    builder.stream('input-topic').groupByKey().count(Materialized.with(undefined, Serdes.Long()));
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic])
      --> KSTREAM-AGGREGATE-0000000003
    Processor: KSTREAM-AGGREGATE-0000000003 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000002])
      --> none
      <-- KSTREAM-SOURCE-0000000000

`);
  });
});

describe('TopologyTest: grouped-table count (Kafka literals)', () => {
  const twoSubtopologies = (sink: string, source: string, aggregate: string, topic: string, store: string) => `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000001 (topics: [input-topic])
      --> KTABLE-SOURCE-0000000002
    Processor: KTABLE-SOURCE-0000000002 (stores: [input-topic-STATE-STORE-0000000000])
      --> KTABLE-SELECT-0000000003
      <-- KSTREAM-SOURCE-0000000001
    Processor: KTABLE-SELECT-0000000003 (stores: [])
      --> ${sink}
      <-- KTABLE-SOURCE-0000000002
    Sink: ${sink} (topic: ${topic})
      <-- KTABLE-SELECT-0000000003

  Sub-topology: 1
    Source: ${source} (topics: [${topic}])
      --> ${aggregate}
    Processor: ${aggregate} (stores: [${store}])
      --> none
      <-- ${source}

`;

  it('tableZeroArgCountShouldPreserveTopologyStructure (groupBy materializes the source table)', () => {
    const builder = new StreamsBuilder();
    builder.table('input-topic').groupBy(() => KeyValue.pair(null, null)).count();
    expect(describeText(builder)).toBe(
      twoSubtopologies(
        'KSTREAM-SINK-0000000005',
        'KSTREAM-SOURCE-0000000006',
        'KTABLE-AGGREGATE-0000000007',
        'KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition',
        'KTABLE-AGGREGATE-STATE-STORE-0000000004',
      ),
    );
  });

  it('tableNamedMaterializedCountShouldPreserveTopologyStructure (the store name names the repartition topic)', () => {
    const builder = new StreamsBuilder();
    builder.table('input-topic').groupBy(() => KeyValue.pair(null, null)).count(Materialized.as('count-store'));
    expect(describeText(builder)).toBe(
      twoSubtopologies('KSTREAM-SINK-0000000004', 'KSTREAM-SOURCE-0000000005', 'KTABLE-AGGREGATE-0000000006', 'count-store-repartition', 'count-store'),
    );
  });

  it('tableAnonymousMaterializedCountShouldPreserveTopologyStructure', () => {
    const builder = new StreamsBuilder();
    builder.table('input-topic').groupBy(() => KeyValue.pair(null, null)).count(Materialized.with(undefined, Serdes.Long()));
    expect(describeText(builder)).toBe(
      twoSubtopologies(
        'KSTREAM-SINK-0000000005',
        'KSTREAM-SOURCE-0000000006',
        'KTABLE-AGGREGATE-0000000007',
        'KTABLE-AGGREGATE-STATE-STORE-0000000004-repartition',
        'KTABLE-AGGREGATE-STATE-STORE-0000000004',
      ),
    );
  });
});

describe('TopologyTest: KTable filter and mapValues (Kafka literals)', () => {
  const tableOp = (op: string, stores: string) => `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000001 (topics: [input-topic])
      --> KTABLE-SOURCE-0000000002
    Processor: KTABLE-SOURCE-0000000002 (stores: [])
      --> ${op}
      <-- KSTREAM-SOURCE-0000000001
    Processor: ${op} (stores: [${stores}])
      --> none
      <-- KTABLE-SOURCE-0000000002

`;

  it('kTableNonMaterializedFilterShouldPreserveTopologyStructure', () => {
    const builder = new StreamsBuilder();
    builder.table('input-topic').filter(() => false);
    expect(describeText(builder)).toBe(tableOp('KTABLE-FILTER-0000000003', ''));
  });

  it('kTableAnonymousMaterializedFilterShouldPreserveTopologyStructure (burns a store name, materializes nothing)', () => {
    const builder = new StreamsBuilder();
    builder.table('input-topic').filter(() => false, Materialized.with());
    expect(describeText(builder)).toBe(tableOp('KTABLE-FILTER-0000000004', ''));
  });

  it('kTableNamedMaterializedFilterShouldPreserveTopologyStructure', () => {
    const builder = new StreamsBuilder();
    builder.table('input-topic').filter(() => false, Materialized.as('store-name'));
    expect(describeText(builder)).toBe(tableOp('KTABLE-FILTER-0000000003', 'store-name'));
  });

  it('kTableNonMaterializedMapValuesShouldPreserveTopologyStructure', () => {
    const builder = new StreamsBuilder();
    builder.table('input-topic').mapValues(() => null);
    expect(describeText(builder)).toBe(tableOp('KTABLE-MAPVALUES-0000000003', ''));
  });

  it('kTableAnonymousMaterializedMapValuesShouldPreserveTopologyStructure', () => {
    const builder = new StreamsBuilder();
    builder.table('input-topic').mapValues(() => null, Materialized.with());
    expect(describeText(builder)).toBe(tableOp('KTABLE-MAPVALUES-0000000004', ''));
  });

  it('kTableNamedMaterializedMapValuesShouldPreserveTopologyStructure', () => {
    const builder = new StreamsBuilder();
    builder.table('input-topic').mapValues(() => null, Materialized.as('store-name'));
    expect(describeText(builder)).toBe(tableOp('KTABLE-MAPVALUES-0000000003', 'store-name'));
  });
});

describe('TopologyTest: dynamic routing', () => {
  // Kafka prints `extractor class: ` + the extractor's toString(). A JS extractor is a function; one that defines
  // its own toString() (here with Object.assign) prints exactly that, which reproduces Kafka's literal. A plain
  // function prints its name, standing in for the Java class name of an extractor without toString(), or
  // `anonymous`; never its source text, which may span lines and would break the one-line-per-node layout.
  it('topologyWithDynamicRoutingShouldDescribeExtractorClass (Kafka literal)', () => {
    const builder = new StreamsBuilder();
    const extractor: TopicNameExtractor<unknown, unknown> = Object.assign(
      (key: unknown, _value: unknown, ctx: { topic: string | undefined }) => `${ctx.topic ?? ''}-${String(key)}`,
      { toString: () => 'anonymous topic name extractor. topic is [recordContext.topic()]-[key]' },
    );
    builder.stream('input-topic').to(extractor);
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic])
      --> KSTREAM-SINK-0000000001
    Sink: KSTREAM-SINK-0000000001 (extractor class: anonymous topic name extractor. topic is [recordContext.topic()]-[key])
      <-- KSTREAM-SOURCE-0000000000

`);
  });

  it('prints a named function by its name and an unnamed one as "anonymous"', () => {
    const builder = new StreamsBuilder();
    const byRegion: TopicNameExtractor<string, string> = (_key, value) => {
      const region = value.split(',')[0] ?? 'unknown';
      return `clicks-${region}`;
    };
    const clicks = builder.stream<string, string>('clicks');
    clicks.to(byRegion);
    clicks.to(() => 'other');
    const text = describeText(builder);
    expect(text).toContain('Sink: KSTREAM-SINK-0000000001 (extractor class: byRegion)\n');
    expect(text).toContain('Sink: KSTREAM-SINK-0000000002 (extractor class: anonymous)\n');
  });
});

describe('KStreamImplTest: toTable, process and processValues (Kafka literals)', () => {
  it('shouldNotMaterializedKTableFromKStream (toTable burns a store name)', () => {
    const builder = new StreamsBuilder();
    builder.stream('input', Consumed.with(Serdes.String(), Serdes.String())).toTable().toStream().to('output');
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input])
      --> KSTREAM-TOTABLE-0000000001
    Processor: KSTREAM-TOTABLE-0000000001 (stores: [])
      --> KTABLE-TOSTREAM-0000000003
      <-- KSTREAM-SOURCE-0000000000
    Processor: KTABLE-TOSTREAM-0000000003 (stores: [])
      --> KSTREAM-SINK-0000000004
      <-- KSTREAM-TOTABLE-0000000001
    Sink: KSTREAM-SINK-0000000004 (topic: output)
      <-- KTABLE-TOSTREAM-0000000003

`);
  });

  it('shouldMaterializeKTableFromKStream (store supplier names the store)', () => {
    const builder = new StreamsBuilder();
    builder.stream('input', Consumed.with(Serdes.String(), Serdes.String())).toTable(Materialized.as(Stores.inMemoryKeyValueStore('store')));
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input])
      --> KSTREAM-TOTABLE-0000000001
    Processor: KSTREAM-TOTABLE-0000000001 (stores: [store])
      --> none
      <-- KSTREAM-SOURCE-0000000000

`);
  });

  it('shouldSupportKeyChangeKTableFromKStream (repartition named after the toTable node)', () => {
    const builder = new StreamsBuilder();
    builder
      .stream('input', Consumed.with(Serdes.String(), Serdes.String()))
      .map((key, value) => KeyValue.pair(key.charCodeAt(0) - 65, value))
      .toTable(Materialized.with(Serdes.Integer()))
      .toStream()
      .to('output');
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input])
      --> KSTREAM-MAP-0000000001
    Processor: KSTREAM-MAP-0000000001 (stores: [])
      --> KSTREAM-FILTER-0000000005
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-FILTER-0000000005 (stores: [])
      --> KSTREAM-SINK-0000000004
      <-- KSTREAM-MAP-0000000001
    Sink: KSTREAM-SINK-0000000004 (topic: KSTREAM-TOTABLE-0000000002-repartition)
      <-- KSTREAM-FILTER-0000000005

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000006 (topics: [KSTREAM-TOTABLE-0000000002-repartition])
      --> KSTREAM-TOTABLE-0000000002
    Processor: KSTREAM-TOTABLE-0000000002 (stores: [])
      --> KTABLE-TOSTREAM-0000000007
      <-- KSTREAM-SOURCE-0000000006
    Processor: KTABLE-TOSTREAM-0000000007 (stores: [])
      --> KSTREAM-SINK-0000000008
      <-- KSTREAM-TOTABLE-0000000002
    Sink: KSTREAM-SINK-0000000008 (topic: output)
      <-- KTABLE-TOSTREAM-0000000007

`);
  });

  it('shouldProcessWithOldProcessorAndState (a named process() node with a builder-added store)', () => {
    const builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('sum'), Serdes.String(), Serdes.Integer()));
    builder.stream('input', Consumed.with(Serdes.String(), Serdes.String())).process(noop, Named.as('p'), 'sum');
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input])
      --> p
    Processor: p (stores: [sum])
      --> none
      <-- KSTREAM-SOURCE-0000000000

`);
  });

  it('shouldProcessValues (a named process() node does not burn a counter value)', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('input', Consumed.with(Serdes.String(), Serdes.String()))
      .processValues<number>(() => ({ process: (record, ctx) => ctx.forward(record.withValue(record.value.length)) }), Named.as('fkp'))
      .to('output', Produced.with(Serdes.String(), Serdes.Integer()));
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input])
      --> fkp
    Processor: fkp (stores: [])
      --> KSTREAM-SINK-0000000001
      <-- KSTREAM-SOURCE-0000000000
    Sink: KSTREAM-SINK-0000000001 (topic: output)
      <-- fkp

`);
  });
});

describe('word count (docs/streams/tutorial.html, derived)', () => {
  const wordCount = (store: string | undefined) => {
    const builder = new StreamsBuilder();
    const grouped = builder
      .stream<string, string>('streams-plaintext-input')
      .flatMapValues((value) => value.toLowerCase().split(/\W+/))
      .groupBy((_key, word) => word);
    const counts = store === undefined ? grouped.count() : grouped.count(Materialized.as(store));
    counts.toStream().to('streams-wordcount-output', Produced.with(Serdes.String(), Serdes.Long()));
    return describeText(builder);
  };

  // The tutorial's names (KSTREAM-FILTER-0000000005, KSTREAM-SINK-0000000004, KSTREAM-SOURCE-0000000006) predate
  // KIP-307: Kafka 4.0's createRepartitionedSource still burns those three counter values, but names the nodes after
  // the repartition topic whenever its prefix (here the store name) is not a generated `KSTREAM…-NNNNNNNNNN` name.
  it('with count(Materialized.as("counts-store")): the tutorial topology in Kafka 4.0 naming', () => {
    expect(wordCount('counts-store')).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [streams-plaintext-input])
      --> KSTREAM-FLATMAPVALUES-0000000001
    Processor: KSTREAM-FLATMAPVALUES-0000000001 (stores: [])
      --> KSTREAM-KEY-SELECT-0000000002
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-KEY-SELECT-0000000002 (stores: [])
      --> counts-store-repartition-filter
      <-- KSTREAM-FLATMAPVALUES-0000000001
    Processor: counts-store-repartition-filter (stores: [])
      --> counts-store-repartition-sink
      <-- KSTREAM-KEY-SELECT-0000000002
    Sink: counts-store-repartition-sink (topic: counts-store-repartition)
      <-- counts-store-repartition-filter

  Sub-topology: 1
    Source: counts-store-repartition-source (topics: [counts-store-repartition])
      --> KSTREAM-AGGREGATE-0000000003
    Processor: KSTREAM-AGGREGATE-0000000003 (stores: [counts-store])
      --> KTABLE-TOSTREAM-0000000007
      <-- counts-store-repartition-source
    Processor: KTABLE-TOSTREAM-0000000007 (stores: [])
      --> KSTREAM-SINK-0000000008
      <-- KSTREAM-AGGREGATE-0000000003
    Sink: KSTREAM-SINK-0000000008 (topic: streams-wordcount-output)
      <-- KTABLE-TOSTREAM-0000000007

`);
  });

  it('with a zero-arg count(): the generated store name names the repartition topic', () => {
    expect(wordCount(undefined)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [streams-plaintext-input])
      --> KSTREAM-FLATMAPVALUES-0000000001
    Processor: KSTREAM-FLATMAPVALUES-0000000001 (stores: [])
      --> KSTREAM-KEY-SELECT-0000000002
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-KEY-SELECT-0000000002 (stores: [])
      --> KSTREAM-FILTER-0000000006
      <-- KSTREAM-FLATMAPVALUES-0000000001
    Processor: KSTREAM-FILTER-0000000006 (stores: [])
      --> KSTREAM-SINK-0000000005
      <-- KSTREAM-KEY-SELECT-0000000002
    Sink: KSTREAM-SINK-0000000005 (topic: KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition)
      <-- KSTREAM-FILTER-0000000006

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000007 (topics: [KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition])
      --> KSTREAM-AGGREGATE-0000000004
    Processor: KSTREAM-AGGREGATE-0000000004 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000003])
      --> KTABLE-TOSTREAM-0000000008
      <-- KSTREAM-SOURCE-0000000007
    Processor: KTABLE-TOSTREAM-0000000008 (stores: [])
      --> KSTREAM-SINK-0000000009
      <-- KSTREAM-AGGREGATE-0000000004
    Sink: KSTREAM-SINK-0000000009 (topic: streams-wordcount-output)
      <-- KTABLE-TOSTREAM-0000000008

`);
  });
});

describe('StreamsBuilderTest: user-specified names (derived from assertNamesForOperation)', () => {
  it('shouldUseSpecifiedNameForSplitOperation', () => {
    const builder = new StreamsBuilder();
    builder
      .stream('stream-topic')
      .split(Named.as('branch-processor'))
      .branch(() => true, Branched.as('-1'))
      .branch(() => false, Branched.as('-2'));
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [stream-topic])
      --> branch-processor
    Processor: branch-processor (stores: [])
      --> branch-processor-1, branch-processor-2
      <-- KSTREAM-SOURCE-0000000000
    Processor: branch-processor-1 (stores: [])
      --> none
      <-- branch-processor
    Processor: branch-processor-2 (stores: [])
      --> none
      <-- branch-processor

`);
  });

  it('unnamed split: branches are the split name + index (0 = default) and each burns a counter value', () => {
    const builder = new StreamsBuilder();
    const branches = builder
      .stream('input')
      .split()
      .branch(() => true)
      .defaultBranch();
    branches['KSTREAM-BRANCH-00000000011']?.to('out-1');
    branches['KSTREAM-BRANCH-00000000010']?.to('out-0');
    expect(Object.keys(branches)).toEqual(['KSTREAM-BRANCH-00000000011', 'KSTREAM-BRANCH-00000000010']);
    const text = describeText(builder);
    expect(text).toContain('    Sink: KSTREAM-SINK-0000000004 (topic: out-1)\n      <-- KSTREAM-BRANCH-00000000011\n');
    expect(text).toContain('    Sink: KSTREAM-SINK-0000000005 (topic: out-0)\n      <-- KSTREAM-BRANCH-00000000010\n');
  });

  it('shouldUseSpecifiedNameForMergeOperation', () => {
    const builder = new StreamsBuilder();
    const source1 = builder.stream<string, string>('topic-1');
    const source2 = builder.stream<string, string>('topic-2');
    source1.merge(source2, Named.as('merge-processor'));
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [topic-1])
      --> merge-processor
    Source: KSTREAM-SOURCE-0000000001 (topics: [topic-2])
      --> merge-processor
    Processor: merge-processor (stores: [])
      --> none
      <-- KSTREAM-SOURCE-0000000000, KSTREAM-SOURCE-0000000001

`);
  });

  it('shouldUseSpecifiedNameForStreamSourceProcessor / ForSinkProcessor: a Named node still burns its counter value', () => {
    const builder = new StreamsBuilder();
    const stream = builder.stream('stream-topic', Consumed.as('source-node'));
    builder.stream('stream-topic-two').filter(() => true, Named.as('filter-op')).mapValues((v) => v);
    stream.to('out', Produced.as('sink-processor'));
    stream.to('out-two');
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: source-node (topics: [stream-topic])
      --> KSTREAM-SINK-0000000005, sink-processor
    Sink: KSTREAM-SINK-0000000005 (topic: out-two)
      <-- source-node
    Sink: sink-processor (topic: out)
      <-- source-node

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000001 (topics: [stream-topic-two])
      --> filter-op
    Processor: filter-op (stores: [])
      --> KSTREAM-MAPVALUES-0000000003
      <-- KSTREAM-SOURCE-0000000001
    Processor: KSTREAM-MAPVALUES-0000000003 (stores: [])
      --> none
      <-- filter-op

`);
  });

  it('shouldUseSpecifiedNameForTableSourceProcessor: <name>-source and <name>, counters burned', () => {
    const builder = new StreamsBuilder();
    builder.table('stream-topic', Consumed.as('source-node'));
    builder.table('stream-topic-two');
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: source-node-source (topics: [stream-topic])
      --> source-node
    Processor: source-node (stores: [])
      --> none
      <-- source-node-source

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000004 (topics: [stream-topic-two])
      --> KTABLE-SOURCE-0000000005
    Processor: KTABLE-SOURCE-0000000005 (stores: [])
      --> none
      <-- KSTREAM-SOURCE-0000000004

`);
  });

  it('shouldUseSpecifiedNameForToStreamWithMapper: toStream(Named) burns, the key selector gets the next value', () => {
    const builder = new StreamsBuilder();
    builder
      .table('stream-topic')
      .toStream(Named.as('to-stream'))
      .selectKey((key) => key);
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000001 (topics: [stream-topic])
      --> KTABLE-SOURCE-0000000002
    Processor: KTABLE-SOURCE-0000000002 (stores: [])
      --> to-stream
      <-- KSTREAM-SOURCE-0000000001
    Processor: to-stream (stores: [])
      --> KSTREAM-KEY-SELECT-0000000004
      <-- KTABLE-SOURCE-0000000002
    Processor: KSTREAM-KEY-SELECT-0000000004 (stores: [])
      --> none
      <-- to-stream

`);
  });

  it('shouldUseSpecifiedNameForAggregateOperationGivenTable: Grouped.as names the select node and topic, Named the aggregate', () => {
    const builder = new StreamsBuilder();
    builder
      .table('stream-topic')
      .groupBy((key, value) => KeyValue.pair(key, value), Grouped.as('group-operation'))
      .count(Named.as('stream-operation'));
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000001 (topics: [stream-topic])
      --> KTABLE-SOURCE-0000000002
    Processor: KTABLE-SOURCE-0000000002 (stores: [stream-topic-STATE-STORE-0000000000])
      --> group-operation
      <-- KSTREAM-SOURCE-0000000001
    Processor: group-operation (stores: [])
      --> stream-operation-sink
      <-- KTABLE-SOURCE-0000000002
    Sink: stream-operation-sink (topic: group-operation-repartition)
      <-- group-operation

  Sub-topology: 1
    Source: stream-operation-source (topics: [group-operation-repartition])
      --> stream-operation
    Processor: stream-operation (stores: [KTABLE-AGGREGATE-STATE-STORE-0000000004])
      --> none
      <-- stream-operation-source

`);
  });

  it('groupBy(Grouped.as) on a stream: the key selector and the repartition nodes take the grouping name', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('input')
      .groupBy((_key, value) => value, Grouped.as<string, string>('by-value'))
      .count()
      .toStream()
      .to('counts');
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input])
      --> by-value
    Processor: by-value (stores: [])
      --> by-value-repartition-filter
      <-- KSTREAM-SOURCE-0000000000
    Processor: by-value-repartition-filter (stores: [])
      --> by-value-repartition-sink
      <-- by-value
    Sink: by-value-repartition-sink (topic: by-value-repartition)
      <-- by-value-repartition-filter

  Sub-topology: 1
    Source: by-value-repartition-source (topics: [by-value-repartition])
      --> KSTREAM-AGGREGATE-0000000003
    Processor: KSTREAM-AGGREGATE-0000000003 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000002])
      --> KTABLE-TOSTREAM-0000000007
      <-- by-value-repartition-source
    Processor: KTABLE-TOSTREAM-0000000007 (stores: [])
      --> KSTREAM-SINK-0000000008
      <-- KSTREAM-AGGREGATE-0000000003
    Sink: KSTREAM-SINK-0000000008 (topic: counts)
      <-- KTABLE-TOSTREAM-0000000007

`);
  });

  it('repartition(Repartitioned.as) names the topic and nodes; an unnamed repartition() uses generated names', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('input')
      .repartition(Repartitioned.as('rekeyed'))
      .repartition()
      .to('output');
    expect(describeText(builder)).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input])
      --> rekeyed-repartition-filter
    Processor: rekeyed-repartition-filter (stores: [])
      --> rekeyed-repartition-sink
      <-- KSTREAM-SOURCE-0000000000
    Sink: rekeyed-repartition-sink (topic: rekeyed-repartition)
      <-- rekeyed-repartition-filter

  Sub-topology: 1
    Source: rekeyed-repartition-source (topics: [rekeyed-repartition])
      --> KSTREAM-FILTER-0000000006
    Processor: KSTREAM-FILTER-0000000006 (stores: [])
      --> KSTREAM-SINK-0000000005
      <-- rekeyed-repartition-source
    Sink: KSTREAM-SINK-0000000005 (topic: KSTREAM-REPARTITION-0000000004-repartition)
      <-- KSTREAM-FILTER-0000000006

  Sub-topology: 2
    Source: KSTREAM-SOURCE-0000000007 (topics: [KSTREAM-REPARTITION-0000000004-repartition])
      --> KSTREAM-SINK-0000000008
    Sink: KSTREAM-SINK-0000000008 (topic: output)
      <-- KSTREAM-SOURCE-0000000007

`);
  });
});
