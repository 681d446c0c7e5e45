import type { Serde } from '../../serdes/serde.js';
import { StoreError } from '../../errors.js';
import type { Windowed } from '../../windows/windowed.js';
import type { KeyValueIterator } from '../key-value-store.js';
import { isRestorable, type ChangelogRecord, type StoreContext } from '../store.js';
import type { SessionBytesStore, SessionEntry, SessionQuery, SessionStore } from '../session-store.js';
import { arrayIterator } from '../iterators.js';
import { parseSessionStoreKey, sessionStoreKey } from '../key-schemas.js';
import { StoreLayer } from './store-layer.js';

const MAX = Number.MAX_SAFE_INTEGER;

/** A stored session with its key's bytes (TypedSessionStore.findEntries). */
export interface TypedSessionEntry<K, V> {
  readonly keyBytes: Buffer;
  readonly key: Windowed<K>;
  readonly value: V;
}

/** The query of findSessions' arguments (the three overloads of ReadOnlySessionStore.findSessions). */
export function findSessionsQuery<K>(args: readonly unknown[], keyBytes: (key: K) => Buffer): SessionQuery {
  if (args.length === 2) {
    return { keyFrom: undefined, keyTo: undefined, earliestEnd: args[0] as number, latestEnd: args[1] as number, latestStart: MAX };
  }
  if (args.length === 3) {
    const k = keyBytes(args[0] as K);
    return { keyFrom: k, keyTo: k, earliestEnd: args[1] as number, latestEnd: MAX, latestStart: args[2] as number };
  }
  return {
    keyFrom: optionalKey(args[0] as K | undefined, keyBytes),
    keyTo: optionalKey(args[1] as K | undefined, keyBytes),
    earliestEnd: args[2] as number,
    latestEnd: MAX,
    latestStart: args[3] as number,
  };
}

/** The query of fetch's arguments: one key, or a key range (undefined bounds are open); every session. */
export function fetchQuery<K>(args: readonly unknown[], keyBytes: (key: K) => Buffer): SessionQuery {
  const lo = args.length === 1 ? keyBytes(args[0] as K) : optionalKey(args[0] as K | undefined, keyBytes);
  const hi = args.length === 1 ? lo : optionalKey(args[1] as K | undefined, keyBytes);
  return { keyFrom: lo, keyTo: hi, earliestEnd: 0, latestEnd: MAX, latestStart: MAX };
}

function optionalKey<K>(key: K | undefined, keyBytes: (key: K) => Buffer): Buffer | undefined {
  return key === undefined ? undefined : keyBytes(key);
}

/** Logs every write of a bytes session store to its changelog with Kafka's session key layout. */
export class ChangeLoggingSessionBytesStore extends StoreLayer<SessionBytesStore> implements SessionBytesStore {
  #context: StoreContext | undefined;

  constructor(inner: SessionBytesStore) {
    super(inner);
  }

  get retentionMs(): number {
    return this.inner.retentionMs;
  }
  override async init(context: StoreContext): Promise<void> {
    this.#context = context;
    await this.inner.init(context);
  }
  observedStreamTime(): number {
    return this.inner.observedStreamTime();
  }
  fetchSession(key: Buffer, start: number, end: number): Buffer | undefined {
    return this.inner.fetchSession(key, start, end);
  }
  findSessions(query: SessionQuery): SessionEntry[] {
    return this.inner.findSessions(query);
  }

  /** Writes changelog records (Kafka's session key layout) straight into the inner store; nothing is logged again. */
  restore(records: readonly ChangelogRecord[]): void {
    for (const r of records) {
      const { key, startMs, endMs } = parseSessionStoreKey(r.key);
      this.inner.put(key, startMs, endMs, r.value);
    }
  }

  put(key: Buffer, start: number, end: number, value: Buffer | null): void {
    this.inner.put(key, start, end, value);
    this.#log(key, start, end, value);
  }

  remove(key: Buffer, start: number, end: number): void {
    this.inner.remove(key, start, end);
    this.#log(key, start, end, null);
  }

  #log(key: Buffer, start: number, end: number, value: Buffer | null): void {
    const context = this.#context;
    if (context !== undefined) context.logChange(this.name, sessionStoreKey(key, start, end), value, context.currentTimestampMs());
  }
}

/** The typed top of a session store stack (Kafka's MeteredSessionStore): serdes in, Windowed keys out. */
export class TypedSessionStore<K, V> extends StoreLayer<SessionBytesStore> implements SessionStore<K, V> {
  #keySerde: Serde<K> | undefined;
  #valueSerde: Serde<V> | undefined;
  #topic = '';

  constructor(
    inner: SessionBytesStore,
    keySerde: Serde<K> | undefined,
    valueSerde: Serde<V> | undefined,
  ) {
    super(inner);
    this.#keySerde = keySerde;
    this.#valueSerde = valueSerde;
  }

