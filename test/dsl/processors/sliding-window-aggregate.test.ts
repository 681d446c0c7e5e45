import { describe, expect, it } from 'vitest';
import {
  Consumed,
  EmitStrategy,
  Grouped,
  Materialized,
  Serdes,
  SessionWindows,
  SlidingWindows,
  StreamsBuilder,
  TopologyTestDriver,
  type KTable,
  type TimeWindowedKStream,
  type Windowed,
} from '../../../src/index.js';

// Scenarios replayed from Kafka Streams 4.0's KStreamSlidingWindowAggregateTest (same inputs, timestamps and expected
// outputs, gathered as Kafka's gatherOutput does: window start → set of value@timestamp) and TopologyTest's
// session/sliding describe() pins.

const S = Serdes.String();
const config = { applicationId: 'sliding', defaultKeySerde: S, defaultValueSerde: S };

function run(windows: SlidingWindows, build: (w: TimeWindowedKStream<string, string>) => KTable<Windowed<string>, string>, emit?: EmitStrategy) {
  const builder = new StreamsBuilder();
  let windowed = builder.stream<string, string>('topic', Consumed.with(S, S)).groupByKey(Grouped.with(S, S)).windowedBy(windows);
  if (emit !== undefined) windowed = windowed.emitStrategy(emit);
  const out: { start: number; end: number; value: string | null; ts: number }[] = [];
  build(windowed)
    .toStream()
    .process(() => ({
      process: (r) => {
        out.push({ start: r.key.window.start, end: r.key.window.end, value: r.value, ts: r.timestamp });
      },
    }));
  const driver = new TopologyTestDriver(builder.build(), config, 0);
  const topic = driver.createInputTopic('topic', S, S);
  return {
    driver,
    out,
    pipe: async (rows: [string | null, string | null, number][]) => {
      for (const [k, v, ts] of rows) await topic.pipeInput(k as string, v as string, ts);
    },
    /** Kafka's gatherOutput: window start → set of value@timestamp. */
    gathered: () => {
      const m: Record<number, string[]> = {};
      for (const o of out) {
        const list = (m[o.start] ??= []);
        const item = `${o.value}@${o.ts}`;
        if (!list.includes(item)) list.push(item);
      }
      for (const list of Object.values(m)) list.sort();
      return m;
    },
  };
}

const sorted = (m: Record<number, string[]>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, [...v].sort()]));
const agg = (w: TimeWindowedKStream<string, string>) => w.aggregate(() => '0', (_k, v, a) => `${a}+${v}`, Materialized.as<string, string>('store-name'));

