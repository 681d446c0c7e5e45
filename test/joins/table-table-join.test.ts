import { describe, expect, it } from 'vitest';
import { Consumed, Materialized, Produced, Serdes, StreamsBuilder, TopologyTestDriver, type KTable } from '../../src/index.js';
import { topologyModel } from '../../src/topology/topology.js';

// Replays KTableKTableInnerJoinTest / LeftJoinTest / OuterJoinTest.testJoin (Kafka 4.0): keys 0..3, joiner "v1+v2",
// the joined table's updates read through toStream().to(output).

const KEYS = [0, 1, 2, 3];
const joiner = (a: string | null, b: string | null): string => `${a}+${b}`;
type Kind = 'inner' | 'left' | 'outer';

function build(kind: Kind, decorate?: (t1: KTable<number, string>, t2: KTable<number, string>) => KTable<number, string>) {
  const builder = new StreamsBuilder();
  const consumed = Consumed.with(Serdes.Integer(), Serdes.String());
  const table1 = builder.table('topic1', consumed);
  const table2 = builder.table('topic2', consumed);
  const joined =
    decorate?.(table1, table2) ??
    (kind === 'inner' ? table1.join(table2, joiner) : kind === 'left' ? table1.leftJoin(table2, joiner) : table1.outerJoin(table2, joiner));
  joined.toStream().to('output', Produced.with(Serdes.Integer(), Serdes.String()));
  const topology = builder.build();
  const driver = new TopologyTestDriver(topology, { applicationId: 'ttj', defaultKeySerde: Serdes.Integer(), defaultValueSerde: Serdes.String() }, 0);
  const in1 = driver.createInputTopic('topic1', Serdes.Integer(), Serdes.String(), 0, 0);
  const in2 = driver.createInputTopic('topic2', Serdes.Integer(), Serdes.String(), 0, 0);
  const out = driver.createOutputTopic('output', Serdes.Integer(), Serdes.String());
  const read = async () => (await out.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp]);
  return { topology, driver, in1, in2, read };
}

/** The input sequence shared by Kafka's three testJoin methods; returns the output after each step. */
async function testJoinSequence(t: ReturnType<typeof build>) {
  const steps: unknown[][][] = [];
  for (let i = 0; i < 2; i++) await t.in1.pipeInput(KEYS[i] as number, `X${KEYS[i]}`, 5 + i);
  await t.in1.pipeInput(null as unknown as number, 'SomeVal', 42);
  steps.push(await t.read());
  for (let i = 0; i < 2; i++) await t.in2.pipeInput(KEYS[i] as number, `Y${KEYS[i]}`, 10 * i);
  await t.in2.pipeInput(null as unknown as number, 'AnotherVal', 73);
  steps.push(await t.read());
  for (const k of KEYS) await t.in1.pipeInput(k, `XX${k}`, 7);
  steps.push(await t.read());
  for (const k of KEYS) await t.in2.pipeInput(k, `YY${k}`, k * 5);
  steps.push(await t.read());
  for (const k of KEYS) await t.in1.pipeInput(k, `XXX${k}`, 6);
  steps.push(await t.read());
  await t.in2.pipeInput(0, null as unknown as string, 5);
  await t.in2.pipeInput(1, null as unknown as string, 7);
  steps.push(await t.read());
  for (const k of KEYS) await t.in1.pipeInput(k, `XXXX${k}`, 13);
  steps.push(await t.read());
  await t.in1.pipeInput(0, null as unknown as string, 0);
  await t.in1.pipeInput(1, null as unknown as string, 42);
  await t.in1.pipeInput(2, null as unknown as string, 5);
  await t.in1.pipeInput(3, null as unknown as string, 20);
  steps.push(await t.read());
  return steps;
}

