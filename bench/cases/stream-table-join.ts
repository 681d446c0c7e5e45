/**
 * Case 6 (goal T5): DSL stream-table left join, `stream.leftJoin(table, joiner)`, in-memory table store (default
 * config: record cache on), vs a hand-written `Map` lookup. The table is loaded (untimed) with 9,000 of the
 * 10,000 keys (every key index not divisible by 10) before the timed run, through the table's own topic for the
 * DSL and straight into the Map for the baseline; both sides then decode the stream records and join each with
 * the table's current value, null-padded on a miss.
 *
 * Output check, both sides: the number of joined records, the number of misses and a checksum of the joiner's
 * results, against values computed from the generator's bytes and key indices without either pipeline.
 */
import { StreamsBuilder } from '../../src/dsl/streams-builder.js';
import { Consumed } from '../../src/dsl/options.js';
import { Serdes } from '../../src/serdes/primitives.js';
import type { InputRecord } from '../../src/runtime/stream-task.js';
import type { Dataset } from '../lib/data.js';
import { expectEqual, runCase, type Trial } from '../lib/harness.js';
import { benchTask } from '../lib/task.js';

const TOPIC = 'input';
const TABLE_TOPIC = 'table';
const COMMIT_EVERY = 100_000;

/** Table rows: every key index not divisible by 10 (9,000 of 10,000), value `t<index>`. */
const inTable = (k: number): boolean => k % 10 !== 0;
const tableValue = (k: number): string => `t${k}`;

/** A cheap result that depends on both values (tableValue null on a miss). */
const joiner = (value: string, table: string | null): number => (table === null ? value.charCodeAt(1) : value.charCodeAt(1) * 7 + table.length);

class Sink {
  joined = 0;
  misses = 0;
  checksum = 0;
  readonly action = (_key: string, result: number): void => {
    this.joined++;
    this.checksum = (this.checksum + result) | 0;
  };
}

const expectedCache = new WeakMap<Dataset, { joined: number; misses: number; checksum: number }>();

function expected(data: Dataset): { joined: number; misses: number; checksum: number } {
  let result = expectedCache.get(data);
  if (result === undefined) {
    let misses = 0;
    let checksum = 0;
    data.records.forEach((r, i) => {
      const k = data.keyIndex[i] as number;
      const c = (r.value as Buffer)[1] as number; // values are ASCII
      if (inTable(k)) checksum = (checksum + c * 7 + tableValue(k).length) | 0;
      else {
        misses++;
        checksum = (checksum + c) | 0;
      }
    });
    result = { joined: data.records.length, misses, checksum };
    expectedCache.set(data, result);
  }
  return result;
}

function verify(data: Dataset, sink: Sink): void {
  const want = expected(data);
  expectEqual('joined records', sink.joined, want.joined);
  expectEqual('misses', sink.misses, want.misses);
  expectEqual('checksum of joined values', sink.checksum, want.checksum);
}

function tableRecords(data: Dataset): InputRecord[] {
  const out: InputRecord[] = [];
  data.keyNames.forEach((name, k) => {
    if (inTable(k)) {
      out.push({ topic: TABLE_TOPIC, partition: 0, offset: BigInt(out.length), key: Buffer.from(name), value: Buffer.from(tableValue(k)), timestamp: 1_600_000_000_000, headers: {} });
    }
  });
  return out;
}

await runCase({
  name: 'stream-table-join',
  description: 'stream.leftJoin(table) (9k of 10k keys in the table), in-memory, cache on vs Map lookup',
  data: { records: 2_000_000, keys: 10_000, topic: TOPIC },
  goal: { id: 'T5', target: 0.5, floor: 0.3 },
  baseline: {
    label: 'Map lookup',
    setup(data): Trial {
      const sink = new Sink();
      const table = new Map<string, string>();
      data.keyNames.forEach((name, k) => {
        if (inTable(k)) table.set(name, tableValue(k));
      });
      return {
        run() {
          const records = data.records;
          for (let i = 0; i < records.length; i++) {
            const r = records[i] as (typeof records)[number];
            const key = r.key === null ? null : r.key.toString('utf8');
            const value = r.value === null ? null : r.value.toString('utf8');
            if (key === null || value === null) continue;
            const t = table.get(key) ?? null;
            if (t === null) sink.misses++;
            sink.action(key, joiner(value, t));
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
      const table = builder.table(TABLE_TOPIC, Consumed.with(Serdes.String(), Serdes.String()));
      builder
        .stream(TOPIC, Consumed.with(Serdes.String(), Serdes.String()))
        .leftJoin(table, (value: string, t: string | null) => {
          if (t === null) sink.misses++;
          return joiner(value, t);
        })
        .foreach(sink.action);
      const bench = await benchTask(builder.build(), {}, { commitEvery: COMMIT_EVERY });
      const rows = tableRecords(data);
      bench.processRange(rows, 0, rows.length);
      await bench.commit();
      const sentBefore = bench.collector.sent;
      return {
        run: () => bench.processAll(data.records),
        verify: () => {
          verify(data, sink);
          expectEqual('records sent during the run', bench.collector.sent - sentBefore, 0);
        },
        close: () => bench.close(),
      };
    },
  },
});