describe('KStreamSlidingWindowAggregate (KStreamSlidingWindowAggregateTest)', () => {
  const small: [string, string, number][] = [['A', '1', 10], ['A', '2', 10], ['A', '3', 14], ['A', '4', 15], ['A', '5', 20], ['A', '6', 22], ['A', '7', 30]];

  it('testAggregateSmallInput (emit on update)', async () => {
    const { pipe, gathered } = run(SlidingWindows.ofTimeDifferenceAndGrace(10, 5), agg);
    await pipe(small);
    expect(gathered()).toEqual(
      sorted({
        0: ['0+1@10', '0+1+2@10'],
        4: ['0+1+2+3@14'],
        5: ['0+1+2+3+4@15'],
        10: ['0+1+2+3+4+5@20'],
        11: ['0+3@14', '0+3+4@15', '0+3+4+5@20'],
        12: ['0+3+4+5+6@22'],
        15: ['0+4@15', '0+4+5@20', '0+4+5+6@22'],
        16: ['0+5@20', '0+5+6@22'],
        20: ['0+5+6+7@30'],
        21: ['0+6@22', '0+6+7@30'],
        23: ['0+7@30'],
      }),
    );
  });

  it('testAggregateSmallInput (emit on close)', async () => {
    const { pipe, gathered } = run(SlidingWindows.ofTimeDifferenceAndGrace(10, 5), agg, EmitStrategy.onWindowClose());
    await pipe(small);
    expect(gathered()).toEqual({ 0: ['0+1+2@10'], 4: ['0+1+2+3@14'], 5: ['0+1+2+3+4@15'], 10: ['0+1+2+3+4+5@20'], 11: ['0+3+4+5@20'], 12: ['0+3+4+5+6@22'] });
  });

  const reduceInput: [string, string, number][] = [['A', '1', 10], ['A', '2', 14], ['A', '3', 15], ['A', '4', 22], ['A', '5', 26], ['A', '6', 30]];
  const reduce = (w: TimeWindowedKStream<string, string>) => w.reduce((a, v) => `${a}+${v}`, Materialized.as<string, string>('store-name'));

  it('testReduceSmallInput (emit on update)', async () => {
    const { pipe, gathered } = run(SlidingWindows.ofTimeDifferenceAndGrace(10, 5), reduce);
    await pipe(reduceInput);
    expect(gathered()).toEqual(
      sorted({
        0: ['1@10'],
        4: ['1+2@14'],
        5: ['1+2+3@15'],
        11: ['2@14', '2+3@15'],
        12: ['2+3+4@22'],
        15: ['3@15', '3+4@22'],
        16: ['4@22', '4+5@26'],
        20: ['4+5+6@30'],
        23: ['5@26', '5+6@30'],
        27: ['6@30'],
      }),
    );
  });

  it('testReduceSmallInput (emit on close)', async () => {
    const { pipe, gathered } = run(SlidingWindows.ofTimeDifferenceAndGrace(10, 5), reduce, EmitStrategy.onWindowClose());
    await pipe(reduceInput);
    expect(gathered()).toEqual({ 0: ['1@10'], 4: ['1+2@14'], 5: ['1+2+3@15'], 11: ['2+3@15'], 12: ['2+3+4@22'] });
  });

  const early: [string, string, number][] = [['A', '1', 0], ['A', '2', 5], ['A', '3', 6], ['A', '4', 3], ['A', '5', 13], ['A', '6', 10], ['A', '7', 70]];

  it('testEarlyRecordsSmallInput: records before timeDifference share the window [0, timeDifference]', async () => {
    const { pipe, gathered, out } = run(SlidingWindows.ofTimeDifferenceAndGrace(50, 0), agg);
    await pipe(early);
    expect(gathered()).toEqual(
      sorted({
        0: ['0+1@0', '0+1+2@5', '0+1+2+3@6', '0+1+2+3+4@6', '0+1+2+3+4+5@13', '0+1+2+3+4+5+6@13'],
        1: ['0+2@5', '0+2+3@6', '0+2+3+4@6', '0+2+3+4+5@13', '0+2+3+4+5+6@13'],
        4: ['0+2+3@6', '0+2+3+5@13', '0+2+3+5+6@13'],
        6: ['0+3@6', '0+3+5@13', '0+3+5+6@13'],
        7: ['0+5@13', '0+5+6@13'],
        11: ['0+5@13'],
        20: ['0+7@70'],
      }),
    );
    expect(out.find((o) => o.start === 0)?.end).toBe(50);
  });

  it('testEarlyRecordsSmallInput (emit on close)', async () => {
    const { pipe, gathered } = run(SlidingWindows.ofTimeDifferenceAndGrace(50, 0), agg, EmitStrategy.onWindowClose());
    await pipe(early);
    expect(gathered()).toEqual({
      0: ['0+1+2+3+4+5+6@13'],
      1: ['0+2+3+4+5+6@13'],
      4: ['0+2+3+5+6@13'],
      6: ['0+3+5+6@13'],
      7: ['0+5+6@13'],
      11: ['0+5@13'],
    });
  });

  it('drops and counts null keys and null values (sliding windows skip null values)', async () => {
    const { driver, pipe, out } = run(SlidingWindows.ofTimeDifferenceWithNoGrace(10), agg);
    await pipe([[null, '1', 10], ['A', null, 11]]);
    expect(out).toEqual([]);
    expect(driver.metricValue('dropped-records-total')).toBe(2);
  });

  it('drops and counts a record whose windows all closed (end < stream time − grace)', async () => {
    const { driver, pipe, gathered } = run(SlidingWindows.ofTimeDifferenceAndGrace(10, 5), agg);
    await pipe([['A', '1', 100], ['A', '2', 84]]);
    expect(gathered()).toEqual({ 90: ['0+1@100'] });
    expect(driver.metricValue('dropped-records-total')).toBe(1);
  });
});

