import { describe, expect, it } from 'vitest';
import { Consumed, Materialized, Produced, Serdes, StreamsBuilder, TableJoined, TopologyTestDriver, type Serde } from '../../src/index.js';
import { topologyModel } from '../../src/topology/topology.js';

// Replays KTableKTableForeignKeyJoinIntegrationTest (Kafka 4.0): left values "lhsValueN|rhsM" whose second token is
// the right table's key; joiner "(left,right)". Outputs are read as lists, so Kafka's duplicates show
// (reference/kafka-semantics.md item 7).

const fk = (value: string): string => value.split('|')[1] as string;
const joiner = (l: string, r: string | null): string => `(${l},${r})`;

function setUp(leftJoin: boolean) {
  const builder = new StreamsBuilder();
  const strings = Consumed.with(Serdes.String(), Serdes.String());
  const left = builder.table('left_table', strings);
  const right = builder.table('right_table', strings);
  const materialized = Materialized.as<string, string>('store').withValueSerde(Serdes.String());
  (leftJoin ? left.leftJoin(right, fk, joiner, undefined, materialized) : left.join(right, fk, joiner, undefined, materialized))
    .toStream()
    .to('output', Produced.with(Serdes.String(), Serdes.String()));
  const topology = builder.build();
  const driver = new TopologyTestDriver(topology, { applicationId: 'fk', defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() }, 0);
  const rightIn = driver.createInputTopic('right_table', Serdes.String(), Serdes.String());
  const leftIn = driver.createInputTopic('left_table', Serdes.String(), Serdes.String());
  const out = driver.createOutputTopic('output', Serdes.String(), Serdes.String());
  const store = () => {
    const map = new Map<string, string>();
    const s = driver.getKeyValueStore<string, string>('store');
    if (s !== undefined) for (const kv of s.all()) map.set(kv.key, kv.value);
    return map;
  };
  return { topology, driver, leftIn, rightIn, store, read: async () => (await out.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp]) };
}

