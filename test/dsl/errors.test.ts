// Invalid DSL topologies fail with named errors whose message says how to fix the topology.
import { describe, expect, it } from 'vitest';
import {
  Consumed,
  DuplicateNodeNameError,
  DuplicateSourceTopicError,
  Materialized,
  Named,
  Produced,
  Serdes,
  StoreError,
  Stores,
  StreamsBuilder,
  StreamsError,
  TopologyError,
  TopologyTestDriver,
  UnknownStateStoreError,
  type ProcessorSupplier,
} from '../../src/index.js';

const noop: ProcessorSupplier<unknown, unknown, unknown, unknown> = () => ({ process: () => undefined });

/** Runs `fn`, expecting it to throw, and returns the error. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('building invalid topologies', () => {
  it('process() naming a store nobody added throws UnknownStateStoreError at build()', () => {
    const builder = new StreamsBuilder();
    builder.stream('input').process(noop, Named.as('enrich'), 'profiles');
    const error = thrown(() => builder.build());
    expect(error).toBeInstanceOf(UnknownStateStoreError);
    expect(error).toBeInstanceOf(TopologyError);
    expect(error).toMatchObject({ code: 'UNKNOWN_STATE_STORE', storeName: 'profiles' });
    expect((error as Error).message).toMatch(/^Invalid topology: StateStore profiles is not added yet\./);
    expect((error as Error).message).toContain('builder.addStateStore(');
    expect((error as Error).message).toContain('enrich');
  });

  it('a store added with builder.addStateStore() before process() is connected', () => {
    const builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('profiles'), Serdes.String(), Serdes.String()));
    builder.stream('input').process(noop, Named.as('enrich'), 'profiles');
    expect(builder.build().describe().toString()).toContain('Processor: enrich (stores: [profiles])');
  });

  // Kafka Streams 4.0 merges two builder.stream() calls on the same topic into one source
  // (StreamsBuilderTest.shouldAllowStreamsFromSameTopic); kstreams rejects them, as Kafka did before, and says
  // how to share one stream instead. table() twice and stream() + table() are rejected by Kafka too
  // (shouldNotAllowTablesFromSameTopic, shouldNowAllowStreamAndTableFromSameTopic).
  it.each([
    ['stream() twice', (b: StreamsBuilder) => (b.stream('orders'), b.stream('orders'))],
    ['stream() and table()', (b: StreamsBuilder) => (b.stream('orders'), b.table('orders'))],
    ['table() twice', (b: StreamsBuilder) => (b.table('orders'), b.table('orders'))],
    ['a topic inside a list', (b: StreamsBuilder) => (b.stream(['payments', 'orders']), b.stream('orders'))],
  ])('reading one topic with %s throws DuplicateSourceTopicError', (_case, build) => {
    const builder = new StreamsBuilder();
    build(builder);
    const error = thrown(() => builder.build());
    expect(error).toBeInstanceOf(DuplicateSourceTopicError);
    expect(error).toMatchObject({ code: 'DUPLICATE_SOURCE_TOPIC', topic: 'orders' });
    expect((error as Error).message).toContain('Topic orders has already been registered by another source');
    expect((error as Error).message).toMatch(/reuse the KStream\/KTable you built from it, or merge\(\)/);
  });

  it('two nodes with the same Named name throw DuplicateNodeNameError', () => {
    const builder = new StreamsBuilder();
    const stream = builder.stream<string, string>('input');
    stream.filter(() => true, Named.as('clean'));
    stream.mapValues((v) => v.trim(), Named.as('clean'));
    const error = thrown(() => builder.build());
    expect(error).toBeInstanceOf(DuplicateNodeNameError);
    expect(error).toMatchObject({ code: 'DUPLICATE_NODE_NAME', nodeName: 'clean' });
    expect((error as Error).message).toBe('Invalid topology: Processor clean is already added. Give each node a unique name (Named.as(...)).');
  });

  it('a Named name that collides with a source or sink name is a duplicate too', () => {
    const builder = new StreamsBuilder();
    const stream = builder.stream('input', Consumed.as('in'));
    stream.to('output', Produced.as('in'));
    expect(thrown(() => builder.build())).toMatchObject({ name: 'DuplicateNodeNameError', nodeName: 'in' });
  });
});

describe('missing serdes', () => {
  it('a sink without a value serde names the node and says to pass serdes or set defaultValueSerde', () => {
    const builder = new StreamsBuilder();
    builder
      .stream('words', Consumed.with(Serdes.String(), Serdes.String()))
      .mapValues((word) => word.length) // a new value type: the value serde cannot be carried over
      .to('lengths');
    const error = thrown(() => new TopologyTestDriver(builder.build(), {}, 0));
    expect(error).toBeInstanceOf(StreamsError);
    expect((error as Error).message).toBe(
      'Node KSTREAM-SINK-0000000002 has no value serde. Pass one (Consumed.with / Produced.with / Materialized.with / Grouped.with), ' +
        'or set defaultValueSerde in the config.',
    );
  });

  it('a sink without a key serde says to set defaultKeySerde', () => {
    const builder = new StreamsBuilder();
    builder
      .stream('words', Consumed.with(Serdes.String(), Serdes.String()))
      .selectKey((_key, word) => word.length)
      .to('by-length', Produced.as('by-length-sink'));
    const error = thrown(() => new TopologyTestDriver(builder.build(), { defaultValueSerde: Serdes.String() }, 0));
    expect((error as Error).message).toMatch(/^Node by-length-sink has no key serde\. Pass one .*or set defaultKeySerde in the config\.$/);
  });

  it('the config defaults fill in a missing serde', () => {
    const builder = new StreamsBuilder();
    builder
      .stream('words', Consumed.with(Serdes.String(), Serdes.String()))
      .mapValues((word) => word.toUpperCase())
      .to('upper');
    expect(() => new TopologyTestDriver(builder.build(), { defaultValueSerde: Serdes.String() }, 0)).not.toThrow();
  });

  it('a store without serdes names the store and says to pass serdes or set the defaults', async () => {
    const builder = new StreamsBuilder();
    builder.stream('clicks').groupByKey().count(Materialized.as('clicks-per-user'));
    const error = await (async () => {
      try {
        const driver = new TopologyTestDriver(builder.build(), {}, 0);
        await driver.createInputTopic('clicks', Serdes.String(), Serdes.String()).pipeInput('alice', 'x', 0);
        await driver.close();
      } catch (e) {
        return e;
      }
      throw new Error('expected a throw');
    })();
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain('State store clicks-per-user has no key serde.');
    expect((error as Error).message).toContain('set defaultKeySerde/defaultValueSerde in the config');
  });
});
