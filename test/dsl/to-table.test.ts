import { describe, expect, it } from 'vitest';
import { Consumed, Materialized, Named, Produced, Serdes, StreamsBuilder, TopologyTestDriver } from '../../src/index.js';

const CONFIG = { applicationId: 'app', defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() };

describe('KStream.toTable', () => {
  it('turns a stream into table updates, tombstones included, keeping timestamps', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string | null>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .toTable(Named.as('as-table'), Materialized.as<string, string | null>('latest'))
      .toStream()
      .to('out', Produced.with<string, string | null>(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), CONFIG, 0);
    const input = driver.createInputTopic<string, string | null>('in', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic<string, string | null>('out', Serdes.String(), Serdes.String());
    await input.pipeInput('a', '1', 10);
    await input.pipeInput('b', '2', 11);
    await input.pipeInput('a', '3', 12);
    await input.pipeInput('a', null, 13);
    expect((await output.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['a', '1', 10],
      ['b', '2', 11],
      ['a', '3', 12],
      ['a', null, 13],
    ]);
    const store = driver.getKeyValueStore<string, string>('latest');
    expect(store?.get('a')).toBeUndefined();
    expect(store?.get('b')).toBe('2');
    // a DSL store is timestamped: the typed getter shows the timestamp of the last update
    expect(driver.getTimestampedKeyValueStore<string, string>('latest')?.get('b')).toEqual({ value: '2', timestamp: 11 });
    expect([...driver.producedTopicNames()].sort()).toEqual(['app-latest-changelog', 'out']);
    await driver.close();
  });

  it('readKeyValuesToMap of the table output keeps a deleted key as null', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string | null>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .toTable()
      .toStream()
      .to('out', Produced.with<string, string | null>(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), CONFIG, 0);
    const input = driver.createInputTopic<string, string | null>('in', Serdes.String(), Serdes.String());
    await input.pipeInput('a', '1', 1);
    await input.pipeInput('b', '2', 2);
    await input.pipeInput('a', null, 3);
    expect(await driver.createOutputTopic<string, string | null>('out', Serdes.String(), Serdes.String()).readKeyValuesToMap()).toEqual(
      new Map<string, string | null>([
        ['a', null],
        ['b', '2'],
      ]),
    );
    await driver.close();
  });

  it('drops null-key records and counts them in dropped-records-total', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string | null, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .toTable()
      .toStream()
      .to('out', Produced.with<string | null, string>(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), CONFIG, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    expect(driver.metricValue('dropped-records-total')).toBe(0);
    await input.pipeRecord({ value: 'no key', timestamp: 1 });
    await input.pipeInput('k', 'v', 2);
    await input.pipeRecord({ value: 'again no key', timestamp: 3 });
    expect(await output.readKeyValuesToList()).toEqual([{ key: 'k', value: 'v' }]);
    expect(driver.metricValue('dropped-records-total')).toBe(2);
    await driver.close();
  });

  it('after a key change, null keys are filtered before the repartition topic (not written, not counted), as Kafka does', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .selectKey((_k, v) => (v === 'drop' ? null : v))
      .toTable()
      .toStream()
      .to('out', Produced.with<string | null, string>(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), CONFIG, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    await input.pipeInput('a', 'drop', 1);
    await input.pipeInput('b', 'x', 2);
    const rep = driver.createOutputTopic('app-KSTREAM-TOTABLE-0000000002-repartition', Serdes.String(), Serdes.String());
    expect(await rep.readKeyValuesToList()).toEqual([{ key: 'x', value: 'x' }]);
    expect(await driver.createOutputTopic('out', Serdes.String(), Serdes.String()).readKeyValuesToList()).toEqual([{ key: 'x', value: 'x' }]);
    expect(driver.metricValue('dropped-records-total')).toBe(0);
    await driver.close();
  });

  it('uses Kafka generated names: KSTREAM-TOTABLE-<n> for the processor', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String())).toTable();
    const text = builder.build().describe().toString();
    expect(text).toContain('Processor: KSTREAM-TOTABLE-0000000001 (stores: [])');
  });
});