describe('KTable-KTable inner join (KTableKTableInnerJoinTest.testJoin)', () => {
  it('emits on both sides, stamped with the larger timestamp, with tombstones', async () => {
    const t = build('inner');
    expect(await testJoinSequence(t)).toEqual([
      [],
      [[0, 'X0+Y0', 5], [1, 'X1+Y1', 10]],
      [[0, 'XX0+Y0', 7], [1, 'XX1+Y1', 10]],
      [[0, 'XX0+YY0', 7], [1, 'XX1+YY1', 7], [2, 'XX2+YY2', 10], [3, 'XX3+YY3', 15]],
      [[0, 'XXX0+YY0', 6], [1, 'XXX1+YY1', 6], [2, 'XXX2+YY2', 10], [3, 'XXX3+YY3', 15]],
      [[0, null, 6], [1, null, 7]],
      [[2, 'XXXX2+YY2', 13], [3, 'XXXX3+YY3', 15]],
      [[2, null, 10], [3, null, 20]],
    ]);
    // kafka-semantics item 6: deleting an already-absent left row again emits a tombstone while the right side has the key.
    await t.in1.pipeInput(2, null as unknown as string, 30);
    await t.in1.pipeInput(0, null as unknown as string, 31);
    expect(await t.read()).toEqual([[2, null, 30]]);
    // null keys were dropped by the table sources and counted
    expect(t.driver.metricValue('dropped-records-total')).toBe(2);
    expect(topologyModel(t.topology).copartitionGroups.map((g) => [...g].sort())).toEqual([['topic1', 'topic2']]);
    await t.driver.close();
  });
});

describe('KTable-KTable left join (KTableKTableLeftJoinTest.testJoin)', () => {
  it('keeps every left row, null-padded; right deletes re-emit the left row', async () => {
    const t = build('left');
    expect(await testJoinSequence(t)).toEqual([
      [[0, 'X0+null', 5], [1, 'X1+null', 6]],
      [[0, 'X0+Y0', 5], [1, 'X1+Y1', 10]],
      [[0, 'XX0+Y0', 7], [1, 'XX1+Y1', 10], [2, 'XX2+null', 7], [3, 'XX3+null', 7]],
      [[0, 'XX0+YY0', 7], [1, 'XX1+YY1', 7], [2, 'XX2+YY2', 10], [3, 'XX3+YY3', 15]],
      [[0, 'XXX0+YY0', 6], [1, 'XXX1+YY1', 6], [2, 'XXX2+YY2', 10], [3, 'XXX3+YY3', 15]],
      [[0, 'XXX0+null', 6], [1, 'XXX1+null', 7]],
      [[0, 'XXXX0+null', 13], [1, 'XXXX1+null', 13], [2, 'XXXX2+YY2', 13], [3, 'XXXX3+YY3', 15]],
      [[0, null, 0], [1, null, 42], [2, null, 10], [3, null, 20]],
    ]);
    await t.driver.close();
  });
});

describe('KTable-KTable outer join (KTableKTableOuterJoinTest.testJoin)', () => {
  it('keeps the rows of both sides', async () => {
    const t = build('outer');
    expect(await testJoinSequence(t)).toEqual([
      [[0, 'X0+null', 5], [1, 'X1+null', 6]],
      [[0, 'X0+Y0', 5], [1, 'X1+Y1', 10]],
      [[0, 'XX0+Y0', 7], [1, 'XX1+Y1', 10], [2, 'XX2+null', 7], [3, 'XX3+null', 7]],
      [[0, 'XX0+YY0', 7], [1, 'XX1+YY1', 7], [2, 'XX2+YY2', 10], [3, 'XX3+YY3', 15]],
      [[0, 'XXX0+YY0', 6], [1, 'XXX1+YY1', 6], [2, 'XXX2+YY2', 10], [3, 'XXX3+YY3', 15]],
      [[0, 'XXX0+null', 6], [1, 'XXX1+null', 7]],
      [[0, 'XXXX0+null', 13], [1, 'XXXX1+null', 13], [2, 'XXXX2+YY2', 13], [3, 'XXXX3+YY3', 15]],
      [[0, null, 0], [1, null, 42], [2, 'null+YY2', 10], [3, 'null+YY3', 20]],
    ]);
    // a right-only row appears and disappears
    await t.in2.pipeInput(9, 'Z', 50);
    await t.in2.pipeInput(9, null as unknown as string, 51);
    expect(await t.read()).toEqual([[9, 'null+Z', 50], [9, null, 51]]);
    await t.driver.close();
  });
});

