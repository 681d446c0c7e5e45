import { StoreError } from '../../errors.js';
import type { StoreContext } from '../store.js';
import type { WindowBytesStore, WindowBytesStoreSupplier, WindowEntry } from '../window-store.js';

interface Slot {
  readonly key: Buffer;
  value: Buffer;
}

/**
 * An in-memory window store (Kafka's InMemoryWindowStore): entries grouped by window start, each group a
 * byte-ordered map of keys. Expiry is exact: a window whose start is ≤ observed stream time − retention is
 * dropped on the next write and is never returned or stored again.
 */
export class InMemoryWindowBytesStore implements WindowBytesStore {
  readonly persistent = false;
  readonly #segments = new Map<number, Map<string, Slot>>();
  /** Window starts ascending; those before #head are expired (dropped lazily, so expiry is not a copy per window). */
  #starts: number[] = [];
  #head = 0;
  /** Per key (latin1), the (window start, slot id) of each of its entries, in (start, id) order: single-key fetches read only these. */
  readonly #byKey = new Map<string, IndexEntry[]>();
  #observed = -1;
  #seq = 0;
  #open = false;

  constructor(
    readonly name: string,
    readonly retentionMs: number,
    readonly windowSizeMs: number,
    readonly retainDuplicates: boolean,
  ) {}

  init(_context: StoreContext): void {
    this.#open = true;
  }

  flush(): void {}

  close(): void {
    this.#open = false;
    this.#segments.clear();
    this.#starts = [];
    this.#head = 0;
    this.#byKey.clear();
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
    this.#expire();
    if (windowStartMs <= this.#observed - this.retentionMs) return; // expired window: skipped, as Kafka does
    let segment = this.#segments.get(windowStartMs);
    if (value === null) {
      if (!this.retainDuplicates) {
        const id = key.toString('latin1');
        if (segment?.delete(id) === true) this.#unindex(id, windowStartMs, id);
      }
      return;
    }
    if (segment === undefined) {
      segment = new Map();
      this.#segments.set(windowStartMs, segment);
      this.#insertStart(windowStartMs);
    }
    const keyId = key.toString('latin1');
    const id = this.retainDuplicates ? keyId + seqSuffix(this.#seq++) : keyId;
    const slot = segment.get(id);
    if (slot === undefined) {
      segment.set(id, { key: Buffer.from(key), value });
      this.#index(keyId, windowStartMs, id);
    } else slot.value = value;
  }

  fetchOne(key: Buffer, windowStartMs: number): Buffer | undefined {
    this.#checkOpen();
    if (windowStartMs <= this.#observed - this.retentionMs) return undefined;
    return this.#segments.get(windowStartMs)?.get(key.toString('latin1'))?.value;
  }

  fetchEntries(keyFrom: Buffer | undefined, keyTo: Buffer | undefined, fromMs: number, toMs: number): WindowEntry[] {
    this.#checkOpen();
    const lo = keyFrom?.toString('latin1');
    const hi = keyTo?.toString('latin1');
    const minStart = Math.max(fromMs, this.#observed - this.retentionMs + 1);
    const out: WindowEntry[] = [];
    if (lo !== undefined && lo === hi) {
      // One key (fetch(key, from, to), the join's probe): its own entries, already in (start, id) order.
      for (const entry of this.#byKey.get(lo) ?? []) {
        if (entry.start < minStart) continue;
        if (entry.start > toMs) break;
        const slot = this.#segments.get(entry.start)?.get(entry.id);
        if (slot !== undefined) out.push({ key: slot.key, windowStart: entry.start, value: slot.value });
      }
      return out;
    }
    for (let i = this.#head; i < this.#starts.length; i++) {
      const start = this.#starts[i] as number;
      if (start < minStart) continue;
      if (start > toMs) break;
      const segment = this.#segments.get(start);
      if (segment === undefined) continue;
      const ids = [...segment.keys()].sort();
      for (const id of ids) {
        const slot = segment.get(id) as Slot;
        const keyId = this.retainDuplicates ? id.slice(0, id.length - 4) : id;
        if ((lo !== undefined && keyId < lo) || (hi !== undefined && keyId > hi)) continue;
        out.push({ key: slot.key, windowStart: start, value: slot.value });
      }
    }
    return out;
  }

  #checkOpen(): void {
    if (!this.#open) throw new StoreError(this.name, `Window store ${this.name} is not open.`);
  }

  #insertStart(start: number): void {
    const starts = this.#starts;
    let i = starts.length;
    while (i > this.#head && (starts[i - 1] as number) > start) i--;
    if (i === starts.length) starts.push(start);
    else starts.splice(i, 0, start);
  }

  #expire(): void {
    const minLive = this.#observed - this.retentionMs + 1;
    let drop = this.#head;
    while (drop < this.#starts.length && (this.#starts[drop] as number) < minLive) {
      const start = this.#starts[drop] as number;
      const segment = this.#segments.get(start);
      if (segment !== undefined) for (const id of segment.keys()) this.#unindex(this.retainDuplicates ? id.slice(0, id.length - 4) : id, start, id);
      this.#segments.delete(start);
      drop++;
    }
    this.#head = drop;
    if (drop > 1024 && drop * 2 > this.#starts.length) {
      this.#starts = this.#starts.slice(drop);
      this.#head = 0;
    }
  }

  /** Adds a new slot to its key's index; writes come mostly in time order, so the search starts at the end. */
  #index(keyId: string, start: number, id: string): void {
    let entries = this.#byKey.get(keyId);
    if (entries === undefined) {
      this.#byKey.set(keyId, [{ start, id }]);
      return;
    }
    let i = entries.length;
    while (i > 0 && compareEntry(entries[i - 1] as IndexEntry, start, id) > 0) i--;
    if (i === entries.length) entries.push({ start, id });
    else entries.splice(i, 0, { start, id });
  }

  /** Removes a slot from its key's index (an expired one is at the front); drops the key when none is left. */
  #unindex(keyId: string, start: number, id: string): void {
    const entries = this.#byKey.get(keyId);
    if (entries === undefined) return;
    const i = entries.findIndex((e) => e.start === start && e.id === id);
    if (i < 0) return;
    if (entries.length === 1) this.#byKey.delete(keyId);
    else if (i === 0) entries.shift();
    else entries.splice(i, 1);
  }
}

interface IndexEntry {
  readonly start: number;
  readonly id: string;
}

function compareEntry(e: IndexEntry, start: number, id: string): number {
  if (e.start !== start) return e.start - start;
  return e.id < id ? -1 : e.id > id ? 1 : 0;
}

/** A 4-character big-endian sequence suffix: duplicates of a key keep their insertion order under sorting. */
function seqSuffix(seq: number): string {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(seq >>> 0, 0);
  return b.toString('latin1');
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
