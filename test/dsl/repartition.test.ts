import { describe, expect, it } from 'vitest';
import { Consumed, Grouped, KeyValue, Produced, Repartitioned, Serdes, StreamsBuilder, TopologyTestDriver } from '../../src/index.js';

const CONFIG = { applicationId: 'app', defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() };

function internalTopics(driver: TopologyTestDriver): string[] {
  return [...driver.producedTopicNames()].filter((t) => t.startsWith('app-')).sort();
}

describe('KStream.repartition', () => {
  it('writes through <appId>-KSTREAM-REPARTITION-0000000001-repartition and reads back every record unchanged', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .repartition()
      .to('out', Produced.with(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), CONFIG, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    await input.pipeInput('a', '1', 10);
    await input.pipeInput('b', '2', 5);
    expect(internalTopics(driver)).toEqual(['app-KSTREAM-REPARTITION-0000000001-repartition']);
    expect((await output.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['a', '1', 10],
      ['b', '2', 5],
    ]);
    const rep = driver.createOutputTopic('app-KSTREAM-REPARTITION-0000000001-repartition', Serdes.String(), Serdes.String());
    expect(await rep.readKeyValuesToList()).toEqual([KeyValue.pair('a', '1'), KeyValue.pair('b', '2')]);
    await driver.close();
  });

  it('names the topic <appId>-<name>-repartition with Repartitioned.as(name)', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .repartition(Repartitioned.as<string, string>('by-user').withKeySerde(Serdes.String()).withValueSerde(Serdes.String()))
      .to('out', Produced.with(Serdes.String(), Serdes.String()));
    const topology = builder.build();
    const text = topology.describe().toString();
    expect(text).toContain('Sink: by-user-repartition-sink (topic: by-user-repartition)');
    expect(text).toContain('Source: by-user-repartition-source (topics: [by-user-repartition])');
    const driver = new TopologyTestDriver(topology, { applicationId: 'app' }, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    await input.pipeInput('a', '1', 1);
    expect(internalTopics(driver)).toEqual(['app-by-user-repartition']);
    expect(await driver.createOutputTopic('out', Serdes.String(), Serdes.String()).readKeyValue()).toEqual({ key: 'a', value: '1' });
    await driver.close();
  });

  it('drops records with a null key', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string | null, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .repartition()
      .to('out', Produced.with<string | null, string>(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), CONFIG, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    await input.pipeRecord({ value: 'no key', timestamp: 1 });
    await input.pipeInput('k', 'keyed', 2);
    expect(await output.readKeyValuesToList()).toEqual([{ key: 'k', value: 'keyed' }]);
    const rep = driver.createOutputTopic('app-KSTREAM-REPARTITION-0000000001-repartition', Serdes.String(), Serdes.String());
    expect(await rep.readValuesToList()).toEqual(['keyed']);
    await driver.close();
  });

  // Kafka's InternalStreamsBuilder.rewriteRepartitionNodes: a repartition filters null keys unless a join that
  // accepts them (left stream-table/global, left/outer stream-stream: NULL_KEY_RELAXED_JOIN) is downstream.
  // Conformance corpus case c178 (seed 4242): stream → mapValues → repartition → leftJoin(table).
  it('keeps null keys when a left join downstream accepts them, and drops them before an inner join', async () => {
    const run = async (left: boolean): Promise<{ key: string | null; value: string }[]> => {
      const builder = new StreamsBuilder();
      const table = builder.table<string | null, string>('t', Consumed.with(Serdes.String(), Serdes.String()));
      const s = builder.stream<string | null, string>('in', Consumed.with(Serdes.String(), Serdes.String())).repartition();
      const joined = left ? s.leftJoin(table, (v, t) => `${v}-${String(t)}`) : s.join(table, (v, t) => `${v}-${t}`);
      joined.to('out', Produced.with<string | null, string>(Serdes.String(), Serdes.String()));
      const driver = new TopologyTestDriver(builder.build(), CONFIG, 0);
      await driver.createInputTopic('t', Serdes.String(), Serdes.String()).pipeInput('a', 'A', 0);
      const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
      await input.pipeRecord({ value: 'no key', timestamp: 1 });
      await input.pipeInput('a', 'keyed', 2);
      const out = await driver.createOutputTopic('out', Serdes.String(), Serdes.String()).readKeyValuesToList();
      await driver.close();
      return out;
    };
    expect(await run(true)).toEqual([{ key: null, value: 'no key-null' }, { key: 'a', value: 'keyed-A' }]);
    expect(await run(false)).toEqual([{ key: 'a', value: 'keyed-A' }]);
  });

  it('processes repartitioned records after the direct path of the current input record', async () => {
    const builder = new StreamsBuilder();
    const s = builder.stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()));
    s.repartition().to('out', Produced.with(Serdes.String(), Serdes.String()));
    s.mapValues((v) => `${v}!`).to('out', Produced.with(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), CONFIG, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    await input.pipeInput('k', 'v1', 1);
    await input.pipeInput('k', 'v2', 2);
    expect(await driver.createOutputTopic('out', Serdes.String(), Serdes.String()).readValuesToList()).toEqual(['v1!', 'v1', 'v2!', 'v2']);
    await driver.close();
  });
});

