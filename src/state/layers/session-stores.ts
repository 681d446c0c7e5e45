import type { Serde } from '../../serdes/serde.js';
import { StoreError } from '../../errors.js';
import type { Windowed } from '../../windows/windowed.js';
import type { KeyValueIterator } from '../key-value-store.js';
import { isRestorable, type ChangelogRecord, type StoreContext } from '../store.js';
import type { SessionBytesStore, SessionEntry, SessionQuery, SessionStore } from '../session-store.js';
import { arrayIterator } from '../iterators.js';
import { parseSessionStoreKey, sessionStoreKey } from '../key-schemas.js';

const MAX = Number.MAX_SAFE_INTEGER;

/** Logs every write of a bytes session store to its changelog with Kafka's session key layout. */
export class ChangeLoggingSessionBytesStore implements SessionBytesStore {
  #context: StoreContext | undefined;

  constructor(readonly inner: SessionBytesStore) {}

  get name(): string {
    return this.inner.name;
  }
  get persistent(): boolean {
    return this.inner.persistent;
  }
  get retentionMs(): number {
    return this.inner.retentionMs;
  }
  async init(context: StoreContext): Promise<void> {
    this.#context = context;
    await this.inner.init(context);
  }
  flush(): void | Promise<void> {
    return this.inner.flush();
  }
  close(): void | Promise<void> {
    return this.inner.close();
  }
  isOpen(): boolean {
    return this.inner.isOpen();
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
export class TypedSessionStore<K, V> implements SessionStore<K, V> {
  #keySerde: Serde<K> | undefined;
  #valueSerde: Serde<V> | undefined;
  #topic = '';

  constructor(
    readonly inner: SessionBytesStore,
    keySerde: Serde<K> | undefined,
    valueSerde: Serde<V> | undefined,
  ) {
    this.#keySerde = keySerde;
    this.#valueSerde = valueSerde;
  }

  get name(): string {
    return this.inner.name;
  }
  get persistent(): boolean {
    return this.inner.persistent;
  }

  async init(context: StoreContext): Promise<void> {
    this.#topic = `${context.applicationId}-${this.name}-changelog`;
    this.#keySerde ??= context.defaultKeySerde as Serde<K> | undefined;
    this.#valueSerde ??= context.defaultValueSerde as Serde<V> | undefined;
    if (this.#keySerde === undefined || this.#valueSerde === undefined) {
      throw new StoreError(this.name, `Session store ${this.name} has no ${this.#keySerde === undefined ? 'key' : 'value'} serde. Pass serdes to Materialized, or set defaultKeySerde/defaultValueSerde.`);
    }
    await this.inner.init(context);
  }
  flush(): void | Promise<void> {
    return this.inner.flush();
  }
  close(): void | Promise<void> {
    return this.inner.close();
  }
  isOpen(): boolean {
    return this.inner.isOpen();
  }

  /** Restores the layers below from changelog records. */
  restore(records: readonly ChangelogRecord[]): void | Promise<void> {
    if (isRestorable(this.inner)) return this.inner.restore(records);
  }

  put(sessionKey: Windowed<K>, aggregate: V | null): void {
    const value = aggregate === null ? null : (this.#valueSerde as Serde<V>).serialize(this.#topic, aggregate);
    this.inner.put(this.#key(sessionKey.key), sessionKey.window.start, sessionKey.window.end, value);
  }

  remove(sessionKey: Windowed<K>): void {
    this.inner.remove(this.#key(sessionKey.key), sessionKey.window.start, sessionKey.window.end);
  }

  fetchSession(key: K, sessionStartTime: number, sessionEndTime: number): V | undefined {
    const bytes = this.inner.fetchSession(this.#key(key), sessionStartTime, sessionEndTime);
    return bytes === undefined ? undefined : this.#value(bytes);
  }

  findSessions(earliestSessionEndTime: number, latestSessionEndTime: number): KeyValueIterator<Windowed<K>, V>;
  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValueIterator<Windowed<K>, V>;
  findSessions(keyFrom: K | undefined, keyTo: K | undefined, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValueIterator<Windowed<K>, V>;
  findSessions(...args: unknown[]): KeyValueIterator<Windowed<K>, V> {
    if (args.length === 2) {
      return this.#windowed({ keyFrom: undefined, keyTo: undefined, earliestEnd: args[0] as number, latestEnd: args[1] as number, latestStart: MAX });
    }
    if (args.length === 3) {
      const k = this.#key(args[0] as K);
      return this.#windowed({ keyFrom: k, keyTo: k, earliestEnd: args[1] as number, latestEnd: MAX, latestStart: args[2] as number });
    }
    return this.#windowed({
      keyFrom: this.#optionalKey(args[0] as K | undefined),
      keyTo: this.#optionalKey(args[1] as K | undefined),
      earliestEnd: args[2] as number,
      latestEnd: MAX,
      latestStart: args[3] as number,
    });
  }

  backwardFindSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValueIterator<Windowed<K>, V> {
    const k = this.#key(key);
    return this.#windowed({ keyFrom: k, keyTo: k, earliestEnd: earliestSessionEndTime, latestEnd: MAX, latestStart: latestSessionStartTime }, true);
  }

  fetch(key: K): KeyValueIterator<Windowed<K>, V>;
  fetch(keyFrom: K | undefined, keyTo: K | undefined): KeyValueIterator<Windowed<K>, V>;
  fetch(...args: unknown[]): KeyValueIterator<Windowed<K>, V> {
    const lo = args.length === 1 ? this.#key(args[0] as K) : this.#optionalKey(args[0] as K | undefined);
    const hi = args.length === 1 ? lo : this.#optionalKey(args[1] as K | undefined);
    return this.#windowed({ keyFrom: lo, keyTo: hi, earliestEnd: 0, latestEnd: MAX, latestStart: MAX });
  }

  backwardFetch(key: K): KeyValueIterator<Windowed<K>, V> {
    const k = this.#key(key);
    return this.#windowed({ keyFrom: k, keyTo: k, earliestEnd: 0, latestEnd: MAX, latestStart: MAX }, true);
  }

  #windowed(query: SessionQuery, backward = false): KeyValueIterator<Windowed<K>, V> {
    const keySerde = this.#keySerde as Serde<K>;
    const entries = this.inner.findSessions(query);
    if (backward) entries.reverse();
    return arrayIterator(
      entries.map((e) => ({ key: { key: keySerde.deserialize(this.#topic, e.key), window: { start: e.start, end: e.end } }, value: this.#value(e.value) })),
    );
  }

  #optionalKey(key: K | undefined): Buffer | undefined {
    return key === undefined ? undefined : this.#key(key);
  }

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
