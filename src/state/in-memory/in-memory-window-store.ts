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
  #starts: number[] = [];
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
      if (!this.retainDuplicates) segment?.delete(key.toString('latin1'));
      return;
    }
    if (segment === undefined) {
      segment = new Map();
      this.#segments.set(windowStartMs, segment);
      this.#insertStart(windowStartMs);
    }
    const id = this.retainDuplicates ? key.toString('latin1') + seqSuffix(this.#seq++) : key.toString('latin1');
    const slot = segment.get(id);
    if (slot === undefined) segment.set(id, { key: Buffer.from(key), value });
    else slot.value = value;
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
    for (const start of this.#starts) {
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
    while (i > 0 && (starts[i - 1] as number) > start) i--;
    starts.splice(i, 0, start);
  }

  #expire(): void {
    const minLive = this.#observed - this.retentionMs + 1;
    let drop = 0;
    while (drop < this.#starts.length && (this.#starts[drop] as number) < minLive) {
      this.#segments.delete(this.#starts[drop] as number);
      drop++;
    }
    if (drop > 0) this.#starts = this.#starts.slice(drop);
  }
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