describe('table-table join wiring', () => {
  it('names and connects nodes as Kafka (KStreamImplTest.shouldSupportTableTableJoinWithKStreamToKTable)', async () => {
    const builder = new StreamsBuilder();
    const consumed = Consumed.with(Serdes.String(), Serdes.String());
    const table1 = builder.stream('left', consumed).toTable();
    const table2 = builder.stream('right', consumed).toTable();
    table1.join(table2, joiner).toStream().to('output');
    const topology = builder.build();
    expect(topology.describe().toString()).toBe(
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [left])\n' +
        '      --> KSTREAM-TOTABLE-0000000001\n' +
        '    Source: KSTREAM-SOURCE-0000000003 (topics: [right])\n' +
        '      --> KSTREAM-TOTABLE-0000000004\n' +
        '    Processor: KSTREAM-TOTABLE-0000000001 (stores: [KSTREAM-TOTABLE-STATE-STORE-0000000002])\n' +
        '      --> KTABLE-JOINTHIS-0000000007\n' +
        '      <-- KSTREAM-SOURCE-0000000000\n' +
        '    Processor: KSTREAM-TOTABLE-0000000004 (stores: [KSTREAM-TOTABLE-STATE-STORE-0000000005])\n' +
        '      --> KTABLE-JOINOTHER-0000000008\n' +
        '      <-- KSTREAM-SOURCE-0000000003\n' +
        '    Processor: KTABLE-JOINOTHER-0000000008 (stores: [KSTREAM-TOTABLE-STATE-STORE-0000000002])\n' +
        '      --> KTABLE-MERGE-0000000006\n' +
        '      <-- KSTREAM-TOTABLE-0000000004\n' +
        '    Processor: KTABLE-JOINTHIS-0000000007 (stores: [KSTREAM-TOTABLE-STATE-STORE-0000000005])\n' +
        '      --> KTABLE-MERGE-0000000006\n' +
        '      <-- KSTREAM-TOTABLE-0000000001\n' +
        '    Processor: KTABLE-MERGE-0000000006 (stores: [])\n' +
        '      --> KTABLE-TOSTREAM-0000000009\n' +
        '      <-- KTABLE-JOINTHIS-0000000007, KTABLE-JOINOTHER-0000000008\n' +
        '    Processor: KTABLE-TOSTREAM-0000000009 (stores: [])\n' +
        '      --> KSTREAM-SINK-0000000010\n' +
        '      <-- KTABLE-MERGE-0000000006\n' +
        '    Sink: KSTREAM-SINK-0000000010 (topic: output)\n' +
        '      <-- KTABLE-TOSTREAM-0000000009\n\n',
    );
    const driver = new TopologyTestDriver(topology, { applicationId: 'x', defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() }, 0);
    const left = driver.createInputTopic('left', Serdes.String(), Serdes.String());
    const right = driver.createInputTopic('right', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('output', Serdes.String(), Serdes.String());
    await right.pipeInput('lhs1', 'rhsValue1');
    await right.pipeInput('rhs2', 'rhsValue2');
    await right.pipeInput('lhs3', 'rhsValue3');
    expect(await output.readKeyValuesToMap()).toEqual(new Map());
    await left.pipeInput('lhs1', 'lhsValue1');
    await left.pipeInput('lhs2', 'lhsValue2');
    expect(await output.readKeyValuesToMap()).toEqual(new Map([['lhs1', 'lhsValue1+rhsValue1']]));
    await left.pipeInput('lhs3', 'lhsValue3');
    expect(await output.readKeyValuesToMap()).toEqual(new Map([['lhs3', 'lhsValue3+rhsValue3']]));
    await left.pipeInput('lhs1', 'lhsValue4');
    expect(await output.readKeyValuesToMap()).toEqual(new Map([['lhs1', 'lhsValue4+rhsValue1']]));
    await driver.close();
  });

  it('materializes the result when Materialized names a store, and a stream can join the joined table', async () => {
    const builder = new StreamsBuilder();
    const consumed = Consumed.with(Serdes.String(), Serdes.String());
    const t1 = builder.table('t1', consumed);
    const t2 = builder.table('t2', consumed);
    const stream = builder.stream('s', consumed);
    const joined = t1.join(t2, joiner, Materialized.as<string, string>('store').withValueSerde(Serdes.String()));
    stream.join(joined, (v, j) => `${v}|${j}`).to('out', Produced.with(Serdes.String(), Serdes.String()));
    const topology = builder.build();
    const text = topology.describe().toString();
    expect(text).toContain('Processor: KSTREAM-JOIN-0000000010 (stores: [store])');
    expect(text).toContain('Processor: KTABLE-MERGE-0000000007 (stores: [store])');
    const driver = new TopologyTestDriver(topology, { applicationId: 'x' }, 0);
    await driver.createInputTopic('t1', Serdes.String(), Serdes.String()).pipeInput('k', 'a', 1);
    await driver.createInputTopic('t2', Serdes.String(), Serdes.String()).pipeInput('k', 'b', 2);
    await driver.createInputTopic('s', Serdes.String(), Serdes.String()).pipeInput('k', 's', 3);
    const out = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    expect(await out.readKeyValuesToList()).toEqual([{ key: 'k', value: 's|a+b' }]);
    expect(driver.getKeyValueStore<string, string>('store')?.get('k')).toBe('a+b');
    await driver.close();
  });

  it('a stream joining a non-materialized join result recomputes it from both tables (StreamsBuilderTest)', async () => {
    const builder = new StreamsBuilder();
    const consumed = Consumed.with(Serdes.String(), Serdes.String());
    const t1 = builder.table('t1', consumed);
    const t2 = builder.table('t2', consumed);
    const stream = builder.stream('s', consumed);
    stream.join(t1.leftJoin(t2, joiner), (v, j) => `${v}|${j}`).to('out', Produced.with(Serdes.String(), Serdes.String()));
    const topology = builder.build();
    const text = topology.describe().toString();
    expect(text).toContain('Processor: KTABLE-MERGE-0000000007 (stores: [])');
    expect(text).toMatch(/Processor: KSTREAM-JOIN-0000000010 \(stores: \[(t1-STATE-STORE-0000000000, t2-STATE-STORE-0000000003|t2-STATE-STORE-0000000003, t1-STATE-STORE-0000000000)\]\)/);
    const driver = new TopologyTestDriver(topology, { applicationId: 'x' }, 0);
    const s = driver.createInputTopic('s', Serdes.String(), Serdes.String());
    await driver.createInputTopic('t1', Serdes.String(), Serdes.String()).pipeInput('k', 'a', 1);
    await s.pipeInput('k', 's1', 2);
    await driver.createInputTopic('t2', Serdes.String(), Serdes.String()).pipeInput('k', 'b', 3);
    await s.pipeInput('k', 's2', 4);
    await s.pipeInput('other', 's3', 5);
    const out = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    expect(await out.readKeyValuesToList()).toEqual([
      { key: 'k', value: 's1|a+null' },
      { key: 'k', value: 's2|a+b' },
    ]);
    await driver.close();
  });

  it('joins through a non-materialized filter and mapValues by recomputing them (value getters)', async () => {
    const builder = new StreamsBuilder();
    const consumed = Consumed.with(Serdes.String(), Serdes.String());
    const t1 = builder.table('t1', consumed).filter((_k, v) => v !== 'drop').mapValues((v) => v.toUpperCase());
    const t2 = builder.table('t2', consumed);
    t2.join(t1, joiner).toStream().to('out', Produced.with(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'x' }, 0);
    const in1 = driver.createInputTopic('t1', Serdes.String(), Serdes.String());
    const in2 = driver.createInputTopic('t2', Serdes.String(), Serdes.String());
    await in1.pipeInput('a', 'x', 1);
    await in1.pipeInput('b', 'drop', 2);
    await in2.pipeInput('a', 'r', 3);
    await in2.pipeInput('b', 'r', 4);
    const out = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    expect((await out.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp])).toEqual([['a', 'r+X', 3]]);
    await driver.close();
  });
});
