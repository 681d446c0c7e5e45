import { describe, expect, it } from 'vitest';
import {
  Consumed,
  IllegalStateError,
  KeyValue,
  Materialized,
  NoSuchElementError,
  Produced,
  Serdes,
  StreamRecord,
  Stores,
  StreamsBuilder,
  TopologyTestDriver,
} from '../../src/index.js';
import type { KeyValueStore, ProcessorSupplier } from '../../src/index.js';

/** in → out unchanged. */
function passThrough(): TopologyTestDriver {
  const builder = new StreamsBuilder();
  builder.stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String())).to('out', Produced.with(Serdes.String(), Serdes.String()));
  return new TopologyTestDriver(builder.build(), { applicationId: 'ttd' }, 0);
}

async function timestamps(driver: TopologyTestDriver): Promise<[string | null, string, number][]> {
  const out = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
  return (await out.readRecordsToList()).map((r) => [r.key, r.value, r.timestamp]);
}

describe('TestInputTopic', () => {
  it('stamps records with the topic time and auto-advances it; an explicit timestamp does not advance it', async () => {
    const driver = passThrough();
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String(), 1000, 5);
    await input.pipeInput('k', 'a'); // 1000, then 1005
    await input.pipeInput('k', 'b'); // 1005, then 1010
    await input.pipeInput('k', 'c', 50); // explicit
    await input.pipeInput('k', 'd'); // 1010
    await input.pipeInput('value only'); // null key, 1015
    await input.pipeRecord({ key: 'k', value: 'e' }); // 1020
    await input.pipeRecord({ key: 'k', value: 'f', timestamp: 7 });
    expect(await timestamps(driver)).toEqual([
      ['k', 'a', 1000],
      ['k', 'b', 1005],
      ['k', 'c', 50],
      ['k', 'd', 1010],
      [null, 'value only', 1015],
      ['k', 'e', 1020],
      ['k', 'f', 7],
    ]);
    await driver.close();
  });

  it('without auto-advance, every record gets the same start time', async () => {
    const driver = passThrough();
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String(), 500);
    await input.pipeInput('k', 'a');
    await input.pipeInput('k', 'b');
    expect((await timestamps(driver)).map((r) => r[2])).toEqual([500, 500]);
    await driver.close();
  });

  it('pipeKeyValueList and pipeValueList use the topic time, or an explicit start and step that leave the topic time alone', async () => {
    const driver = passThrough();
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String(), 100, 10);
    await input.pipeKeyValueList([KeyValue.pair('a', '1'), KeyValue.pair('b', '2')]); // 100, 110
    await input.pipeValueList(['3', '4']); // 120, 130
    await input.pipeKeyValueList([KeyValue.pair('c', '5'), KeyValue.pair('d', '6')], 5000, 100); // 5000, 5100
    await input.pipeValueList(['7', '8'], 9000, 1); // 9000, 9001
    await input.pipeInput('e', '9'); // topic time untouched by the explicit lists: 140
    expect(await timestamps(driver)).toEqual([
      ['a', '1', 100],
      ['b', '2', 110],
      [null, '3', 120],
      [null, '4', 130],
      ['c', '5', 5000],
      ['d', '6', 5100],
      [null, '7', 9000],
      [null, '8', 9001],
      ['e', '9', 140],
    ]);
    await driver.close();
  });

  it('advanceTime moves only the input topic clock: no stream time, no wall clock', async () => {
    const fired: string[] = [];
    const watcher: ProcessorSupplier<string, string, string, string> = () => ({
      init(ctx) {
        ctx.schedule(10, 'STREAM_TIME', (ts) => {
          fired.push(`stream@${ts}`);
        });
        ctx.schedule(10, 'WALL_CLOCK_TIME', (ts) => {
          fired.push(`wall@${ts}`);
        });
      },
      process: (record, ctx) => ctx.forward(record),
    });
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .process(watcher)
      .to('out', Produced.with(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'ttd' }, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String(), 0, 0);
    input.advanceTime(1000);
    expect(fired).toEqual([]);
    await input.pipeInput('k', 'v');
    expect(fired).toEqual(['stream@1000']);
    input.advanceTime(500);
    expect(fired).toEqual(['stream@1000']);
    await input.pipeInput('k', 'w');
    expect(fired).toEqual(['stream@1000', 'stream@1500']);
    expect((await timestamps(driver)).map((r) => r[2])).toEqual([1000, 1500]);
    expect(() => input.advanceTime(-1)).toThrow(RangeError);
    await driver.close();
  });
});