for (const leftJoin of [false, true]) {
  describe(`foreign-key ${leftJoin ? 'left ' : ''}join`, () => {
    it('doJoinFromLeftThenDeleteLeftEntity', async () => {
      const t = setUp(leftJoin);
      await t.rightIn.pipeInput('rhs1', 'rhsValue1', 0);
      await t.rightIn.pipeInput('rhs2', 'rhsValue2', 1);
      await t.rightIn.pipeInput('rhs3', 'rhsValue3', 2);
      expect(await t.read()).toEqual([]);
      await t.leftIn.pipeInput('lhs1', 'lhsValue1|rhs1', 3);
      await t.leftIn.pipeInput('lhs2', 'lhsValue2|rhs2', 4);
      expect(await t.read()).toEqual([
        ['lhs1', '(lhsValue1|rhs1,rhsValue1)', 3],
        ['lhs2', '(lhsValue2|rhs2,rhsValue2)', 4],
      ]);
      await t.leftIn.pipeInput('lhs3', 'lhsValue3|rhs1', 5);
      expect(await t.read()).toEqual([['lhs3', '(lhsValue3|rhs1,rhsValue1)', 5]]);
      expect(t.store()).toEqual(new Map([['lhs1', '(lhsValue1|rhs1,rhsValue1)'], ['lhs2', '(lhsValue2|rhs2,rhsValue2)'], ['lhs3', '(lhsValue3|rhs1,rhsValue1)']]));
      // a left delete: one tombstone on an inner join, two on a left join (Kafka's duplicate)
      await t.leftIn.pipeInput('lhs1', null as unknown as string, 6);
      expect(await t.read()).toEqual(leftJoin ? [['lhs1', null, 6], ['lhs1', null, 6]] : [['lhs1', null, 6]]);
      expect(t.store()).toEqual(new Map([['lhs2', '(lhsValue2|rhs2,rhsValue2)'], ['lhs3', '(lhsValue3|rhs1,rhsValue1)']]));
      await t.driver.close();
    });

    it('doJoinFromRightThenDeleteRightEntity: a right update reaches every subscriber', async () => {
      const t = setUp(leftJoin);
      await t.leftIn.pipeInput('lhs1', 'lhsValue1|rhs1', 0);
      await t.leftIn.pipeInput('lhs2', 'lhsValue2|rhs2', 1);
      await t.leftIn.pipeInput('lhs3', 'lhsValue3|rhs1', 2);
      expect(await t.read()).toEqual(
        leftJoin ? [['lhs1', '(lhsValue1|rhs1,null)', 0], ['lhs2', '(lhsValue2|rhs2,null)', 1], ['lhs3', '(lhsValue3|rhs1,null)', 2]] : [],
      );
      await t.rightIn.pipeInput('rhs1', 'rhsValue1', 3);
      expect(await t.read()).toEqual([
        ['lhs1', '(lhsValue1|rhs1,rhsValue1)', 3],
        ['lhs3', '(lhsValue3|rhs1,rhsValue1)', 3],
      ]);
      await t.rightIn.pipeInput('rhs2', 'rhsValue2', 4);
      expect(await t.read()).toEqual([['lhs2', '(lhsValue2|rhs2,rhsValue2)', 4]]);
      await t.rightIn.pipeInput('rhs3', 'rhsValue3', 5); // unreferenced
      expect(await t.read()).toEqual([]);
      // a right delete
      await t.rightIn.pipeInput('rhs1', null as unknown as string, 6);
      expect(await t.read()).toEqual(
        leftJoin ? [['lhs1', '(lhsValue1|rhs1,null)', 6], ['lhs3', '(lhsValue3|rhs1,null)', 6]] : [['lhs1', null, 6], ['lhs3', null, 6]],
      );
      await t.driver.close();
    });

    it('joinShouldProduceNullsWhenValueHasNonMatchingForeignKey', async () => {
      const t = setUp(leftJoin);
      await t.leftIn.pipeInput('lhs1', 'lhsValue1|rhs1', 0);
      expect(await t.read()).toEqual(leftJoin ? [['lhs1', '(lhsValue1|rhs1,null)', 0]] : []);
      // moving to another non-existent FK: an unnecessary tombstone for the inner join, and twice k=v-null for the left join
      await t.leftIn.pipeInput('lhs1', 'lhsValue1|rhs2', 1);
      expect(await t.read()).toEqual(leftJoin ? [['lhs1', '(lhsValue1|rhs2,null)', 1], ['lhs1', '(lhsValue1|rhs2,null)', 1]] : [['lhs1', null, 1]]);
      await t.leftIn.pipeInput('lhs1', 'lhsValue1|rhs3', 2);
      expect(await t.read()).toEqual(leftJoin ? [['lhs1', '(lhsValue1|rhs3,null)', 2], ['lhs1', '(lhsValue1|rhs3,null)', 2]] : [['lhs1', null, 2]]);
      // rhs1 is no longer referenced: no change
      await t.rightIn.pipeInput('rhs1', 'rhsValue1', 3);
      expect(await t.read()).toEqual([]);
      await t.leftIn.pipeInput('lhs1', 'lhsValue1|rhs1', 4);
      // the left join first hears back from the old foreign key (unsubscribed: null), then from the new one
      expect(await t.read()).toEqual(leftJoin ? [['lhs1', '(lhsValue1|rhs1,null)', 4], ['lhs1', '(lhsValue1|rhs1,rhsValue1)', 4]] : [['lhs1', '(lhsValue1|rhs1,rhsValue1)', 4]]);
      expect(t.store()).toEqual(new Map([['lhs1', '(lhsValue1|rhs1,rhsValue1)']]));
      await t.driver.close();
    });
  });
}

