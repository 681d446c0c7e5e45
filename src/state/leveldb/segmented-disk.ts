import { StoreError } from '../../errors.js';
import type { StoreContext } from '../store.js';
import { DATA_PREFIX, LevelDatabase, type WriteOp } from './leveldb-database.js';
import { storeDirectory } from './persistent-store.js';

/**
 * The on-disk side shared by the LevelDB window and session stores: data keys `[DATA_PREFIX][time: int64 BE]…`
 * (window start or session end first), writes pending until commit, and expiry by segment of
 * max(retention / 2, 60 s) — a whole segment is dropped with one range delete, as RocksDB's segmented stores do.
 */
export class SegmentedDisk {
  readonly segmentIntervalMs: number;
  /** Writes since the last commit, by data key (latin1). */
  readonly pending = new Map<string, WriteOp>();
  #db: LevelDatabase | undefined;
  /** Everything with time below this has expired. */
  #expiredBefore = 0;
  /** The expiry boundary already applied on disk. */
  #clearedBefore = 0;

  constructor(
    readonly storeName: string,
    readonly description: string,
    retentionMs: number,
  ) {
    this.segmentIntervalMs = Math.max(Math.floor(retentionMs / 2), 60_000);
  }

  /** Opens the store's database (`<stateDir>/<applicationId>/<taskId>/<store>`). */
  async open(context: StoreContext): Promise<LevelDatabase> {
    this.#db = await LevelDatabase.open(this.storeName, storeDirectory(context, this.storeName));
    return this.#db;
  }

  /** The open database; a StoreError once closed. */
  get db(): LevelDatabase {
    this.assertOpen();
    return this.#db as LevelDatabase;
  }

  /** Throws a StoreError unless the store is open. */
  assertOpen(): void {
    if (this.#db === undefined) throw new StoreError(this.storeName, `${this.description} ${this.storeName} is not open; it was closed or never initialized.`);
  }

  get isOpen(): boolean {
    return this.#db !== undefined;
  }

  segment(timestampMs: number): number {
    return Math.floor(timestampMs / this.segmentIntervalMs);
  }

  /** Marks every segment below `minLiveSegment` expired; returns the new boundary, or undefined if it did not move. */
  expireBelow(minLiveSegment: number): number | undefined {
    const boundary = minLiveSegment * this.segmentIntervalMs;
    if (boundary <= this.#expiredBefore) return undefined;
    this.#expiredBefore = boundary;
    return boundary;
  }

  /** A value: the pending write if there is one, else from disk. */
  read(dataKey: Buffer): Buffer | undefined {
    const pending = this.pending.get(dataKey.toString('latin1'));
    if (pending !== undefined) return pending.value ?? undefined;
    return this.db.getSync(dataKey);
  }

  /** Drops expired segments (only when the boundary moved), then writes pending data with the checkpoint. */
  async commit(checkpoint: bigint | undefined): Promise<void> {
    const db = this.db;
    if (this.#expiredBefore > this.#clearedBefore) {
      const upper = Buffer.allocUnsafe(9);
      upper[0] = DATA_PREFIX;
      upper.writeBigInt64BE(BigInt(this.#expiredBefore), 1);
      await db.clearRange(Buffer.from([DATA_PREFIX]), upper);
      this.#clearedBefore = this.#expiredBefore;
    }
    const ops = [...this.pending.values()];
    this.pending.clear();
    await db.write(ops, checkpoint);
  }

  async wipe(): Promise<void> {
    this.pending.clear();
    this.#expiredBefore = 0;
    this.#clearedBefore = 0;
    await this.db.wipe();
  }

  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    this.pending.clear();
    await db?.close();
  }
}
