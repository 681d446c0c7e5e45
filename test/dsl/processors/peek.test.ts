import { describe, expect, it } from 'vitest';
import { Consumed, Produced, Serdes, StreamsBuilder, TopologyTestDriver } from '../../../src/index.js';

describe('KStream.peek', () => {
  it('runs the action on every record and forwards it unchanged (KStreamPeekTest)', async () => {
    const peeked: [number, string][] = [];
    const builder = new StreamsBuilder();
    builder
      .stream<number, string>('topic', Consumed.with(Serdes.Integer(), Serdes.String()))
      .peek((key, value) => peeked.push([key, value]))
      .to('out', Produced.with(Serdes.Integer(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'peek' }, 0);
    const input = driver.createInputTopic('topic', Serdes.Integer(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.Integer(), Serdes.String());
    for (let i = 0; i < 32; i++) await input.pipeInput(i, `V${i}`, 100 + i);
    const expected = Array.from({ length: 32 }, (_, i) => [i, `V${i}`]);
    expect(peeked).toEqual(expected);
    const out = await output.readRecordsToList();
    expect(out.map((r) => [r.key, r.value])).toEqual(expected);
    expect(out.map((r) => r.timestamp)).toEqual(Array.from({ length: 32 }, (_, i) => 100 + i));
    await driver.close();
  });

  it('runs the action before downstream processing', async () => {
    const events: string[] = [];
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('topic', Consumed.with(Serdes.String(), Serdes.String()))
      .peek((k) => events.push(`peek ${k}`))
      .foreach((k) => {
        events.push(`foreach ${k}`);
      });
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'peek' }, 0);
    const input = driver.createInputTopic('topic', Serdes.String(), Serdes.String());
    await input.pipeInput('a', '1', 0);
    await input.pipeInput('b', '2', 0);
    expect(events).toEqual(['peek a', 'foreach a', 'peek b', 'foreach b']);
    await driver.close();
  });
});

describe('KStream.foreach', () => {
  it('runs the action on every record (KStreamForeachTest) and writes nothing', async () => {
    const seen: [number, string][] = [];
    const builder = new StreamsBuilder();
    builder.stream<number, string>('topic', Consumed.with(Serdes.Integer(), Serdes.String())).foreach((key, value) => {
      seen.push([key * 2, value.toUpperCase()]);
    });
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'foreach' }, 0);
    const input = driver.createInputTopic('topic', Serdes.Integer(), Serdes.String());
    await input.pipeInput(0, 'zero', 0);
    await input.pipeInput(1, 'one', 0);
    await input.pipeInput(2, 'two', 0);
    await input.pipeInput(3, 'three', 0);
    expect(seen).toEqual([
      [0, 'ZERO'],
      [2, 'ONE'],
      [4, 'TWO'],
      [6, 'THREE'],
    ]);
    expect(driver.producedTopicNames().size).toBe(0);
    await driver.close();
  });

  it('awaits an async action before the next record is processed', async () => {
    const log: string[] = [];
    const builder = new StreamsBuilder();
    builder.stream<string, string>('topic', Consumed.with(Serdes.String(), Serdes.String())).foreach(async (key) => {
      log.push(`start ${key}`);
      await new Promise<void>((resolve) => setImmediate(resolve));
      log.push(`end ${key}`);
    });
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'foreach' }, 0);
    const input = driver.createInputTopic('topic', Serdes.String(), Serdes.String());
    await input.pipeInput('a', '1', 0);
    expect(log).toEqual(['start a', 'end a']);
    await input.pipeKeyValueList([
      { key: 'b', value: '2' },
      { key: 'c', value: '3' },
    ]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    await driver.close();
  });

  it('surfaces an error thrown by an async action as a ProcessingError from pipeInput', async () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('topic', Consumed.with(Serdes.String(), Serdes.String())).foreach(async () => {
      await Promise.resolve();
      throw new Error('boom');
    });
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'foreach' }, 0);
    const input = driver.createInputTopic('topic', Serdes.String(), Serdes.String());
    await expect(input.pipeInput('a', '1', 0)).rejects.toThrow(/boom/);
    await driver.close();
  });
});
