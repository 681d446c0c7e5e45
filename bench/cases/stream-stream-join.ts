/**
 * Case 7 (goal T6): DSL stream-stream inner join, `left.join(right, joiner, JoinWindows.ofTimeDifferenceWithNoGrace(10 s))`,
 * in-memory join buffers, vs a hand-written time-bounded buffer join (per key and side, a queue of
 * (timestamp, value) trimmed to the window as stream time advances).
 *
 * The records alternate between the two topics (even records left, odd right), 1 ms apart (bench/lib/timeline.ts),
 * over 10k keys: about one match per record. Output check, both sides: the number of join results and a checksum of
 * the joiner's results, against values computed from the generator's key indices and bytes without either pipeline.
 */
import { StreamsBuilder } from '../../src/dsl/streams-builder.js';
import { Consumed } from '../../src/dsl/options.js';
import { Serdes } from '../../src/serdes/primitives.js';
import { JoinWindows } from '../../src/windows/join-windows.js';
import type { Dataset } from '../lib/data.js';
import { expectEqual, runCase, type Trial } from '../lib/harness.js';
import { benchTask } from '../lib/task.js';
import { forEachPass, stampedPool } from '../lib/timeline.js';

const LEFT = 'left';
const RIGHT = 'right';
const WINDOW_MS = 10_000;
// One commit per pass over the pool (100k records, see bench/lib/timeline.ts).
const topicOf = (i: number): string => (i % 2 === 0 ? LEFT : RIGHT);

/** Always called as (left value, right value). */
const joiner = (left: string, right: string): number => left.charCodeAt(0) * 31 + right.charCodeAt(1);

class Sink {
  joined = 0;
  checksum = 0;
  readonly action = (_key: string, result: number): void => {
    this.joined++;
    this.checksum = (this.checksum + result) | 0;
  };
}

const expectedCache = new WeakMap<Dataset, { joined: number; checksum: number }>();

/** Record i (timestamp T0 + i) joins every earlier record j of the other side with the same key and i − j ≤ 10 s. */
function expected(data: Dataset): { joined: number; checksum: number } {
  let result = expectedCache.get(data);
  if (result !== undefined) return result;
  const byKey: number[][] = data.keyNames.map(() => []);
  let joined = 0;
  let checksum = 0;
  for (let i = 0; i < data.records.length; i++) {
    const list = byKey[data.keyIndex[i] as number] as number[];
    const vi = data.records[i]?.value as Buffer;
    for (let x = list.length - 1; x >= 0; x--) {
      const j = list[x] as number;
      if (i - j > WINDOW_MS) break;
      if ((i - j) % 2 === 0) continue; // same side
      const vj = data.records[j]?.value as Buffer;
      const [l, r] = i % 2 === 0 ? [vi, vj] : [vj, vi];
      joined++;
      checksum = (checksum + (l[0] as number) * 31 + (r[1] as number)) | 0;
    }
    list.push(i);
  }
  result = { joined, checksum };
  expectedCache.set(data, result);
  return result;
}

function verify(data: Dataset, sink: Sink): void {
  const want = expected(data);
  expectEqual('join results', sink.joined, want.joined);
  expectEqual('checksum of join results', sink.checksum, want.checksum);
}

/** One side's buffer of one key: timestamps and values in arrival (= time) order, trimmed from the front. */
class Buffer1 {
  readonly times: number[] = [];
  readonly values: string[] = [];
  head = 0;

  trim(minTime: number): void {
    while (this.head < this.times.length && (this.times[this.head] as number) < minTime) this.head++;
    if (this.head > 64 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.values.splice(0, this.head);
      this.head = 0;
    }
  }
}

await runCase({
  name: 'stream-stream-join',
  description: 'left.join(right, JoinWindows 10 s), in-memory, 1M records alternating sides vs hand buffer join',
  // 200k, not 1M: the DSL join runs at 10–20 µs per record (window store put/expiry and GC dominate its profile), and 1M took
  // over 20 s per run. 200k records still span 200 s of event time, 20 join windows. Raise it when the join is faster.
  data: { records: 200_000, keys: 10_000, topic: LEFT },
  goal: { id: 'T6', target: 0.4, floor: 0.25 },
  baseline: {
    label: 'hand buffer join',
    setup(data): Trial {
      const sink = new Sink();
      const pool = stampedPool(data, topicOf);
      const buffers = [new Map<string, Buffer1>(), new Map<string, Buffer1>()];
      return {
        run: () =>
          forEachPass(pool, data.records.length, (records, count) => {
            for (let i = 0; i < count; i++) {
              const r = records[i] as (typeof records)[number];
              const key = r.key === null ? null : r.key.toString('utf8');
              const value = r.value === null ? null : r.value.toString('utf8');
              if (key === null || value === null) continue;
              const ts = r.timestamp;
              const isLeft = r.topic === LEFT;
              const other = (isLeft ? buffers[1] : buffers[0])?.get(key);
              if (other !== undefined) {
                other.trim(ts - WINDOW_MS);
                for (let x = other.head; x < other.times.length; x++) {
                  if ((other.times[x] as number) > ts + WINDOW_MS) break;
                  const o = other.values[x] as string;
                  sink.action(key, isLeft ? joiner(value, o) : joiner(o, value));
                }
              }
              const own = isLeft ? buffers[0] : buffers[1];
              let mine = own?.get(key);
              if (mine === undefined) {
                mine = new Buffer1();
                own?.set(key, mine);
              }
              mine.trim(ts - WINDOW_MS);
              mine.times.push(ts);
              mine.values.push(value);
            }
          }),
        verify: () => verify(data, sink),
      };
    },
  },
  subject: {
    label: 'DSL',
    async setup(data): Promise<Trial> {
      const sink = new Sink();
      const builder = new StreamsBuilder();
      const consumed = Consumed.with(Serdes.String(), Serdes.String());
      const right = builder.stream(RIGHT, consumed);
      builder
        .stream(LEFT, consumed)
        .join(right, joiner, JoinWindows.ofTimeDifferenceWithNoGrace(WINDOW_MS))
        .foreach(sink.action);
      const bench = await benchTask(builder.build());
      const pool = stampedPool(data, topicOf);
      return {
        run: () => forEachPass(pool, data.records.length, (records, count) => bench.processRange(records, 0, count), bench.commit),
        verify: () => {
          verify(data, sink);
          expectEqual('records dropped', bench.task.metrics.droppedRecords, 0);
        },
        close: () => bench.close(),
      };
    },
  },
});
