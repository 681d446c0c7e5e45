/**
 * Case 1 (goal T1): DSL `filter → mapValues → foreach` vs a hand-written loop doing the same work.
 * Both start from the same serialized records and deserialize key and value as UTF-8 strings; both call the
 * same predicate, mapper and action. Output check: the number of records reaching foreach and a checksum
 * of the mapped values, against values computed from the generator's bytes without either pipeline.
 */
import { StreamsBuilder } from '../../src/dsl/streams-builder.js';
import { Consumed } from '../../src/dsl/options.js';
import { Serdes } from '../../src/serdes/primitives.js';
import type { Dataset } from '../lib/data.js';
import { expectEqual, runCase, type Trial } from '../lib/harness.js';
import { benchTask } from '../lib/task.js';

const TOPIC = 'input';

/** Keeps values whose first character is '0'–'4' (about half). */
const predicate = (_key: string, value: string): boolean => value.charCodeAt(0) < 0x35;
/** A cheap value-dependent number, so the checksum depends on every kept record. */
const mapper = (value: string, key: string): number => value.length * 31 + value.charCodeAt(value.length - 1) + key.length;

class Sink {
  kept = 0;
  checksum = 0;
  readonly action = (_key: string, mapped: number): void => {
    this.kept++;
    this.checksum = (this.checksum + mapped) | 0;
  };
}

const expectedCache = new WeakMap<Dataset, { kept: number; checksum: number }>();

/** Computed from the raw bytes (ASCII), independent of both pipelines. */
function expected(data: Dataset): { kept: number; checksum: number } {
  let result = expectedCache.get(data);
  if (result === undefined) {
    let kept = 0;
    let checksum = 0;
    for (const r of data.records) {
      const v = r.value as Buffer;
      if ((v[0] as number) < 0x35) {
        kept++;
        checksum = (checksum + v.length * 31 + (v[v.length - 1] as number) + (r.key as Buffer).length) | 0;
      }
    }
    result = { kept, checksum };
    expectedCache.set(data, result);
  }
  return result;
}

function verify(data: Dataset, sink: Sink): void {
  const want = expected(data);
  expectEqual('records reaching foreach', sink.kept, want.kept);
  expectEqual('checksum of mapped values', sink.checksum, want.checksum);
}

await runCase({
  name: 'stateless',
  description: 'filter → mapValues → foreach (String serdes) vs hand loop',
  data: { records: 2_000_000, keys: 10_000, topic: TOPIC },
  goal: { id: 'T1', target: 0.5, floor: 0.33 },
  baseline: {
    label: 'hand loop',
    setup(data): Trial {
      const sink = new Sink();
      return {
        run() {
          const records = data.records;
          for (let i = 0; i < records.length; i++) {
            const r = records[i] as (typeof records)[number];
            const key = r.key === null ? null : r.key.toString('utf8');
            const value = r.value === null ? null : r.value.toString('utf8');
            // The DSL hands null keys/values to the predicate as null; the generator never makes any.
            if (predicate(key as string, value as string)) sink.action(key as string, mapper(value as string, key as string));
          }
        },
        verify: () => verify(data, sink),
      };
    },
  },
  subject: {
    label: 'DSL',
    async setup(data): Promise<Trial> {
      const sink = new Sink();
      const builder = new StreamsBuilder();
      builder.stream(TOPIC, Consumed.with(Serdes.String(), Serdes.String())).filter(predicate).mapValues(mapper).foreach(sink.action);
      const bench = await benchTask(builder.build());
      return {
        run: () => bench.processAll(data.records),
        verify: () => {
          verify(data, sink);
          expectEqual('records sent by the task', bench.collector.sent, 0);
        },
      };
    },
  },
});
