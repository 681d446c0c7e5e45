/**
 * The set of keys a LevelDB store holds, kept in memory so that misses, counts and range scans are answered
 * without touching the disk. Keys are kept as bytes in one growing buffer, found through an open-addressing hash
 * table of typed arrays: adding a key allocates no JavaScript object, so restoring a million keys neither builds
 * a million strings nor leaves them for the garbage collector.
 */
export class KeyIndex {
  /** Key bytes, one key after another; entry e spans [#starts[e], #starts[e] + #lengths[e]). */
  #bytes = Buffer.allocUnsafe(64 * 1024);
  #used = 0;
  #starts = new Int32Array(1024);
  /** -1 for a deleted entry. */
  #lengths = new Int32Array(1024);
  #hashes = new Int32Array(1024);
  #entries = 0;
  /**
   * Two ints per slot: entry + 1 (EMPTY, or DELETED for a slot whose entry was deleted: probing goes on past it),
   * then the entry's hash. A probe compares hashes within the table, so that it reads an entry's arrays (elsewhere
   * in memory) only for a key that is likely the one sought: with a large index every such read is a cache miss.
   */
  #slots = new Int32Array(2 * 2048);
  #mask = 2047;
  /** Slots taken by live or deleted entries (the table is rebuilt before it is half full). */
  #taken = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  has(key: Uint8Array): boolean {
    return this.#find(key, hashOf(key)) >= 0;
  }

  /** Adds the key (its bytes are copied); true if it was not there. */
  add(key: Uint8Array): boolean {
    const hash = hashOf(key);
    if (this.#find(key, hash) >= 0) return false;
    if ((this.#taken + 1) * 2 > this.#mask + 1) this.#rebuild(this.#size + 1);
    const entry = this.#append(key, hash);
    const slots = this.#slots;
    let slot = hash & this.#mask;
    while (slots[2 * slot] !== EMPTY) slot = (slot + 1) & this.#mask;
    slots[2 * slot] = entry + 1;
    slots[2 * slot + 1] = hash;
    this.#taken++;
    this.#size++;
    return true;
  }

  /** Removes the key; true if it was there. */
  delete(key: Uint8Array): boolean {
    const slot = this.#find(key, hashOf(key));
    if (slot < 0) return false;
    this.#lengths[(this.#slots[2 * slot] as number) - 1] = -1;
    this.#slots[2 * slot] = DELETED;
    this.#size--;
    return true;
  }

  clear(): void {
    this.#used = 0;
    this.#entries = 0;
    this.#slots.fill(EMPTY);
    this.#taken = 0;
    this.#size = 0;
  }

  /** Every key as a latin1 string (one character per byte), in no particular order. */
  ids(): string[] {
    const out: string[] = [];
    for (let e = 0; e < this.#entries; e++) {
      const length = this.#lengths[e] as number;
      if (length < 0) continue;
      const start = this.#starts[e] as number;
      out.push(this.#bytes.toString('latin1', start, start + length));
    }
    return out;
  }

  /** The slot holding the key, or -1. */
  #find(key: Uint8Array, hash: number): number {
    const slots = this.#slots;
    const mask = this.#mask;
    const length = key.length;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const taken = slots[2 * slot] as number;
      if (taken === EMPTY) return -1;
      if (taken === DELETED || slots[2 * slot + 1] !== hash) continue;
      const entry = taken - 1;
      if (this.#lengths[entry] !== length) continue;
      const bytes = this.#bytes;
      const start = this.#starts[entry] as number;
      let i = 0;
      while (i < length && bytes[start + i] === key[i]) i++;
      if (i === length) return slot;
    }
  }

  #append(key: Uint8Array, hash: number): number {
    if (this.#used + key.length > this.#bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.#bytes.length * 2, this.#used + key.length));
      this.#bytes.copy(grown, 0, 0, this.#used);
      this.#bytes = grown;
    }
    if (this.#entries === this.#starts.length) {
      this.#starts = grow(this.#starts);
      this.#lengths = grow(this.#lengths);
      this.#hashes = grow(this.#hashes);
    }
    const entry = this.#entries++;
    this.#bytes.set(key, this.#used);
    this.#starts[entry] = this.#used;
    this.#lengths[entry] = key.length;
    this.#hashes[entry] = hash;
    this.#used += key.length;
    return entry;
  }

  /** Rebuilds the table for `live` keys (at most a quarter full), dropping deleted entries and their bytes. */
  #rebuild(live: number): void {
    let capacity = 2048;
    while (capacity < live * 4) capacity *= 2;
    const bytes = this.#bytes;
    const starts = this.#starts;
    const lengths = this.#lengths;
    const hashes = this.#hashes;
    const entries = this.#entries;
    if (this.#size < entries) {
      // compact: deleted entries' bytes and ids are reused
      let used = 0;
      let kept = 0;
      for (let e = 0; e < entries; e++) {
        const length = lengths[e] as number;
        if (length < 0) continue;
        bytes.copy(bytes, used, starts[e] as number, (starts[e] as number) + length);
        starts[kept] = used;
        lengths[kept] = length;
        hashes[kept] = hashes[e] as number;
        used += length;
        kept++;
      }
      this.#used = used;
      this.#entries = kept;
    }
    const slots = new Int32Array(2 * capacity);
    const mask = capacity - 1;
    for (let e = 0; e < this.#entries; e++) {
      const hash = hashes[e] as number;
      let slot = hash & mask;
      while (slots[2 * slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[2 * slot] = e + 1;
      slots[2 * slot + 1] = hash;
    }
    this.#slots = slots;
    this.#mask = mask;
    this.#taken = this.#entries;
  }
}

const EMPTY = 0;
const DELETED = -1;

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** FNV-1a over the key's bytes, with a final mix so that the low bits (the slot) depend on every byte. */
function hashOf(key: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ (key[i] as number), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}
