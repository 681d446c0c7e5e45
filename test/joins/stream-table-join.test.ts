import { describe, expect, it } from 'vitest';
import {
  Consumed,
  CopartitionError,
  Joined,
  KeyValue,
  Materialized,
  Produced,
  Repartitioned,
  Serdes,
  StreamsBuilder,
  TopologyTestDriver,
  type TestOutputTopic,
} from '../../src/index.js';
import { topologyModel } from '../../src/topology/topology.js';

// Replays KStreamKTableJoinTest and KStreamKTableLeftJoinTest (Kafka 4.0): keys 0..3, stream values X<k> at
// timestamp k, table values Y<k>; the joiner is Kafka's MockValueJoiner.TOSTRING_JOINER ("v1+v2").

const STREAM = 'streamTopic';
const TABLE = 'tableTopic';
const KEYS = [0, 1, 2, 3];
const joiner = (v: string, t: string | null): string => `${v}+${t}`;

async function setUp(left: boolean) {
  const builder = new StreamsBuilder();
  const consumed = Consumed.with(Serdes.Integer(), Serdes.String());
  const stream = builder.stream(STREAM, consumed);
  const table = builder.table(TABLE, consumed);
  (left ? stream.leftJoin(table, joiner) : stream.join(table, joiner)).to('out', Produced.with(Serdes.Integer(), Serdes.String()));
  const topology = builder.build();
  const driver = new TopologyTestDriver(topology, { applicationId: 'stj', defaultKeySerde: Serdes.Integer(), defaultValueSerde: Serdes.String() }, 0);
  const streamIn = driver.createInputTopic(STREAM, Serdes.Integer(), Serdes.String(), 0, 0);
  const tableIn = driver.createInputTopic(TABLE, Serdes.Integer(), Serdes.String(), 0, 0);
  const out = driver.createOutputTopic('out', Serdes.Integer(), Serdes.String());
  return {
    topology,
    driver,
    out,
    pushToStream: async (count: number, prefix: string) => {
      for (let i = 0; i < count; i++) await streamIn.pipeInput(KEYS[i] as number, `${prefix}${KEYS[i]}`, i);
    },
    // Kafka pushes table records at random timestamps; they never reach the output, so any timestamp replays it.
    pushToTable: async (count: number, prefix: string) => {
      for (let i = 0; i < count; i++) await tableIn.pipeInput(KEYS[i] as number, `${prefix}${KEYS[i]}`, 1000 + i * 7);
    },
    pushNullValueToTable: async (count: number) => {
      for (let i = 0; i < count; i++) await tableIn.pipeInput(KEYS[i] as number, null as unknown as string);
    },
    streamIn,
  };
}

async function drain(out: TestOutputTopic<number, string>) {
  return (await out.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp]);
}