describe('automatic repartitioning after a key change', () => {
  it('selectKey then groupByKey repartitions through <appId>-<store>-repartition', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .selectKey((_k, v) => v)
      .groupByKey()
      .count()
      .toStream()
      .to('out', Produced.with(Serdes.String(), Serdes.Long()));
    const driver = new TopologyTestDriver(builder.build(), CONFIG, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    await input.pipeInput('a', 'x', 1);
    await input.pipeInput('b', 'x', 2);
    await input.pipeInput('c', 'y', 3);
    expect(internalTopics(driver)).toEqual([
      'app-KSTREAM-AGGREGATE-STATE-STORE-0000000002-changelog',
      'app-KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition',
    ]);
    expect((await driver.createOutputTopic('out', Serdes.String(), Serdes.Long()).readRecordsToList()).map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['x', 1, 1],
      ['x', 2, 2],
      ['y', 1, 3],
    ]);
    await driver.close();
  });

  it('map then groupByKey(Grouped.as) names the topic after the grouping', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .map((k, v) => KeyValue.pair(v, k))
      .groupByKey(Grouped.as('by-value'))
      .count()
      .toStream()
      .to('out', Produced.with(Serdes.String(), Serdes.Long()));
    const driver = new TopologyTestDriver(builder.build(), CONFIG, 0);
    await driver.createInputTopic('in', Serdes.String(), Serdes.String()).pipeInput('a', 'x', 1);
    expect(internalTopics(driver)).toContain('app-by-value-repartition');
    expect(await driver.createOutputTopic('out', Serdes.String(), Serdes.Long()).readKeyValue()).toEqual({ key: 'x', value: 1 });
    await driver.close();
  });

  it('flatMap then toTable repartitions through <appId>-KSTREAM-TOTABLE-0000000002-repartition', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .flatMap((k, v) => [KeyValue.pair(v, k)])
      .toTable()
      .toStream()
      .to('out', Produced.with(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), CONFIG, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    await input.pipeInput('a', 'x', 1);
    await input.pipeInput('b', 'x', 2);
    expect(internalTopics(driver)).toEqual(['app-KSTREAM-TOTABLE-0000000002-repartition']);
    expect((await driver.createOutputTopic('out', Serdes.String(), Serdes.String()).readRecordsToList()).map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['x', 'a', 1],
      ['x', 'b', 2],
    ]);
    await driver.close();
  });

  it('does not repartition when the key was not changed (filter, mapValues, peek before groupByKey and toTable)', async () => {
    const builder = new StreamsBuilder();
    const s = builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .filter(() => true)
      .mapValues((v) => v)
      .flatMapValues((v) => [v])
      .peek(() => undefined);
    s.groupByKey().count().toStream().to('counts', Produced.with(Serdes.String(), Serdes.Long()));
    s.toTable().toStream().to('latest', Produced.with(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), CONFIG, 0);
    await driver.createInputTopic('in', Serdes.String(), Serdes.String()).pipeInput('a', 'x', 1);
    expect([...driver.producedTopicNames()].filter((t) => t.endsWith('-repartition'))).toEqual([]);
    expect(await driver.createOutputTopic('counts', Serdes.String(), Serdes.Long()).readKeyValue()).toEqual({ key: 'a', value: 1 });
    expect(await driver.createOutputTopic('latest', Serdes.String(), Serdes.String()).readKeyValue()).toEqual({ key: 'a', value: 'x' });
    await driver.close();
  });

  it('does not repartition twice: repartition() after selectKey clears the need', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .selectKey((_k, v) => v)
      .repartition(Repartitioned.as('rekeyed'))
      .groupByKey()
      .count()
      .toStream()
      .to('out', Produced.with(Serdes.String(), Serdes.Long()));
    const driver = new TopologyTestDriver(builder.build(), CONFIG, 0);
    await driver.createInputTopic('in', Serdes.String(), Serdes.String()).pipeInput('a', 'x', 1);
    expect([...driver.producedTopicNames()].filter((t) => t.endsWith('-repartition'))).toEqual(['app-rekeyed-repartition']);
    await driver.close();
  });
});