describe('TestOutputTopic', () => {
  it('reads one record at a time with readValue, readKeyValue and readRecord; tracks queue size', async () => {
    const driver = passThrough();
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    expect(await output.isEmpty()).toBe(true);
    expect(await output.getQueueSize()).toBe(0);
    await input.pipeInput('k1', 'v1', 1);
    await input.pipeInput('k2', 'v2', 2);
    await input.pipeRecord({ key: 'k3', value: 'v3', timestamp: 3, headers: { h: 'x' } });
    expect(await output.getQueueSize()).toBe(3);
    expect(await output.isEmpty()).toBe(false);
    expect(await output.readValue()).toBe('v1');
    expect(await output.readKeyValue()).toEqual(KeyValue.pair('k2', 'v2'));
    const rec = await output.readRecord();
    expect([rec.key, rec.value, rec.timestamp, String(rec.headers['h'])]).toEqual(['k3', 'v3', 3, 'x']);
    expect(await output.getQueueSize()).toBe(0);
    expect(await output.isEmpty()).toBe(true);
    await driver.close();
  });

  it('throws NoSuchElementError "Uninitialized topic: x" for a never-written topic and "Empty topic: x" once drained', async () => {
    const driver = passThrough();
    const never = driver.createOutputTopic('x', Serdes.String(), Serdes.String());
    await expect(never.readValue()).rejects.toThrow(NoSuchElementError);
    await expect(never.readRecord()).rejects.toThrow('Uninitialized topic: x');
    expect(await never.readRecordsToList()).toEqual([]);
    expect(await never.isEmpty()).toBe(true);
    await driver.createInputTopic('in', Serdes.String(), Serdes.String()).pipeInput('k', 'v', 1);
    const out = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    expect(await out.readValue()).toBe('v');
    await expect(out.readValue()).rejects.toThrow(NoSuchElementError);
    await expect(out.readKeyValue()).rejects.toThrow('Empty topic: out');
    await driver.close();
  });

  it('drains with readRecordsToList / readValuesToList / readKeyValuesToList; two readers of one topic share the queue', async () => {
    const driver = passThrough();
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    const a = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    const b = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    await input.pipeKeyValueList([KeyValue.pair('k1', 'v1'), KeyValue.pair('k2', 'v2')], 10, 1);
    expect(await a.readValue()).toBe('v1');
    expect(await b.readRecordsToList()).toEqual([{ key: 'k2', value: 'v2', timestamp: 11, headers: {} }]);
    expect(await a.readValuesToList()).toEqual([]);
    await input.pipeKeyValueList([KeyValue.pair('k3', 'v3')], 12);
    expect(await a.readKeyValuesToList()).toEqual([KeyValue.pair('k3', 'v3')]);
    await driver.close();
  });

  it('readKeyValuesToMap keeps the last value per key, a tombstone as null; a null key throws', async () => {
    const builder = new StreamsBuilder();
    builder.stream<string | null, string | null>('in', Consumed.with(Serdes.String(), Serdes.String())).to('out', Produced.with<string | null, string | null>(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'ttd' }, 0);
    const input = driver.createInputTopic<string | null, string | null>('in', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic<string | null, string | null>('out', Serdes.String(), Serdes.String());
    await input.pipeInput('a', '1', 1);
    await input.pipeInput('b', '2', 2);
    await input.pipeInput('a', '3', 3);
    await input.pipeInput('b', null, 4);
    expect(await output.readKeyValuesToMap()).toEqual(
      new Map<string | null, string | null>([
        ['a', '3'],
        ['b', null],
      ]),
    );
    await input.pipeInput(null, 'no key', 5);
    await expect(output.readKeyValuesToMap()).rejects.toThrow(IllegalStateError);
    await driver.close();
  });
});

describe('TopologyTestDriver stores', () => {
  function tableTopology() {
    const builder = new StreamsBuilder();
    builder.table<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()), Materialized.as('table-store'));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('plain'), Serdes.String(), Serdes.Long()));
    const seen: string[] = [];
    const lookup: ProcessorSupplier<string, string, string, string> = () => {
      let store: KeyValueStore<string, number>;
      return {
        init(ctx) {
          store = ctx.getStateStore<KeyValueStore<string, number>>('plain');
        },
        process(record) {
          seen.push(`${record.key}=${store.get(record.key) ?? 'none'}`);
        },
      };
    };
    builder.stream<string, string>('lookups', Consumed.with(Serdes.String(), Serdes.String())).process(lookup, 'plain');
    return { topology: builder.build(), seen };
  }

  it('getKeyValueStore shows a DSL (timestamped) store with plain values', async () => {
    const { topology } = tableTopology();
    const driver = new TopologyTestDriver(topology, { applicationId: 'ttd' }, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    await input.pipeInput('a', 'x', 10);
    await input.pipeInput('b', 'y', 20);
    const store = driver.getKeyValueStore<string, string>('table-store');
    expect(store?.get('a')).toBe('x');
    expect([...(store?.all() ?? [])]).toEqual([KeyValue.pair('a', 'x'), KeyValue.pair('b', 'y')]);
    expect(driver.getTimestampedKeyValueStore<string, string>('table-store')?.get('b')).toEqual({ value: 'y', timestamp: 20 });
    // a plain store is not timestamped
    expect(driver.getTimestampedKeyValueStore('plain')).toBeUndefined();
    expect(driver.getKeyValueStore('unknown')).toBeUndefined();
    await driver.close();
  });

  it('getStateStore refuses built-in stores and names the typed getters', async () => {
    const { topology } = tableTopology();
    const driver = new TopologyTestDriver(topology, { applicationId: 'ttd' }, 0);
    await driver.createInputTopic('in', Serdes.String(), Serdes.String()).pipeInput('a', 'x', 1);
    expect(() => driver.getStateStore('table-store')).toThrow(/use the typed getter \(getKeyValueStore/);
    expect(() => driver.getStateStore('plain')).toThrow(IllegalStateError);
    expect(driver.getStateStore('unknown')).toBeUndefined();
    expect([...driver.getAllStateStores().keys()].sort()).toEqual(['plain', 'table-store']);
    await driver.close();
  });

  it('allows pre-populating a store before piping input', async () => {
    const { topology, seen } = tableTopology();
    const driver = new TopologyTestDriver(topology, { applicationId: 'ttd' }, 0);
    const plain = driver.getKeyValueStore<string, number>('plain');
    expect(plain).toBeDefined();
    plain?.put('a', 42);
    const lookups = driver.createInputTopic('lookups', Serdes.String(), Serdes.String());
    await lookups.pipeInput('a', '?', 1);
    await lookups.pipeInput('b', '?', 2);
    expect(seen).toEqual(['a=42', 'b=none']);
    await driver.close();
  });
});