describe('KStream-KTable inner join (KStreamKTableJoinTest)', () => {
  it('shouldNotJoinWithEmptyTableOnStreamUpdates', async () => {
    const t = await setUp(false);
    await t.pushToStream(2, 'X');
    expect(await drain(t.out)).toEqual([]);
    await t.driver.close();
  });

  it('shouldNotJoinOnTableUpdates', async () => {
    const t = await setUp(false);
    await t.pushToStream(2, 'X');
    expect(await drain(t.out)).toEqual([]);
    await t.pushToTable(2, 'Y');
    expect(await drain(t.out)).toEqual([]);
    await t.pushToStream(4, 'X');
    expect(await drain(t.out)).toEqual([[0, 'X0+Y0', 0], [1, 'X1+Y1', 1]]);
    await t.pushToTable(4, 'YY');
    expect(await drain(t.out)).toEqual([]);
    await t.pushToStream(4, 'X');
    expect(await drain(t.out)).toEqual([[0, 'X0+YY0', 0], [1, 'X1+YY1', 1], [2, 'X2+YY2', 2], [3, 'X3+YY3', 3]]);
    await t.pushToTable(4, 'YYY');
    expect(await drain(t.out)).toEqual([]);
    await t.driver.close();
  });

  it('shouldJoinOnlyIfMatchFoundOnStreamUpdates', async () => {
    const t = await setUp(false);
    await t.pushToTable(2, 'Y');
    await t.pushToStream(4, 'X');
    expect(await drain(t.out)).toEqual([[0, 'X0+Y0', 0], [1, 'X1+Y1', 1]]);
    await t.driver.close();
  });

  it('shouldClearTableEntryOnNullValueUpdates (table tombstones)', async () => {
    const t = await setUp(false);
    await t.pushToTable(4, 'Y');
    await t.pushToStream(4, 'X');
    expect(await drain(t.out)).toEqual([[0, 'X0+Y0', 0], [1, 'X1+Y1', 1], [2, 'X2+Y2', 2], [3, 'X3+Y3', 3]]);
    await t.pushNullValueToTable(2);
    expect(await drain(t.out)).toEqual([]);
    await t.pushToStream(4, 'XX');
    expect(await drain(t.out)).toEqual([[2, 'XX2+Y2', 2], [3, 'XX3+Y3', 3]]);
    await t.driver.close();
  });

  it('shouldLogAndMeterWhenSkippingNullLeftKey / NullLeftValue', async () => {
    const t = await setUp(false);
    await t.pushToTable(2, 'Y');
    await t.streamIn.pipeInput(null as unknown as number, 'A', 5);
    await t.streamIn.pipeInput(1, null as unknown as string, 6);
    expect(await drain(t.out)).toEqual([]);
    expect(t.driver.metricValue('dropped-records-total')).toBe(2);
    await t.driver.close();
  });

  it('shouldRequireCopartitionedStreams', async () => {
    const t = await setUp(false);
    expect(topologyModel(t.topology).copartitionGroups.map((g) => [...g].sort())).toEqual([[STREAM, TABLE]]);
    await t.driver.close();
  });

  it('materializes the table source for the lookup and connects its store to the join', async () => {
    const t = await setUp(false);
    expect(t.topology.describe().toString()).toContain('Processor: KSTREAM-JOIN-0000000004 (stores: [tableTopic-STATE-STORE-0000000001])');
    expect(t.driver.getKeyValueStore('tableTopic-STATE-STORE-0000000001')).toBeDefined();
    await t.driver.close();
  });
});

describe('KStream-KTable left join (KStreamKTableLeftJoinTest)', () => {
  it('shouldJoinWithEmptyTableOnStreamUpdates', async () => {
    const t = await setUp(true);
    await t.pushToStream(2, 'X');
    expect(await drain(t.out)).toEqual([[0, 'X0+null', 0], [1, 'X1+null', 1]]);
    await t.driver.close();
  });

  it('shouldNotJoinOnTableUpdates', async () => {
    const t = await setUp(true);
    await t.pushToStream(2, 'X');
    expect(await drain(t.out)).toEqual([[0, 'X0+null', 0], [1, 'X1+null', 1]]);
    await t.pushToTable(2, 'Y');
    expect(await drain(t.out)).toEqual([]);
    await t.pushToStream(4, 'X');
    expect(await drain(t.out)).toEqual([[0, 'X0+Y0', 0], [1, 'X1+Y1', 1], [2, 'X2+null', 2], [3, 'X3+null', 3]]);
    await t.pushToTable(4, 'YY');
    expect(await drain(t.out)).toEqual([]);
    await t.pushToStream(4, 'X');
    expect(await drain(t.out)).toEqual([[0, 'X0+YY0', 0], [1, 'X1+YY1', 1], [2, 'X2+YY2', 2], [3, 'X3+YY3', 3]]);
    await t.driver.close();
  });

  it('shouldJoinRegardlessIfMatchFoundOnStreamUpdates', async () => {
    const t = await setUp(true);
    await t.pushToTable(2, 'Y');
    await t.pushToStream(4, 'X');
    expect(await drain(t.out)).toEqual([[0, 'X0+Y0', 0], [1, 'X1+Y1', 1], [2, 'X2+null', 2], [3, 'X3+null', 3]]);
    await t.driver.close();
  });

  it('shouldClearTableEntryOnNullValueUpdates', async () => {
    const t = await setUp(true);
    await t.pushToTable(4, 'Y');
    await t.pushToStream(4, 'X');
    expect(await drain(t.out)).toEqual([[0, 'X0+Y0', 0], [1, 'X1+Y1', 1], [2, 'X2+Y2', 2], [3, 'X3+Y3', 3]]);
    await t.pushNullValueToTable(2);
    expect(await drain(t.out)).toEqual([]);
    await t.pushToStream(4, 'XX');
    expect(await drain(t.out)).toEqual([[0, 'XX0+null', 0], [1, 'XX1+null', 1], [2, 'XX2+Y2', 2], [3, 'XX3+Y3', 3]]);
    await t.driver.close();
  });

  it('emits a null-keyed record at once, null-padded; drops and counts a null value', async () => {
    const t = await setUp(true);
    await t.pushToTable(1, 'Y');
    await t.streamIn.pipeInput(null as unknown as number, 'A', 5);
    await t.streamIn.pipeInput(0, null as unknown as string, 6);
    expect(await drain(t.out)).toEqual([[null, 'A+null', 5]]);
    expect(t.driver.metricValue('dropped-records-total')).toBe(1);
    await t.driver.close();
  });
});

