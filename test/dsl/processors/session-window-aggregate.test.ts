import { describe, expect, it } from 'vitest';
import {
  Consumed,
  EmitStrategy,
  Materialized,
  Produced,
  Serdes,
  SessionWindows,
  StreamsBuilder,
  TopologyTestDriver,
  type KTable,
  type SessionWindowedKStream,
  type Windowed,
} from '../../../src/index.js';

// Scenarios replayed from Kafka Streams 4.0's KStreamSessionWindowAggregateProcessorTest and
// SessionWindowedKStreamImplTest (same inputs, timestamps and expected outputs; caching off, as in kafka-semantics.md).

const S = Serdes.String();
const config = { applicationId: 'session', defaultKeySerde: S, defaultValueSerde: S };
const GAP_MS = 5 * 60 * 1000;

type Out = string;

function run<V>(
  build: (windowed: SessionWindowedKStream<string, string>) => KTable<Windowed<string>, V>,
  windows: SessionWindows,
  emit?: EmitStrategy,
) {
  const builder = new StreamsBuilder();
  let windowed = builder.stream<string, string>('in', Consumed.with(S, S)).groupByKey().windowedBy(windows);
  if (emit !== undefined) windowed = windowed.emitStrategy(emit);
  build(windowed)
    .toStream()
    .map((wk: Windowed<string>, v: V | null) => ({ key: `${wk.key}[${wk.window.start},${wk.window.end}]`, value: v === null ? 'null' : String(v) }))
    .to('out', Produced.with(S, S));
  const driver = new TopologyTestDriver(builder.build(), config, 0);
  const input = driver.createInputTopic('in', S, S);
  const output = driver.createOutputTopic('out', S, S);
  return {
    driver,
    pipe: (key: string | null, value: string | null, ts: number) => input.pipeInput(key as string, value as string, ts),
    rows: async (): Promise<Out[]> => (await output.readRecordsToList()).map((r) => `${r.key}=${r.value}@${r.timestamp}`),
  };
}

const countStore = (w: SessionWindowedKStream<string, string>) =>
  w.aggregate(
    () => 0,
    (_k, _v, agg) => agg + 1,
    (_k, a, b) => a + b,
    // Kafka's processor test builds its store with a retention of 3 × GAP_MS.
    Materialized.as<string, number>('session-store').withValueSerde(Serdes.Long()).withRetention(3 * GAP_MS),
  );

