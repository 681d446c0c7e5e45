import { describe, expect, it } from 'vitest';
import { Serdes } from '../../../src/serdes/primitives.js';
import type { Serde } from '../../../src/serdes/serde.js';
import { Stores } from '../../../src/state/stores.js';
import { CachingSessionStore } from '../../../src/state/layers/caching-session-store.js';
import { StreamsBuilder } from '../../../src/dsl/streams-builder.js';
import { Consumed, Materialized } from '../../../src/dsl/options.js';
import { EmitStrategy } from '../../../src/dsl/emit-strategy.js';
import type { Change } from '../../../src/dsl/change.js';
import { sessionWindowAggregateProcessor } from '../../../src/dsl/processors/session-window-aggregate.js';
import { SessionWindows } from '../../../src/windows/session-windows.js';
import type { Windowed } from '../../../src/windows/windowed.js';
import { resolveConfig } from '../../../src/config.js';
import { systemClock } from '../../../src/internal/clock.js';
import { Topology, topologyModel } from '../../../src/topology/topology.js';
import { StreamTask } from '../../../src/runtime/stream-task.js';
import type { ProducedRecord, RecordCollector } from '../../../src/runtime/record-collector.js';

// A session-windowed count on a StreamTask with a record cache (cacheMaxBytesBuffering's 10 MB default): the
// caching cases of Kafka Streams' KStreamSessionWindowAggregateProcessorTest (same inputs and expected outputs; that
// test flushes the store where this one flushes the task), then what compaction per flush means for merged sessions.

const S = Serdes.String() as Serde<string>;
const GAP_MS = 5 * 60 * 1000;
const STORE = 'session-store';

class Collector implements RecordCollector {
  readonly sent: ProducedRecord[] = [];
  send(record: ProducedRecord): void {
    this.sent.push(record);
  }
  partitionsFor(): number {
    return 1;
  }
}

const show = (key: Windowed<string>, value: Change<number>, timestamp: number): string =>
  `${key.key}[${key.window.start},${key.window.end}]=(${String(value.newValue)},${String(value.oldValue)})@${timestamp}`;

async function startTask(topology: Topology) {
  const model = topologyModel(topology);
  const subtopologies = model.subtopologies();
  const task = new StreamTask({
    id: '0_0',
    partition: 0,
    model,
    nodeNames: subtopologies.flatMap((s) => s.nodeNames),
    storeNames: subtopologies.flatMap((s) => s.storeNames),
    config: resolveConfig({ applicationId: 'app', defaultDslStore: 'in_memory' }),
    collector: new Collector(),
    clock: systemClock,
  });
  await task.init();
  let offset = 0n;
  const process = (key: string, timestamp: number) =>
    task.process({ topic: 'in', partition: 0, offset: offset++, key: Buffer.from(key), value: Buffer.from('v'), timestamp, headers: {} });
  return { task, process };
}

/** The DSL count of the processor test: gap GAP_MS, no grace, a store retained for 3 × GAP_MS. */
async function dslCount(emit?: EmitStrategy) {
  const builder = new StreamsBuilder();
  const results: string[] = [];
  let windowed = builder.stream('in', Consumed.with(S, S)).groupByKey().windowedBy(SessionWindows.ofInactivityGapWithNoGrace(GAP_MS));
  if (emit !== undefined) windowed = windowed.emitStrategy(emit);
  windowed
    .count(Materialized.as<string, number>(STORE).withRetention(3 * GAP_MS))
    .toStream()
    .foreach((k, v) => {
      results.push(show(k, { newValue: v, oldValue: null }, k.window.end));
    });
  return { ...(await startTask(builder.build())), results };
}

/** The processor alone over a caching session store, capturing Change values (old values included). */
async function processorCount(sendOldValues: boolean, emitOnClose = false) {
  const results: string[] = [];
  const processor = sessionWindowAggregateProcessor<string, string, number>(
    STORE,
    SessionWindows.ofInactivityGapWithNoGrace(GAP_MS),
    () => 0,
    (_k, _v, agg) => (agg ?? 0) + 1,
    (_k, a, b) => (a ?? 0) + (b ?? 0),
    emitOnClose,
    { sendOldValues },
  );
  const topology = new Topology()
    .addSource('src', 'in', { keySerde: S, valueSerde: S })
    .addProcessor('agg', processor, 'src')
    .addProcessor<Windowed<string>, Change<number>, never, never>('capture', () => ({ process: (r) => void results.push(show(r.key, r.value, r.timestamp)) }), 'agg')
    .addStateStore(Stores.sessionStoreBuilder(Stores.inMemorySessionStore(STORE, 3 * GAP_MS), S, Serdes.Long()).withCachingEnabled(), 'agg');
  return { ...(await startTask(topology)), results };
}

