import { describe, expect, it } from 'vitest';
import {
  DuplicateNodeNameError,
  DuplicateSourceTopicError,
  Serdes,
  StreamRecord,
  Stores,
  Topology,
  TopologyError,
  TopologyTestDriver,
  UnknownStateStoreError,
  UnknownTopicError,
} from '../../src/index.js';
import type { KeyValueStore, ProcessorSupplier } from '../../src/index.js';

const STRINGS = { keySerde: Serdes.String(), valueSerde: Serdes.String() };

const upper: ProcessorSupplier<string, string, string, string> = () => ({
  process: (record, ctx) => ctx.forward(record.withValue(record.value.toUpperCase())),
});

/** Sums the lengths of the values per key in store `lengths`, forwarding the running sum. */
const summing: ProcessorSupplier<string, string, string, number> = () => {
  let store: KeyValueStore<string, number>;
  return {
    init(ctx) {
      store = ctx.getStateStore<KeyValueStore<string, number>>('lengths');
    },
    process(record, ctx) {
      const sum = (store.get(record.key) ?? 0) + record.value.length;
      store.put(record.key, sum);
      return ctx.forward(record.withValue(sum));
    },
  };
};

function lengthsStore() {
  return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('lengths'), Serdes.String(), Serdes.Long());
}