  override async init(context: StoreContext): Promise<void> {
    this.#topic = `${context.applicationId}-${this.name}-changelog`;
    this.#keySerde ??= context.defaultKeySerde as Serde<K> | undefined;
    this.#valueSerde ??= context.defaultValueSerde as Serde<V> | undefined;
    if (this.#keySerde === undefined || this.#valueSerde === undefined) {
      throw new StoreError(this.name, `Session store ${this.name} has no ${this.#keySerde === undefined ? 'key' : 'value'} serde. Pass serdes to Materialized, or set defaultKeySerde/defaultValueSerde.`);
    }
    await this.inner.init(context);
  }
  /** Restores the layers below from changelog records. */
  restore(records: readonly ChangelogRecord[]): void | Promise<void> {
    if (isRestorable(this.inner)) return this.inner.restore(records);
  }

  put(sessionKey: Windowed<K>, aggregate: V | null): void {
    this.putSerialized(this.#key(sessionKey.key), sessionKey.window.start, sessionKey.window.end, aggregate);
  }

  remove(sessionKey: Windowed<K>): void {
    this.inner.remove(this.#key(sessionKey.key), sessionKey.window.start, sessionKey.window.end);
  }

  fetchSession(key: K, sessionStartTime: number, sessionEndTime: number): V | undefined {
    return this.fetchSessionSerialized(this.#key(key), sessionStartTime, sessionEndTime);
  }

  findSessions(earliestSessionEndTime: number, latestSessionEndTime: number): KeyValueIterator<Windowed<K>, V>;
  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValueIterator<Windowed<K>, V>;
  findSessions(keyFrom: K | undefined, keyTo: K | undefined, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValueIterator<Windowed<K>, V>;
  findSessions(...args: unknown[]): KeyValueIterator<Windowed<K>, V> {
    return this.#windowed(findSessionsQuery(args, this.#keyOf));
  }

  backwardFindSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValueIterator<Windowed<K>, V> {
    return this.#windowed(findSessionsQuery([key, earliestSessionEndTime, latestSessionStartTime], this.#keyOf), true);
  }

  fetch(key: K): KeyValueIterator<Windowed<K>, V>;
  fetch(keyFrom: K | undefined, keyTo: K | undefined): KeyValueIterator<Windowed<K>, V>;
  fetch(...args: unknown[]): KeyValueIterator<Windowed<K>, V> {
    return this.#windowed(fetchQuery(args, this.#keyOf));
  }

  backwardFetch(key: K): KeyValueIterator<Windowed<K>, V> {
    return this.#windowed(fetchQuery([key], this.#keyOf), true);
  }

  /** The key's bytes, as the layers below see them (the caching layer identifies and orders keys by them). */
  serializeKey(key: K): Buffer {
    return this.#key(key);
  }

  /** put() with the key already serialized (by serializeKey): the caching layer serializes a key once. */
  putSerialized(keyBytes: Buffer, start: number, end: number, aggregate: V | null): void {
    const value = aggregate === null ? null : (this.#valueSerde as Serde<V>).serialize(this.#topic, aggregate);
    this.inner.put(keyBytes, start, end, value);
  }

  /** fetchSession() with the key already serialized. */
  fetchSessionSerialized(keyBytes: Buffer, start: number, end: number): V | undefined {
    const bytes = this.inner.fetchSession(keyBytes, start, end);
    return bytes === undefined ? undefined : this.#value(bytes);
  }

  /** The sessions `query` selects, in store order, each with its key's bytes (what the caching layer merges by). */
  findEntries(query: SessionQuery): TypedSessionEntry<K, V>[] {
    const keySerde = this.#keySerde as Serde<K>;
    return this.inner.findSessions(query).map((e) => ({
      keyBytes: e.key,
      key: { key: keySerde.deserialize(this.#topic, e.key), window: { start: e.start, end: e.end } },
      value: this.#value(e.value),
    }));
  }

  #windowed(query: SessionQuery, backward = false): KeyValueIterator<Windowed<K>, V> {
    const keySerde = this.#keySerde as Serde<K>;
    const entries = this.inner.findSessions(query);
    if (backward) entries.reverse();
    return arrayIterator(
      entries.map((e) => ({ key: { key: keySerde.deserialize(this.#topic, e.key), window: { start: e.start, end: e.end } }, value: this.#value(e.value) })),
    );
  }

  readonly #keyOf = (key: K): Buffer => this.#key(key);

  #key(key: K): Buffer {
    if (key === null || key === undefined) throw new StoreError(this.name, `Session store ${this.name} cannot take a null key.`);
    const bytes = (this.#keySerde as Serde<K>).serialize(this.#topic, key);
    if (bytes === null) throw new StoreError(this.name, `Session store ${this.name} cannot take a null key.`);
    return bytes;
  }

  #value(bytes: Buffer): V {
    return (this.#valueSerde as Serde<V>).deserialize(this.#topic, bytes);
  }
}
