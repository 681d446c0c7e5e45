import { describe, expect, it } from 'vitest';
import {
  BufferConfig,
  Consumed,
  Grouped,
  KeyValue,
  Materialized,
  Produced,
  Serdes,
  SessionWindows,
  SlidingWindows,
  StreamsBuilder,
  Suppressed,
  TimeWindows,
  type KGroupedStream,
  type KTable,
  type Windowed,
} from '../../src/index.js';

// describe() of windowed topologies, pinned to Kafka Streams 4.0's exact strings: SuppressTopologyTest
// (the anonymous and named final-results topologies) and the windowed-count cases of
// TopologyTest (example E and its siblings). Each DSL program is the one Kafka's test builds.

const S = Serdes.String();
const L = Serdes.Long();
const wstr = (k: Windowed<string>) => `[${k.key}@${k.window.start}/${k.window.end}]`;

// SuppressTopologyTest.ANONYMOUS_FINAL_TOPOLOGY (example D)
const ANONYMOUS_FINAL_TOPOLOGY =
  'Topologies:\n' +
  '   Sub-topology: 0\n' +
  '    Source: KSTREAM-SOURCE-0000000000 (topics: [input])\n' +
  '      --> KSTREAM-KEY-SELECT-0000000001\n' +
  '    Processor: KSTREAM-KEY-SELECT-0000000001 (stores: [])\n' +
  '      --> counts-repartition-filter\n' +
  '      <-- KSTREAM-SOURCE-0000000000\n' +
  '    Processor: counts-repartition-filter (stores: [])\n' +
  '      --> counts-repartition-sink\n' +
  '      <-- KSTREAM-KEY-SELECT-0000000001\n' +
  '    Sink: counts-repartition-sink (topic: counts-repartition)\n' +
  '      <-- counts-repartition-filter\n' +
  '\n' +
  '  Sub-topology: 1\n' +
  '    Source: counts-repartition-source (topics: [counts-repartition])\n' +
  '      --> KSTREAM-AGGREGATE-0000000002\n' +
  '    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [counts])\n' +
  '      --> KTABLE-SUPPRESS-0000000006\n' +
  '      <-- counts-repartition-source\n' +
  '    Processor: KTABLE-SUPPRESS-0000000006 (stores: [KTABLE-SUPPRESS-STATE-STORE-0000000007])\n' +
  '      --> KTABLE-TOSTREAM-0000000008\n' +
  '      <-- KSTREAM-AGGREGATE-0000000002\n' +
  '    Processor: KTABLE-TOSTREAM-0000000008 (stores: [])\n' +
  '      --> KSTREAM-MAP-0000000009\n' +
  '      <-- KTABLE-SUPPRESS-0000000006\n' +
  '    Processor: KSTREAM-MAP-0000000009 (stores: [])\n' +
  '      --> KSTREAM-SINK-0000000010\n' +
  '      <-- KTABLE-TOSTREAM-0000000008\n' +
  '    Sink: KSTREAM-SINK-0000000010 (topic: output-suppressed)\n' +
  '      <-- KSTREAM-MAP-0000000009\n' +
  '\n';

// SuppressTopologyTest.NAMED_FINAL_TOPOLOGY: a named suppression uses no counter value.
const NAMED_FINAL_TOPOLOGY =
  'Topologies:\n' +
  '   Sub-topology: 0\n' +
  '    Source: KSTREAM-SOURCE-0000000000 (topics: [input])\n' +
  '      --> KSTREAM-KEY-SELECT-0000000001\n' +
  '    Processor: KSTREAM-KEY-SELECT-0000000001 (stores: [])\n' +
  '      --> counts-repartition-filter\n' +
  '      <-- KSTREAM-SOURCE-0000000000\n' +
  '    Processor: counts-repartition-filter (stores: [])\n' +
  '      --> counts-repartition-sink\n' +
  '      <-- KSTREAM-KEY-SELECT-0000000001\n' +
  '    Sink: counts-repartition-sink (topic: counts-repartition)\n' +
  '      <-- counts-repartition-filter\n' +
  '\n' +
  '  Sub-topology: 1\n' +
  '    Source: counts-repartition-source (topics: [counts-repartition])\n' +
  '      --> KSTREAM-AGGREGATE-0000000002\n' +
  '    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [counts])\n' +
  '      --> myname\n' +
  '      <-- counts-repartition-source\n' +
  '    Processor: myname (stores: [myname-store])\n' +
  '      --> KTABLE-TOSTREAM-0000000006\n' +
  '      <-- KSTREAM-AGGREGATE-0000000002\n' +
  '    Processor: KTABLE-TOSTREAM-0000000006 (stores: [])\n' +
  '      --> KSTREAM-MAP-0000000007\n' +
  '      <-- myname\n' +
  '    Processor: KSTREAM-MAP-0000000007 (stores: [])\n' +
  '      --> KSTREAM-SINK-0000000008\n' +
  '      <-- KTABLE-TOSTREAM-0000000006\n' +
  '    Sink: KSTREAM-SINK-0000000008 (topic: output-suppressed)\n' +
  '      <-- KSTREAM-MAP-0000000007\n' +
  '\n';

