import { StoreError } from '../../errors.js';
import { writeInt64BE } from '../../internal/bytes.js';
import type { StoreContext } from '../store.js';
import type { VisitableWindowBytesStore, WindowBytesStoreSupplier, WindowEntry, WindowEntryVisitor } from '../window-store.js';
import { ValueSlab } from './value-slab.js';
import { DuplicateBuckets } from './duplicate-buckets.js';
import { indexOfSorted } from '../../internal/sorted-insert.js';

/**
 * An in-memory window store (Kafka's InMemoryWindowStore). Expiry is exact: a window whose start is ≤ observed
 * stream time − retention is dropped on the next write and is never returned or stored again.
 *
 * Plain stores group entries by window start, each group a slab of values by key (its bytes as a latin1 string),
 * with a per-key list of window starts for single-key fetches (pruned lazily as windows expire).
 *
 * With `retainDuplicates` (stream-stream join buffers) every put adds an entry, kept per key in time order and
 * expired lazily (DuplicateBuckets): a put is usually an append, a single-key fetch a scan of one short array.
 */
export class InMemoryWindowBytesStore implements VisitableWindowBytesStore {
  readonly persistent = false;
  // Plain stores.
  /**
   * Window starts ascending, and each window's slab at the same index; those before #head are expired (dropped
   * lazily, so expiry is not a copy per window). Arrays rather than a Map keyed by start: windows come and go all
   * the time, and a Map's superseded tables would keep young slabs alive (see layers/window-slots.ts).
   */
  #starts: number[] = [];
  #slabs: (ValueSlab | undefined)[] = [];
  #head = 0;
  /**
   * Per key, the starts of its windows ascending; starts of expired windows linger at the front until pruned.
   * Built by the first single-key range fetch (windowed aggregations over time windows never make one).
   */
  readonly #byKey = new Map<string, number[]>();
  #indexing = false;
  #indexed = 0;
  #stale = 0;
  /** The entries of a retainDuplicates store. */
  readonly #duplicates: DuplicateBuckets;

  #observed = -1;
  #open = false;

  constructor(
    readonly name: string,
    readonly retentionMs: number,
    readonly windowSizeMs: number,
    readonly retainDuplicates: boolean,
  ) {
    this.#duplicates = new DuplicateBuckets(retentionMs);
  }

  init(_context: StoreContext): void {
    this.#open = true;
  }

  flush(): void {}

  close(): void {
    this.#open = false;
    this.#starts = [];
    this.#slabs = [];
    this.#head = 0;
    this.#byKey.clear();
    this.#indexing = false;
    this.#indexed = 0;
    this.#stale = 0;
    this.#duplicates.clear();
  }

  isOpen(): boolean {
    return this.#open;
  }

  observedStreamTime(): number {
    return this.#observed;
  }

