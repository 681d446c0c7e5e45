import { describe, expect, it } from 'vitest';
import {
  Consumed,
  Named,
  Produced,
  Serdes,
  StreamRecord,
  Stores,
  StreamsBuilder,
  TopologyTestDriver,
  UnknownStateStoreError,
} from '../../../src/index.js';
import type { Cancellable, KeyValueStore, ProcessorContext, ProcessorSupplier, RecordMetadata } from '../../../src/index.js';

function countingStore() {
  return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('s'), Serdes.String(), Serdes.Long());
}

/** Counts records per key in store `s` and forwards `key -> count`. */
const counter: ProcessorSupplier<string, string, string, number> = () => {
  let store: KeyValueStore<string, number>;
  return {
    init(ctx) {
      store = ctx.getStateStore<KeyValueStore<string, number>>('s');
    },
    process(record, ctx) {
      const next = (store.get(record.key) ?? 0) + 1;
      store.put(record.key, next);
      return ctx.forward(record.withValue(next));
    },
  };
};

function driverFor(builder: StreamsBuilder, wallClockMs = 0): TopologyTestDriver {
  return new TopologyTestDriver(builder.build(), { applicationId: 'proc' }, wallClockMs);
}

describe('KStream.process with a state store', () => {
  it('reads and writes a store added with builder.addStateStore, visible through getKeyValueStore', async () => {
    const builder = new StreamsBuilder();
    builder.addStateStore(countingStore());
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .process(counter, 's')
      .to('out', Produced.with(Serdes.String(), Serdes.Long()));
    const driver = driverFor(builder);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.Long());
    await input.pipeInput('a', 'x', 10);
    await input.pipeInput('b', 'x', 11);
    await input.pipeInput('a', 'x', 12);
    expect((await output.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['a', 1, 10],
      ['b', 1, 11],
      ['a', 2, 12],
    ]);
    const store = driver.getKeyValueStore<string, number>('s');
    expect(store?.get('a')).toBe(2);
    expect(store?.get('b')).toBe(1);
    expect(store?.get('c')).toBeUndefined();
    // a store built by Stores.keyValueStoreBuilder logs by default: the changelog is `<appId>-s-changelog`
    expect([...driver.producedTopicNames()].sort()).toEqual(['out', 'proc-s-changelog']);
    await driver.close();
  });

  it('lets the processor change the key and forward several records; a later groupByKey repartitions', async () => {
    const builder = new StreamsBuilder();
    const splitter: ProcessorSupplier<string, string, string, string> = () => ({
      process(record, ctx) {
        for (const word of record.value.split(' ')) ctx.forward(record.withKey(word).withValue(record.key));
      },
    });
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .process(splitter)
      .groupByKey()
      .count()
      .toStream()
      .to('out', Produced.with(Serdes.String(), Serdes.Long()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'proc', defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() }, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.Long());
    await input.pipeInput('k', 'a b a', 5);
    expect((await output.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['a', 1, 5],
      ['b', 1, 5],
      ['a', 2, 5],
    ]);
    expect([...driver.producedTopicNames()]).toContain('proc-KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition');
    await driver.close();
  });

  it('fails with UnknownStateStoreError, saying how to connect it, when the store was not named in process()', async () => {
    const builder = new StreamsBuilder();
    builder.addStateStore(countingStore());
    builder.stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String())).process(counter, Named.as('counter'));
    const driver = driverFor(builder);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    const error = await input.pipeInput('a', 'x', 1).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnknownStateStoreError);
    expect((error as Error).message).toContain('Processor counter has no access to StateStore s');
    expect((error as Error).message).toContain("stream.process(supplier, 's')");
  });

  it('refuses to name a store that was never added', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String())).process(counter, 'missing');
    expect(() => builder.build()).toThrow(UnknownStateStoreError);
    expect(() => builder.build()).toThrow(/StateStore missing is not added yet/);
  });
});