const NAMED_INTERMEDIATE_TOPOLOGY =
  'Topologies:\n' +
  '   Sub-topology: 0\n' +
  '    Source: KSTREAM-SOURCE-0000000000 (topics: [input])\n' +
  '      --> KSTREAM-AGGREGATE-0000000002\n' +
  '    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])\n' +
  '      --> asdf\n' +
  '      <-- KSTREAM-SOURCE-0000000000\n' +
  '    Processor: asdf (stores: [asdf-store])\n' +
  '      --> KTABLE-TOSTREAM-0000000003\n' +
  '      <-- KSTREAM-AGGREGATE-0000000002\n' +
  '    Processor: KTABLE-TOSTREAM-0000000003 (stores: [])\n' +
  '      --> KSTREAM-SINK-0000000004\n' +
  '      <-- asdf\n' +
  '    Sink: KSTREAM-SINK-0000000004 (topic: output)\n' +
  '      <-- KTABLE-TOSTREAM-0000000003\n' +
  '\n';

const ANONYMOUS_INTERMEDIATE_TOPOLOGY =
  'Topologies:\n' +
  '   Sub-topology: 0\n' +
  '    Source: KSTREAM-SOURCE-0000000000 (topics: [input])\n' +
  '      --> KSTREAM-AGGREGATE-0000000002\n' +
  '    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])\n' +
  '      --> KTABLE-SUPPRESS-0000000003\n' +
  '      <-- KSTREAM-SOURCE-0000000000\n' +
  '    Processor: KTABLE-SUPPRESS-0000000003 (stores: [KTABLE-SUPPRESS-STATE-STORE-0000000004])\n' +
  '      --> KTABLE-TOSTREAM-0000000005\n' +
  '      <-- KSTREAM-AGGREGATE-0000000002\n' +
  '    Processor: KTABLE-TOSTREAM-0000000005 (stores: [])\n' +
  '      --> KSTREAM-SINK-0000000006\n' +
  '      <-- KTABLE-SUPPRESS-0000000003\n' +
  '    Sink: KSTREAM-SINK-0000000006 (topic: output)\n' +
  '      <-- KTABLE-TOSTREAM-0000000005\n' +
  '\n';

/** SuppressTopologyTest's final-results program, with the windows of `windowed`. */
function finalResults(windowed: (g: KGroupedStream<string, string>) => KTable<Windowed<string>, number>, suppressed: Suppressed<Windowed<unknown>>): string {
  const builder = new StreamsBuilder();
  windowed(builder.stream<string, string>('input', Consumed.with(S, S)).groupBy((k: string) => k, Grouped.with(S, S)))
    .suppress(suppressed)
    .toStream()
    .map((k, v) => KeyValue.pair(wstr(k), v))
    .to('output-suppressed', Produced.with(S, L));
  return builder.build().describe().toString();
}
const counts = () => Materialized.as<string, number>('counts').withCachingDisabled();

