import type { StoreContext } from '../store.js';
import type { VisitableWindowBytesStore, WindowBytesStoreSupplier, WindowEntry, WindowEntryVisitor } from '../window-store.js';
import { DATA_PREFIX } from './leveldb-database.js';
import type { PersistentBytesStore } from './persistent-store.js';
import { SegmentedDisk } from './segmented-disk.js';
import { KeyWindowIndex, type WindowSlot as Slot } from './key-window-index.js';

/**
 * A window bytes store on LevelDB, laid out `[window start][key][seq]` so that expiry is one range delete.
 * Like Kafka's RocksDB window stores it expires by segment: segments span max(retention / 2, 60 s); a whole
 * segment is dropped once it is older than observed stream time − retention (kafka-semantics.md item 13).
 * An in-memory index of (start, key) makes fetches synchronous; values are read with `getSync`. A per-key index,
 * built by the first single-key range fetch, serves those without scanning every window in the range.
 */
export class LevelWindowBytesStore implements VisitableWindowBytesStore, PersistentBytesStore {
  readonly persistent = true;
  readonly #disk: SegmentedDisk;
  readonly #index = new Map<number, Map<string, Slot>>();
  #starts: number[] = [];
  #observed = -1;
  #seq = 0;
  /** Built by the first single-key range fetch (windowed aggregations over time windows never make one). */
  #byKey: KeyWindowIndex | undefined;
  readonly #isLive = (start: number, slot: Slot): boolean => this.#index.get(start)?.get(slot.id) === slot;

  constructor(
    readonly name: string,
    readonly retentionMs: number,
    readonly windowSizeMs: number,
    readonly retainDuplicates: boolean,
  ) {
    this.#disk = new SegmentedDisk(name, 'Window store', retentionMs);
  }

  get segmentIntervalMs(): number {
    return this.#disk.segmentIntervalMs;
  }

  async init(context: StoreContext): Promise<void> {
    const db = await this.#disk.open(context);
    for await (const slice of db.entries(Buffer.from([DATA_PREFIX]), Buffer.from([DATA_PREFIX + 1]))) {
      for (const [dataKey] of slice) {
        const start = Number(dataKey.readBigInt64BE(1));
        const key = dataKey.subarray(9, dataKey.length - 4);
        const id = dataKey.subarray(9).toString('latin1');
        this.#indexSlot(start, id, { id, key: Buffer.from(key), dataKey: Buffer.from(dataKey) });
        this.#observed = Math.max(this.#observed, start);
        this.#seq = Math.max(this.#seq, dataKey.readInt32BE(dataKey.length - 4) + 1);
      }
    }
  }

  checkpoint(): bigint | undefined {
    return this.#disk.db.checkpoint();
  }

  commit(checkpoint: bigint | undefined): Promise<void> {
    return this.#disk.commit(checkpoint);
  }

  async wipe(): Promise<void> {
    this.#byKey = undefined;
    this.#index.clear();
    this.#starts = [];
    this.#observed = -1;
    await this.#disk.wipe();
  }

  flush(): void {}

  async close(): Promise<void> {
    this.#byKey = undefined;
    this.#index.clear();
    this.#starts = [];
    await this.#disk.close();
  }

  isOpen(): boolean {
    return this.#disk.isOpen;
  }


  observedStreamTime(): number {
    return this.#observed;
  }

  put(key: Buffer, value: Buffer | null, windowStartMs: number): void {
    this.#disk.assertOpen();
    this.#observed = Math.max(this.#observed, windowStartMs);
    const minLiveSegment = this.#disk.segment(this.#observed - this.retentionMs);
    this.#expire(minLiveSegment);
    if (this.#disk.segment(windowStartMs) < minLiveSegment) return; // expired segment: skipped, as Kafka does
    const seq = this.retainDuplicates ? this.#seq++ : 0;
    const dataKey = dataKeyOf(windowStartMs, key, seq);
    const id = dataKey.subarray(9).toString('latin1');
    if (value === null) {
      if (this.retainDuplicates) return;
      this.#index.get(windowStartMs)?.delete(id);
    } else {
      const slot: Slot = { id, key: Buffer.from(key), dataKey };
      const previous = this.#indexSlot(windowStartMs, id, slot);
      const byKey = this.#byKey;
      if (byKey !== undefined) {
        const keyId = key.toString('latin1');
        if (previous === undefined) byKey.add(keyId, windowStartMs, slot);
        else byKey.replace(keyId, windowStartMs, previous, slot);
      }
    }
    this.#disk.pending.set(dataKey.toString('latin1'), { key: dataKey, value });
  }

  fetchOne(key: Buffer, windowStartMs: number): Buffer | undefined {
    this.#disk.assertOpen();
    const dataKey = dataKeyOf(windowStartMs, key, 0);
    if (this.#index.get(windowStartMs)?.has(dataKey.subarray(9).toString('latin1')) !== true) return undefined;
    return this.#disk.read(dataKey);
  }

  visitKey(key: Buffer, fromMs: number, toMs: number, visitor: WindowEntryVisitor): void {
    this.#disk.assertOpen();
    this.#keyIndex().visit(key.toString('latin1'), fromMs, toMs, (start, slot) => {
      const value = this.#disk.read(slot.dataKey);
      if (value !== undefined) visitor(start, value);
    });
  }