describe('stream-table join topology (KStreamKTableJoinTest)', () => {
  function rekeyed() {
    const builder = new StreamsBuilder();
    const strings = Consumed.with(Serdes.String(), Serdes.String());
    const streamA = builder.stream('topic', strings);
    const tableB = builder.table('topic2', strings);
    const tableC = builder.table('topic3', strings);
    const rekeyedStream = streamA.map((k, v) => KeyValue.pair(v, k));
    return { builder, rekeyedStream, tableB, tableC };
  }

  it('shouldReuseRepartitionTopicWithGeneratedName (reference example B)', () => {
    const { builder, rekeyedStream, tableB, tableC } = rekeyed();
    rekeyedStream.join(tableB, (v1, v2) => v1 + v2).to('out-one');
    rekeyedStream.join(tableC, (v1, v2) => v1 + v2).to('out-two');
    expect(builder.build().describe().toString()).toBe(
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [topic])\n' +
        '      --> KSTREAM-MAP-0000000007\n' +
        '    Processor: KSTREAM-MAP-0000000007 (stores: [])\n' +
        '      --> KSTREAM-FILTER-0000000009\n' +
        '      <-- KSTREAM-SOURCE-0000000000\n' +
        '    Processor: KSTREAM-FILTER-0000000009 (stores: [])\n' +
        '      --> KSTREAM-SINK-0000000008\n' +
        '      <-- KSTREAM-MAP-0000000007\n' +
        '    Sink: KSTREAM-SINK-0000000008 (topic: KSTREAM-MAP-0000000007-repartition)\n' +
        '      <-- KSTREAM-FILTER-0000000009\n' +
        '\n' +
        '  Sub-topology: 1\n' +
        '    Source: KSTREAM-SOURCE-0000000010 (topics: [KSTREAM-MAP-0000000007-repartition])\n' +
        '      --> KSTREAM-JOIN-0000000011, KSTREAM-JOIN-0000000016\n' +
        '    Processor: KSTREAM-JOIN-0000000011 (stores: [topic2-STATE-STORE-0000000001])\n' +
        '      --> KSTREAM-SINK-0000000012\n' +
        '      <-- KSTREAM-SOURCE-0000000010\n' +
        '    Processor: KSTREAM-JOIN-0000000016 (stores: [topic3-STATE-STORE-0000000004])\n' +
        '      --> KSTREAM-SINK-0000000017\n' +
        '      <-- KSTREAM-SOURCE-0000000010\n' +
        '    Source: KSTREAM-SOURCE-0000000002 (topics: [topic2])\n' +
        '      --> KTABLE-SOURCE-0000000003\n' +
        '    Source: KSTREAM-SOURCE-0000000005 (topics: [topic3])\n' +
        '      --> KTABLE-SOURCE-0000000006\n' +
        '    Sink: KSTREAM-SINK-0000000012 (topic: out-one)\n' +
        '      <-- KSTREAM-JOIN-0000000011\n' +
        '    Sink: KSTREAM-SINK-0000000017 (topic: out-two)\n' +
        '      <-- KSTREAM-JOIN-0000000016\n' +
        '    Processor: KTABLE-SOURCE-0000000003 (stores: [topic2-STATE-STORE-0000000001])\n' +
        '      --> none\n' +
        '      <-- KSTREAM-SOURCE-0000000002\n' +
        '    Processor: KTABLE-SOURCE-0000000006 (stores: [topic3-STATE-STORE-0000000004])\n' +
        '      --> none\n' +
        '      <-- KSTREAM-SOURCE-0000000005\n\n',
    );
  });

  it('shouldCreateRepartitionTopicsWithUserProvidedName', () => {
    const { builder, rekeyedStream, tableB, tableC } = rekeyed();
    rekeyedStream.join(tableB, (v1, v2) => v1 + v2, Joined.with(Serdes.String(), Serdes.String(), Serdes.String(), 'first-join')).to('out-one');
    rekeyedStream.join(tableC, (v1, v2) => v1 + v2, Joined.with(Serdes.String(), Serdes.String(), Serdes.String(), 'second-join')).to('out-two');
    expect(builder.build().describe().toString()).toBe(
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [topic])\n' +
        '      --> KSTREAM-MAP-0000000007\n' +
        '    Processor: KSTREAM-MAP-0000000007 (stores: [])\n' +
        '      --> first-join-repartition-filter, second-join-repartition-filter\n' +
        '      <-- KSTREAM-SOURCE-0000000000\n' +
        '    Processor: first-join-repartition-filter (stores: [])\n' +
        '      --> first-join-repartition-sink\n' +
        '      <-- KSTREAM-MAP-0000000007\n' +
        '    Processor: second-join-repartition-filter (stores: [])\n' +
        '      --> second-join-repartition-sink\n' +
        '      <-- KSTREAM-MAP-0000000007\n' +
        '    Sink: first-join-repartition-sink (topic: first-join-repartition)\n' +
        '      <-- first-join-repartition-filter\n' +
        '    Sink: second-join-repartition-sink (topic: second-join-repartition)\n' +
        '      <-- second-join-repartition-filter\n' +
        '\n' +
        '  Sub-topology: 1\n' +
        '    Source: first-join-repartition-source (topics: [first-join-repartition])\n' +
        '      --> first-join\n' +
        '    Source: KSTREAM-SOURCE-0000000002 (topics: [topic2])\n' +
        '      --> KTABLE-SOURCE-0000000003\n' +
        '    Processor: first-join (stores: [topic2-STATE-STORE-0000000001])\n' +
        '      --> KSTREAM-SINK-0000000012\n' +
        '      <-- first-join-repartition-source\n' +
        '    Sink: KSTREAM-SINK-0000000012 (topic: out-one)\n' +
        '      <-- first-join\n' +
        '    Processor: KTABLE-SOURCE-0000000003 (stores: [topic2-STATE-STORE-0000000001])\n' +
        '      --> none\n' +
        '      <-- KSTREAM-SOURCE-0000000002\n' +
        '\n' +
        '  Sub-topology: 2\n' +
        '    Source: second-join-repartition-source (topics: [second-join-repartition])\n' +
        '      --> second-join\n' +
        '    Source: KSTREAM-SOURCE-0000000005 (topics: [topic3])\n' +
        '      --> KTABLE-SOURCE-0000000006\n' +
        '    Processor: second-join (stores: [topic3-STATE-STORE-0000000004])\n' +
        '      --> KSTREAM-SINK-0000000017\n' +
        '      <-- second-join-repartition-source\n' +
        '    Sink: KSTREAM-SINK-0000000017 (topic: out-two)\n' +
        '      <-- second-join\n' +
        '    Processor: KTABLE-SOURCE-0000000006 (stores: [topic3-STATE-STORE-0000000004])\n' +
        '      --> none\n' +
        '      <-- KSTREAM-SOURCE-0000000005\n\n',
    );
  });

  it('joins through the repartition topic after a key change, end to end', async () => {
    const { builder, rekeyedStream, tableB } = rekeyed();
    rekeyedStream.join(tableB, (v1, v2) => `${v1}+${v2}`).to('out-one', Produced.with(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app', defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() }, 0);
    await driver.createInputTopic('topic2', Serdes.String(), Serdes.String()).pipeInput('b', 'B', 1);
    await driver.createInputTopic('topic', Serdes.String(), Serdes.String()).pipeInput('a', 'b', 2);
    const out = driver.createOutputTopic('out-one', Serdes.String(), Serdes.String());
    expect((await out.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp])).toEqual([['b', 'a+B', 2]]);
    expect(driver.producedTopicNames()).toContain('app-KSTREAM-MAP-0000000007-repartition');
    await driver.close();
  });

  it('a join of two sources with known different partition counts fails at build time with CopartitionError', () => {
    const builder = new StreamsBuilder();
    const strings = Consumed.with(Serdes.String(), Serdes.String());
    const left = builder.stream('left', strings).repartition(Repartitioned.as<string, string>('left-side').withNumberOfPartitions(2));
    const right = builder.stream('right', strings).repartition(Repartitioned.as<string, string>('right-side').withNumberOfPartitions(3)).toTable(Materialized.as('right-store'));
    left.join(right, (a, b) => a + b).to('out');
    let error: unknown;
    try {
      builder.build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CopartitionError);
    const message = (error as Error).message;
    expect(message).toContain('left-side-repartition (2 partitions)');
    expect(message).toContain('right-side-repartition (3 partitions)');
    expect(message).toContain('repartition(Repartitioned.numberOfPartitions(n))');
  });
});