describe('SuppressTopologyTest', () => {
  // Kafka's test builds these with SessionWindows.ofInactivityGapAndGrace(5, 5).
  it('shouldUseNumberingForAnonymousFinalSuppressionNode (example D)', () => {
    const text = finalResults((g) => g.windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 5)).count(counts()), Suppressed.untilWindowCloses(BufferConfig.unbounded()));
    expect(text).toBe(ANONYMOUS_FINAL_TOPOLOGY);
  });

  it('shouldApplyNameToFinalSuppressionNode', () => {
    const text = finalResults(
      (g) => g.windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 5)).count(counts()),
      Suppressed.untilWindowCloses(BufferConfig.unbounded()).withName('myname'),
    );
    expect(text).toBe(NAMED_FINAL_TOPOLOGY);
  });

  // The time- and sliding-window programs print the same text (the window kind does not show in describe()).
  it('the same final-results topologies with time and sliding windows', () => {
    const anonymous = Suppressed.untilWindowCloses(BufferConfig.unbounded());
    const named = anonymous.withName('myname');
    expect(finalResults((g) => g.windowedBy(TimeWindows.ofSizeAndGrace(5, 5)).count(counts()), anonymous)).toBe(ANONYMOUS_FINAL_TOPOLOGY);
    expect(finalResults((g) => g.windowedBy(TimeWindows.ofSizeAndGrace(5, 5)).count(counts()), named)).toBe(NAMED_FINAL_TOPOLOGY);
    expect(finalResults((g) => g.windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(5, 5)).count(counts()), anonymous)).toBe(ANONYMOUS_FINAL_TOPOLOGY);
  });

  function intermediate(suppressed: Suppressed<string>): string {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('input', Consumed.with(S, S)).groupByKey().count().suppress(suppressed).toStream().to('output', Produced.with(S, L));
    return builder.build().describe().toString();
  }

  it('shouldUseNumberingForAnonymousSuppressionNode', () => {
    expect(intermediate(Suppressed.untilTimeLimit(1_000, BufferConfig.unbounded()))).toBe(ANONYMOUS_INTERMEDIATE_TOPOLOGY);
  });

  it('shouldApplyNameToSuppressionNode', () => {
    expect(intermediate(Suppressed.untilTimeLimit(1_000, BufferConfig.unbounded()).withName('asdf'))).toBe(NAMED_INTERMEDIATE_TOPOLOGY);
  });
});

/** A one-sub-topology text: input-topic → one aggregate processor (with its store). */
const oneAggregate = (processor: string, store: string) =>
  'Topologies:\n' +
  '   Sub-topology: 0\n' +
  '    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic])\n' +
  `      --> ${processor}\n` +
  `    Processor: ${processor} (stores: [${store}])\n` +
  '      --> none\n' +
  '      <-- KSTREAM-SOURCE-0000000000\n\n';

/** A one-sub-topology text: input-topic → cogroup aggregate → cogroup merge. */
const cogrouped = (aggregate: string, store: string, merge: string) =>
  'Topologies:\n' +
  '   Sub-topology: 0\n' +
  '    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic])\n' +
  `      --> ${aggregate}\n` +
  `    Processor: ${aggregate} (stores: [${store}])\n` +
  `      --> ${merge}\n` +
  '      <-- KSTREAM-SOURCE-0000000000\n' +
  `    Processor: ${merge} (stores: [])\n` +
  '      --> none\n' +
  `      <-- ${aggregate}\n\n`;

function describeOf(program: (grouped: KGroupedStream<unknown, unknown>) => void): string {
  const builder = new StreamsBuilder();
  program(builder.stream<unknown, unknown>('input-topic').groupByKey());
  return builder.build().describe().toString();
}

