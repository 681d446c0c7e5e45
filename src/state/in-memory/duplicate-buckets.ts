import type { WindowEntry, WindowEntryVisitor } from '../window-store.js';
import { insertByStart } from '../../internal/sorted-insert.js';

/** One key's entries: window starts and values in (start, insertion) order; those before `head` are expired. */
interface Bucket {
  readonly id: string;
  starts: number[];
  values: Buffer[];
  head: number;
  /** True when a sweep found the bucket empty: the next sweep drops it if it is still empty. */
  idle: boolean;
}

/**
 * The entries of a retainDuplicates in-memory window store (stream-stream join buffers), where every put adds an
 * entry: per key (its bytes as a latin1 string), parallel arrays of window start and value, appended to in time
 * order. Expiry is lazy: a key's expired entries are dropped when the key is next written or read, which touches
 * its arrays anyway; a sweep over every key, run when the number of keys doubled or once per retention period of
 * stream time, drops the rest, and the keys found empty by two sweeps in a row. Expired entries are never returned: readers pass the
 * smallest live window start.
 */
export class DuplicateBuckets {
  readonly #buckets = new Map<string, Bucket>();
  /** Keys after the last sweep; the next one runs once there are twice as many. */
  #keysAfterSweep = 0;
  #nextSweepMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly retentionMs: number) {}

  clear(): void {
    this.#buckets.clear();
    this.#keysAfterSweep = 0;
    this.#nextSweepMs = Number.NEGATIVE_INFINITY;
  }

  /** Adds an entry (`start` ≥ `minLive`), dropping the key's expired entries first. */
  put(id: string, value: Buffer, start: number, minLive: number, observedMs: number): void {
    const bucket = this.#buckets.get(id);
    if (bucket === undefined) {
      this.#buckets.set(id, { id, starts: [start], values: [value], head: 0, idle: false });
      if (this.#buckets.size > 2 * this.#keysAfterSweep + 1024) this.sweep(minLive, observedMs);
      return;
    }
    trim(bucket, minLive);
    const { starts, values } = bucket;
    if (bucket.head === starts.length && starts.length === 1) {
      // The key's only entry expired: reuse its slot (the common case of a key seen once per retention period).
      starts[0] = start;
      values[0] = value;
      bucket.head = 0;
      return;
    }
    insertByStart(starts, values, start, value, bucket.head);
  }

  /** Visits the key's entries with start in [minStart, toMs], by start, duplicates in insertion order. */
  visit(id: string, minStart: number, toMs: number, visitor: WindowEntryVisitor): void {
    const bucket = this.#buckets.get(id);
    if (bucket === undefined) return;
    const { starts, values } = bucket;
    for (let i = bucket.head; i < starts.length; i++) {
      const start = starts[i] as number;
      if (start < minStart) continue;
      if (start > toMs) break;
      visitor(start, values[i] as Buffer);
    }
  }

  /** Entries of keys in [lo, hi] (latin1 ids; undefined = unbounded) with start in [minStart, toMs], by start, then key. */
  entries(lo: string | undefined, hi: string | undefined, minStart: number, toMs: number): WindowEntry[] {
    const rows: { id: string; entry: WindowEntry }[] = [];
    for (const bucket of this.#buckets.values()) {
      if ((lo !== undefined && bucket.id < lo) || (hi !== undefined && bucket.id > hi)) continue;
      let key: Buffer | undefined;
      for (let i = bucket.head; i < bucket.starts.length; i++) {
        const start = bucket.starts[i] as number;
        if (start < minStart) continue;
        if (start > toMs) break;
        key ??= Buffer.from(bucket.id, 'latin1');
        rows.push({ id: bucket.id, entry: { key, windowStart: start, value: bucket.values[i] as Buffer } });
      }
    }
    // Stable: a key's duplicates of one window keep their insertion order.
    rows.sort((a, b) => (a.entry.windowStart !== b.entry.windowStart ? a.entry.windowStart - b.entry.windowStart : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return rows.map((row) => row.entry);
  }

  /** Runs a sweep when one is due by stream time (once per retention period). */
  maybeSweep(minLive: number, observedMs: number): void {
    if (observedMs >= this.#nextSweepMs) this.sweep(minLive, observedMs);
  }

  /**
   * Drops every expired entry, and the keys that were without any at the previous sweep too. A key left empty is
   * kept for one more sweep: most keys come back within a retention period, and a Map that deletes and re-adds
   * thousands of keys per sweep costs more than it saves (its superseded tables also keep young buckets alive).
   */
  sweep(minLive: number, observedMs: number): void {
    for (const [id, bucket] of this.#buckets) {
      trim(bucket, minLive);
      if (bucket.head !== bucket.starts.length) bucket.idle = false;
      else if (bucket.idle) this.#buckets.delete(id);
      else bucket.idle = true;
    }
    this.#keysAfterSweep = this.#buckets.size;
    this.#nextSweepMs = observedMs + this.retentionMs;
  }

  /** Live and not yet dropped entries (for tests of the memory bound). */
  get size(): number {
    let n = 0;
    for (const bucket of this.#buckets.values()) n += bucket.starts.length - bucket.head;
    return n;
  }
}

/** Moves the bucket's head past its expired entries, releasing their values once they are many. */
function trim(bucket: Bucket, minLive: number): void {
  const { starts } = bucket;
  let h = bucket.head;
  while (h < starts.length && (starts[h] as number) < minLive) h++;
  if (h === bucket.head) return;
  if (h === starts.length && h > 1) {
    starts.length = 0;
    bucket.values.length = 0;
    h = 0;
  } else if (h > 16 && h * 2 > starts.length) {
    bucket.starts = starts.slice(h);
    bucket.values = bucket.values.slice(h);
    h = 0;
  }
  bucket.head = h;
}
