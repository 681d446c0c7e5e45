import { describe, expect, it } from 'vitest';
import { Consumed, KeyValue, Produced, Serdes, StreamsBuilder, TopologyTestDriver } from '../../../src/index.js';

describe('KStream.flatMap', () => {
  it('emits zero or more records per input with new keys, each with the input timestamp (KStreamFlatMapTest)', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<number, string>('topic', Consumed.with(Serdes.Integer(), Serdes.String()))
      .flatMap((key, value) => {
        const out: KeyValue<string, string>[] = [];
        for (let i = 0; i < key; i++) out.push(KeyValue.pair(String(key * 10 + i), value));
        return out;
      })
      .to('out', Produced.with(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'fm' }, 0);
    const input = driver.createInputTopic('topic', Serdes.Integer(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    for (const k of [0, 1, 2, 3]) await input.pipeInput(k, `V${k}`, k);
    expect((await output.readRecordsToList()).map((r) => `${r.key}:${r.value} (ts: ${r.timestamp})`)).toEqual([
      '10:V1 (ts: 1)',
      '20:V2 (ts: 2)',
      '21:V2 (ts: 2)',
      '30:V3 (ts: 3)',
      '31:V3 (ts: 3)',
      '32:V3 (ts: 3)',
    ]);
    await driver.close();
  });

  it('accepts any iterable (a generator)', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('topic', Consumed.with(Serdes.String(), Serdes.String()))
      .flatMap(function* (key, value) {
        for (const ch of value) yield KeyValue.pair(`${key}.${ch}`, ch);
      })
      .to('out', Produced.with(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'fm' }, 0);
    const input = driver.createInputTopic('topic', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    await input.pipeInput('k', 'ab', 100);
    expect(await output.readKeyValuesToList()).toEqual([
      { key: 'k.a', value: 'a' },
      { key: 'k.b', value: 'b' },
    ]);
    await driver.close();
  });
});

describe('KStream.flatMapValues', () => {
  it('emits each value under the input key and timestamp (KStreamFlatMapValuesTest)', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<number, number>('topic', Consumed.with(Serdes.Integer(), Serdes.Integer()))
      .flatMapValues((value) => [`v${value}`, `V${value}`])
      .to('out', Produced.with(Serdes.Integer(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'fmv' }, 0);
    const input = driver.createInputTopic('topic', Serdes.Integer(), Serdes.Integer());
    const output = driver.createOutputTopic('out', Serdes.Integer(), Serdes.String());
    for (const k of [0, 1, 2, 3]) await input.pipeInput(k, k, 0);
    expect((await output.readRecordsToList()).map((r) => `${r.key}:${r.value} (ts: ${r.timestamp})`)).toEqual([
      '0:v0 (ts: 0)',
      '0:V0 (ts: 0)',
      '1:v1 (ts: 0)',
      '1:V1 (ts: 0)',
      '2:v2 (ts: 0)',
      '2:V2 (ts: 0)',
      '3:v3 (ts: 0)',
      '3:V3 (ts: 0)',
    ]);
    await driver.close();
  });

  it('passes the key as the second argument; an empty result emits nothing', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<number, number>('topic', Consumed.with(Serdes.Integer(), Serdes.Integer()))
      .flatMapValues((value, key) => (key === 0 ? [] : [`${key}+${value}`]))
      .to('out', Produced.with(Serdes.Integer(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'fmv' }, 0);
    const input = driver.createInputTopic('topic', Serdes.Integer(), Serdes.Integer());
    const output = driver.createOutputTopic('out', Serdes.Integer(), Serdes.String());
    await input.pipeInput(0, 10, 1);
    await input.pipeInput(1, 11, 2);
    expect(await output.readRecordsToList()).toEqual([{ key: 1, value: '1+11', timestamp: 2, headers: {} }]);
    await driver.close();
  });
});
