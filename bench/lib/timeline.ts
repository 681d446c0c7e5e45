/**
 * Records with strictly increasing timestamps for the time-based cases (windows, stream-stream joins).
 *
 * The generated dataset cycles through a pool of distinct records, so its timestamps jump back at every cycle,
 * which would make every window and join buffer late. Here both sides read the same pool of mutable record
 * copies and, before each pass over the pool, stamp it with the timestamps of that pass: record i of the stream
 * has timestamp T0 + i (1 ms apart) and offset i. The stamping costs both sides the same (one field write per
 * record, about 0.1 ms per 100k), and keeps the live heap at one pool, as a consumer holding a fetch would.
 */
import type { InputRecord } from '../../src/runtime/stream-task.js';
import type { Dataset } from './data.js';

export const T0 = 1_700_000_000_000;

export interface StampedRecord {
  topic: string;
  partition: number;
  offset: bigint;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: number;
  headers: InputRecord['headers'];
}

/** A pool of mutable copies of the dataset's distinct records; `topicOf(i)` names the topic of pool record i. */
export function stampedPool(data: Dataset, topicOf: (i: number) => string = () => data.options.topic): StampedRecord[] {
  const size = Math.min(data.records.length, data.options.poolSize ?? 100_000);
  const pool: StampedRecord[] = [];
  for (let i = 0; i < size; i++) {
    const r = data.records[i] as InputRecord;
    pool.push({ topic: topicOf(i), partition: 0, offset: 0n, key: r.key, value: r.value, timestamp: 0, headers: r.headers });
  }
  return pool;
}

/** The timestamp of stream record i. */
export const timestampOf = (i: number): number => T0 + i;

/** Stamps the pool for the pass that starts at stream record `from` (timestamps only: offsets stay unused). */
export function stamp(pool: StampedRecord[], from: number): void {
  for (let i = 0; i < pool.length; i++) (pool[i] as StampedRecord).timestamp = T0 + from + i;
}

/**
 * Calls `body(pool, count, from)` for each pass over the pool until `n` records were covered (the last pass may be
 * partial), stamping the pool first. `afterPass` runs (awaited) after each pass: the subject commits there.
 */
export async function forEachPass(
  pool: StampedRecord[],
  n: number,
  body: (records: readonly StampedRecord[], count: number, from: number) => void,
  afterPass?: () => Promise<void>,
): Promise<void> {
  for (let from = 0; from < n; from += pool.length) {
    stamp(pool, from);
    body(pool, Math.min(pool.length, n - from), from);
    if (afterPass !== undefined) await afterPass();
  }
}