  put(key: Buffer, value: Buffer | null, windowStartMs: number): void {
    this.#checkOpen();
    if (windowStartMs > this.#observed) this.#observed = windowStartMs;
    const minLive = this.#observed - this.retentionMs + 1;
    if (this.retainDuplicates) {
      this.#duplicates.maybeSweep(minLive, this.#observed);
      if (windowStartMs < minLive || value === null) return; // expired window: skipped, as Kafka does; a null adds nothing
      this.#duplicates.put(key.toString('latin1'), value, windowStartMs, minLive, this.#observed);
      return;
    }
    const segment = this.#segmentFor(windowStartMs, minLive, value === null);
    if (segment === undefined) return;
    const id = key.toString('latin1');
    if (value === null) {
      if (segment.delete(id) && this.#indexing) this.#unindex(id, windowStartMs);
    } else if (segment.set(id, value) && this.#indexing) this.#index(id, windowStartMs, minLive);
  }

  /** put() of Kafka's timestamped layout (timestamp, then `plain`), without building it in a buffer first. */
  putTimestamped(key: Buffer, timestamp: number, plain: Buffer, windowStartMs: number): void {
    if (this.retainDuplicates) {
      const value = Buffer.allocUnsafe(8 + plain.length);
      writeInt64BE(value, timestamp, 0);
      value.set(plain, 8);
      this.put(key, value, windowStartMs);
      return;
    }
    this.#checkOpen();
    if (windowStartMs > this.#observed) this.#observed = windowStartMs;
    const minLive = this.#observed - this.retentionMs + 1;
    const segment = this.#segmentFor(windowStartMs, minLive, false);
    if (segment === undefined) return;
    const id = key.toString('latin1');
    if (segment.setTimestamped(id, timestamp, plain) && this.#indexing) this.#index(id, windowStartMs, minLive);
  }

  /** Expires old windows, then returns the window's slab (created unless `existingOnly`); undefined if expired. */
  #segmentFor(windowStartMs: number, minLive: number, existingOnly: boolean): ValueSlab | undefined {
    this.#expire(minLive);
    if (windowStartMs < minLive) return undefined;
    let segment = this.#slab(windowStartMs);
    if (segment === undefined && !existingOnly) {
      segment = new ValueSlab();
      this.#insertStart(windowStartMs, segment);
    }
    return segment;
  }

  fetchOne(key: Buffer, windowStartMs: number): Buffer | undefined {
    this.#checkOpen();
    // A duplicates store has no single value per (key, window), as Kafka's (its keys carry a sequence number).
    if (this.retainDuplicates || windowStartMs <= this.#observed - this.retentionMs) return undefined;
    return this.#slab(windowStartMs)?.get(key.toString('latin1'));
  }

  visitKey(key: Buffer, fromMs: number, toMs: number, visitor: WindowEntryVisitor): void {
    this.#checkOpen();
    const id = key.toString('latin1');
    const minStart = Math.max(fromMs, this.#observed - this.retentionMs + 1);
    if (this.retainDuplicates) {
      this.#duplicates.visit(id, minStart, toMs, visitor);
      return;
    }
    if (!this.#indexing) this.#buildIndex();
    const starts = this.#byKey.get(id);
    if (starts === undefined) return;
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i] as number;
      if (start < minStart) continue;
      if (start > toMs) break;
      const value = this.#slab(start)?.get(id);
      if (value !== undefined) visitor(start, value);
    }
  }

  fetchEntries(keyFrom: Buffer | undefined, keyTo: Buffer | undefined, fromMs: number, toMs: number): WindowEntry[] {
    this.#checkOpen();
    const lo = keyFrom?.toString('latin1');
    const hi = keyTo?.toString('latin1');
    const out: WindowEntry[] = [];
    if (lo !== undefined && lo === hi) {
      // One key (fetch(key, from, to)): its own entries, already in (start, insertion) order.
      const key = Buffer.from(lo, 'latin1');
      this.visitKey(key, fromMs, toMs, (windowStart, value) => out.push({ key, windowStart, value }));
      return out;
    }
    const minStart = Math.max(fromMs, this.#observed - this.retentionMs + 1);
    const inRange = (id: string): boolean => !((lo !== undefined && id < lo) || (hi !== undefined && id > hi));
    if (this.retainDuplicates) return this.#duplicates.entries(lo, hi, minStart, toMs);
    for (let i = this.#head; i < this.#starts.length; i++) {
      const start = this.#starts[i] as number;
      if (start < minStart) continue;
      if (start > toMs) break;
      const segment = this.#slabs[i];
      if (segment === undefined) continue;
      const ids = [...segment.keys()].sort();
      for (const id of ids) {
        if (!inRange(id)) continue;
        out.push({ key: Buffer.from(id, 'latin1'), windowStart: start, value: segment.get(id) as Buffer });
      }
    }
    return out;
  }

  #checkOpen(): void {
    if (!this.#open) throw new StoreError(this.name, `Window store ${this.name} is not open.`);
  }

  #insertStart(start: number, slab: ValueSlab): void {
    const starts = this.#starts;
    let i = starts.length;
    while (i > this.#head && (starts[i - 1] as number) > start) i--;
    if (i === starts.length) {
      starts.push(start);
      this.#slabs.push(slab);
    } else {
      starts.splice(i, 0, start);
      this.#slabs.splice(i, 0, slab);
    }
  }

  /** The slab of the live window at `start`, if any. */
  #slab(start: number): ValueSlab | undefined {
    const i = indexOfSorted(this.#starts, this.#head, start);
    return i < 0 ? undefined : this.#slabs[i];
  }

  #expire(minLive: number): void {
    let drop = this.#head;
    while (drop < this.#starts.length && (this.#starts[drop] as number) < minLive) {
      const segment = this.#slabs[drop];
      if (segment !== undefined) {
        // Their index entries become stale; pruned as their keys are written, or all at once when many.
        if (this.#indexing) this.#stale += segment.size;
        this.#slabs[drop] = undefined;
      }
      drop++;
    }
    this.#head = drop;
    if (drop > 1024 && drop * 2 > this.#starts.length) {
      this.#starts = this.#starts.slice(drop);
      this.#slabs = this.#slabs.slice(drop);
      this.#head = 0;
    }
    // A sweep costs a visit per key: amortized over at least as many stale entries.
    if (this.#stale > 1024 && this.#stale > this.#byKey.size) this.#pruneIndex(minLive);
  }

  /** Indexes every live entry by key, from then on kept up to date by writes. */
  #buildIndex(): void {
    this.#indexing = true;
    for (let i = this.#head; i < this.#starts.length; i++) {
      const start = this.#starts[i] as number;
      const segment = this.#slabs[i];
      if (segment === undefined) continue;
      for (const id of segment.keys()) {
        const starts = this.#byKey.get(id);
        if (starts === undefined) this.#byKey.set(id, [start]);
        else starts.push(start);
        this.#indexed++;
      }
    }
  }

  /** Drops the index entries of expired windows, and keys left without any. */
  #pruneIndex(minLive: number): void {
    for (const [id, starts] of this.#byKey) {
      const n = leadingBelow(starts, minLive);
      if (n === starts.length) this.#byKey.delete(id);
      else if (n > 0) starts.splice(0, n);
      this.#indexed -= n;
    }
    this.#stale = 0;
  }

  /** Adds a new entry's start to its key's index; writes come mostly in time order, so the search starts at the end. */
  #index(id: string, start: number, minLive: number): void {
    this.#indexed++;
    const starts = this.#byKey.get(id);
    if (starts === undefined) {
      this.#byKey.set(id, [start]);
      return;
    }
    const expired = leadingBelow(starts, minLive);
    if (expired > 0) {
      starts.splice(0, expired);
      this.#indexed -= expired;
      this.#stale -= Math.min(expired, this.#stale);
    }
    let i = starts.length;
    while (i > 0 && (starts[i - 1] as number) > start) i--;
    if (i === starts.length) starts.push(start);
    else starts.splice(i, 0, start);
  }

  /** Removes a deleted entry's start from its key's index; drops the key when none is left. */
  #unindex(id: string, start: number): void {
    const starts = this.#byKey.get(id);
    if (starts === undefined) return;
    const i = starts.indexOf(start);
    if (i < 0) return;
    this.#indexed--;
    if (starts.length === 1) this.#byKey.delete(id);
    else starts.splice(i, 1);
  }
}

/** How many of the ascending `starts` are below `min`. */
function leadingBelow(starts: readonly number[], min: number): number {
  let n = 0;
  while (n < starts.length && (starts[n] as number) < min) n++;
  return n;
}

/** Supplies in-memory window stores (`Stores.inMemoryWindowStore`). */
export function inMemoryWindowStoreSupplier(name: string, retentionMs: number, windowSizeMs: number, retainDuplicates: boolean): WindowBytesStoreSupplier {
  return {
    name,
    persistent: false,
    retentionMs,
    windowSizeMs,
    retainDuplicates,
    get: () => new InMemoryWindowBytesStore(name, retentionMs, windowSizeMs, retainDuplicates),
  };
}