describe('KStream.processValues', () => {
  it('keeps the input key even if the processor forwards another key', async () => {
    const builder = new StreamsBuilder();
    builder.addStateStore(countingStore());
    const sneaky: ProcessorSupplier<string, string, string, string> = () => {
      let store: KeyValueStore<string, number>;
      return {
        init(ctx) {
          store = ctx.getStateStore<KeyValueStore<string, number>>('s');
        },
        process(record, ctx) {
          const n = (store.get(record.key) ?? 0) + 1;
          store.put(record.key, n);
          return ctx.forward(record.withKey('changed').withValue(`${record.value}#${n}`));
        },
      };
    };
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .processValues(sneaky, 's')
      .to('out', Produced.with(Serdes.String(), Serdes.String()));
    const driver = driverFor(builder);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    await input.pipeInput('a', 'x', 1);
    await input.pipeInput('a', 'y', 2);
    await input.pipeInput('b', 'z', 3);
    expect((await output.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['a', 'x#1', 1],
      ['a', 'y#2', 2],
      ['b', 'z#1', 3],
    ]);
    expect(driver.getKeyValueStore<string, number>('s')?.get('a')).toBe(2);
    await driver.close();
  });

  it('does not mark the stream for repartitioning', async () => {
    const builder = new StreamsBuilder();
    const upper: ProcessorSupplier<string, string, string, string> = () => ({
      process: (record, ctx) => ctx.forward(record.withValue(record.value.toUpperCase())),
    });
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .processValues(upper)
      .groupByKey()
      .count()
      .toStream()
      .to('out', Produced.with(Serdes.String(), Serdes.Long()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'proc', defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() }, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    await input.pipeInput('a', 'x', 1);
    expect(await driver.createOutputTopic('out', Serdes.String(), Serdes.Long()).readKeyValue()).toEqual({ key: 'a', value: 1 });
    expect([...driver.producedTopicNames()].some((t) => t.endsWith('-repartition'))).toBe(false);
    await driver.close();
  });
});

describe('ProcessorContext.recordMetadata', () => {
  it('gives topic, partition and offset of each input record, and undefined inside a punctuation', async () => {
    const seen: (RecordMetadata | undefined)[] = [];
    const inPunctuation: (RecordMetadata | undefined)[] = [];
    const builder = new StreamsBuilder();
    const recorder: ProcessorSupplier<string, string> = () => ({
      init(ctx) {
        ctx.schedule(1000, 'WALL_CLOCK_TIME', () => {
          inPunctuation.push(ctx.recordMetadata());
        });
      },
      process(_record, ctx) {
        seen.push(ctx.recordMetadata());
      },
    });
    builder.stream<string, string>(['in-a', 'in-b'], Consumed.with(Serdes.String(), Serdes.String())).process(recorder);
    const driver = driverFor(builder);
    const a = driver.createInputTopic('in-a', Serdes.String(), Serdes.String());
    const b = driver.createInputTopic('in-b', Serdes.String(), Serdes.String());
    await a.pipeInput('k', 'v', 1);
    await a.pipeInput('k', 'v', 2);
    await b.pipeInput('k', 'v', 3);
    await a.pipeInput('k', 'v', 4);
    expect(seen).toEqual([
      { topic: 'in-a', partition: 0, offset: 0n },
      { topic: 'in-a', partition: 0, offset: 1n },
      { topic: 'in-b', partition: 0, offset: 0n },
      { topic: 'in-a', partition: 0, offset: 2n },
    ]);
    await driver.advanceWallClockTime(1000);
    expect(inPunctuation).toEqual([undefined]);
    await driver.close();
  });
});

describe('STREAM_TIME punctuation', () => {
  /** Schedules every 10 ms of stream time; each punctuation forwards `punct@<time>` stamped with that time. */
  function punctuating(log: number[], cancelAt?: number): ProcessorSupplier<string, string, string, string> {
    return () => {
      let schedule: Cancellable;
      let ctx: ProcessorContext<string, string>;
      return {
        init(context) {
          ctx = context;
          schedule = context.schedule(10, 'STREAM_TIME', (ts) => {
            log.push(ts);
            if (cancelAt !== undefined && ts >= cancelAt) schedule.cancel();
            return ctx.forward(new StreamRecord('punct', `punct@${ts}`, ts));
          });
        },
        process: (record, context) => context.forward(record),
      };
    };
  }

  async function setup(log: number[], cancelAt?: number) {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .process(punctuating(log, cancelAt))
      .to('out', Produced.with(Serdes.String(), Serdes.String()));
    const driver = driverFor(builder);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    return { driver, input, output };
  }

  it('fires first at the first record (after processing it), once per record with the current stream time, skipping missed intervals', async () => {
    const log: number[] = [];
    const { driver, input, output } = await setup(log);
    expect(log).toEqual([]);
    await input.pipeInput('k', 'r1000', 1000); // schedule aligned to 0: due at once, fires with stream time 1000
    await input.pipeInput('k', 'r1005', 1005); // next is 1010
    await input.pipeInput('k', 'r1010', 1010); // fires at 1010, next 1020
    await input.pipeInput('k', 'r1055', 1055); // missed 1020..1050: fires once, with 1055; next 1060
    await input.pipeInput('k', 'r1030', 1030); // out of order: stream time stays 1055
    await input.pipeInput('k', 'r1059', 1059);
    await input.pipeInput('k', 'r1060', 1060); // fires at 1060
    expect(log).toEqual([1000, 1010, 1055, 1060]);
    expect((await output.readRecordsToList()).map((r) => `${r.value}@${r.timestamp}`)).toEqual([
      'r1000@1000',
      'punct@1000@1000',
      'r1005@1005',
      'r1010@1010',
      'punct@1010@1010',
      'r1055@1055',
      'punct@1055@1055',
      'r1030@1030',
      'r1059@1059',
      'r1060@1060',
      'punct@1060@1060',
    ]);
    await driver.close();
  });

  it('does not fire on wall-clock time', async () => {
    const log: number[] = [];
    const { driver, input } = await setup(log);
    await driver.advanceWallClockTime(100_000);
    expect(log).toEqual([]);
    await input.pipeInput('k', 'v', 5);
    expect(log).toEqual([5]);
    await driver.advanceWallClockTime(100_000);
    expect(log).toEqual([5]);
    await driver.close();
  });

  it('stops after cancel()', async () => {
    const log: number[] = [];
    const { driver, input } = await setup(log, 20);
    for (const ts of [0, 10, 20, 30, 40]) await input.pipeInput('k', 'v', ts);
    expect(log).toEqual([0, 10, 20]);
    await driver.close();
  });
});

describe('WALL_CLOCK_TIME punctuation', () => {
  it('fires only on driver.advanceWallClockTime, first one interval after init, skipping missed intervals', async () => {
    const log: number[] = [];
    const builder = new StreamsBuilder();
    const ticking: ProcessorSupplier<string, string, string, string> = () => {
      let ctx: ProcessorContext<string, string>;
      return {
        init(context) {
          ctx = context;
          context.schedule(100, 'WALL_CLOCK_TIME', (ts) => {
            log.push(ts);
            return ctx.forward(new StreamRecord('tick', String(ts), ts));
          });
        },
        process: (record, context) => context.forward(record),
      };
    };
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .process(ticking)
      .to('out', Produced.with(Serdes.String(), Serdes.String()));
    const driver = driverFor(builder, 5000);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    await input.pipeInput('k', 'v', 1_000_000); // stream time far ahead: no wall-clock punctuation
    expect(log).toEqual([]);
    await driver.advanceWallClockTime(50);
    expect(log).toEqual([]);
    await driver.advanceWallClockTime(50); // 5100
    expect(log).toEqual([5100]);
    await driver.advanceWallClockTime(250); // 5350: fires once; next 5400
    expect(log).toEqual([5100, 5350]);
    await driver.advanceWallClockTime(49); // 5399
    expect(log).toEqual([5100, 5350]);
    await driver.advanceWallClockTime(1); // 5400
    expect(log).toEqual([5100, 5350, 5400]);
    expect((await output.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['k', 'v', 1_000_000],
      ['tick', '5100', 5100],
      ['tick', '5350', 5350],
      ['tick', '5400', 5400],
    ]);
    await driver.close();
  });
});
