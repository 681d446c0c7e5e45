import { describe, expect, it } from 'vitest';
import {
  BufferConfig,
  Consumed,
  Grouped,
  KeyValue,
  Materialized,
  Produced,
  Serdes,
  SessionWindows,
  SlidingWindows,
  StreamRecord,
  StreamsBuilder,
  StreamsError,
  Suppressed,
  TimeWindows,
  Topology,
  TopologyError,
  TopologyTestDriver,
  WindowedSerdes,
  type Change,
  type KGroupedStream,
  type KTable,
  type Serde,
  type Windowed,
} from '../../../src/index.js';
import { suppressProcessor, type SuppressSpec } from '../../../src/dsl/processors/suppress.js';
import { InMemoryTimeOrderedKeyValueBuffer, timeOrderedBufferBuilder } from '../../../src/state/in-memory/in-memory-time-ordered-buffer.js';

// Replays Kafka Streams 4.0's SuppressScenarioTest (through the DSL and the test driver) and
// KTableSuppressProcessorTest (the processor alone, fed Changes through a Processor API topology): same inputs,
// timestamps and expected outputs.

const S = Serdes.String();
const L = Serdes.Long();
type KVT<V> = [string, V, number];

/** Java's Windowed.toString(): `[key@start/end]`. */
const wstr = (k: Windowed<string>) => `[${k.key}@${k.window.start}/${k.window.end}]`;

async function drain<V>(driver: TopologyTestDriver, topic: string, valueSerde: Serde<V>): Promise<KVT<V | null>[]> {
  const records = await driver.createOutputTopic(topic, S, valueSerde).readRecordsToList();
  return records.map((r) => [r.key, r.value, r.timestamp]);
}

/** builder.table("input").groupBy((k, v) -> (v, k)).count(), as in SuppressScenarioTest. */
function valueCounts(builder: StreamsBuilder, materializedCount = false) {
  const grouped = builder
    .table('input', Consumed.with(S, S), Materialized.with<string, string>(S, S).withCachingDisabled().withLoggingDisabled())
    .groupBy((k, v) => KeyValue.pair(v, k), Grouped.with(S, S));
  return materializedCount ? grouped.count(Materialized.with<string, number>(S, L)) : grouped.count();
}

const RAW_FIRST: KVT<number>[] = [['v1', 1, 0], ['v1', 0, 1], ['v2', 1, 1], ['v1', 1, 2]];

