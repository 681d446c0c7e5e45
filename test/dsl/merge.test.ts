import { describe, expect, it } from 'vitest';
import { Consumed, Named, Produced, Serdes, StreamsBuilder, TopologyTestDriver } from '../../src/index.js';

describe('KStream.merge', () => {
  it('interleaves two streams in processing order (KStreamMergeTest)', async () => {
    const builder = new StreamsBuilder();
    const a = builder.stream<string, string>('topic-a', Consumed.with(Serdes.String(), Serdes.String()));
    const b = builder.stream<string, string>('topic-b', Consumed.with(Serdes.String(), Serdes.String()));
    a.merge(b).to('out', Produced.with(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'merge' }, 0);
    const inA = driver.createInputTopic('topic-a', Serdes.String(), Serdes.String());
    const inB = driver.createInputTopic('topic-b', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    await inA.pipeInput('A', 'aa', 1);
    await inB.pipeInput('B', 'bb', 9);
    await inB.pipeInput('C', 'cc', 2);
    await inA.pipeInput('D', 'dd', 8);
    expect((await output.readRecordsToList()).map((r) => `${r.key}:${r.value} (ts: ${r.timestamp})`)).toEqual([
      'A:aa (ts: 1)',
      'B:bb (ts: 9)',
      'C:cc (ts: 2)',
      'D:dd (ts: 8)',
    ]);
    await driver.close();
  });

  it('merges three streams, including a stream derived from one of the others', async () => {
    const builder = new StreamsBuilder();
    const a = builder.stream<string, string>('topic-a', Consumed.with(Serdes.String(), Serdes.String()));
    const b = builder.stream<string, string>('topic-b', Consumed.with(Serdes.String(), Serdes.String()));
    const upper = a.mapValues((v) => v.toUpperCase());
    a.merge(b).merge(upper, Named.as('merge-all')).to('out', Produced.with(Serdes.String(), Serdes.String()));
    const topology = builder.build();
    expect(topology.describe().toString()).toContain('Processor: merge-all (stores: [])');
    const driver = new TopologyTestDriver(topology, { applicationId: 'merge' }, 0);
    const inA = driver.createInputTopic('topic-a', Serdes.String(), Serdes.String());
    const inB = driver.createInputTopic('topic-b', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    await inA.pipeInput('k', 'x', 1);
    await inB.pipeInput('k', 'y', 2);
    // A source's children run in creation order, as in Kafka: mapValues (created first) reaches the sink
    // through the second merge before the first merge passes on the original value.
    expect(await output.readValuesToList()).toEqual(['X', 'x', 'y']);
    await driver.close();
  });

  it('merging after a key change still repartitions before groupByKey', async () => {
    const builder = new StreamsBuilder();
    const a = builder.stream<string, string>('topic-a', Consumed.with(Serdes.String(), Serdes.String())).selectKey((_k, v) => v);
    const b = builder.stream<string, string>('topic-b', Consumed.with(Serdes.String(), Serdes.String()));
    a.merge(b)
      .groupByKey()
      .count()
      .toStream()
      .to('out', Produced.with(Serdes.String(), Serdes.Long()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'merge', defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() }, 0);
    const inA = driver.createInputTopic('topic-a', Serdes.String(), Serdes.String());
    const inB = driver.createInputTopic('topic-b', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.Long());
    await inA.pipeInput('x', 'v', 1);
    await inB.pipeInput('v', 'w', 2);
    expect(await output.readKeyValuesToList()).toEqual([
      { key: 'v', value: 1 },
      { key: 'v', value: 2 },
    ]);
    expect([...driver.producedTopicNames()].some((t) => t.startsWith('merge-') && t.endsWith('-repartition'))).toBe(true);
    await driver.close();
  });
});
