import { describe, expect, it } from 'vitest';
import { Consumed, Produced, Serdes, StreamsBuilder, TopologyTestDriver } from '../../src/index.js';
import type { RecordContext } from '../../src/index.js';

describe('KStream.to', () => {
  it('writes to a static topic with the Produced serdes', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .mapValues((v) => v.length)
      .to('out', Produced.with(Serdes.String(), Serdes.Long()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'sink' }, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    await input.pipeInput('k', 'abc', 42);
    // The bytes are Serdes.Long()'s 8-byte big-endian layout: reading with Buffer serdes shows them.
    const raw = driver.createOutputTopic('out', Serdes.String(), Serdes.Buffer());
    const rec = await raw.readRecord();
    expect(rec.key).toBe('k');
    expect(rec.timestamp).toBe(42);
    expect(Buffer.from(rec.value).equals(Buffer.from([0, 0, 0, 0, 0, 0, 0, 3]))).toBe(true);
    await driver.close();
  });

  it('falls back to the config default serdes without Produced', async () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('in').to('out');
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'sink', defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() }, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    await input.pipeInput('k', 'v', 1);
    expect(await output.readKeyValue()).toEqual({ key: 'k', value: 'v' });
    await driver.close();
  });

  it('picks the topic per record with a topic-name extractor, which sees key, value and record context', async () => {
    const contexts: RecordContext[] = [];
    const builder = new StreamsBuilder();
    builder.stream<string, number>('in', Consumed.with(Serdes.String(), Serdes.Long())).to(
      (key, value, ctx) => {
        contexts.push(ctx);
        return value % 2 === 0 ? `even-${key}` : 'odd';
      },
      Produced.with(Serdes.String(), Serdes.Long()),
    );
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'sink' }, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.Long());
    await input.pipeInput('a', 2, 10);
    await input.pipeInput('b', 3, 11);
    await input.pipeInput('a', 4, 12);
    expect([...driver.producedTopicNames()].sort()).toEqual(['even-a', 'odd']);
    const evenA = driver.createOutputTopic('even-a', Serdes.String(), Serdes.Long());
    const odd = driver.createOutputTopic('odd', Serdes.String(), Serdes.Long());
    expect((await evenA.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['a', 2, 10],
      ['a', 4, 12],
    ]);
    expect((await odd.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp])).toEqual([['b', 3, 11]]);
    expect(contexts.map((c) => [c.topic, c.partition, c.offset, c.timestamp])).toEqual([
      ['in', 0, 0n, 10],
      ['in', 0, 1n, 11],
      ['in', 0, 2n, 12],
    ]);
    await driver.close();
  });

  it('carries headers and timestamps from input to output, tombstones included', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string | null>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .filter(() => true)
      .to('out', Produced.with<string, string | null>(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'sink' }, 0);
    const input = driver.createInputTopic<string, string | null>('in', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic<string, string | null>('out', Serdes.String(), Serdes.String());
    await input.pipeRecord({ key: 'k', value: 'v', timestamp: 1234, headers: { trace: Buffer.from('abc'), kind: 'text' } });
    await input.pipeRecord({ key: 'k', value: null, timestamp: 1300 });
    const [first, second] = await output.readRecordsToList();
    expect(first?.key).toBe('k');
    expect(first?.value).toBe('v');
    expect(first?.timestamp).toBe(1234);
    expect(Buffer.from(first?.headers['trace'] as Buffer).toString()).toBe('abc');
    expect(String(first?.headers['kind'])).toBe('text');
    expect(second).toEqual({ key: 'k', value: null, timestamp: 1300, headers: {} });
    await driver.close();
  });

  it('writes one input to several sinks in creation order', async () => {
    const builder = new StreamsBuilder();
    const s = builder.stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()));
    s.to('out-1', Produced.with(Serdes.String(), Serdes.String()));
    s.mapValues((v) => `${v}!`).to('out-2', Produced.with(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'sink' }, 0);
    await driver.createInputTopic('in', Serdes.String(), Serdes.String()).pipeInput('k', 'v', 5);
    expect(await driver.createOutputTopic('out-1', Serdes.String(), Serdes.String()).readValue()).toBe('v');
    expect(await driver.createOutputTopic('out-2', Serdes.String(), Serdes.String()).readValue()).toBe('v!');
    await driver.close();
  });
});
