import { afterEach, describe, expect, it } from 'vitest';
import {
  Consumed, JoinWindows, KeyValue, Produced, Serdes, StreamJoined, Stores, StreamsBuilder, TopologyError, TopologyTestDriver, type KStream,
} from '../../src/index.js';
import type { Serde } from '../../src/serdes/serde.js';
import * as expected from './stream-stream-join-expected.js';

const toStringJoiner = (v1: unknown, v2: unknown): string => `${String(v1)}+${String(v2)}`;
const drivers: TopologyTestDriver[] = [];
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.close();
});

type Kind = 'join' | 'leftJoin' | 'outerJoin';

/** Calls `left.<kind>(right, …)`: the three methods' overloads differ, so a union of them is not callable. */
function joinBy<K, V, VO>(kind: Kind, left: KStream<K, V>, right: KStream<K, VO>, windows: JoinWindows, sj?: StreamJoined<K, V, VO>): KStream<K, string> {
  switch (kind) {
    case 'join':
      return left.join(right, toStringJoiner, windows, sj);
    case 'leftJoin':
      return left.leftJoin(right, toStringJoiner, windows, sj);
    case 'outerJoin':
      return left.outerJoin(right, toStringJoiner, windows, sj);
  }
}
/** Serdes.Integer() for keys that may be null (null serializes to null). */
const nullableInt = Serdes.Integer() as Serde<number | null>;
const nullableString = Serdes.String() as Serde<string | null>;

/** TopologyTest's setup: two streams without serdes, joined with StreamJoined.with(Integer, String, String). */
function describeJoin(kind: Kind, configure: (sj: StreamJoined<number, string, string>, windows: JoinWindows) => StreamJoined<number, string, string> = (sj) => sj): string {
  const builder = new StreamsBuilder();
  const stream1 = builder.stream<number, string>('input-topic1');
  const stream2 = builder.stream<number, string>('input-topic2');
  const windows = JoinWindows.ofTimeDifferenceWithNoGrace(100);
  const sj = configure(StreamJoined.with(Serdes.Integer(), Serdes.String(), Serdes.String()), windows);
  joinBy(kind, stream1, stream2, windows, sj);
  return builder.build().describe().toString();
}

const withSuppliers = (sj: StreamJoined<number, string, string>, w: JoinWindows) =>
  sj
    .withThisStoreSupplier(Stores.inMemoryWindowStore('in-memory-join-store', w.sizeMs + w.graceMs, w.sizeMs, true))
    .withOtherStoreSupplier(Stores.inMemoryWindowStore('in-memory-join-store-other', w.sizeMs + w.graceMs, w.sizeMs, true));
const withStoreName = (sj: StreamJoined<number, string, string>) => sj.withStoreName('custom-name');

describe('stream-stream join describe() (Kafka TopologyTest)', () => {
  it('streamStreamJoinTopologyWithDefaultStoresNames (topology-describe.md example C)', () => {
    expect(describeJoin('join')).toBe(expected.JOIN_DEFAULT);
  });
  it('streamStreamJoinTopologyWithCustomStoresNames', () => {
    expect(describeJoin('join', withStoreName)).toBe(expected.JOIN_CUSTOM_NAMES);
  });
  it('streamStreamJoinTopologyWithCustomStoresSuppliers', () => {
    expect(describeJoin('join', withSuppliers)).toBe(expected.JOIN_CUSTOM_SUPPLIERS);
  });
  it('streamStreamLeftJoinTopologyWithDefaultStoresNames', () => {
    expect(describeJoin('leftJoin')).toBe(expected.LEFT_DEFAULT);
  });
  it('streamStreamLeftJoinTopologyWithCustomStoresNames', () => {
    expect(describeJoin('leftJoin', withStoreName)).toBe(expected.LEFT_CUSTOM_NAMES);
  });
  it('streamStreamLeftJoinTopologyWithCustomStoresSuppliers', () => {
    expect(describeJoin('leftJoin', withSuppliers)).toBe(expected.LEFT_CUSTOM_SUPPLIERS);
  });
  it('streamStreamOuterJoinTopologyWithDefaultStoresNames', () => {
    expect(describeJoin('outerJoin')).toBe(expected.OUTER_DEFAULT);
  });
  it('streamStreamOuterJoinTopologyWithCustomStoresNames', () => {
    expect(describeJoin('outerJoin', withStoreName)).toBe(expected.OUTER_CUSTOM_NAMES);
  });
  it('streamStreamOuterJoinTopologyWithCustomStoresSuppliers', () => {
    expect(describeJoin('outerJoin', withSuppliers)).toBe(expected.OUTER_CUSTOM_SUPPLIERS);
  });
});