describe('SuppressScenarioTest', () => {
  it('shouldImmediatelyEmitEventsWithZeroEmitAfter', async () => {
    const builder = new StreamsBuilder();
    const counts = valueCounts(builder);
    counts.suppress(Suppressed.untilTimeLimit(0, BufferConfig.unbounded())).toStream().to('output-suppressed', Produced.with(S, L));
    counts.toStream().to('output-raw', Produced.with(S, L));
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('input', S, S);
    await input.pipeInput('k1', 'v1', 0);
    await input.pipeInput('k1', 'v2', 1);
    await input.pipeInput('k2', 'v1', 2);
    expect(await drain(driver, 'output-raw', L)).toEqual(RAW_FIRST);
    expect(await drain(driver, 'output-suppressed', L)).toEqual(RAW_FIRST);
    await input.pipeInput('x', 'x', 3);
    expect(await drain(driver, 'output-raw', L)).toEqual([['x', 1, 3]]);
    expect(await drain(driver, 'output-suppressed', L)).toEqual([['x', 1, 3]]);
    await input.pipeInput('x', 'y', 4);
    expect(await drain(driver, 'output-raw', L)).toEqual([['x', 0, 4], ['y', 1, 4]]);
    expect(await drain(driver, 'output-suppressed', L)).toEqual([['x', 0, 4], ['y', 1, 4]]);
    await driver.close();
  });

  it('shouldSuppressIntermediateEventsWithTimeLimit', async () => {
    const builder = new StreamsBuilder();
    const counts = valueCounts(builder);
    counts.suppress(Suppressed.untilTimeLimit(2, BufferConfig.unbounded())).toStream().to('output-suppressed', Produced.with(S, L));
    counts.toStream().to('output-raw', Produced.with(S, L));
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('input', S, S);
    await input.pipeInput('k1', 'v1', 0);
    await input.pipeInput('k1', 'v2', 1);
    await input.pipeInput('k2', 'v1', 2);
    expect(await drain(driver, 'output-raw', L)).toEqual(RAW_FIRST);
    expect(await drain(driver, 'output-suppressed', L)).toEqual([['v1', 1, 2]]);
    // a dummy "tick" record just to advance stream time
    await input.pipeInput('tick', 'tick', 3);
    expect(await drain(driver, 'output-raw', L)).toEqual([['tick', 1, 3]]);
    // stream time is now 3, so it's time to emit this record
    expect(await drain(driver, 'output-suppressed', L)).toEqual([['v2', 1, 1]]);
    await input.pipeInput('tick', 'tock', 4);
    expect(await drain(driver, 'output-raw', L)).toEqual([['tick', 0, 4], ['tock', 1, 4]]);
    // tick is still buffered, since it was first inserted at time 3, and it is only time 4 right now.
    expect(await drain(driver, 'output-suppressed', L)).toEqual([]);
    await driver.close();
  });

  for (const [title, config] of [
    ['shouldSuppressIntermediateEventsWithRecordLimit', BufferConfig.maxRecords(1).emitEarlyWhenFull()],
    // Kafka: "the entries are a little over 100 bytes in size"
    ['shouldSuppressIntermediateEventsWithBytesLimit', BufferConfig.maxBytes(200).emitEarlyWhenFull()],
  ] as const) {
    it(title, async () => {
      const builder = new StreamsBuilder();
      const counts = valueCounts(builder, title.endsWith('RecordLimit'));
      counts.suppress(Suppressed.untilTimeLimit(Number.POSITIVE_INFINITY, config)).toStream().to('output-suppressed', Produced.with(S, L));
      counts.toStream().to('output-raw', Produced.with(S, L));
      const driver = new TopologyTestDriver(builder.build());
      const input = driver.createInputTopic('input', S, S);
      await input.pipeInput('k1', 'v1', 0);
      await input.pipeInput('k1', 'v2', 1);
      await input.pipeInput('k2', 'v1', 2);
      expect(await drain(driver, 'output-raw', L)).toEqual(RAW_FIRST);
      // consecutive updates to v1 get suppressed into only the latter; the last update waits for another key.
      expect(await drain(driver, 'output-suppressed', L)).toEqual([['v1', 0, 1], ['v2', 1, 1]]);
      await input.pipeInput('x', 'x', 3);
      expect(await drain(driver, 'output-raw', L)).toEqual([['x', 1, 3]]);
      // now we see that last update to v1, but we won't see the update to x until it gets evicted
      expect(await drain(driver, 'output-suppressed', L)).toEqual([['v1', 1, 2]]);
      await driver.close();
    });
  }

  /** The final-results scenarios: a windowed count, suppressed until its windows close, and the raw updates. */
  function finalResults(windowed: (g: KGroupedStream<string, string>) => KTable<Windowed<string>, number>) {
    const builder = new StreamsBuilder();
    const counts = windowed(builder.stream<string, string>('input', Consumed.with(S, S)).groupBy((k: string) => k, Grouped.with(S, S)));
    counts
      .suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()))
      .toStream()
      .map((k, v) => KeyValue.pair(wstr(k), v))
      .to('output-suppressed', Produced.with(S, L));
    counts
      .toStream()
      .map((k, v) => KeyValue.pair(wstr(k), v))
      .to('output-raw', Produced.with(S, L));
    return builder;
  }
  const countStore = () => Materialized.as<string, number>('counts').withCachingDisabled().withKeySerde(S);

  it('shouldSupportFinalResultsForTimeWindows', async () => {
    const builder = finalResults((g) => g.windowedBy(TimeWindows.ofSizeAndGrace(2, 1)).count(Materialized.as<string, number>('counts').withCachingDisabled()));
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('input', S, S);
    for (const t of [0, 1, 2, 1, 0, 5]) await input.pipeInput('k1', 'v1', t);
    // note this last record gets dropped because it is out of the grace period
    await input.pipeInput('k1', 'v1', 0);
    expect(await drain(driver, 'output-raw', L)).toEqual([
      ['[k1@0/2]', 1, 0], ['[k1@0/2]', 2, 1], ['[k1@2/4]', 1, 2], ['[k1@0/2]', 3, 1], ['[k1@0/2]', 4, 1], ['[k1@4/6]', 1, 5],
    ]);
    expect(await drain(driver, 'output-suppressed', L)).toEqual([['[k1@0/2]', 4, 1], ['[k1@2/4]', 1, 2]]);
    await driver.close();
  });

  it('shouldSupportFinalResultsForTimeWindowsWithLargeJump', async () => {
    const builder = finalResults((g) => g.windowedBy(TimeWindows.ofSizeAndGrace(2, 2)).count(countStore()));
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('input', S, S);
    for (const t of [0, 1, 2, 0, 3, 0, 4]) await input.pipeInput('k1', 'v1', t);
    // this update should get dropped, since the previous event advanced the stream time and closed the window.
    await input.pipeInput('k1', 'v1', 0);
    await input.pipeInput('k1', 'v1', 30);
    expect(await drain(driver, 'output-raw', L)).toEqual([
      ['[k1@0/2]', 1, 0], ['[k1@0/2]', 2, 1], ['[k1@2/4]', 1, 2], ['[k1@0/2]', 3, 1], ['[k1@2/4]', 2, 3], ['[k1@0/2]', 4, 1],
      ['[k1@4/6]', 1, 4], ['[k1@30/32]', 1, 30],
    ]);
    expect(await drain(driver, 'output-suppressed', L)).toEqual([['[k1@0/2]', 4, 1], ['[k1@2/4]', 2, 3], ['[k1@4/6]', 1, 4]]);
    await driver.close();
  });

  it('shouldSupportFinalResultsForSlidingWindows', async () => {
    const builder = finalResults((g) => g.windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(5, 15)).count(countStore()));
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('input', S, S);
    for (const t of [10, 11, 10, 13, 10, 24]) await input.pipeInput('k1', 'v1', t);
    // these updates fall in windows still open (grace 15)
    await input.pipeInput('k1', 'v1', 5);
    await input.pipeInput('k1', 'v1', 7);
    // final record to advance stream time and flush windows
    await input.pipeInput('k1', 'v1', 90);
    const raw = await drain(driver, 'output-raw', L);
    raw.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[2] - b[2]));
    expect(raw).toEqual([
      ['[k1@11/16]', 1, 11], ['[k1@11/16]', 2, 13], ['[k1@12/17]', 1, 13], ['[k1@19/24]', 1, 24], ['[k1@5/10]', 1, 10],
      ['[k1@5/10]', 2, 10], ['[k1@5/10]', 3, 10], ['[k1@5/10]', 4, 10], ['[k1@5/10]', 5, 10], ['[k1@6/11]', 2, 11],
      ['[k1@6/11]', 3, 11], ['[k1@6/11]', 4, 11], ['[k1@6/11]', 5, 11], ['[k1@8/13]', 4, 13], ['[k1@8/13]', 5, 13],
      ['[k1@85/90]', 1, 90],
    ]);
    expect(await drain(driver, 'output-suppressed', L)).toEqual([
      ['[k1@5/10]', 5, 10], ['[k1@6/11]', 5, 11], ['[k1@8/13]', 5, 13], ['[k1@11/16]', 2, 13], ['[k1@12/17]', 1, 13], ['[k1@19/24]', 1, 24],
    ]);
    await driver.close();
  });

  it('shouldSupportFinalResultsForSessionWindows', async () => {
    const builder = finalResults((g) =>
      g.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5)).count(Materialized.as<string, number>('counts').withCachingDisabled()),
    );
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('input', S, S);
    // first window
    await input.pipeInput('k1', 'v1', 0);
    await input.pipeInput('k1', 'v1', 5);
    // arbitrarily disordered records are admitted, because the *window* is not closed until stream-time > window-end + grace
    await input.pipeInput('k1', 'v1', 1);
    // any record in the same partition advances stream time (note the key is different)
    await input.pipeInput('k2', 'v1', 11);
    // late event for first window - this should get dropped from all streams, since the first window is now closed.
    await input.pipeInput('k1', 'v1', 5);
    // just pushing stream time forward to flush the other events through.
    await input.pipeInput('k1', 'v1', 30);
    expect(await drain(driver, 'output-raw', L)).toEqual([
      ['[k1@0/0]', 1, 0], ['[k1@0/0]', null, 0], ['[k1@0/5]', 2, 5], ['[k1@0/5]', null, 5], ['[k1@0/5]', 3, 5], ['[k2@11/11]', 1, 11],
      ['[k1@30/30]', 1, 30],
    ]);
    expect(await drain(driver, 'output-suppressed', L)).toEqual([['[k1@0/5]', 3, 5], ['[k2@11/11]', 1, 11]]);
    await driver.close();
  });

  it('shouldWorkBeforeGroupBy', async () => {
    const builder = new StreamsBuilder();
    builder
      .table('topic', Consumed.with(S, S))
      .suppress(Suppressed.untilTimeLimit(10, BufferConfig.unbounded()))
      .groupBy((k, v) => KeyValue.pair(k, v), Grouped.with(S, S))
      .count()
      .toStream()
      .to('output', Produced.with(S, L));
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('topic', S, S);
    await input.pipeInput('A', 'a', 0);
    await input.pipeInput('tick', 'tick', 10);
    expect(await drain(driver, 'output', L)).toEqual([['A', 1, 0]]);
    await driver.close();
  });

  it('shouldWorkBeforeJoinRight', async () => {
    const builder = new StreamsBuilder();
    const left = builder.table('left', Consumed.with(S, S));
    const right = builder.table('right', Consumed.with(S, S)).suppress(Suppressed.untilTimeLimit(10, BufferConfig.unbounded()));
    left
      .outerJoin(right, (l: string | null, r: string | null) => `(${l},${r})`)
      .toStream()
      .to('output', Produced.with(S, S));
    const driver = new TopologyTestDriver(builder.build());
    const inputRight = driver.createInputTopic('right', S, S);
    const inputLeft = driver.createInputTopic('left', S, S);
    await inputRight.pipeInput('B', '1', 0);
    await inputRight.pipeInput('A', '1', 0);
    expect(await drain(driver, 'output', S)).toEqual([]); // buffered
    await inputRight.pipeInput('tick', 'tick', 10);
    expect(await drain(driver, 'output', S)).toEqual([['A', '(null,1)', 0], ['B', '(null,1)', 0]]); // flushed
    await inputRight.pipeInput('A', '2', 11);
    expect(await drain(driver, 'output', S)).toEqual([]); // buffered
    await inputLeft.pipeInput('A', 'a', 12);
    expect(await drain(driver, 'output', S)).toEqual([['A', '(a,1)', 12]]); // joins with the previously emitted right side
    await inputLeft.pipeInput('B', 'b', 12);
    expect(await drain(driver, 'output', S)).toEqual([['B', '(b,1)', 12]]); // B is no longer buffered: the parent's view
    await inputLeft.pipeInput('A', 'b', 13);
    expect(await drain(driver, 'output', S)).toEqual([['A', '(b,1)', 13]]);
    await inputRight.pipeInput('tick', 'tick1', 21);
    expect(await drain(driver, 'output', S)).toEqual([['tick', '(null,tick1)', 21], ['A', '(b,2)', 13]]);
    await driver.close();
  });

  it('shouldWorkBeforeJoinLeft', async () => {
    const builder = new StreamsBuilder();
    const left = builder.table('left', Consumed.with(S, S)).suppress(Suppressed.untilTimeLimit(10, BufferConfig.unbounded()));
    const right = builder.table('right', Consumed.with(S, S));
    left
      .outerJoin(right, (l: string | null, r: string | null) => `(${l},${r})`)
      .toStream()
      .to('output', Produced.with(S, S));
    const driver = new TopologyTestDriver(builder.build());
    const inputRight = driver.createInputTopic('right', S, S);
    const inputLeft = driver.createInputTopic('left', S, S);
    await inputLeft.pipeInput('B', '1', 0);
    await inputLeft.pipeInput('A', '1', 0);
    expect(await drain(driver, 'output', S)).toEqual([]);
    await inputLeft.pipeInput('tick', 'tick', 10);
    expect(await drain(driver, 'output', S)).toEqual([['A', '(1,null)', 0], ['B', '(1,null)', 0]]);
    await inputLeft.pipeInput('A', '2', 11);
    expect(await drain(driver, 'output', S)).toEqual([]);
    await inputRight.pipeInput('A', 'a', 12);
    expect(await drain(driver, 'output', S)).toEqual([['A', '(1,a)', 12]]);
    await inputRight.pipeInput('B', 'b', 12);
    expect(await drain(driver, 'output', S)).toEqual([['B', '(1,b)', 12]]);
    await inputRight.pipeInput('A', 'b', 13);
    expect(await drain(driver, 'output', S)).toEqual([['A', '(1,b)', 13]]);
    await inputLeft.pipeInput('tick', 'tick1', 21);
    expect(await drain(driver, 'output', S)).toEqual([['tick', '(tick1,null)', 21], ['A', '(2,b)', 13]]);
    await driver.close();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// KTableSuppressProcessorTest: the processor alone, fed Changes (value JSON {n: new, o: old}) through a Processor
// API topology; the buffer's logging is disabled, as in Kafka's harness.

interface In {
  readonly n: number | null;
  readonly o: number | null;
}
const ARBITRARY_LONG = 5;
const ARBITRARY_CHANGE: In = { n: 7, o: 14 };

function harness<K>(spec: SuppressSpec, keySerde: Serde<K>) {
  const forwarded: StreamRecord<K, Change<number>>[] = [];
  const topology = new Topology()
    .addSource('src', 'in', { keySerde, valueSerde: Serdes.JSON<In>() })
    .addProcessor<K, In, K, Change<number>>('to-change', () => ({ process: (r, ctx) => ctx.forward(r.withValue({ newValue: r.value.n, oldValue: r.value.o })) }), 'src')
    .addProcessor('testNode', suppressProcessor<K, number>('testNode', 'test-store', spec), 'to-change')
    .addProcessor<K, Change<number>, never, never>('capture', () => ({ process: (r) => void forwarded.push(r) }), 'testNode')
    .addStateStore(timeOrderedBufferBuilder('test-store', keySerde, L, undefined), 'testNode');
  const driver = new TopologyTestDriver(topology);
  const input = driver.createInputTopic('in', keySerde, Serdes.JSON<In>());
  const pipe = (key: K, value: In, timestamp: number, headers?: Record<string, string>) =>
    input.pipeRecord({ key, value, timestamp, ...(headers === undefined ? {} : { headers }) });
  const out = () => forwarded.map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp }));
  return { driver, pipe, out, forwarded };
}

