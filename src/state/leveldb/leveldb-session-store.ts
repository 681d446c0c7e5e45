import type { StoreContext } from '../store.js';
import type { SessionBytesStore, SessionBytesStoreSupplier, SessionEntry, SessionQuery } from '../session-store.js';
import { DATA_PREFIX } from './leveldb-database.js';
import type { PersistentBytesStore } from './persistent-store.js';
import { SegmentedDisk } from './segmented-disk.js';

interface KeySlot {
  readonly key: Buffer;
  /** The data key of each session of this key (and end), by session start. */
  readonly starts: Map<number, Buffer>;
}

/**
 * A session bytes store on LevelDB, laid out `[end][key][start]` so that expiry is one range delete.
 * As Kafka's RocksDBSessionStore (a segmented bytes store keyed by session end) it stores by segment: segments
 * span max(retention / 2, 60 s), a put into a segment older than the one of observed stream time − retention is
 * skipped, and a whole segment is dropped once it falls behind it (kafka-semantics.md item 13). Reads filter
 * exactly, as Kafka's since 3.4 (KAFKA-12960): sessions ending at or before observed stream time − retention are
 * never returned, even while their segment lives. An in-memory index of (end, key, start), rebuilt on open,
 * makes searches synchronous; values are read with `getSync`. Writes reach the disk at commit, with the checkpoint.
 */
export class LevelSessionBytesStore implements SessionBytesStore, PersistentBytesStore {
  readonly persistent = true;
  readonly #disk: SegmentedDisk;
  readonly #index = new Map<number, Map<string, KeySlot>>();
  #ends: number[] = [];
  #observed = -1;

  constructor(
    readonly name: string,
    readonly retentionMs: number,
  ) {
    this.#disk = new SegmentedDisk(name, 'Session store', retentionMs);
  }

  get segmentIntervalMs(): number {
    return this.#disk.segmentIntervalMs;
  }

