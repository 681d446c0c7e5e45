import { insertByStart } from '../../internal/sorted-insert.js';

/** One stored (window, key[, seq]) entry of a LevelDB window store, as its in-memory index holds it. */
export interface WindowSlot {
  /** The entry's id within its window: its key bytes and sequence number as a latin1 string. */
  readonly id: string;
  readonly key: Buffer;
  readonly dataKey: Buffer;
}

interface KeySlots {
  starts: number[];
  slots: WindowSlot[];
}

/**
 * Per key, the window starts and slots of its entries in (start, insertion) order: a single-key range fetch (a
 * stream-stream join probe, a sliding-window aggregation) reads its key's few entries instead of scanning every
 * window in the range. Entries are never removed on delete or expiry: a reader passes `isLive`, which says whether
 * the window store still holds that slot, and stale entries are dropped as they are met, or all at once when the
 * index has grown to twice its size after the last sweep.
 */
export class KeyWindowIndex {
  readonly #byKey = new Map<string, KeySlots>();
  #entries = 0;
  #entriesAfterSweep = 0;

  constructor(private readonly isLive: (start: number, slot: WindowSlot) => boolean) {}

  clear(): void {
    this.#byKey.clear();
    this.#entries = 0;
    this.#entriesAfterSweep = 0;
  }

  /** Entries held, live or not yet dropped. */
  get size(): number {
    return this.#entries;
  }

  /** Adds a slot after the key's entries of the same or earlier windows. */
  add(keyId: string, start: number, slot: WindowSlot): void {
    const entry = this.#byKey.get(keyId);
    if (entry === undefined) this.#byKey.set(keyId, { starts: [start], slots: [slot] });
    else insertByStart(entry.starts, entry.slots, start, slot);
    if (++this.#entries > 2 * this.#entriesAfterSweep + 1024) this.#sweep();
  }

  /** Puts `slot` where `previous` (the slot it overwrites in the same window) was; adds it if not found. */
  replace(keyId: string, start: number, previous: WindowSlot, slot: WindowSlot): void {
    const entry = this.#byKey.get(keyId);
    if (entry !== undefined) {
      for (let i = entry.slots.length - 1; i >= 0; i--) {
        if (entry.slots[i] === previous) {
          entry.slots[i] = slot;
          return;
        }
      }
    }
    this.add(keyId, start, slot);
  }

  /** Calls `each` for the key's live slots with start in [fromMs, toMs], in (start, insertion) order. */
  visit(keyId: string, fromMs: number, toMs: number, each: (start: number, slot: WindowSlot) => void): void {
    const entry = this.#byKey.get(keyId);
    if (entry === undefined) return;
    const { starts, slots } = entry;
    let stale = 0;
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i] as number;
      const slot = slots[i] as WindowSlot;
      if (!this.isLive(start, slot)) {
        stale++;
        continue;
      }
      if (start < fromMs) continue;
      if (start > toMs) break;
      each(start, slot);
    }
    if (stale > 0) this.#compact(keyId, entry);
  }

  /** Drops the key's stale entries (the key itself when none is left). */
  #compact(keyId: string, entry: KeySlots): void {
    const starts: number[] = [];
    const slots: WindowSlot[] = [];
    for (let i = 0; i < entry.starts.length; i++) {
      const start = entry.starts[i] as number;
      const slot = entry.slots[i] as WindowSlot;
      if (!this.isLive(start, slot)) continue;
      starts.push(start);
      slots.push(slot);
    }
    this.#entries -= entry.starts.length - starts.length;
    if (starts.length === 0) this.#byKey.delete(keyId);
    else {
      entry.starts = starts;
      entry.slots = slots;
    }
  }

  #sweep(): void {
    for (const [keyId, entry] of this.#byKey) this.#compact(keyId, entry);
    this.#entriesAfterSweep = this.#entries;
  }
}