/** KStreamKStreamJoinTest's repartition setup: stream1.map swaps key and value, then joins stream2 and stream3. */
function repartitionedJoins(names?: [string, string]): string {
  const builder = new StreamsBuilder();
  const c = Consumed.with(Serdes.String(), Serdes.String());
  const stream1 = builder.stream('topic', c);
  const stream2 = builder.stream('topic2', c);
  const stream3 = builder.stream('topic3', c);
  const newStream = stream1.map((k, v) => KeyValue.pair(v, k));
  const join = (v1: string, v2: string) => v1 + v2;
  const windows = JoinWindows.ofTimeDifferenceWithNoGrace(100);
  const sj = StreamJoined.with(Serdes.String(), Serdes.String(), Serdes.String());
  newStream.join(stream2, join, windows, names === undefined ? undefined : sj.withName(names[0])).to('out-one');
  newStream.join(stream3, join, windows, names === undefined ? undefined : sj.withName(names[1])).to(names === undefined ? 'out-to' : 'out-two');
  return builder.build().describe().toString();
}

describe('stream-stream join repartitioning (KStreamKStreamJoinTest)', () => {
  it('shouldReuseRepartitionTopicWithGeneratedName', () => {
    expect(repartitionedJoins()).toBe(expected.GENERATED_REPARTITION);
  });
  it('shouldCreateRepartitionTopicsWithUserProvidedName', () => {
    expect(repartitionedJoins(['first-join', 'second-join'])).toBe(expected.USER_NAMED_REPARTITION);
  });
});

/** A driver over `left.<kind>(right)` with Integer keys and String values, writing to `out`. */
function joinDriver(kind: Kind, windows: JoinWindows, rekey = false) {
  const builder = new StreamsBuilder();
  const c = Consumed.with(nullableInt, nullableString);
  let left: KStream<number | null, string | null> = builder.stream('left', c);
  if (rekey) left = left.selectKey((k) => k);
  const right = builder.stream('right', c);
  joinBy(kind, left, right, windows, StreamJoined.with(nullableInt, nullableString, nullableString)).to('out', Produced.with(nullableInt, Serdes.String()));
  const driver = new TopologyTestDriver(builder.build(), { applicationId: 'ssj' }, 0);
  drivers.push(driver);
  return {
    driver,
    left: driver.createInputTopic('left', nullableInt, nullableString),
    right: driver.createInputTopic('right', nullableInt, nullableString),
    out: async () => (await driver.createOutputTopic('out', nullableInt, Serdes.String()).readRecordsToList()).map((r) => `${String(r.key)}:${r.value}@${r.timestamp}`),
    dropped: () => driver.metricValue('dropped-records-total'),
  };
}

describe('stream-stream join null keys and values (kafka-semantics.md item 9)', () => {
  it('inner join drops null keys and null values and counts them', async () => {
    const t = joinDriver('join', JoinWindows.ofTimeDifferenceWithNoGrace(100));
    await t.left.pipeInput(null, 'A', 0);
    await t.right.pipeInput(null, 'a', 0);
    await t.left.pipeInput(1, null, 0);
    await t.right.pipeInput(1, 'b', 0);
    expect(await t.out()).toEqual([]);
    expect(t.dropped()).toBe(3);
  });

  it('left join emits a null-keyed left record at once, null-padded; a null-keyed right record is dropped', async () => {
    const t = joinDriver('leftJoin', JoinWindows.ofTimeDifferenceWithNoGrace(100));
    await t.left.pipeInput(null, 'A', 5);
    await t.right.pipeInput(null, 'a', 6);
    expect(await t.out()).toEqual(['null:A+null@5']);
    expect(t.dropped()).toBe(1);
  });

  it('outer join emits null-keyed records of both sides at once, null-padded', async () => {
    const t = joinDriver('outerJoin', JoinWindows.ofTimeDifferenceWithNoGrace(100));
    await t.left.pipeInput(null, 'A', 5);
    await t.right.pipeInput(null, 'a', 6);
    await t.left.pipeInput(null, null, 7);
    expect(await t.out()).toEqual(['null:A+null@5', 'null:null+a@6']);
    expect(t.dropped()).toBe(1);
  });

  it('a left join after a key change keeps null keys through the repartition topic', async () => {
    const t = joinDriver('leftJoin', JoinWindows.ofTimeDifferenceWithNoGrace(100), true);
    await t.left.pipeInput(null, 'A', 5);
    expect(await t.out()).toEqual(['null:A+null@5']);
  });

  it('an inner join after a key change drops null keys in the repartition filter', async () => {
    const t = joinDriver('join', JoinWindows.ofTimeDifferenceWithNoGrace(100), true);
    await t.left.pipeInput(null, 'A', 5);
    expect(await t.out()).toEqual([]);
  });
});