  async init(context: StoreContext): Promise<void> {
    const db = await this.#disk.open(context);
    for await (const slice of db.entries(Buffer.from([DATA_PREFIX]), Buffer.from([DATA_PREFIX + 1]))) {
      for (const [dataKey] of slice) {
        const end = Number(dataKey.readBigInt64BE(1));
        const start = Number(dataKey.readBigInt64BE(dataKey.length - 8));
        this.#indexSession(dataKey.subarray(9, dataKey.length - 8), start, end, Buffer.from(dataKey));
        this.#observed = Math.max(this.#observed, end);
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
    this.#index.clear();
    this.#ends = [];
    this.#observed = -1;
    await this.#disk.wipe();
  }

  flush(): void {}

  async close(): Promise<void> {
    this.#index.clear();
    this.#ends = [];
    await this.#disk.close();
  }

  isOpen(): boolean {
    return this.#disk.isOpen;
  }


  observedStreamTime(): number {
    return this.#observed;
  }

  put(key: Buffer, start: number, end: number, value: Buffer | null): void {
    this.#disk.assertOpen();
    this.#observed = Math.max(this.#observed, end);
    const minLiveSegment = this.#disk.segment(this.#observed - this.retentionMs);
    this.#expire(minLiveSegment);
    if (this.#disk.segment(end) < minLiveSegment) return; // expired segment: skipped, as Kafka does
    if (value === null) {
      this.remove(key, start, end);
      return;
    }
    const dataKey = dataKeyOf(key, start, end);
    this.#indexSession(key, start, end, dataKey);
    this.#disk.pending.set(dataKey.toString('latin1'), { key: dataKey, value });
  }

  remove(key: Buffer, start: number, end: number): void {
    this.#disk.assertOpen();
    const keys = this.#index.get(end);
    const id = key.toString('latin1');
    const slot = keys?.get(id);
    if (keys === undefined || slot === undefined) return;
    const dataKey = slot.starts.get(start);
    if (dataKey === undefined) return;
    this.#disk.pending.set(dataKey.toString('latin1'), { key: dataKey, value: null });
    slot.starts.delete(start);
    if (slot.starts.size > 0) return;
    keys.delete(id);
    if (keys.size > 0) return;
    this.#index.delete(end);
    this.#ends = this.#ends.filter((e) => e !== end);
  }

  fetchSession(key: Buffer, start: number, end: number): Buffer | undefined {
    this.#disk.assertOpen();
    if (end <= this.#observed - this.retentionMs) return undefined;
    const dataKey = this.#index.get(end)?.get(key.toString('latin1'))?.starts.get(start);
    return dataKey === undefined ? undefined : this.#disk.read(dataKey);
  }

  findSessions(query: SessionQuery): SessionEntry[] {
    this.#disk.assertOpen();
    const lo = query.keyFrom?.toString('latin1');
    const hi = query.keyTo?.toString('latin1');
    if (lo !== undefined && hi !== undefined && lo > hi) return []; // an inverted range is empty (Kafka logs a warning)
    const earliestEnd = Math.max(query.earliestEnd, this.#observed - this.retentionMs + 1);
    const out: SessionEntry[] = [];
    for (const end of this.#ends) {
      if (end < earliestEnd) continue;
      if (end > query.latestEnd) break;
      const keys = this.#index.get(end) as Map<string, KeySlot>;
      // one key (the session aggregation's lookup) needs no sort of every key ending here
      const ids = lo !== undefined && lo === hi ? (keys.has(lo) ? [lo] : []) : [...keys.keys()].sort();
      for (const id of ids) {
        if ((lo !== undefined && id < lo) || (hi !== undefined && id > hi)) continue;
        const slot = keys.get(id) as KeySlot;
        const starts = [...slot.starts.keys()].filter((s) => s <= query.latestStart).sort((a, b) => b - a);
        for (const start of starts) {
          const value = this.#disk.read(slot.starts.get(start) as Buffer);
          if (value !== undefined) out.push({ key: slot.key, start, end, value });
        }
      }
    }
    return out;
  }

  #indexSession(key: Buffer, start: number, end: number, dataKey: Buffer): void {
    let keys = this.#index.get(end);
    if (keys === undefined) {
      keys = new Map();
      this.#index.set(end, keys);
      let i = this.#ends.length;
      while (i > 0 && (this.#ends[i - 1] as number) > end) i--;
      this.#ends.splice(i, 0, end);
    }
    const id = key.toString('latin1');
    let slot = keys.get(id);
    if (slot === undefined) {
      slot = { key: Buffer.from(key), starts: new Map() };
      keys.set(id, slot);
    }
    slot.starts.set(start, dataKey);
  }

  /** Drops every segment before `minLiveSegment` from the index; commit deletes their range on disk. */
  #expire(minLiveSegment: number): void {
    const boundary = this.#disk.expireBelow(minLiveSegment);
    if (boundary === undefined) return;
    let drop = 0;
    while (drop < this.#ends.length && (this.#ends[drop] as number) < boundary) {
      for (const slot of this.#index.get(this.#ends[drop] as number)?.values() ?? []) {
        for (const dataKey of slot.starts.values()) this.#disk.pending.delete(dataKey.toString('latin1'));
      }
      this.#index.delete(this.#ends[drop] as number);
      drop++;
    }
    if (drop > 0) this.#ends = this.#ends.slice(drop);
  }

}

/** `[DATA_PREFIX][end: int64 BE][key][start: int64 BE]`: ordered by end first, so expiry is a range delete. */
function dataKeyOf(key: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(1 + 8 + key.length + 8);
  out[0] = DATA_PREFIX;
  out.writeBigInt64BE(BigInt(end), 1);
  key.copy(out, 9);
  out.writeBigInt64BE(BigInt(start), 9 + key.length);
  return out;
}

/** Supplies LevelDB session stores (`Stores.persistentSessionStore`). */
export function persistentSessionStoreSupplier(name: string, retentionMs: number): SessionBytesStoreSupplier {
  return { name, persistent: true, retentionMs, sessionStore: true, get: () => new LevelSessionBytesStore(name, retentionMs) };
}
