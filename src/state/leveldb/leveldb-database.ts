import { mkdirSync } from 'node:fs';
import { ClassicLevel } from 'classic-level';
import { StoreError } from '../../errors.js';
import type { ChangelogRecord } from '../store.js';
import { ScratchBytes } from './scratch-bytes.js';

/** Keys of a store's data live under this prefix; store metadata (the checkpoint) under META. */
export const DATA_PREFIX = 0x01;
const META_PREFIX = 0x00;
const CHECKPOINT_KEY = Buffer.from([META_PREFIX, ...Buffer.from('checkpoint')]);

/** Operations per chained batch: small enough that one batch never holds the event loop for long. */
export const MAX_BATCH_OPERATIONS = 5_000;

/** The store's directory is held by another process (or another open store). */
export class StoreLockedError extends StoreError {
  constructor(storeName: string, readonly directory: string, cause: unknown) {
    super(
      storeName,
      `State store ${storeName} cannot open ${directory}: it is locked by another process or instance. ` +
        'Stop the other instance, or give each instance its own stateDir.',
      cause,
    );
  }
}

/** The store's files are unreadable. */
export class StoreCorruptedError extends StoreError {
  constructor(storeName: string, readonly directory: string, cause: unknown) {
    super(
      storeName,
      `State store ${storeName} at ${directory} is corrupted. Delete the directory; the store is rebuilt from its changelog on the next start.`,
      cause,
    );
  }
}

type RestoreBatch = ReturnType<ClassicLevel<Uint8Array, Uint8Array>['batch']>;

/** One write of a batch: a put (value) or a delete (null). */
export interface WriteOp {
  readonly key: Buffer;
  readonly value: Buffer | null;
}

/**
 * One LevelDB database per task and store, opened with binary ('view') encodings. Reads are synchronous
 * (`getSync`); writes go in chained batches of at most MAX_BATCH_OPERATIONS, and the store's checkpoint (the
 * changelog offset up to which the data is durable) is written in the same batch as the last data slice,
 * so data and checkpoint never disagree after a crash.
 */
export class LevelDatabase {
  readonly #db: ClassicLevel<Uint8Array, Uint8Array>;
  /** Where restored keys and values are laid out for prepareRestore. */
  readonly #keys = new ScratchBytes(Uint8Array.of(DATA_PREFIX));
  readonly #values = new ScratchBytes();

  private constructor(
    readonly storeName: string,
    readonly directory: string,
  ) {
    this.#db = new ClassicLevel<Uint8Array, Uint8Array>(directory, { keyEncoding: 'view', valueEncoding: 'view', compression: false, writeBufferSize: 16 * 1024 * 1024 });
  }

  /** Opens (creating if needed) the database at `directory`; maps lock and corruption failures to named errors. */
  static async open(storeName: string, directory: string): Promise<LevelDatabase> {
    mkdirSync(directory, { recursive: true });
    const database = new LevelDatabase(storeName, directory);
    try {
      await database.#db.open();
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      const detail = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      if (code === 'LEVEL_LOCKED') throw new StoreLockedError(storeName, directory, error);
      if (code === 'LEVEL_CORRUPTION') throw new StoreCorruptedError(storeName, directory, error);
      // e.g. LEVEL_IO_ERROR when CURRENT names a missing manifest: say what to do, as for corruption
      throw new StoreError(
        storeName,
        `State store ${storeName} could not open ${directory}: ${detail} (${code ?? 'no code'}). ` +
          'Check that the directory is readable and writable; if its files are damaged, delete the directory: the store is rebuilt from its changelog on the next start.',
        error,
      );
    }
    return database;
  }

  getSync(key: Buffer): Buffer | undefined {
    const value = this.#db.getSync(key);
    return value === undefined ? undefined : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }

  /** The stored checkpoint, or undefined if the store has none (never committed: restore from the start). */
  checkpoint(): bigint | undefined {
    const value = this.getSync(CHECKPOINT_KEY);
    return value === undefined ? undefined : value.readBigInt64BE(0);
  }

  /**
   * Writes `ops` in chained batches, yielding to the event loop between them; the checkpoint (if given) goes
   * into the last batch with the last data.
   */
  async write(ops: readonly WriteOp[], checkpoint?: bigint): Promise<void> {
    for (let from = 0; from < ops.length || (from === 0 && checkpoint !== undefined); from += MAX_BATCH_OPERATIONS) {
      const batch = this.#db.batch();
      const to = Math.min(ops.length, from + MAX_BATCH_OPERATIONS);
      for (let i = from; i < to; i++) {
        const op = ops[i] as WriteOp;
        if (op.value === null) batch.del(op.key);
        else batch.put(op.key, op.value);
      }
      if (to === ops.length && checkpoint !== undefined) {
        const offset = Buffer.allocUnsafe(8);
        offset.writeBigInt64BE(checkpoint, 0);
        batch.put(CHECKPOINT_KEY, offset);
      }
      await batch.write();
      if (to === ops.length) break;
    }
  }

  /**
   * Lays changelog records into chained batches of at most MAX_BATCH_OPERATIONS (puts, and deletes for
   * tombstones), keys under DATA_PREFIX and, with `timestamped`, values behind Kafka's 8-byte timestamp prefix
   * (the record's timestamp), as a timestamped store keeps them; throws a RangeError, as the timestamp serde does,
   * if a timestamp is not a safe integer. Building a batch copies each record into native memory at once (through
   * one reused scratch buffer: nothing is allocated per record), so this can run while an earlier write is still
   * in progress; the returned function writes the batches one after the other.
   */
  prepareRestore(records: readonly ChangelogRecord[], timestamped: boolean): () => Promise<void> {
    const keys = this.#keys;
    const values = this.#values;
    const batches: RestoreBatch[] = [];
    try {
      for (let from = 0; from < records.length; from += MAX_BATCH_OPERATIONS) {
        const batch = this.#db.batch();
        batches.push(batch);
        const to = Math.min(records.length, from + MAX_BATCH_OPERATIONS);
        for (let i = from; i < to; i++) {
          const r = records[i] as ChangelogRecord;
          const value = r.value;
          if (value === null) batch.del(keys.with(r.key));
          else batch.put(keys.with(r.key), timestamped ? values.withTimestamp(r.timestamp, value) : value);
        }
      }
    } catch (error) {
      for (const batch of batches) batch.close().catch(() => undefined); // frees nothing it needs; the error is the one to report
      throw error;
    }
    return async () => {
      for (const batch of batches) await batch.write();
    };
  }

  /** Every data entry with key in [gte, lt), in key order, in slices (rebuilding in-memory indexes on open). */
  async *entries(gte: Buffer, lt: Buffer): AsyncGenerator<[Buffer, Buffer][]> {
    const iterator = this.#db.iterator({ gte, lt });
    try {
      for (;;) {
        const slice = await iterator.nextv(1_000);
        if (slice.length === 0) return;
        yield slice.map(([k, v]) => [Buffer.from(k.buffer, k.byteOffset, k.byteLength), Buffer.from(v.buffer, v.byteOffset, v.byteLength)]);
      }
    } finally {
      await iterator.close();
    }
  }

  /** Deletes all data and the checkpoint. */
  async wipe(): Promise<void> {
    await this.#db.clear();
  }

  /** Deletes every entry with key in [gte, lt). */
  async clearRange(gte: Buffer, lt: Buffer): Promise<void> {
    await this.#db.clear({ gte, lt });
  }

  async close(): Promise<void> {
    await this.#db.close();
  }
}
