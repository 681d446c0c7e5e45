import type { KeyValue } from '../../internal/key-value.js';
import { StoreError } from '../../errors.js';
import type { KeyValueBytesStore, KeyValueBytesStoreSupplier, KeyValueIterator } from '../key-value-store.js';
import type { ChangelogRecord, StoreContext } from '../store.js';
import { arrayIterator } from '../iterators.js';
import { DATA_PREFIX, LevelDatabase, type WriteOp } from './leveldb-database.js';
import { storeDirectory, type PersistentBytesStore } from './persistent-store.js';
import { KeyIndex } from './key-index.js';

interface Pending {
  readonly key: Buffer;
  readonly value: Buffer | null;
}

/**
 * A key-value bytes store on LevelDB (one database per task and store). Reads are synchronous: writes since the
 * last commit are served from memory, the rest with `getSync`; an in-memory index of the keys (rebuilt on open)
 * answers misses without touching the disk and makes range scans synchronous. Writes reach the disk at commit,
 * in chained batches, together with the changelog checkpoint.
 */
export class LevelKeyValueBytesStore implements KeyValueBytesStore, PersistentBytesStore {
  readonly persistent = true;
  #db: LevelDatabase | undefined;
  readonly #pending = new Map<string, Pending>();
  readonly #index = new KeyIndex();
  #sorted: string[] | undefined;
  /** Restoration writes in progress, chained in order. */
  #writes: Promise<void> = Promise.resolve();
  #queuedWrites = 0;

  constructor(readonly name: string) {}

  async init(context: StoreContext): Promise<void> {
    this.#db = await LevelDatabase.open(this.name, storeDirectory(context, this.name));
    for await (const slice of this.#db.entries(Buffer.from([DATA_PREFIX]), Buffer.from([DATA_PREFIX + 1]))) {
      for (const [key] of slice) this.#index.add(key.subarray(1));
    }
  }

  checkpoint(): bigint | undefined {
    return this.#open().checkpoint();
  }

  async commit(checkpoint: bigint | undefined): Promise<void> {
    await this.#writes;
    const ops: WriteOp[] = [];
    for (const p of this.#pending.values()) ops.push({ key: prefixed(p.key), value: p.value });
    this.#pending.clear();
    await this.#open().write(ops, checkpoint);
  }

  async wipe(): Promise<void> {
    this.#pending.clear();
    this.#index.clear();
    this.#sorted = undefined;
    await this.#open().wipe();
  }

  flush(): void {}

  async close(): Promise<void> {
    await this.#writes.catch(() => undefined);
    const db = this.#db;
    this.#db = undefined;
    this.#pending.clear();
    this.#index.clear();
    await db?.close();
  }

  isOpen(): boolean {
    return this.#db !== undefined;
  }

  /**
   * Restores changelog records. Writes are chained one after another (LevelDB applies them in order) and
   * overlap with reading the next slice of the changelog: the caller waits only when a second write is queued
   * behind the one in progress. commit() waits for all of them.
   */
  restore(records: readonly ChangelogRecord[]): void | Promise<void> {
    return this.#restore(records, false);
  }

  /**
   * Restores the changelog records of a timestamped store: each value is stored with Kafka's timestamp prefix
   * (the record's timestamp), laid out straight into the write (ChangeLoggingKeyValueBytesStore calls this
   * instead of copying every value first).
   */
  restoreTimestamped(records: readonly ChangelogRecord[]): void | Promise<void> {
    return this.#restore(records, true);
  }

  #restore(records: readonly ChangelogRecord[], timestamped: boolean): void | Promise<void> {
    const db = this.#open();
    // Laid into native batches now (not when the write in progress is done), so that LevelDB goes from one write
    // to the next without waiting for this thread.
    const write = db.prepareRestore(records, timestamped);
    for (const r of records) this.#track(r.key, r.value !== null);
    const previous = this.#writes;
    this.#queuedWrites++;
    this.#writes = previous.then(write).finally(() => this.#queuedWrites--);
    this.#writes.catch(() => undefined); // surfaced by the next restore() that waits, or by commit()
    // Wait for the write in progress only, so this slice's write overlaps with reading the next one.
    if (this.#queuedWrites > 1) return previous;
  }


  get(key: Buffer): Buffer | undefined {
    const db = this.#open();
    const id = key.toString('latin1');
    const pending = this.#pending.get(id);
    if (pending !== undefined) return pending.value ?? undefined;
    if (!this.#index.has(key)) return undefined;
    return db.getSync(prefixed(key));
  }

  put(key: Buffer, value: Buffer | null): void {
    this.#open();
    const id = key.toString('latin1');
    this.#pending.set(id, { key: Buffer.from(key), value });
    this.#track(key, value !== null);
  }

  putIfAbsent(key: Buffer, value: Buffer): Buffer | undefined {
    const old = this.get(key);
    if (old === undefined) this.put(key, value);
    return old;
  }

  putAll(entries: readonly KeyValue<Buffer, Buffer | null>[]): void {
    for (const { key, value } of entries) this.put(key, value);
  }

  delete(key: Buffer): Buffer | undefined {
    const old = this.get(key);
    this.put(key, null);
    return old;
  }

  range(from: Buffer | undefined, to: Buffer | undefined): KeyValueIterator<Buffer, Buffer> {
    return arrayIterator(this.#slice(from, to));
  }

  reverseRange(from: Buffer | undefined, to: Buffer | undefined): KeyValueIterator<Buffer, Buffer> {
    return arrayIterator(this.#slice(from, to).reverse());
  }

  all(): KeyValueIterator<Buffer, Buffer> {
    return this.range(undefined, undefined);
  }

  reverseAll(): KeyValueIterator<Buffer, Buffer> {
    return this.reverseRange(undefined, undefined);
  }

  approximateNumEntries(): number {
    return this.#index.size;
  }

  #track(key: Buffer, present: boolean): void {
    if (present ? this.#index.add(key) : this.#index.delete(key)) this.#sorted = undefined;
  }

  #slice(from: Buffer | undefined, to: Buffer | undefined): KeyValue<Buffer, Buffer>[] {
    this.#open();
    const sorted = (this.#sorted ??= this.#index.ids().sort());
    const lo = from?.toString('latin1');
    const hi = to?.toString('latin1');
    const out: KeyValue<Buffer, Buffer>[] = [];
    for (const id of sorted) {
      if (lo !== undefined && id < lo) continue;
      if (hi !== undefined && id > hi) break;
      const key = Buffer.from(id, 'latin1');
      const value = this.get(key);
      if (value !== undefined) out.push({ key, value });
    }
    return out;
  }

  #open(): LevelDatabase {
    if (this.#db === undefined) throw new StoreError(this.name, `State store ${this.name} is not open; it was closed or never initialized.`);
    return this.#db;
  }
}

function prefixed(key: Buffer): Buffer {
  const out = Buffer.allocUnsafe(key.length + 1);
  out[0] = DATA_PREFIX;
  key.copy(out, 1);
  return out;
}

/** Supplies LevelDB key-value stores (`Stores.persistentKeyValueStore`). */
export function persistentKeyValueStoreSupplier(name: string): KeyValueBytesStoreSupplier {
  return { name, persistent: true, get: () => new LevelKeyValueBytesStore(name) };
}