describe('stream-stream join unmatched results', () => {
  it('emits unmatched results only after window + grace, by timestamp, the right side first at equal timestamps', async () => {
    const t = joinDriver('outerJoin', JoinWindows.ofTimeDifferenceAndGrace(10, 5));
    await t.left.pipeInput(2, 'L2', 20);
    await t.right.pipeInput(1, 'r1', 20);
    await t.left.pipeInput(1, 'L1', 10);
    expect(await t.out()).toEqual(['1:L1+r1@20']);
    await t.right.pipeInput(3, 'r3', 35); // 20 + 10 + 5 = 35: not closed yet
    expect(await t.out()).toEqual([]);
    await t.right.pipeInput(3, 'r3b', 36);
    expect(await t.out()).toEqual(['2:L2+null@20']);
    await t.left.pipeInput(9, 'L9', 60);
    expect(await t.out()).toEqual(['3:null+r3@35', '3:null+r3b@36']);
  });

  it('a record whose window already closed is emitted null-padded at once (late, not buffered)', async () => {
    const t = joinDriver('leftJoin', JoinWindows.ofTimeDifferenceWithNoGrace(10));
    await t.left.pipeInput(1, 'A', 100);
    await t.left.pipeInput(2, 'B', 50);
    expect(await t.out()).toEqual(['2:B+null@50']);
  });
});

describe('StreamJoined store suppliers (KStreamKStreamJoinTest)', () => {
  const windows = JoinWindows.ofTimeDifferenceAndGrace(50, 50);
  const build = (sj: StreamJoined<string, number, number>) => {
    const builder = new StreamsBuilder();
    const left = builder.stream('left', Consumed.with(Serdes.String(), Serdes.Integer()));
    const right = builder.stream('right', Consumed.with(Serdes.String(), Serdes.Integer()));
    left.join(right, (a, b) => a + b, windows, sj);
  };
  const sj = StreamJoined.with(Serdes.String(), Serdes.Integer(), Serdes.Integer());
  it('shouldThrowExceptionThisStoreSupplierRetentionDoNotMatchWindowsSizeAndGrace', () => {
    expect(() => build(sj.withThisStoreSupplier(Stores.inMemoryWindowStore('name', 500, 100, true)))).toThrow(/Window settings mismatch/);
  });
  it('shouldThrowExceptionOtherStoreSupplierWindowSizeDoesNotMatchJoinWindowsWindowSize', () => {
    expect(() => build(sj.withOtherStoreSupplier(Stores.inMemoryWindowStore('name', 150, 50, true)))).toThrow(TopologyError);
  });
  it('shouldThrowExceptionWhenThisJoinStoreSetsRetainDuplicatesFalse', () => {
    expect(() => build(sj.withThisStoreSupplier(Stores.inMemoryWindowStore('name', 150, 100, false)))).toThrow('The StoreSupplier must set retainDuplicates=true, found retainDuplicates=false');
  });
  it('shouldExceptionWhenJoinStoresDoNotHaveUniqueNames', () => {
    const s = Stores.inMemoryWindowStore('same', 150, 100, true);
    expect(() => build(sj.withThisStoreSupplier(s).withOtherStoreSupplier(s))).toThrow('Both StoreSuppliers have the same name.  StoreSuppliers must provide unique names');
  });
  it('shouldBuildJoinWithCustomStoresAndCorrectWindowSettings', () => {
    const s = (name: string) => Stores.inMemoryWindowStore(name, 150, 100, true);
    expect(() => build(sj.withThisStoreSupplier(s('a')).withOtherStoreSupplier(s('b')))).not.toThrow();
  });
});
