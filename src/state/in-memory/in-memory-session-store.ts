import { StoreError } from '../../errors.js';
import type { StoreContext } from '../store.js';
import type { SessionBytesStore, SessionBytesStoreSupplier, SessionEntry, SessionQuery } from '../session-store.js';

interface KeySlot {
  readonly key: Buffer;
  /** Aggregates by session start. */
  readonly starts: Map<number, Buffer>;
}

/**
 * An in-memory session store (Kafka's InMemorySessionStore): sessions grouped by end time, then by key bytes,
 * then by start. Expiry is exact: a session whose end is ≤ observed stream time − retention is dropped before the
 * next operation; a put of such a session is skipped. As in Kafka, a put expires with the stream time observed
 * before it, and only then advances the stream time to the session's end.
 */
export class InMemorySessionBytesStore implements SessionBytesStore {
  readonly persistent = false;
  readonly #ends = new Map<number, Map<string, KeySlot>>();
  #sortedEnds: number[] = [];
  #observed = -1;
  #open = false;

  constructor(
    readonly name: string,
    readonly retentionMs: number,
  ) {}

  init(_context: StoreContext): void {
    this.#open = true;
  }

  flush(): void {}

  close(): void {
    this.#open = false;
    this.#ends.clear();
    this.#sortedEnds = [];
  }

  isOpen(): boolean {
    return this.#open;
  }

  observedStreamTime(): number {
    return this.#observed;
  }

  put(key: Buffer, start: number, end: number, value: Buffer | null): void {
    this.#checkOpen();
    this.#expire();
    if (end > this.#observed) this.#observed = end;
    if (end <= this.#observed - this.retentionMs) return; // expired session: skipped, as Kafka does
    if (value === null) {
      this.remove(key, start, end);
      return;
    }
    let keys = this.#ends.get(end);
    if (keys === undefined) {
      keys = new Map();
      this.#ends.set(end, keys);
      this.#insertEnd(end);
    }
    const id = key.toString('latin1');
    let slot = keys.get(id);
    if (slot === undefined) {
      slot = { key: Buffer.from(key), starts: new Map() };
      keys.set(id, slot);
    }
    slot.starts.set(start, value);
  }

  remove(key: Buffer, start: number, end: number): void {
    this.#checkOpen();
    const keys = this.#ends.get(end);
    const id = key.toString('latin1');
    const slot = keys?.get(id);
    if (keys === undefined || slot === undefined) return;
    slot.starts.delete(start);
    if (slot.starts.size > 0) return;
    keys.delete(id);
    if (keys.size > 0) return;
    this.#ends.delete(end);
    this.#sortedEnds = this.#sortedEnds.filter((e) => e !== end);
  }

  fetchSession(key: Buffer, start: number, end: number): Buffer | undefined {
    this.#checkOpen();
    this.#expire();
    if (end <= this.#observed - this.retentionMs) return undefined;
    return this.#ends.get(end)?.get(key.toString('latin1'))?.starts.get(start);
  }

  findSessions(query: SessionQuery): SessionEntry[] {
    this.#checkOpen();
    this.#expire();
    const lo = query.keyFrom?.toString('latin1');
    const hi = query.keyTo?.toString('latin1');
    if (lo !== undefined && hi !== undefined && lo > hi) return []; // an inverted range is empty (Kafka logs a warning)
    const out: SessionEntry[] = [];
    for (const end of this.#sortedEnds) {
      if (end < query.earliestEnd) continue;
      if (end > query.latestEnd) break;
      const keys = this.#ends.get(end) as Map<string, KeySlot>;
      for (const id of [...keys.keys()].sort()) {
        if ((lo !== undefined && id < lo) || (hi !== undefined && id > hi)) continue;
        const slot = keys.get(id) as KeySlot;
        const starts = [...slot.starts.keys()].filter((s) => s <= query.latestStart).sort((a, b) => b - a);
        for (const start of starts) out.push({ key: slot.key, start, end, value: slot.starts.get(start) as Buffer });
      }
    }
    return out;
  }

  #checkOpen(): void {
    if (!this.#open) throw new StoreError(this.name, `Session store ${this.name} is not open.`);
  }

  #insertEnd(end: number): void {
    const ends = this.#sortedEnds;
    let i = ends.length;
    while (i > 0 && (ends[i - 1] as number) > end) i--;
    ends.splice(i, 0, end);
  }

  /** Drops every session that ended before max(0, observed − retention + 1) (Kafka's removeExpiredSegments). */
  #expire(): void {
    const minLive = Math.max(0, this.#observed - this.retentionMs + 1);
    let drop = 0;
    while (drop < this.#sortedEnds.length && (this.#sortedEnds[drop] as number) < minLive) {
      this.#ends.delete(this.#sortedEnds[drop] as number);
      drop++;
    }
    if (drop > 0) this.#sortedEnds = this.#sortedEnds.slice(drop);
  }
}

/** Supplies in-memory session stores (`Stores.inMemorySessionStore`). */
export function inMemorySessionStoreSupplier(name: string, retentionMs: number): SessionBytesStoreSupplier {
  return { name, persistent: false, retentionMs, sessionStore: true, get: () => new InMemorySessionBytesStore(name, retentionMs) };
}