describe('session-windowed aggregation with caching (KStreamSessionWindowAggregateProcessorTest, caching on)', () => {
  it('shouldHaveMultipleSessionsForSameIdWhenTimestampApartBySessionGap', async () => {
    const { task, process, results } = await dslCount();
    expect(task.getStore(STORE)).toBeInstanceOf(CachingSessionStore);
    let now = 0;
    await process('mel', now);
    now += GAP_MS + 1;
    await process('mel', now);
    await process('mel', now);
    now += GAP_MS + 1;
    await process('mel', now);
    await process('mel', now);
    await process('mel', now);
    expect(results).toEqual([]);
    await task.flush();
    expect(results).toEqual([
      show({ key: 'mel', window: { start: 0, end: 0 } }, { newValue: 1, oldValue: null }, 0),
      show({ key: 'mel', window: { start: GAP_MS + 1, end: GAP_MS + 1 } }, { newValue: 2, oldValue: null }, GAP_MS + 1),
      show({ key: 'mel', window: { start: now, end: now } }, { newValue: 3, oldValue: null }, now),
    ]);
    await task.close();
  });

  it('shouldHandleMultipleSessionsAndMerging: sessions created and merged away within the flush are never forwarded', async () => {
    const { task, process, results } = await dslCount();
    await process('a', 0);
    await process('b', 0);
    await process('c', 0);
    await process('d', 0);
    await process('d', GAP_MS / 2);
    await process('a', GAP_MS + 1);
    await process('b', GAP_MS + 1);
    await process('a', GAP_MS + 1 + GAP_MS / 2);
    await process('c', GAP_MS + 1 + GAP_MS / 2);
    await task.flush();
    const row = (key: string, start: number, end: number, count: number) => show({ key, window: { start, end } }, { newValue: count, oldValue: null }, end);
    expect(results).toEqual([
      row('a', 0, 0, 1),
      row('b', 0, 0, 1),
      row('c', 0, 0, 1),
      row('d', 0, GAP_MS / 2, 2),
      row('b', GAP_MS + 1, GAP_MS + 1, 1),
      row('a', GAP_MS + 1, GAP_MS + 1 + GAP_MS / 2, 2),
      row('c', GAP_MS + 1 + GAP_MS / 2, GAP_MS + 1 + GAP_MS / 2, 1),
    ]);
    await task.close();
  });

  it('forwards a merged-away session that reached the store as a tombstone stamped with its end', async () => {
    const { task, process, results } = await processorCount(false);
    await process('a', 0);
    await process('a', 5);
    await task.flush();
    // [0,0] was created and merged away between two flushes: only the merged session goes downstream.
    expect(results.splice(0)).toEqual(['a[0,5]=(2,null)@5']);
    await process('a', GAP_MS + 100);
    await task.flush();
    await process('a', 150_000); // joins [0,5] and [300100,300100]: both merged-away sessions were stored
    await task.flush();
    expect(results).toEqual(['a[300100,300100]=(1,null)@300100', 'a[0,5]=(null,null)@5', 'a[300100,300100]=(null,null)@300100', 'a[0,300100]=(4,null)@300100']);
    await task.close();
  });

  it('sends the stored old values with sendOldValues', async () => {
    const { task, process, results } = await processorCount(true);
    await process('a', 0);
    await task.flush();
    await process('a', 5);
    await task.flush();
    await process('a', 3); // inside [0,5]: the session is removed and put again, so one update with its old value
    await task.flush();
    expect(results).toEqual(['a[0,0]=(1,null)@0', 'a[0,0]=(null,1)@0', 'a[0,5]=(2,null)@5', 'a[0,5]=(3,2)@5']);
    await task.close();
  });

  it('forwards nothing from the cache when emitting on window close; the DSL then does not cache at all, as Kafka', async () => {
    const low = await processorCount(false, true);
    await low.process('a', 0);
    await low.process('a', 5);
    await low.task.flush();
    expect(low.results).toEqual([]);
    await low.process('b', 2 * GAP_MS + 10); // closes a's session [0,5]: its final result is forwarded at once
    expect(low.results).toEqual(['a[0,5]=(2,null)@5']);
    await low.task.flush();
    expect(low.results).toHaveLength(1);
    await low.task.close();

    const dsl = await dslCount(EmitStrategy.onWindowClose());
    expect(dsl.task.getStore(STORE)).not.toBeInstanceOf(CachingSessionStore);
    await dsl.task.close();
  });
});