describe('foreign-key join details', () => {
  it('a null foreign key: the inner join drops and counts it, the left join emits the row null-padded', async () => {
    for (const leftJoin of [false, true]) {
      const builder = new StreamsBuilder();
      const strings = Consumed.with(Serdes.String(), Serdes.String());
      const left = builder.table('l', strings);
      const right = builder.table('r', strings);
      const extract = (v: string): string => (v.includes('|') ? fk(v) : (null as unknown as string));
      (leftJoin ? left.leftJoin(right, extract, joiner) : left.join(right, extract, joiner)).toStream().to('o', Produced.with(Serdes.String(), Serdes.String()));
      const driver = new TopologyTestDriver(builder.build(), { applicationId: 'n', defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() }, 0);
      await driver.createInputTopic('l', Serdes.String(), Serdes.String()).pipeInput('k', 'no-fk', 7);
      const out = (await driver.createOutputTopic('o', Serdes.String(), Serdes.String()).readRecordsToList()).map((r) => [r.key, r.value, r.timestamp]);
      expect(out).toEqual(leftJoin ? [['k', '(no-fk,null)', 7]] : []);
      expect(driver.metricValue('dropped-records-total')).toBe(leftJoin ? 0 : 1);
      await driver.close();
    }
  });

  it("names nodes, topics and stores in Kafka's order; co-partitions the internal topics", () => {
    const builder = new StreamsBuilder();
    const strings = Consumed.with(Serdes.String(), Serdes.String());
    const left = builder.table('left_table', strings);
    const right = builder.table('right_table', strings);
    left.join(right, fk, joiner).toStream().to('output');
    const topology = builder.build();
    const text = topology.describe().toString();
    for (const name of [
      'Processor: KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007 (stores: [])',
      'Sink: KTABLE-SINK-0000000008 (topic: KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic)',
      'Source: KSTREAM-SOURCE-0000000009 (topics: [KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic])',
      'Processor: KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000011 (stores: [KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000010])',
      'Processor: KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000012 (stores: [right_table-STATE-STORE-0000000003])',
      'Processor: KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000013 (stores: [KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000010])',
      'Sink: KTABLE-SINK-0000000015 (topic: KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic)',
      'Source: KSTREAM-SOURCE-0000000016 (topics: [KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic])',
      'Processor: KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-0000000017 (stores: [left_table-STATE-STORE-0000000000])',
      'Processor: KTABLE-FK-JOIN-OUTPUT-0000000018 (stores: [])',
      'Processor: KTABLE-TOSTREAM-0000000020 (stores: [])',
    ]) {
      expect(text).toContain(name);
    }
    expect(topologyModel(topology).copartitionGroups.map((g) => [...g].sort())).toEqual([
      ['KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic', 'right_table'],
      ['KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic', 'left_table'],
    ]);
  });

  it('TableJoined.as names every node, store and topic after the join', () => {
    const builder = new StreamsBuilder();
    const strings = Consumed.with(Serdes.String(), Serdes.String());
    builder.table('a', strings).join(builder.table('b', strings), fk, joiner, TableJoined.as<string, string>('fkj')).toStream().to('output');
    const text = builder.build().describe().toString();
    for (const name of [
      'Sink: fkj-subscription-registration-sink (topic: fkj-subscription-registration-topic)',
      'Processor: fkj-subscription-receive (stores: [fkj-subscription-store])',
      'Source: fkj-subscription-response-source (topics: [fkj-subscription-response-topic])',
      'Processor: fkj-subscription-response-resolver',
      'Processor: fkj-result (stores: [])',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('shouldUseExpectedTopicsWithSerde (KTableKTableForeignKeyJoinScenarioTest): the pseudo topics the serdes see', async () => {
    const seen = new Set<string>();
    const scoped = <T>(inner: Serde<T>, isKey: boolean): Serde<T> => ({
      serialize: (topic, data) => {
        seen.add(`${topic}--${isKey ? 'key' : 'value'}`);
        return inner.serialize(topic, data);
      },
      deserialize: (topic, data) => {
        seen.add(`${topic}--${isKey ? 'key' : 'value'}`);
        return inner.deserialize(topic, data);
      },
    });
    const app = 'ktable-ktable-joinOnForeignKey';
    const builder = new StreamsBuilder();
    const left = builder.table('left_table', Consumed.with(scoped(Serdes.Integer(), true), scoped(Serdes.String(), false)));
    const right = builder.table('right_table', Consumed.with(scoped(Serdes.Integer(), true), scoped(Serdes.String(), false)));
    left
      .join(right, (v) => Number(v.split('|')[1]), joiner, undefined, Materialized.with<number, string>(undefined, scoped(Serdes.String(), false)))
      .toStream()
      .to('output-topic', Produced.with(scoped(Serdes.Integer(), true), scoped(Serdes.String(), false)));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: app }, 0);
    await driver.createInputTopic('left_table', Serdes.Integer(), Serdes.String()).pipeInput(2, 'lhsValue1|1');
    await driver.createInputTopic('right_table', Serdes.Integer(), Serdes.String()).pipeInput(1, 'rhsValue1');
    for (const topic of [
      `${app}-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic-fk--key`,
      `${app}-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic-pk--key`,
      `${app}-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic-vh--value`,
      `${app}-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic--key`,
      `${app}-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic--key`,
      `${app}-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic--value`,
      'output-topic--key',
      'output-topic--value',
    ]) {
      expect(seen).toContain(topic);
    }
    expect([...seen].filter((t) => t.includes('FK-JOIN') && !t.includes('changelog')).length).toBe(6);
    expect((await driver.createOutputTopic('output-topic', Serdes.Integer(), Serdes.String()).readKeyValuesToList())).toEqual([{ key: 2, value: '(lhsValue1|1,rhsValue1)' }]);
    await driver.close();
  });
});