const UNBOUNDED = { maxRecords: Number.POSITIVE_INFINITY, maxBytes: Number.POSITIVE_INFINITY, bufferFullStrategy: 'SHUT_DOWN' } as const;
const untilTimeLimit = (ms: number, limits: Pick<SuppressSpec, 'maxRecords' | 'maxBytes' | 'bufferFullStrategy'> = UNBOUNDED): SuppressSpec => ({
  ...limits,
  suppressDurationMs: ms,
  timeDefinition: 'RECORD_TIME',
  safeToDropTombstones: false,
});
const finalResults = (graceMs: number): SuppressSpec => ({ ...UNBOUNDED, suppressDurationMs: graceMs, timeDefinition: 'WINDOW_END_TIME', safeToDropTombstones: true });
const maxRecords = (n: number) => ({ maxRecords: n, maxBytes: Number.POSITIVE_INFINITY, bufferFullStrategy: 'EMIT' }) as const;
const maxBytes = (n: number) => ({ maxRecords: Number.POSITIVE_INFINITY, maxBytes: n, bufferFullStrategy: 'EMIT' }) as const;
const change = (v: In): Change<number> => ({ newValue: v.n, oldValue: v.o });
const win = (key: string, start: number, end: number): Windowed<string> => ({ key, window: { start, end } });
const DAYS_100 = 100 * 24 * 3_600_000;