describe('KStreamSessionWindowAggregate (KStreamSessionWindowAggregateProcessorTest)', () => {
  it('shouldCreateSingleSessionWhenWithinGap', async () => {
    const { driver, pipe } = run(countStore, SessionWindows.ofInactivityGapWithNoGrace(GAP_MS));
    await pipe('john', 'first', 0);
    await pipe('john', 'second', 500);
    const store = driver.getSessionStore<string, number>('session-store');
    expect([...(store?.findSessions('john', 0, 2000) ?? [])].map((e) => e.value)).toEqual([2]);
  });

  it('shouldMergeSessions (out-of-order record bridges two sessions)', async () => {
    const { driver, pipe } = run(countStore, SessionWindows.ofInactivityGapWithNoGrace(GAP_MS));
    const store = () => driver.getSessionStore<string, number>('session-store');
    await pipe('mel', 'first', 0);
    expect([...(store()?.findSessions('mel', 0, 0) ?? [])]).toHaveLength(1);
    await pipe('mel', 'second', GAP_MS + 1);
    expect([...(store()?.findSessions('mel', GAP_MS + 1, GAP_MS + 1) ?? [])]).toHaveLength(1);
    expect([...(store()?.findSessions('mel', 0, 0) ?? [])]).toHaveLength(1);
    await pipe('mel', 'third', GAP_MS / 2);
    expect([...(store()?.findSessions('mel', 0, GAP_MS + 1) ?? [])]).toEqual([{ key: { key: 'mel', window: { start: 0, end: GAP_MS + 1 } }, value: 3 }]);
  });

  it('shouldUpdateSessionIfTheSameTime', async () => {
    const { driver, pipe } = run(countStore, SessionWindows.ofInactivityGapWithNoGrace(GAP_MS));
    await pipe('mel', 'first', 0);
    await pipe('mel', 'second', 0);
    expect([...(driver.getSessionStore<string, number>('session-store')?.findSessions('mel', 0, 0) ?? [])].map((e) => e.value)).toEqual([2]);
  });

  it('shouldRemoveMergedSessionsFromStateStore', async () => {
    const { driver, pipe } = run(countStore, SessionWindows.ofInactivityGapWithNoGrace(GAP_MS));
    await pipe('a', '1', 0);
    await pipe('a', '2', 100);
    expect([...(driver.getSessionStore<string, number>('session-store')?.findSessions('a', 0, 100) ?? [])]).toEqual([
      { key: { key: 'a', window: { start: 0, end: 100 } }, value: 2 },
    ]);
  });

  it('shouldImmediatelyForwardNewSessionWhenNonCachedStore', async () => {
    const { pipe, rows } = run(countStore, SessionWindows.ofInactivityGapWithNoGrace(GAP_MS));
    await pipe('a', '1', 0);
    await pipe('b', '1', 0);
    await pipe('c', '1', 0);
    expect(await rows()).toEqual(['a[0,0]=1@0', 'b[0,0]=1@0', 'c[0,0]=1@0']);
  });

  it('shouldImmediatelyForwardRemovedSessionsWhenMerging: tombstone stamped with the old end', async () => {
    const { pipe, rows } = run(countStore, SessionWindows.ofInactivityGapWithNoGrace(GAP_MS));
    await pipe('a', '1', 0);
    await pipe('a', '1', 5);
    expect(await rows()).toEqual(['a[0,0]=1@0', 'a[0,0]=null@0', 'a[0,5]=2@5']);
  });

  it('shouldHaveMultipleSessionsForSameIdWhenTimestampApartBySessionGap (emit on close)', async () => {
    const { pipe, rows } = run(countStore, SessionWindows.ofInactivityGapWithNoGrace(GAP_MS), EmitStrategy.onWindowClose());
    let now = 0;
    await pipe('mel', 'first', now);
    now += GAP_MS + 1;
    await pipe('mel', 'second', now);
    await pipe('mel', 'second', now);
    now += GAP_MS + 1;
    for (let i = 0; i < 3; i++) await pipe('mel', 'third', now);
    expect(await rows()).toEqual(['mel[0,0]=1@0', `mel[${GAP_MS + 1},${GAP_MS + 1}]=2@${GAP_MS + 1}`]);
  });

  it('shouldHandleMultipleSessionsAndMerging (emit on close)', async () => {
    const { pipe, rows } = run(countStore, SessionWindows.ofInactivityGapWithNoGrace(GAP_MS), EmitStrategy.onWindowClose());
    for (const k of ['a', 'b', 'c', 'd']) await pipe(k, '1', 0);
    await pipe('d', '2', GAP_MS / 2);
    await pipe('a', '2', GAP_MS + 1);
    await pipe('b', '2', GAP_MS + 1);
    await pipe('a', '3', GAP_MS + 1 + GAP_MS / 2);
    await pipe('c', '3', GAP_MS + 1 + GAP_MS / 2);
    expect(await rows()).toEqual(['a[0,0]=1@0', 'b[0,0]=1@0', 'c[0,0]=1@0', `d[0,${GAP_MS / 2}]=2@${GAP_MS / 2}`]);
  });

  it('shouldLogAndMeterWhenSkippingLateRecordWithZeroGrace', async () => {
    const { driver, pipe, rows } = run(countStore, SessionWindows.ofInactivityGapAndGrace(10, 0));
    await pipe('dummy', 'dummy', 0);
    await pipe('OnTime1', '1', 0);
    await pipe('dummy', 'dummy', 11);
    await pipe('Late1', '1', 0);
    expect(driver.metricValue('dropped-records-total')).toBe(1);
    expect(await rows()).toEqual(['dummy[0,0]=1@0', 'OnTime1[0,0]=1@0', 'dummy[11,11]=1@11']);
  });

  it('shouldLogAndMeterWhenSkippingLateRecordWithNonzeroGrace', async () => {
    const { driver, pipe, rows } = run(countStore, SessionWindows.ofInactivityGapAndGrace(10, 1));
    await pipe('dummy', 'dummy', 0);
    await pipe('OnTime1', '1', 0);
    await pipe('dummy', 'dummy', 11);
    await pipe('OnTime2', '1', 0);
    await pipe('dummy', 'dummy', 12);
    await pipe('Late1', '1', 0);
    expect(driver.metricValue('dropped-records-total')).toBe(1);
    // 11 − 0 > gap: the second dummy starts a new session, which the third (at 12) extends.
    expect(await rows()).toEqual(['dummy[0,0]=1@0', 'OnTime1[0,0]=1@0', 'dummy[11,11]=1@11', 'OnTime2[0,0]=1@0', 'dummy[11,11]=null@11', 'dummy[11,12]=2@12']);
  });

  it('drops null keys and counts them; null values reach the aggregator', async () => {
    const { driver, pipe, rows } = run(
      (w) => w.aggregate(() => '0', (_k, v, agg) => `${agg}+${v}`, (_k, a, b) => `${a}|${b}`),
      SessionWindows.ofInactivityGapWithNoGrace(10),
    );
    await pipe(null, 'x', 1);
    await pipe('a', null, 2);
    await pipe('a', 'y', 5);
    expect(driver.metricValue('dropped-records-total')).toBe(1);
    expect(await rows()).toEqual(['a[2,2]=0+null@2', 'a[2,2]=null@2', 'a[2,5]=0|0+null+y@5']);
  });

  it('a windowed reduce whose first value is null emits null for the session, which is not stored', async () => {
    const { pipe, rows } = run((w) => w.reduce((a, v) => `${a}+${v}`), SessionWindows.ofInactivityGapWithNoGrace(10));
    await pipe('a', null, 2);
    await pipe('a', 'x', 3);
    // put(session, null) removes the session (InMemorySessionStore.put), so the next record starts afresh.
    expect(await rows()).toEqual(['a[2,2]=null@2', 'a[3,3]=x@3']);
  });
});

