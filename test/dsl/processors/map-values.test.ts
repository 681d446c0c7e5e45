import { describe, expect, it } from 'vitest';
import { Consumed, Produced, Serdes, StreamsBuilder, TopologyTestDriver } from '../../../src/index.js';

describe('KStream.mapValues', () => {
  it('maps values, keeping keys and timestamps (KStreamMapValuesTest)', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<number, string>('topic', Consumed.with(Serdes.Integer(), Serdes.String()))
      .mapValues((value) => value.length)
      .to('out', Produced.with(Serdes.Integer(), Serdes.Integer()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'mv' }, 0);
    const input = driver.createInputTopic('topic', Serdes.Integer(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.Integer(), Serdes.Integer());
    for (const k of [1, 10, 100, 1000]) await input.pipeInput(k, String(k), k + 7);
    expect((await output.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp])).toEqual([
      [1, 1, 8],
      [10, 2, 17],
      [100, 3, 107],
      [1000, 4, 1007],
    ]);
    await driver.close();
  });

  it('passes the key as the second argument (value-with-key mapper)', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<number, string>('topic', Consumed.with(Serdes.Integer(), Serdes.String()))
      .mapValues((value, key) => key + value.length)
      .to('out', Produced.with(Serdes.Integer(), Serdes.Integer()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'mv' }, 0);
    const input = driver.createInputTopic('topic', Serdes.Integer(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.Integer(), Serdes.Integer());
    for (const k of [1, 10, 100, 1000]) await input.pipeInput(k, String(k), 5);
    expect(await output.readKeyValuesToList()).toEqual([
      { key: 1, value: 2 },
      { key: 10, value: 12 },
      { key: 100, value: 103 },
      { key: 1000, value: 1004 },
    ]);
    await driver.close();
  });

  it('does not mark the stream for repartitioning: groupByKey after mapValues writes no repartition topic', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('topic', Consumed.with(Serdes.String(), Serdes.String()))
      .mapValues((v) => v.toUpperCase())
      .groupByKey()
      .count()
      .toStream()
      .to('out', Produced.with(Serdes.String(), Serdes.Long()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'mv' }, 0);
    const input = driver.createInputTopic('topic', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.Long());
    await input.pipeInput('a', 'x', 1);
    await input.pipeInput('a', 'y', 2);
    expect(await output.readKeyValuesToList()).toEqual([
      { key: 'a', value: 1 },
      { key: 'a', value: 2 },
    ]);
    expect([...driver.producedTopicNames()].some((t) => t.endsWith('-repartition'))).toBe(false);
    await driver.close();
  });
});
