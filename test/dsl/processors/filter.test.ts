import { describe, expect, it } from 'vitest';
import { Consumed, Named, Produced, Serdes, StreamsBuilder, TopologyTestDriver } from '../../../src/index.js';

// Mirrors Kafka's KStreamFilterTest: keys 1..7, keep multiples of 3 (filter) or the others (filterNot).
const isMultipleOfThree = (key: number, _value: string): boolean => key % 3 === 0;
const KEYS = [1, 2, 3, 4, 5, 6, 7];

async function run(build: (builder: StreamsBuilder) => void) {
  const builder = new StreamsBuilder();
  build(builder);
  const driver = new TopologyTestDriver(builder.build(), { applicationId: 'filter-test' }, 0);
  const input = driver.createInputTopic('topic', Serdes.Integer(), Serdes.String(), 0, 0);
  const output = driver.createOutputTopic('out', Serdes.Integer(), Serdes.String());
  for (const key of KEYS) await input.pipeInput(key, `V${key}`, 1000 + key);
  const records = await output.readRecordsToList();
  await driver.close();
  return records.map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp }));
}

describe('KStream.filter / filterNot', () => {
  it('filter keeps only records whose predicate is true, with key, value and timestamp unchanged', async () => {
    const out = await run((b) =>
      b.stream<number, string>('topic', Consumed.with(Serdes.Integer(), Serdes.String())).filter(isMultipleOfThree).to('out', Produced.with(Serdes.Integer(), Serdes.String())),
    );
    expect(out).toEqual([
      { key: 3, value: 'V3', timestamp: 1003 },
      { key: 6, value: 'V6', timestamp: 1006 },
    ]);
  });

  it('filterNot keeps only records whose predicate is false', async () => {
    const out = await run((b) =>
      b.stream<number, string>('topic', Consumed.with(Serdes.Integer(), Serdes.String())).filterNot(isMultipleOfThree).to('out', Produced.with(Serdes.Integer(), Serdes.String())),
    );
    expect(out.map((r) => r.key)).toEqual([1, 2, 4, 5, 7]);
    expect(out[0]).toEqual({ key: 1, value: 'V1', timestamp: 1001 });
  });

  it('passes key and value to the predicate and handles null values', async () => {
    const seen: [number, string | null][] = [];
    const builder = new StreamsBuilder();
    builder
      .stream<number, string | null>('topic', Consumed.with(Serdes.Integer(), Serdes.String()))
      .filter((key, value) => {
        seen.push([key, value]);
        return value === null;
      })
      .to('out', Produced.with<number, string | null>(Serdes.Integer(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'filter-test' }, 0);
    const input = driver.createInputTopic('topic', Serdes.Integer(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.Integer(), Serdes.String());
    await input.pipeInput(1, 'a', 5);
    await input.pipeInput(2, null as unknown as string, 6);
    expect(seen).toEqual([[1, 'a'], [2, null]]);
    expect(await output.readKeyValuesToList()).toEqual([{ key: 2, value: null }]);
    await driver.close();
  });

  it('uses Kafka generated names, or Named.as', () => {
    const builder = new StreamsBuilder();
    const s = builder.stream<number, string>('topic', Consumed.with(Serdes.Integer(), Serdes.String()));
    s.filter(isMultipleOfThree).to('out');
    s.filterNot(isMultipleOfThree, Named.as('not-three')).to('out2');
    const text = builder.build().describe().toString();
    expect(text).toContain('Processor: KSTREAM-FILTER-0000000001 (stores: [])');
    expect(text).toContain('Processor: not-three (stores: [])');
  });
});
