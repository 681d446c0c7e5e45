import { describe, expect, it } from 'vitest';
import { Branched, Consumed, Named, Produced, Serdes, StreamsBuilder, TopologyTestDriver } from '../../../src/index.js';
import type { KStream } from '../../../src/index.js';

// Mirrors Kafka's KStreamSplitTest and BranchedKStreamIntegrationTest.
const isEven = (key: number): boolean => key % 2 === 0;
const isMultipleOfThree = (key: number): boolean => key % 3 === 0;
const isMultipleOfFive = (key: number): boolean => key % 5 === 0;
const isMultipleOfSeven = (key: number): boolean => key % 7 === 0;
const isNegative = (key: number): boolean => key < 0;
const KEYS = [-1, 0, 1, 2, 3, 4, 5, 6, 7];

function source(builder: StreamsBuilder): KStream<number, string> {
  return builder.stream<number, string>('topic', Consumed.with(Serdes.Integer(), Serdes.String()));
}

async function withDriver(builder: StreamsBuilder, test: (driver: TopologyTestDriver) => Promise<void>): Promise<void> {
  const driver = new TopologyTestDriver(builder.build(), { applicationId: 'split', defaultKeySerde: Serdes.Integer(), defaultValueSerde: Serdes.String() }, 0);
  const input = driver.createInputTopic('topic', Serdes.Integer(), Serdes.String(), 1000, 10);
  for (const key of KEYS) await input.pipeInput(key, `V${key}`);
  await test(driver);
  await driver.close();
}

async function values(driver: TopologyTestDriver, topic: string): Promise<string[]> {
  return driver.createOutputTopic(topic, Serdes.Integer(), Serdes.String()).readValuesToList();
}

describe('KStream.split', () => {
  it('sends each record to the first matching branch only (testKStreamSplit)', async () => {
    const builder = new StreamsBuilder();
    const branches = source(builder)
      .split()
      .branch(isEven, Branched.withConsumer((ks) => ks.to('x2')))
      .branch(isMultipleOfThree, Branched.withConsumer((ks) => ks.to('x3')))
      .branch(isMultipleOfFive, Branched.withConsumer((ks) => ks.to('x5')))
      .noDefaultBranch();
    expect(Object.keys(branches)).toEqual([]);
    await withDriver(builder, async (driver) => {
      expect(await values(driver, 'x2')).toEqual(['V0', 'V2', 'V4', 'V6']);
      expect(await values(driver, 'x3')).toEqual(['V3']);
      expect(await values(driver, 'x5')).toEqual(['V5']);
    });
  });

  it('names the result map as Kafka does (testResultingMap)', async () => {
    const builder = new StreamsBuilder();
    const branches = source(builder)
      .split(Named.as('foo-'))
      .branch(isEven, Branched.as('bar'))
      .branch(isMultipleOfThree, Branched.withConsumer(() => undefined))
      .branch(isMultipleOfFive, Branched.withFunction(() => null))
      .branch(isNegative, Branched.withFunction((ks) => ks))
      .branch(isMultipleOfSeven)
      .defaultBranch();
    expect(Object.keys(branches).sort()).toEqual(['foo-0', 'foo-4', 'foo-5', 'foo-bar']);
    for (const [name, stream] of Object.entries(branches)) stream.to(name);
    await withDriver(builder, async (driver) => {
      expect(await values(driver, 'foo-bar')).toEqual(['V0', 'V2', 'V4', 'V6']);
      expect(await values(driver, 'foo-4')).toEqual(['V-1']);
      expect(await values(driver, 'foo-5')).toEqual(['V7']);
      expect(await values(driver, 'foo-0')).toEqual(['V1']);
    });
  });

  it('generates branch names from KSTREAM-BRANCH-<counter> plus the 1-based index, 0 for the default branch', async () => {
    const builder = new StreamsBuilder();
    const branches = source(builder).split().branch(isEven).branch(isMultipleOfThree).defaultBranch();
    expect(Object.keys(branches).sort()).toEqual(['KSTREAM-BRANCH-00000000010', 'KSTREAM-BRANCH-00000000011', 'KSTREAM-BRANCH-00000000012']);
    const even = branches['KSTREAM-BRANCH-00000000011'] as KStream<number, string>;
    const three = branches['KSTREAM-BRANCH-00000000012'] as KStream<number, string>;
    const rest = branches['KSTREAM-BRANCH-00000000010'] as KStream<number, string>;
    even.to('even');
    three.to('three');
    rest.to('rest');
    // Each branch burns a counter value, so the next generated name (the first sink) is 0000000005.
    const text = builder.build().describe().toString();
    expect(text).toContain('Processor: KSTREAM-BRANCH-0000000001 (stores: [])');
    expect(text).toContain('Sink: KSTREAM-SINK-0000000005 (topic: even)');
    await withDriver(builder, async (driver) => {
      expect(await values(driver, 'even')).toEqual(['V0', 'V2', 'V4', 'V6']);
      expect(await values(driver, 'three')).toEqual(['V3']);
      expect(await values(driver, 'rest')).toEqual(['V-1', 'V1', 'V5', 'V7']);
    });
  });

  it('names a branch split(Named.as("name-")) + Branched.as("a") as name-a', async () => {
    const builder = new StreamsBuilder();
    const branches = source(builder)
      .split(Named.as('name-'))
      .branch(isNegative, Branched.as('a'))
      .defaultBranch(Branched.as('other'));
    expect(Object.keys(branches).sort()).toEqual(['name-a', 'name-other']);
    (branches['name-a'] as KStream<number, string>).to('neg');
    await withDriver(builder, async (driver) => {
      expect(await values(driver, 'neg')).toEqual(['V-1']);
    });
  });

  it('keeps the transformed stream of Branched.withFunction under the branch name, with record timestamps', async () => {
    const builder = new StreamsBuilder();
    const branches = source(builder)
      .split(Named.as('s-'))
      .branch(isEven, Branched.withFunction((ks) => ks.mapValues((v) => `even:${v}`), 'even'))
      .noDefaultBranch();
    expect(Object.keys(branches)).toEqual(['s-even']);
    (branches['s-even'] as KStream<number, string>).to('out', Produced.with(Serdes.Integer(), Serdes.String()));
    await withDriver(builder, async (driver) => {
      const out = await driver.createOutputTopic('out', Serdes.Integer(), Serdes.String()).readRecordsToList();
      expect(out.map((r) => [r.key, r.value, r.timestamp])).toEqual([
        [0, 'even:V0', 1010],
        [2, 'even:V2', 1030],
        [4, 'even:V4', 1050],
        [6, 'even:V6', 1070],
      ]);
    });
  });

  it('drops records no predicate matched when there is no default branch (testBranchingWithNoTerminalOperation)', async () => {
    const builder = new StreamsBuilder();
    source(builder)
      .split()
      .branch(isEven, Branched.withConsumer((ks) => ks.to('output')))
      .branch(isMultipleOfFive, Branched.withConsumer((ks) => ks.to('output')));
    await withDriver(builder, async (driver) => {
      expect(await values(driver, 'output')).toEqual(['V0', 'V2', 'V4', 'V5', 'V6']);
    });
  });
});