describe('Topology (Processor API)', () => {
  it('runs source → processor → sink', async () => {
    const topology = new Topology().addSource('in', 'words', STRINGS).addProcessor('upper', upper, 'in').addSink('out', 'upper-words', STRINGS, 'upper');
    const driver = new TopologyTestDriver(topology, { applicationId: 'papi' }, 0);
    const input = driver.createInputTopic('words', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('upper-words', Serdes.String(), Serdes.String());
    await input.pipeInput('k', 'hello', 7);
    await input.pipeInput('k', 'world', 8);
    expect((await output.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['k', 'HELLO', 7],
      ['k', 'WORLD', 8],
    ]);
    await driver.close();
  });

  it('connects a store with addStateStore(builder, processorName)', async () => {
    const topology = new Topology()
      .addSource('in', 'words', STRINGS)
      .addProcessor('sum', summing, 'in')
      .addStateStore(lengthsStore(), 'sum')
      .addSink('out', 'sums', { keySerde: Serdes.String(), valueSerde: Serdes.Long() }, 'sum');
    const driver = new TopologyTestDriver(topology, { applicationId: 'papi' }, 0);
    const input = driver.createInputTopic('words', Serdes.String(), Serdes.String());
    await input.pipeInput('a', 'xx', 1);
    await input.pipeInput('a', 'yyy', 2);
    await input.pipeInput('b', 'z', 3);
    expect(await driver.createOutputTopic('sums', Serdes.String(), Serdes.Long()).readKeyValuesToList()).toEqual([
      { key: 'a', value: 2 },
      { key: 'a', value: 5 },
      { key: 'b', value: 1 },
    ]);
    expect(driver.getKeyValueStore<string, number>('lengths')?.get('a')).toBe(5);
    await driver.close();
  });

  it('connects a store with connectProcessorAndStateStores, and shares it between two processors', async () => {
    const reader: ProcessorSupplier<string, string, string, string> = () => {
      let store: KeyValueStore<string, number>;
      return {
        init(ctx) {
          store = ctx.getStateStore<KeyValueStore<string, number>>('lengths');
        },
        process: (record, ctx) => ctx.forward(record.withValue(`${record.value}:${store.get(record.key) ?? 'none'}`)),
      };
    };
    const topology = new Topology()
      .addSource('in', 'words', STRINGS)
      .addProcessor('sum', summing, 'in')
      .addStateStore(lengthsStore())
      .connectProcessorAndStateStores('sum', 'lengths')
      .addSource('queries', 'queries', STRINGS)
      .addProcessor('reader', reader, 'queries')
      .connectProcessorAndStateStores('reader', 'lengths')
      .addSink('answers', 'answers', STRINGS, 'reader');
    const driver = new TopologyTestDriver(topology, { applicationId: 'papi' }, 0);
    const words = driver.createInputTopic('words', Serdes.String(), Serdes.String());
    const queries = driver.createInputTopic('queries', Serdes.String(), Serdes.String());
    await queries.pipeInput('a', 'q1', 1);
    await words.pipeInput('a', 'four', 2);
    await queries.pipeInput('a', 'q2', 3);
    expect(await driver.createOutputTopic('answers', Serdes.String(), Serdes.String()).readValuesToList()).toEqual(['q1:none', 'q2:4']);
    // both processors use the store, so both sources are in one sub-topology
    expect(topology.describe().subtopologies).toHaveLength(1);
    await driver.close();
  });

  it('feeds records written to a topic that is also a source back into the topology', async () => {
    const topology = new Topology()
      .addSource('in', 'a', STRINGS)
      .addSink('to-b', 'b', STRINGS, 'in')
      .addSource('from-b', 'b', STRINGS)
      .addProcessor('upper', upper, 'from-b')
      .addSink('to-c', 'c', STRINGS, 'upper');
    const driver = new TopologyTestDriver(topology, { applicationId: 'papi' }, 0);
    await driver.createInputTopic('a', Serdes.String(), Serdes.String()).pipeInput('k', 'v', 3);
    expect(await driver.createOutputTopic('b', Serdes.String(), Serdes.String()).readValue()).toBe('v');
    const c = await driver.createOutputTopic('c', Serdes.String(), Serdes.String()).readRecord();
    expect([c.key, c.value, c.timestamp]).toEqual(['k', 'V', 3]);
    await driver.close();
  });

  it('lets a processor forward to one named child', async () => {
    const router: ProcessorSupplier<string, string, string, string> = () => ({
      process: (record, ctx) => ctx.forward(record, record.value.startsWith('x') ? 'to-x' : 'to-other'),
    });
    const topology = new Topology()
      .addSource('in', 'in', STRINGS)
      .addProcessor('router', router, 'in')
      .addSink('to-x', 'x', STRINGS, 'router')
      .addSink('to-other', 'other', STRINGS, 'router');
    const driver = new TopologyTestDriver(topology, { applicationId: 'papi' }, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    await input.pipeInput('k', 'x1', 1);
    await input.pipeInput('k', 'y1', 2);
    expect(await driver.createOutputTopic('x', Serdes.String(), Serdes.String()).readValuesToList()).toEqual(['x1']);
    expect(await driver.createOutputTopic('other', Serdes.String(), Serdes.String()).readValuesToList()).toEqual(['y1']);
    await driver.close();
  });

  it('sends to the topic a TopicNameExtractor picks', async () => {
    const topology = new Topology()
      .addSource('in', 'in', STRINGS)
      .addSink('out', (key: string) => `out-${key}`, STRINGS, 'in');
    const driver = new TopologyTestDriver(topology, { applicationId: 'papi' }, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    await input.pipeInput('a', '1', 1);
    await input.pipeInput('b', '2', 2);
    expect([...driver.producedTopicNames()].sort()).toEqual(['out-a', 'out-b']);
    await driver.close();
  });

  it('lets a punctuator forward records created with new StreamRecord', async () => {
    const emitter: ProcessorSupplier<string, string, string, string> = () => ({
      init(ctx) {
        ctx.schedule(1000, 'WALL_CLOCK_TIME', (ts) => ctx.forward(new StreamRecord('tick', `at ${ts}`, ts)));
      },
      process: () => undefined,
    });
    const topology = new Topology().addSource('in', 'in', STRINGS).addProcessor('emit', emitter, 'in').addSink('out', 'out', STRINGS, 'emit');
    const driver = new TopologyTestDriver(topology, { applicationId: 'papi' }, 10_000);
    await driver.advanceWallClockTime(1000);
    expect(await driver.createOutputTopic('out', Serdes.String(), Serdes.String()).readRecord()).toEqual({
      key: 'tick',
      value: 'at 11000',
      timestamp: 11_000,
      headers: {},
    });
    await driver.close();
  });
});

describe('Topology errors', () => {
  it('rejects a duplicate node name', () => {
    const topology = new Topology().addSource('in', 'a', STRINGS);
    expect(() => topology.addSource('in', 'b', STRINGS)).toThrow(DuplicateNodeNameError);
    topology.addProcessor('p', upper, 'in');
    expect(() => topology.addProcessor('p', upper, 'in')).toThrow(DuplicateNodeNameError);
    expect(() => topology.addSink('p', 'out', STRINGS, 'in')).toThrow(/Processor p is already added/);
  });

  it('rejects a topic read by two sources with DuplicateSourceTopicError', () => {
    const topology = new Topology().addSource('first', 'a', STRINGS);
    let error: unknown;
    try {
      topology.addSource('second', ['b', 'a'], STRINGS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DuplicateSourceTopicError);
    expect((error as DuplicateSourceTopicError).topic).toBe('a');
    expect((error as Error).message).toContain('Topic a has already been registered by another source');
    // the failed call registered nothing: 'b' is still free
    expect(() => topology.addSource('third', 'b', STRINGS)).not.toThrow();
  });

  it('rejects an unknown parent, a sink as parent and a node without parents', () => {
    const topology = new Topology().addSource('in', 'a', STRINGS).addSink('out', 'o', STRINGS, 'in');
    expect(() => topology.addProcessor('p', upper, 'nope')).toThrow(TopologyError);
    expect(() => topology.addProcessor('p', upper, 'nope')).toThrow(/Parent processor nope is not added yet for p/);
    expect(() => topology.addProcessor('p', upper, 'out')).toThrow(/Sink out cannot be used as a parent of p/);
    expect(() => topology.addProcessor('p', upper)).toThrow(/must have at least one parent/);
    expect(() => topology.addSink('s', 'o2', STRINGS, 'ghost')).toThrow(/Parent processor ghost is not added yet/);
  });

  it('rejects connecting an unknown store or an unknown processor', () => {
    const topology = new Topology().addSource('in', 'a', STRINGS).addProcessor('p', summing, 'in');
    expect(() => topology.connectProcessorAndStateStores('p', 'lengths')).toThrow(UnknownStateStoreError);
    expect(() => topology.addStateStore(lengthsStore(), 'ghost')).toThrow(/Processor ghost is not added yet/);
  });

  it('fails a processor that asks for a store not connected to it with UnknownStateStoreError saying how to fix it', async () => {
    const topology = new Topology()
      .addSource('in', 'a', STRINGS)
      .addProcessor('user', summing, 'in')
      .addProcessor('owner', upper, 'in')
      .addStateStore(lengthsStore(), 'owner');
    const driver = new TopologyTestDriver(topology, { applicationId: 'papi' }, 0);
    const error = await driver
      .createInputTopic('a', Serdes.String(), Serdes.String())
      .pipeInput('k', 'v', 1)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(UnknownStateStoreError);
    const message = (error as Error).message;
    expect(message).toContain('Processor user has no access to StateStore lengths as the store is not connected to the processor');
    expect(message).toMatch(/addStateStore\(builder, 'user'\)/);
  });

  it('throws Unknown topic when piping to a topic no source reads', async () => {
    const topology = new Topology().addSource('in', 'a', STRINGS).addSink('out', 'o', STRINGS, 'in');
    const driver = new TopologyTestDriver(topology, { applicationId: 'papi' }, 0);
    const input = driver.createInputTopic('nope', Serdes.String(), Serdes.String());
    await expect(input.pipeInput('k', 'v', 1)).rejects.toThrow(UnknownTopicError);
    await expect(input.pipeInput('k', 'v', 1)).rejects.toThrow(/^Unknown topic: nope/);
    // an output topic is not an input either
    await expect(driver.createInputTopic('o', Serdes.String(), Serdes.String()).pipeInput('k', 'v', 1)).rejects.toThrow('Unknown topic: o');
    await driver.close();
  });
});
