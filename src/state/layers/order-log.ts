/** A record-cache entry: its position in the cache's order log, -1 once it left the cache. */
export interface Logged {
  pos: number;
}

/**
 * The order of a record cache's entries by latest write, shared by the key-value, window and session caches: every
 * write appends the entry and clears its previous occurrence, and an occurrence is current when it is at the entry's `pos`. Current occurrences,
 * oldest first, give the flush order (Kafka's dirty keys by latest update) and the LRU eviction order without
 * moving Map entries on every write; stale occurrences are dropped by compaction.
 */
export class OrderLog<E extends Logged> {
  /** Occurrences in [head, length); the array is reused across compactions (slots past length are cleared). */
  #log: (E | undefined)[] = [];
  #length = 0;
  #head = 0;

  /** Appends a write of `entry` (which becomes its current occurrence); compacts once stale ones far outnumber `live`. */
  push(entry: E, live: number): void {
    this.#clear(entry);
    const pos = this.#length++;
    entry.pos = pos;
    this.#log[pos] = entry;
    if (pos - this.#head > 4 * live + 1_024) this.compact();
  }

  /** Takes `entry` out of the log (its pos becomes -1), so that the log no longer keeps a dropped entry alive. */
  remove(entry: E): void {
    this.#clear(entry);
    entry.pos = -1;
  }

  /**
   * Clears the slot of the entry's current occurrence. The log then holds one reference per entry, and none to an
   * entry that left the cache: such an entry dies young instead of being kept, and promoted, until a compaction.
   */
  #clear(entry: E): void {
    const pos = entry.pos;
    if (pos >= this.#head && pos < this.#length && this.#log[pos] === entry) this.#log[pos] = undefined;
  }

  /** Current entries, oldest write first, that pass `filter`. */
  current(filter: (entry: E) => boolean): E[] {
    const out: E[] = [];
    const log = this.#log;
    for (let i = this.#head; i < this.#length; i++) {
      const entry = log[i];
      if (entry !== undefined && entry.pos === i && filter(entry)) out.push(entry);
    }
    return out;
  }

  /** Drops stale occurrences in place, keeping current ones in order; adds those passing `collect` to `into`. */
  compact(collect?: (entry: E) => boolean, into?: E[]): void {
    const log = this.#log;
    const length = this.#length;
    let kept = 0;
    for (let i = this.#head; i < length; i++) {
      const entry = log[i];
      if (entry !== undefined && entry.pos === i) {
        entry.pos = kept;
        log[kept++] = entry;
        if (collect !== undefined && into !== undefined && collect(entry)) into.push(entry);
      }
    }
    log.fill(undefined, kept, length);
    this.#length = kept;
    this.#head = 0;
  }

  /** Takes the least recently written current entry out of the log (its pos becomes -1); undefined when none is left. */
  takeOldest(): E | undefined {
    const log = this.#log;
    while (this.#head < this.#length) {
      const i = this.#head++;
      const entry = log[i];
      log[i] = undefined;
      if (entry === undefined || entry.pos !== i) continue;
      entry.pos = -1;
      if (this.#head > 1_024 && this.#head * 2 > this.#length) this.compact();
      return entry;
    }
    return undefined;
  }

  /** True when occurrences were taken or dropped from the front since the last compaction. */
  get hasTakenFront(): boolean {
    return this.#head > 0;
  }

  clear(): void {
    this.#log = [];
    this.#length = 0;
    this.#head = 0;
  }
}

/** The filter of the entries a flush writes down. */
export function isDirty(entry: { dirty: boolean }): boolean {
  return entry.dirty;
}
