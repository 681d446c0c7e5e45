import { describe, expect, it } from 'vitest';
import { Consumed, Produced, Serdes, StreamsBuilder, TopologyTestDriver } from '../../src/index.js';

describe('word count, as in the Kafka Streams docs', () => {
  it('counts words across records, repartitioning by word', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('streams-plaintext-input', Consumed.with(Serdes.String(), Serdes.String()))
      .flatMapValues((value) => value.toLowerCase().split(/\W+/))
      .groupBy((_key, word) => word, undefined)
      .count()
      .toStream()
      .to('streams-wordcount-output', Produced.with(Serdes.String(), Serdes.Long()));
    const topology = builder.build();
    const driver = new TopologyTestDriver(topology, { applicationId: 'wordcount', defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() }, 0);
    const input = driver.createInputTopic('streams-plaintext-input', Serdes.String(), Serdes.String(), 0, 1);
    const output = driver.createOutputTopic('streams-wordcount-output', Serdes.String(), Serdes.Long());
    await input.pipeInput('all streams lead to kafka');
    await input.pipeInput('hello kafka streams');
    await input.pipeInput('join kafka summit');
    expect(await output.readKeyValuesToMap()).toEqual(
      new Map([
        ['all', 1], ['streams', 2], ['lead', 1], ['to', 1], ['kafka', 3], ['hello', 1], ['join', 1], ['summit', 1],
      ]),
    );
    expect([...driver.producedTopicNames()].sort()).toEqual([
      'streams-wordcount-output',
      'wordcount-KSTREAM-AGGREGATE-STATE-STORE-0000000003-changelog',
      'wordcount-KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition',
    ]);
    await driver.close();
  });
});