describe('describe() of session and sliding topologies (TopologyTest)', () => {
  const one = (head: string, agg: string, store: string) =>
    'Topologies:\n' +
    '   Sub-topology: 0\n' +
    `    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic])\n` +
    `      --> ${agg}\n` +
    `    Processor: ${agg} (stores: [${store}])\n` +
    `      --> ${head}\n` +
    '      <-- KSTREAM-SOURCE-0000000000\n';

  it('sessionWindowZeroArgCountShouldPreserveTopologyStructure', () => {
    const b = new StreamsBuilder();
    b.stream('input-topic').groupByKey().windowedBy(SessionWindows.ofInactivityGapWithNoGrace(1)).count();
    expect(b.build().describe().toString()).toBe(one('none', 'KSTREAM-AGGREGATE-0000000002', 'KSTREAM-AGGREGATE-STATE-STORE-0000000001') + '\n');
  });

  it('sessionWindowNamedMaterializedCountShouldPreserveTopologyStructure', () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('input-topic').groupByKey().windowedBy(SessionWindows.ofInactivityGapWithNoGrace(1)).count(Materialized.as<string, number>('count-store'));
    expect(b.build().describe().toString()).toBe(one('none', 'KSTREAM-AGGREGATE-0000000001', 'count-store') + '\n');
  });

  it('sessionWindowAnonymousMaterializedCountShouldPreserveTopologyStructure', () => {
    const b = new StreamsBuilder();
    b.stream('input-topic').groupByKey().windowedBy(SessionWindows.ofInactivityGapWithNoGrace(1)).count(Materialized.with(undefined, Serdes.Long()));
    expect(b.build().describe().toString()).toBe(one('none', 'KSTREAM-AGGREGATE-0000000003', 'KSTREAM-AGGREGATE-STATE-STORE-0000000002') + '\n');
  });

  it('sliding window count (SlidingWindowedKStreamImpl burns no extra store name)', () => {
    const b = new StreamsBuilder();
    b.stream('input-topic').groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(1)).count(Materialized.with(undefined, Serdes.Long()));
    expect(b.build().describe().toString()).toBe(one('none', 'KSTREAM-AGGREGATE-0000000002', 'KSTREAM-AGGREGATE-STATE-STORE-0000000001') + '\n');
  });

  const cogroup = (agg: string, merge: string, store: string) =>
    one(merge, agg, store) + `    Processor: ${merge} (stores: [])\n` + '      --> none\n' + `      <-- ${agg}\n\n`;

  it('slidingWindowedCogroupedZeroArgCountShouldPreserveTopologyStructure', () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('input-topic').groupByKey().cogroup<string>((_k, v) => v).windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(1)).aggregate(() => '');
    expect(b.build().describe().toString()).toBe(cogroup('COGROUPKSTREAM-AGGREGATE-0000000002', 'COGROUPKSTREAM-MERGE-0000000003', 'COGROUPKSTREAM-AGGREGATE-STATE-STORE-0000000001'));
  });

  it('sessionWindowedCogroupedNamedMaterializedCountShouldPreserveTopologyStructure', () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('input-topic')
      .groupByKey()
      .cogroup<string>((_k, v) => v)
      .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(1))
      .aggregate(() => '', () => '', Materialized.as<string, string>('aggregate-store'));
    expect(b.build().describe().toString()).toBe(cogroup('COGROUPKSTREAM-AGGREGATE-0000000001', 'COGROUPKSTREAM-MERGE-0000000002', 'aggregate-store'));
  });
});
