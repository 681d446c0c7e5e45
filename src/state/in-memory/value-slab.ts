import { writeInt64BE } from '../../internal/bytes.js';

/**
 * The values of one window of an in-memory window store, by key id, copied into one growing buffer instead of
 * kept as one Buffer object each: a window lives until retention, long enough for per-entry objects to be
 * promoted to the old generation, while the bytes of a slab cost the collector nothing.
 *
 * Each value is stored as a 4-byte length and its bytes, appended; an overwrite or delete leaves the old bytes
 * behind (compacted once they outweigh the live ones). `get` returns a view: bytes are never written over, so a
 * view handed out stays valid after later writes.
 */
export class ValueSlab {
  /** Offset of each key's length prefix. */
  readonly #offsets = new Map<string, number>();
  #bytes = Buffer.allocUnsafeSlow(1024);
  #used = 0;
  #waste = 0;

  get size(): number {
    return this.#offsets.size;
  }

  keys(): IterableIterator<string> {
    return this.#offsets.keys();
  }

  get(id: string): Buffer | undefined {
    const offset = this.#offsets.get(id);
    if (offset === undefined) return undefined;
    const bytes = this.#bytes;
    return bytes.subarray(offset + 4, offset + 4 + bytes.readUInt32LE(offset));
  }

  /** Stores a copy of `value`; true if the key was new. */
  set(id: string, value: Uint8Array): boolean {
    const offset = this.#append(value.length);
    this.#bytes.set(value, offset + 4);
    return this.#commit(id, offset);
  }

  /**
   * Stores Kafka's timestamped layout (8-byte big-endian timestamp, then `plain`) without building it first;
   * true if the key was new.
   */
  setTimestamped(id: string, timestamp: number, plain: Uint8Array): boolean {
    const offset = this.#append(8 + plain.length);
    writeInt64BE(this.#bytes, timestamp, offset + 4);
    this.#bytes.set(plain, offset + 12);
    return this.#commit(id, offset);
  }

  delete(id: string): boolean {
    const offset = this.#offsets.get(id);
    if (offset === undefined) return false;
    this.#waste += 4 + this.#bytes.readUInt32LE(offset);
    this.#offsets.delete(id);
    return true;
  }

  /** Reserves room for a value of `length` bytes and writes its length prefix; returns its offset. */
  #append(length: number): number {
    const need = 4 + length;
    if (this.#used + need > this.#bytes.length) this.#grow(need);
    const offset = this.#used;
    this.#bytes.writeUInt32LE(length, offset);
    this.#used += need;
    return offset;
  }

  #commit(id: string, offset: number): boolean {
    const old = this.#offsets.get(id);
    this.#offsets.set(id, offset);
    if (old === undefined) return true;
    this.#waste += 4 + this.#bytes.readUInt32LE(old);
    return false;
  }

  /** Makes room for `need` more bytes: compacts when at least half is waste, else doubles. */
  #grow(need: number): void {
    const live = this.#used - this.#waste;
    const compact = this.#waste * 2 >= this.#used;
    const capacity = compact ? Math.max(1024, 2 * (live + need)) : Math.max(2 * this.#bytes.length, this.#used + need);
    const old = this.#bytes;
    const bytes = Buffer.allocUnsafeSlow(capacity);
    if (!compact) {
      old.copy(bytes, 0, 0, this.#used);
      this.#bytes = bytes;
      return;
    }
    let used = 0;
    for (const [id, offset] of this.#offsets) {
      const end = offset + 4 + old.readUInt32LE(offset);
      old.copy(bytes, used, offset, end);
      this.#offsets.set(id, used);
      used += end - offset;
    }
    this.#bytes = bytes;
    this.#used = used;
    this.#waste = 0;
  }
}