describe('SessionWindowedKStream (SessionWindowedKStreamImplTest processData)', () => {
  const processData = async (pipe: (k: string, v: string, ts: number) => Promise<void>) => {
    await pipe('1', '1', 10);
    await pipe('1', '2', 15);
    await pipe('1', '3', 600);
    await pipe('2', '1', 600);
    await pipe('2', '2', 599);
  };
  const windows = SessionWindows.ofInactivityGapWithNoGrace(500);

  it('shouldCountSessionWindowedWithCachingDisabled', async () => {
    const { pipe, rows } = run((w) => w.count(), windows);
    await processData(pipe);
    expect(await rows()).toEqual(['1[10,10]=1@10', '1[10,10]=null@10', '1[10,15]=2@15', '1[600,600]=1@600', '2[600,600]=1@600', '2[600,600]=null@600', '2[599,600]=2@600']);
  });

  it('shouldCountSessionWindowed (emit final)', async () => {
    // Kafka's test runs on RocksDB, whose 60 s segments still hold [10,15] at stream time 600; an exactly expiring
    // in-memory store with the default retention (gap + grace) drops a session just before it would be emitted.
    const { pipe, rows } = run((w) => w.count(Materialized.as<string, number>('count-store').withRetention(60_000)), windows, EmitStrategy.onWindowClose());
    await processData(pipe);
    expect(await rows()).toEqual(['1[10,15]=2@15']);
  });

  it('shouldReduceWindowed', async () => {
    const { pipe, rows } = run((w) => w.reduce((a, v) => `${a}+${v}`), windows);
    await processData(pipe);
    expect(await rows()).toEqual(['1[10,10]=1@10', '1[10,10]=null@10', '1[10,15]=1+2@15', '1[600,600]=3@600', '2[600,600]=1@600', '2[600,600]=null@600', '2[599,600]=1+2@600']);
  });

  it('shouldAggregateSessionWindowed: the merger also folds the fresh initial value', async () => {
    const { pipe, rows } = run((w) => w.aggregate(() => '0', (_k, v, agg) => `${agg}+${v}`, (_k, a, b) => `${a}+${b}`, Materialized.with(S, S)), windows);
    await processData(pipe);
    expect(await rows()).toEqual([
      '1[10,10]=0+1@10',
      '1[10,10]=null@10',
      '1[10,15]=0+0+1+2@15',
      '1[600,600]=0+3@600',
      '2[600,600]=0+1@600',
      '2[600,600]=null@600',
      '2[599,600]=0+0+1+2@600',
    ]);
  });

  it('shouldMaterializeCount / shouldMaterializeReduced: the store holds the sessions', async () => {
    const { driver, pipe } = run((w) => w.count(Materialized.as<string, number>('count-store').withRetention(60_000)), windows);
    await processData(pipe);
    const store = driver.getSessionStore<string, number>('count-store');
    expect([...(store?.fetch('1') ?? [])].map((e) => `${e.key.key}[${e.key.window.start},${e.key.window.end}]=${e.value}`)).toEqual(['1[10,15]=2', '1[600,600]=1']);
    expect([...(store?.fetch('2') ?? [])].map((e) => `${e.key.key}[${e.key.window.start},${e.key.window.end}]=${e.value}`)).toEqual(['2[599,600]=2']);
    expect([...(store?.fetch('1', '2') ?? [])].map((e) => `${e.key.key}[${e.key.window.start},${e.key.window.end}]=${e.value}`)).toEqual(['1[10,15]=2', '1[600,600]=1', '2[599,600]=2']);
  });

  it('logs session changes with Kafka’s session key layout [key][end][start]', async () => {
    const { driver, pipe } = run((w) => w.count(Materialized.as<string, number>('count-store')), windows);
    await pipe('1', '1', 10);
    await pipe('1', '2', 15);
    const topic = 'session-count-store-changelog';
    expect(driver.producedTopicNames().has(topic)).toBe(true);
  });
});
