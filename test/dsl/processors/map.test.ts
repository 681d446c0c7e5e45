import { describe, expect, it } from 'vitest';
import { Consumed, KeyValue, Produced, Serdes, StreamsBuilder, TopologyTestDriver } from '../../../src/index.js';

async function drive<KO, VO>(
  build: (builder: StreamsBuilder) => void,
  pipe: (input: import('../../../src/index.js').TestInputTopic<number, string>) => Promise<void>,
  keySerde: import('../../../src/index.js').Serde<KO>,
  valueSerde: import('../../../src/index.js').Serde<VO>,
) {
  const builder = new StreamsBuilder();
  build(builder);
  const driver = new TopologyTestDriver(builder.build(), { applicationId: 'map-test' }, 0);
  const input = driver.createInputTopic('topic', Serdes.Integer(), Serdes.String());
  const output = driver.createOutputTopic('out', keySerde, valueSerde);
  await pipe(input);
  const records = (await output.readRecordsToList()).map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp }));
  await driver.close();
  return records;
}

describe('KStream.map', () => {
  it('swaps key and value as in KStreamMapTest, keeping each record timestamp', async () => {
    const out = await drive(
      (b) =>
        b
          .stream<number, string>('topic', Consumed.with(Serdes.Integer(), Serdes.String()))
          .map((key, value) => KeyValue.pair(value, key))
          .to('out', Produced.with(Serdes.String(), Serdes.Integer())),
      async (input) => {
        for (const k of [0, 1, 2, 3]) await input.pipeInput(k, `V${k}`, 10 + k);
      },
      Serdes.String(),
      Serdes.Integer(),
    );
    expect(out).toEqual([
      { key: 'V0', value: 0, timestamp: 10 },
      { key: 'V1', value: 1, timestamp: 11 },
      { key: 'V2', value: 2, timestamp: 12 },
      { key: 'V3', value: 3, timestamp: 13 },
    ]);
  });

  it('may produce a null key', async () => {
    const out = await drive(
      (b) =>
        b
          .stream<number, string>('topic', Consumed.with(Serdes.Integer(), Serdes.String()))
          .map((_key, value) => KeyValue.pair<string | null, string>(null, value.toUpperCase()))
          .to('out', Produced.with<string | null, string>(Serdes.String(), Serdes.String())),
      (input) => input.pipeInput(1, 'a', 5),
      Serdes.String(),
      Serdes.String(),
    );
    expect(out).toEqual([{ key: null, value: 'A', timestamp: 5 }]);
  });

  it('keeps headers', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<number, string>('topic', Consumed.with(Serdes.Integer(), Serdes.String()))
      .map((key, value) => KeyValue.pair(String(key), value))
      .to('out', Produced.with(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'map-test' }, 0);
    const input = driver.createInputTopic('topic', Serdes.Integer(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    await input.pipeRecord({ key: 7, value: 'x', timestamp: 3, headers: { h: Buffer.from('v') } });
    const rec = await output.readRecord();
    expect(rec.key).toBe('7');
    expect(rec.timestamp).toBe(3);
    expect(Buffer.from(rec.headers['h'] as Buffer).toString()).toBe('v');
    await driver.close();
  });
});

describe('KStream.selectKey', () => {
  it('replaces only the key, as in KStreamSelectKeyTest', async () => {
    const names: Record<number, string> = { 1: 'ONE', 2: 'TWO', 3: 'THREE' };
    const out = await drive(
      (b) =>
        b
          .stream<number, string>('topic', Consumed.with(Serdes.Integer(), Serdes.String()))
          .selectKey((key) => names[key] as string)
          .to('out', Produced.with(Serdes.String(), Serdes.String())),
      async (input) => {
        await input.pipeInput(1, 'a', 1);
        await input.pipeInput(2, 'b', 2);
        await input.pipeInput(3, 'c', 3);
      },
      Serdes.String(),
      Serdes.String(),
    );
    expect(out).toEqual([
      { key: 'ONE', value: 'a', timestamp: 1 },
      { key: 'TWO', value: 'b', timestamp: 2 },
      { key: 'THREE', value: 'c', timestamp: 3 },
    ]);
  });

  it('gives the selector the value too', async () => {
    const out = await drive(
      (b) =>
        b
          .stream<number, string>('topic', Consumed.with(Serdes.Integer(), Serdes.String()))
          .selectKey((key, value) => `${value}-${key}`)
          .to('out', Produced.with(Serdes.String(), Serdes.String())),
      (input) => input.pipeInput(4, 'v', 9),
      Serdes.String(),
      Serdes.String(),
    );
    expect(out).toEqual([{ key: 'v-4', value: 'v', timestamp: 9 }]);
  });
});