describe('TopologyTestDriver lifecycle', () => {
  it('close() closes processors once and refuses further input', async () => {
    const closed: string[] = [];
    const closing: ProcessorSupplier<string, string, string, string> = () => ({
      process: (record, ctx) => ctx.forward(record),
      close: () => {
        closed.push('closed');
      },
    });
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .process(closing)
      .to('out', Produced.with(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'ttd' }, 0);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    await input.pipeInput('k', 'v', 1);
    await driver.close();
    await driver.close();
    expect(closed).toEqual(['closed']);
    await expect(input.pipeInput('k', 'v', 2)).rejects.toThrow(IllegalStateError);
    // what was produced before close can still be read
    expect(await driver.createOutputTopic('out', Serdes.String(), Serdes.String()).readValue()).toBe('v');
  });

  it('supports await using (Symbol.asyncDispose)', async () => {
    let closedCount = 0;
    const builder = new StreamsBuilder();
    builder.stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String())).process(() => ({
      process: () => undefined,
      close: () => {
        closedCount++;
      },
    }));
    {
      await using driver = new TopologyTestDriver(builder.build(), { applicationId: 'ttd' }, 0);
      await driver.createInputTopic('in', Serdes.String(), Serdes.String()).pipeInput('k', 'v', 1);
    }
    expect(closedCount).toBe(1);
  });

  it('the wall clock starts at the given time and moves only with advanceWallClockTime', async () => {
    const times: number[] = [];
    const builder = new StreamsBuilder();
    builder.stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String())).process(() => ({
      process: (_record, ctx) => {
        times.push(ctx.currentSystemTimeMs());
      },
    }));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'ttd' }, 12_345);
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    await input.pipeInput('k', 'v', 99_999);
    await driver.advanceWallClockTime(5);
    await input.pipeInput('k', 'v', 1);
    expect(times).toEqual([12_345, 12_350]);
    await driver.close();
  });

  it('emits from a punctuation through the topology to an output topic', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
      .process<string, string>(() => ({
        init(ctx) {
          ctx.schedule(100, 'WALL_CLOCK_TIME', (ts) => ctx.forward(new StreamRecord('p', 'tick', ts)));
        },
        process: () => undefined,
      }))
      .mapValues((v) => v.toUpperCase())
      .to('out', Produced.with(Serdes.String(), Serdes.String()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'ttd' }, 0);
    await driver.advanceWallClockTime(100);
    expect(await driver.createOutputTopic('out', Serdes.String(), Serdes.String()).readRecordsToList()).toEqual([
      { key: 'p', value: 'TICK', timestamp: 100, headers: {} },
    ]);
    await driver.close();
  });
});