describe('TopologyTest windowed counts', () => {
  it('timeWindowZeroArgCountShouldPreserveTopologyStructure (example E)', () => {
    const text = describeOf((g) => g.windowedBy(TimeWindows.ofSizeWithNoGrace(1)).count());
    expect(text).toBe(
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic])\n' +
        '      --> KSTREAM-AGGREGATE-0000000002\n' +
        '    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])\n' +
        '      --> none\n' +
        '      <-- KSTREAM-SOURCE-0000000000\n\n',
    );
  });

  it('timeWindowNamedMaterializedCountShouldPreserveTopologyStructure', () => {
    const text = describeOf((g) => g.windowedBy(TimeWindows.ofSizeWithNoGrace(1)).count(Materialized.as<unknown, number>('count-store')));
    expect(text).toBe(oneAggregate('KSTREAM-AGGREGATE-0000000001', 'count-store'));
  });

  it('timeWindowAnonymousMaterializedCountShouldPreserveTopologyStructure', () => {
    const text = describeOf((g) => g.windowedBy(TimeWindows.ofSizeWithNoGrace(1)).count(Materialized.with<unknown, number>(undefined, L)));
    expect(text).toBe(oneAggregate('KSTREAM-AGGREGATE-0000000003', 'KSTREAM-AGGREGATE-STATE-STORE-0000000002'));
  });

  // Kafka's two "slidingWindow…" cases without a topology config build TimeWindows; the SlidingWindows program
  // prints the same text (its "…WithTopologyConfig" twin differs only in the "Topology: my-topology:" header).
  it('slidingWindowZeroArgCountShouldPreserveTopologyStructure (and with SlidingWindows)', () => {
    const expected = oneAggregate('KSTREAM-AGGREGATE-0000000002', 'KSTREAM-AGGREGATE-STATE-STORE-0000000001');
    expect(describeOf((g) => g.windowedBy(TimeWindows.ofSizeWithNoGrace(1)).count())).toBe(expected);
    expect(describeOf((g) => g.windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(1)).count())).toBe(expected);
  });

  it('slidingWindowNamedMaterializedCountShouldPreserveTopologyStructure', () => {
    expect(describeOf((g) => g.windowedBy(TimeWindows.ofSizeWithNoGrace(1)).count(Materialized.as<unknown, number>('count-store')))).toBe(
      oneAggregate('KSTREAM-AGGREGATE-0000000001', 'count-store'),
    );
  });

  it('sessionWindowZeroArgCountShouldPreserveTopologyStructure', () => {
    expect(describeOf((g) => g.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(1)).count())).toBe(
      oneAggregate('KSTREAM-AGGREGATE-0000000002', 'KSTREAM-AGGREGATE-STATE-STORE-0000000001'),
    );
  });

  it('sessionWindowNamedMaterializedCountShouldPreserveTopologyStructure', () => {
    expect(describeOf((g) => g.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(1)).count(Materialized.as<unknown, number>('count-store')))).toBe(
      oneAggregate('KSTREAM-AGGREGATE-0000000001', 'count-store'),
    );
  });

  it('sessionWindowAnonymousMaterializedCountShouldPreserveTopologyStructure', () => {
    expect(describeOf((g) => g.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(1)).count(Materialized.with<unknown, number>(undefined, L)))).toBe(
      oneAggregate('KSTREAM-AGGREGATE-0000000003', 'KSTREAM-AGGREGATE-STATE-STORE-0000000002'),
    );
  });

  it('timeWindowedCogroupedZeroArgCountShouldPreserveTopologyStructure', () => {
    const text = describeOf((g) =>
      g
        .cogroup((_k, v: unknown) => v)
        .windowedBy(TimeWindows.ofSizeWithNoGrace(1))
        .aggregate(() => ''),
    );
    expect(text).toBe(cogrouped('COGROUPKSTREAM-AGGREGATE-0000000002', 'COGROUPKSTREAM-AGGREGATE-STATE-STORE-0000000001', 'COGROUPKSTREAM-MERGE-0000000003'));
  });

  it('timeWindowedCogroupedNamedMaterializedCountShouldPreserveTopologyStructure', () => {
    const text = describeOf((g) =>
      g
        .cogroup((_k, v: unknown) => v)
        .windowedBy(TimeWindows.ofSizeWithNoGrace(1))
        .aggregate(() => '', Materialized.as('aggregate-store')),
    );
    expect(text).toBe(cogrouped('COGROUPKSTREAM-AGGREGATE-0000000001', 'aggregate-store', 'COGROUPKSTREAM-MERGE-0000000002'));
  });

  it('sessionWindowedCogroupedZeroArgCountShouldPreserveTopologyStructure', () => {
    const text = describeOf((g) =>
      g
        .cogroup((_k, v: unknown) => v)
        .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(1))
        .aggregate(
          () => '',
          () => '',
        ),
    );
    expect(text).toBe(cogrouped('COGROUPKSTREAM-AGGREGATE-0000000002', 'COGROUPKSTREAM-AGGREGATE-STATE-STORE-0000000001', 'COGROUPKSTREAM-MERGE-0000000003'));
  });
});