  fetchEntries(keyFrom: Buffer | undefined, keyTo: Buffer | undefined, fromMs: number, toMs: number): WindowEntry[] {
    this.#disk.assertOpen();
    const lo = keyFrom?.toString('latin1');
    const hi = keyTo?.toString('latin1');
    const out: WindowEntry[] = [];
    if (keyFrom !== undefined && lo === hi) {
      // One key (fetch(key, from, to)): through the per-key index.
      const key = Buffer.from(keyFrom);
      this.visitKey(key, fromMs, toMs, (windowStart, value) => out.push({ key, windowStart, value }));
      return out;
    }
    for (const start of this.#starts) {
      if (start < fromMs) continue;
      if (start > toMs) break;
      const slots = this.#index.get(start);
      if (slots === undefined) continue;
      for (const id of [...slots.keys()].sort()) {
        const slot = slots.get(id) as Slot;
        const keyId = slot.key.toString('latin1');
        if ((lo !== undefined && keyId < lo) || (hi !== undefined && keyId > hi)) continue;
        const value = this.#disk.read(slot.dataKey);
        if (value !== undefined) out.push({ key: slot.key, windowStart: start, value });
      }
    }
    return out;
  }

  /** The per-key index, built from the (start, key) index on first use and kept up to date by puts from then on. */
  #keyIndex(): KeyWindowIndex {
    if (this.#byKey !== undefined) return this.#byKey;
    const byKey = new KeyWindowIndex(this.#isLive);
    for (const start of this.#starts) {
      const slots = this.#index.get(start);
      if (slots === undefined) continue;
      // By id within a window: a key's duplicates in sequence (insertion) order.
      for (const id of [...slots.keys()].sort()) {
        const slot = slots.get(id) as Slot;
        byKey.add(slot.key.toString('latin1'), start, slot);
      }
    }
    this.#byKey = byKey;
    return byKey;
  }

  /** Indexes the slot under (start, id); returns the slot it replaced, if any. */
  #indexSlot(start: number, id: string, slot: Slot): Slot | undefined {
    let slots = this.#index.get(start);
    if (slots === undefined) {
      slots = new Map();
      this.#index.set(start, slots);
      let i = this.#starts.length;
      while (i > 0 && (this.#starts[i - 1] as number) > start) i--;
      this.#starts.splice(i, 0, start);
    }
    const previous = slots.get(id);
    slots.set(id, slot);
    return previous;
  }

  #expire(minLiveSegment: number): void {
    const boundary = this.#disk.expireBelow(minLiveSegment);
    if (boundary === undefined) return;
    let drop = 0;
    while (drop < this.#starts.length && (this.#starts[drop] as number) < boundary) {
      const start = this.#starts[drop] as number;
      for (const slot of this.#index.get(start)?.values() ?? []) this.#disk.pending.delete(slot.dataKey.toString('latin1'));
      this.#index.delete(start);
      drop++;
    }
    if (drop > 0) this.#starts = this.#starts.slice(drop);
  }

}

/** `[DATA_PREFIX][start: int64 BE][key][seq: int32 BE]` */
function dataKeyOf(start: number, key: Buffer, seq: number): Buffer {
  const out = Buffer.allocUnsafe(1 + 8 + key.length + 4);
  out[0] = DATA_PREFIX;
  out.writeBigInt64BE(BigInt(start), 1);
  key.copy(out, 9);
  out.writeInt32BE(seq | 0, 9 + key.length);
  return out;
}

/** Supplies LevelDB window stores (`Stores.persistentWindowStore`). */
export function persistentWindowStoreSupplier(name: string, retentionMs: number, windowSizeMs: number, retainDuplicates: boolean): WindowBytesStoreSupplier {
  return {
    name,
    persistent: true,
    retentionMs,
    windowSizeMs,
    retainDuplicates,
    get: () => new LevelWindowBytesStore(name, retentionMs, windowSizeMs, retainDuplicates),
  };
}