describe('KTableSuppressProcessorTest', () => {
  it('zeroTimeLimitShouldImmediatelyEmit', async () => {
    const h = harness(untilTimeLimit(0), S);
    await h.pipe('hey', ARBITRARY_CHANGE, ARBITRARY_LONG);
    expect(h.out()).toEqual([{ key: 'hey', value: change(ARBITRARY_CHANGE), timestamp: ARBITRARY_LONG }]);
  });

  it('windowedZeroTimeLimitShouldImmediatelyEmit', async () => {
    const h = harness(untilTimeLimit(0), WindowedSerdes.timeWindowedSerdeFrom(S, 100));
    await h.pipe(win('hey', 0, 100), ARBITRARY_CHANGE, ARBITRARY_LONG);
    expect(h.out()).toEqual([{ key: win('hey', 0, 100), value: change(ARBITRARY_CHANGE), timestamp: ARBITRARY_LONG }]);
  });

  it('intermediateSuppressionShouldBufferAndEmitLater', async () => {
    const h = harness(untilTimeLimit(1), S);
    await h.pipe('hey', { n: null, o: 1 }, 0);
    expect(h.out()).toEqual([]);
    await h.pipe('tick', { n: null, o: null }, 1);
    expect(h.out()).toEqual([{ key: 'hey', value: { newValue: null, oldValue: 1 }, timestamp: 0 }]);
  });

  it('finalResultsSuppressionShouldBufferAndEmitAtGraceExpiration', async () => {
    const h = harness(finalResults(1), WindowedSerdes.timeWindowedSerdeFrom(S, 1));
    await h.pipe(win('hey', 99, 100), ARBITRARY_CHANGE, 99);
    expect(h.out()).toEqual([]);
    // although the stream time is now 100, we have to wait 1 ms after the window *end* before we emit "hey"
    await h.pipe(win('dummyKey1', 100, 101), ARBITRARY_CHANGE, 100);
    expect(h.out()).toEqual([]);
    // ok, now it's time to emit "hey"
    await h.pipe(win('dummyKey2', 101, 102), ARBITRARY_CHANGE, 101);
    expect(h.out()).toEqual([{ key: win('hey', 99, 100), value: change(ARBITRARY_CHANGE), timestamp: 99 }]);
  });

  it('finalResultsWithZeroGraceShouldStillBufferUntilTheWindowEnd', async () => {
    const h = harness(finalResults(0), WindowedSerdes.timeWindowedSerdeFrom(S, 100));
    // the record is in the past, but the window end is in the future, so we still have to buffer
    await h.pipe(win('hey', 0, 100), ARBITRARY_CHANGE, 5);
    expect(h.out()).toEqual([]);
    await h.pipe(win('dummyKey', 100, 200), ARBITRARY_CHANGE, 100);
    expect(h.out()).toEqual([{ key: win('hey', 0, 100), value: change(ARBITRARY_CHANGE), timestamp: 5 }]);
  });

  it('finalResultsWithZeroGraceAtWindowEndShouldImmediatelyEmit', async () => {
    const h = harness(finalResults(0), WindowedSerdes.timeWindowedSerdeFrom(S, 100));
    await h.pipe(win('hey', 0, 100), ARBITRARY_CHANGE, 100);
    expect(h.out()).toEqual([{ key: win('hey', 0, 100), value: change(ARBITRARY_CHANGE), timestamp: 100 }]);
  });

  it('finalResultsShouldDropTombstonesForTimeWindows', async () => {
    const h = harness(finalResults(0), WindowedSerdes.timeWindowedSerdeFrom(S, 100));
    await h.pipe(win('hey', 0, 100), { n: null, o: ARBITRARY_LONG }, 100);
    expect(h.out()).toEqual([]);
  });

  it('finalResultsShouldDropTombstonesForSessionWindows', async () => {
    const h = harness(finalResults(0), WindowedSerdes.sessionWindowedSerdeFrom(S));
    await h.pipe(win('hey', 0, 0), { n: null, o: ARBITRARY_LONG }, 100);
    expect(h.out()).toEqual([]);
  });

  it('suppressShouldNotDropTombstonesForTimeWindows (headers kept)', async () => {
    const h = harness(untilTimeLimit(0, maxRecords(0)), WindowedSerdes.timeWindowedSerdeFrom(S, 100));
    await h.pipe(win('hey', 0, 100), { n: null, o: ARBITRARY_LONG }, 100, { k: 'v' });
    expect(h.out()).toEqual([{ key: win('hey', 0, 100), value: { newValue: null, oldValue: ARBITRARY_LONG }, timestamp: 100 }]);
    expect(h.forwarded[0]?.headers).toEqual({ k: 'v' });
  });

  it('suppressShouldNotDropTombstonesForSessionWindows', async () => {
    const h = harness(untilTimeLimit(0, maxRecords(0)), WindowedSerdes.sessionWindowedSerdeFrom(S));
    await h.pipe(win('hey', 0, 0), { n: null, o: ARBITRARY_LONG }, 100);
    expect(h.out()).toEqual([{ key: win('hey', 0, 0), value: { newValue: null, oldValue: ARBITRARY_LONG }, timestamp: 100 }]);
  });

  it('suppressShouldNotDropTombstonesForKTable', async () => {
    const h = harness(untilTimeLimit(0, maxRecords(0)), S);
    await h.pipe('hey', { n: null, o: ARBITRARY_LONG }, 100);
    expect(h.out()).toEqual([{ key: 'hey', value: { newValue: null, oldValue: ARBITRARY_LONG }, timestamp: 100 }]);
  });

  for (const [title, limits] of [
    ['suppressShouldEmitWhenOverRecordCapacity', maxRecords(1)],
    ['suppressShouldEmitWhenOverByteCapacity', maxBytes(60)],
  ] as const) {
    it(title, async () => {
      const h = harness(untilTimeLimit(DAYS_100, limits), S);
      await h.pipe('hey', { n: null, o: ARBITRARY_LONG }, 100);
      await h.pipe('dummyKey', { n: null, o: ARBITRARY_LONG }, 101);
      expect(h.out()).toEqual([{ key: 'hey', value: { newValue: null, oldValue: ARBITRARY_LONG }, timestamp: 100 }]);
    });
  }

  for (const [title, limits, message] of [
    ['suppressShouldShutDownWhenOverRecordCapacity', { ...maxRecords(1), bufferFullStrategy: 'SHUT_DOWN' }, '[2/1] records and [87/9223372036854775807] bytes'],
    ['suppressShouldShutDownWhenOverByteCapacity', { ...maxBytes(60), bufferFullStrategy: 'SHUT_DOWN' }, '[2/9223372036854775807] records and [87/60] bytes'],
  ] as const) {
    it(title, async () => {
      const h = harness(untilTimeLimit(DAYS_100, limits), S);
      await h.pipe('hey', { n: null, o: ARBITRARY_LONG }, 100);
      const error = await h.pipe('dummyKey', { n: null, o: ARBITRARY_LONG }, 100).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StreamsError);
      expect((error as StreamsError).message).toContain('testNode buffer exceeded its max capacity');
      expect((error as StreamsError).message).toContain(message);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Beyond Kafka's two test classes: the DSL contract around suppress.

describe('KTable.suppress', () => {
  it('untilTimeLimit on a non-windowed table emits each key once per time limit, latest value, with its timestamp', async () => {
    const builder = new StreamsBuilder();
    builder
      .table('input', Consumed.with(S, S))
      .suppress(Suppressed.untilTimeLimit(10, BufferConfig.unbounded()))
      .toStream()
      .to('output', Produced.with(S, S));
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic<string, string | null>('input', S, S);
    await input.pipeInput('A', 'a1', 0);
    await input.pipeInput('B', 'b1', 3);
    await input.pipeInput('A', 'a2', 5); // replaces a1 but keeps A's place (buffer time 0)
    await input.pipeInput('C', 'c1', 9);
    expect(await drain(driver, 'output', S)).toEqual([]);
    await input.pipeInput('D', 'd1', 13); // stream time 13: A (0) and B (3) are due, C (9) is not
    expect(await drain(driver, 'output', S)).toEqual([['A', 'a2', 5], ['B', 'b1', 3]]);
    await input.pipeInput('C', null, 18); // a tombstone of a buffered key replaces its value
    await input.pipeInput('E', 'e1', 19);
    expect(await drain(driver, 'output', S)).toEqual([['C', null, 18]]);
    await driver.close();
  });

  it('untilTimeLimit forwards a tombstone of an emitted key (non-windowed tables never drop them)', async () => {
    const builder = new StreamsBuilder();
    builder
      .table('input', Consumed.with(S, S))
      .suppress(Suppressed.untilTimeLimit(0, BufferConfig.unbounded()))
      .toStream()
      .to('output', Produced.with(S, S));
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic<string, string | null>('input', S, S);
    await input.pipeInput('A', 'a', 0);
    await input.pipeInput('A', null, 1);
    expect(await drain(driver, 'output', S)).toEqual([['A', 'a', 0], ['A', null, 1]]);
    await driver.close();
  });

  it('untilWindowCloses on a table that is not windowed fails at build time', () => {
    const builder = new StreamsBuilder();
    const table = builder.table('input', Consumed.with(S, S));
    const suppressed = Suppressed.untilWindowCloses(BufferConfig.unbounded());
    // @ts-expect-error Kafka's types refuse Suppressed<Windowed> on a table whose keys are not windowed; so do ours.
    expect(() => table.suppress(suppressed)).toThrow(TopologyError);
    // @ts-expect-error (as above)
    expect(() => table.suppress(suppressed)).toThrow(/Window close time is only defined for windowed computations\. Got \[root->KTABLE-SOURCE-0000000002\]/);
    const counts = builder.stream('other', Consumed.with(S, S)).groupByKey().count().filter(() => true);
    // @ts-expect-error (as above)
    expect(() => counts.suppress(suppressed)).toThrow(/only defined for windowed computations\. Got \[KSTREAM-AGGREGATE-\d+->KTABLE-FILTER-\d+\]/);
  });

  it('untilWindowCloses needs a strict buffer config; limits must be non-negative', () => {
    // @ts-expect-error an eager config may emit early, which final results never do
    expect(() => Suppressed.untilWindowCloses(BufferConfig.maxRecords(10))).toThrow(TypeError);
    expect(() => Suppressed.untilWindowCloses(BufferConfig.maxRecords(10).shutDownWhenFull())).not.toThrow();
    expect(() => BufferConfig.maxRecords(-1)).toThrow(RangeError);
    expect(() => Suppressed.untilTimeLimit(-1, BufferConfig.unbounded())).toThrow(RangeError);
    expect(BufferConfig.maxBytes(5).bufferFullStrategy).toBe('EMIT');
    expect(BufferConfig.unbounded().withMaxRecords(3).bufferFullStrategy).toBe('SHUT_DOWN');
    expect(BufferConfig.maxRecords(3).withLoggingDisabled().loggingEnabled).toBe(false);
  });

  it('a shut-down buffer fails the task with a StreamsError naming the processor', async () => {
    const builder = new StreamsBuilder();
    builder
      .table('input', Consumed.with(S, S))
      .suppress(Suppressed.untilTimeLimit(1_000, BufferConfig.maxRecords(1).shutDownWhenFull()).withName('limited'))
      .toStream()
      .to('output', Produced.with(S, S));
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('input', S, S);
    await input.pipeInput('A', 'a', 0);
    await expect(input.pipeInput('B', 'b', 1)).rejects.toThrow(/^limited buffer exceeded its max capacity\. Currently \[2\/1\] records/);
  });

  it('logs the buffer to <appId>-<name>-store-changelog in Kafka\'s v3 layout, tombstones evicted keys, and restores from it', async () => {
    const builder = new StreamsBuilder();
    builder
      .table('input', Consumed.with(S, S))
      .suppress(Suppressed.untilTimeLimit(10, BufferConfig.unbounded()).withName('sup'))
      .toStream()
      .to('output', Produced.with(S, S));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app' });
    const input = driver.createInputTopic('input', S, S);
    await input.pipeInput('A', 'a', 0);
    await input.pipeInput('B', 'b', 5);
    const changelog = driver.createOutputTopic('app-sup-store-changelog', Serdes.Buffer(), Serdes.Buffer());
    const logged = await changelog.readRecordsToList();
    expect(logged.map((r) => [r.key?.toString(), r.headers])).toEqual([['A', { v: Buffer.from([3]) }], ['B', { v: Buffer.from([3]) }]]);
    // [timestamp 8][offset 8][topic len 4 + 'input'][partition 4][header count 4][prior -1][old -1][new len 4 + 'a'][buffer time 8]
    const a = logged[0]?.value as Buffer;
    expect(a.readBigInt64BE(0)).toBe(0n);
    expect(a.subarray(20, 25).toString()).toBe('input');
    expect(a.readInt32BE(33)).toBe(-1);
    expect(a.readInt32BE(37)).toBe(-1);
    expect(a.subarray(45, 46).toString()).toBe('a');
    expect(a.readBigInt64BE(46)).toBe(0n);
    expect(a.length).toBe(54);

    const restored = new InMemoryTimeOrderedKeyValueBuffer<string, string>('sup-store', S, S, false);
    restored.restore(logged.map((r) => ({ key: r.key as Buffer, value: r.value, timestamp: r.timestamp })));
    expect([restored.numRecords(), restored.minTimestamp(), restored.priorValueForBuffered('A')]).toEqual([2, 0, { value: null, timestamp: -1 }]);

    await input.pipeInput('C', 'c', 10); // A is due and evicted
    expect(await drain(driver, 'output', S)).toEqual([['A', 'a', 0]]);
    const next = await changelog.readRecordsToList();
    expect(next.map((r) => [r.key?.toString(), r.value])).toContainEqual(['A', null]);
    restored.restore(next.map((r) => ({ key: r.key as Buffer, value: r.value, timestamp: r.timestamp })));
    expect([restored.numRecords(), restored.minTimestamp(), restored.priorValueForBuffered('A')]).toEqual([2, 5, undefined]);
    await driver.close();
  });

  it('withLoggingDisabled writes no changelog', async () => {
    const builder = new StreamsBuilder();
    builder
      .table('input', Consumed.with(S, S))
      .suppress(Suppressed.untilTimeLimit(10, BufferConfig.unbounded().withLoggingDisabled()))
      .toStream()
      .to('output', Produced.with(S, S));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app' });
    await driver.createInputTopic('input', S, S).pipeInput('A', 'a', 0);
    expect([...driver.producedTopicNames()].filter((t) => t.includes('SUPPRESS'))).toEqual([]);
    await driver.close();
  });
});
