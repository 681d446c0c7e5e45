import type { Windowed } from '../windows/windowed.js';
import type { KeyValueIterator } from './key-value-store.js';
import type { StateStore, StoreBuildDefaults } from './store.js';

/**
 * Read access to a session store (Kafka's ReadOnlySessionStore). Sessions are keyed by record key and their
 * closed window [start, end]. Iteration order is Kafka's: session end ascending, then key bytes, then session
 * start descending; the backward variants return exactly the reverse.
 */
export interface ReadOnlySessionStore<K, V> {
  /** Every session of any key whose end is in [earliestSessionEndTime, latestSessionEndTime]. */
  findSessions(earliestSessionEndTime: number, latestSessionEndTime: number): KeyValueIterator<Windowed<K>, V>;
  /** The sessions of `key` that end at or after `earliestSessionEndTime` and start at or before `latestSessionStartTime`. */
  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValueIterator<Windowed<K>, V>;
  /** Like findSessions(key, …) for every key in [keyFrom, keyTo] (undefined bounds are open). */
  findSessions(keyFrom: K | undefined, keyTo: K | undefined, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValueIterator<Windowed<K>, V>;
  /** findSessions(key, …) in reverse order. */
  backwardFindSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValueIterator<Windowed<K>, V>;
  /** The aggregate of exactly the session [sessionStartTime, sessionEndTime] of `key`. */
  fetchSession(key: K, sessionStartTime: number, sessionEndTime: number): V | undefined;
  /** Every retained session of `key` (or, with two arguments, of the keys in [keyFrom, keyTo]). */
  fetch(key: K): KeyValueIterator<Windowed<K>, V>;
  fetch(keyFrom: K | undefined, keyTo: K | undefined): KeyValueIterator<Windowed<K>, V>;
  /** fetch(key) in reverse order. */
  backwardFetch(key: K): KeyValueIterator<Windowed<K>, V>;
}

/**
 * A session store (Kafka's SessionStore): one aggregate per key and session window. Sessions whose end is older
 * than the observed stream time (the largest session end put) minus the retention period are dropped.
 */
export interface SessionStore<K, V> extends StateStore, ReadOnlySessionStore<K, V> {
  /** Stores the aggregate of a session; a null aggregate removes it. */
  put(sessionKey: Windowed<K>, aggregate: V | null): void;
  /** Removes one session. */
  remove(sessionKey: Windowed<K>): void;
}

/** One stored session of a bytes session store. */
export interface SessionEntry {
  readonly key: Buffer;
  readonly start: number;
  readonly end: number;
  readonly value: Buffer;
}

/** What a session search selects: keys in [keyFrom, keyTo] (undefined = open), end in [earliestEnd, latestEnd], start ≤ latestStart. */
export interface SessionQuery {
  readonly keyFrom: Buffer | undefined;
  readonly keyTo: Buffer | undefined;
  readonly earliestEnd: number;
  readonly latestEnd: number;
  readonly latestStart: number;
}

/** The bytes session store every layer stack ends in. */
export interface SessionBytesStore extends StateStore {
  readonly retentionMs: number;
  put(key: Buffer, start: number, end: number, value: Buffer | null): void;
  remove(key: Buffer, start: number, end: number): void;
  fetchSession(key: Buffer, start: number, end: number): Buffer | undefined;
  /** The sessions selected by `query`, by end ascending, then key bytes, then start descending. */
  findSessions(query: SessionQuery): SessionEntry[];
  /** The largest session end put so far (-1 before any), which drives expiry. */
  observedStreamTime(): number;
}

/** Supplies the bytes session store at the bottom of a session store stack. */
export interface SessionBytesStoreSupplier {
  readonly name: string;
  readonly persistent: boolean;
  readonly retentionMs: number;
  /** Present so a session supplier is told apart from key-value and window suppliers. */
  readonly sessionStore: true;
  get(defaults?: StoreBuildDefaults): SessionBytesStore;
}
