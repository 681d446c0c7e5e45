import type { KeyValue } from '../../internal/key-value.js';
import { StoreError } from '../../errors.js';
import type { KeyValueBytesStore, KeyValueBytesStoreSupplier, KeyValueIterator } from '../key-value-store.js';
import type { StoreContext } from '../store.js';
import { arrayIterator } from '../iterators.js';

interface Entry {
  readonly key: Buffer;
  value: Buffer;
}

/**
 * A byte-ordered in-memory key-value store (Kafka's InMemoryKeyValueStore).
 * Keys are indexed by their latin1 string, whose code-unit order is the unsigned byte order,
 * so point reads and writes are one Map operation and range scans sort the keys only when they changed.
 */
export class InMemoryKeyValueBytesStore implements KeyValueBytesStore {
  readonly persistent = false;
  readonly #entries = new Map<string, Entry>();
  #sorted: string[] | undefined;
  #open = false;

  constructor(readonly name: string) {}

  init(_context: StoreContext): void {
    this.#open = true;
  }

  flush(): void {}

  close(): void {
    this.#open = false;
  }

  isOpen(): boolean {
    return this.#open;
  }

  get(key: Buffer): Buffer | undefined {
    this.#checkOpen();
    return this.#entries.get(key.toString('latin1'))?.value;
  }

  put(key: Buffer, value: Buffer | null): void {
    this.#checkOpen();
    const id = key.toString('latin1');
    if (value === null) {
      if (this.#entries.delete(id)) this.#sorted = undefined;
      return;
    }
    const entry = this.#entries.get(id);
    if (entry === undefined) {
      this.#entries.set(id, { key: Buffer.from(key), value });
      this.#sorted = undefined;
    } else {
      entry.value = value;
    }
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
    return this.#entries.size;
  }

  /** A snapshot of the entries in [from, to], so writes during iteration do not disturb it. */
  #slice(from: Buffer | undefined, to: Buffer | undefined): KeyValue<Buffer, Buffer>[] {
    this.#checkOpen();
    const sorted = (this.#sorted ??= [...this.#entries.keys()].sort());
    const lo = from === undefined ? 0 : lowerBound(sorted, from.toString('latin1'));
    const hi = to === undefined ? sorted.length : upperBound(sorted, to.toString('latin1'));
    const out: KeyValue<Buffer, Buffer>[] = [];
    for (let i = lo; i < hi; i++) {
      const entry = this.#entries.get(sorted[i] as string) as Entry;
      out.push({ key: entry.key, value: entry.value });
    }
    return out;
  }

  #checkOpen(): void {
    if (!this.#open) throw new StoreError(this.name, `State store ${this.name} is not open; it was closed or never initialized.`);
  }
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Supplies in-memory key-value bytes stores (`Stores.inMemoryKeyValueStore`). */
export function inMemoryKeyValueStoreSupplier(name: string): KeyValueBytesStoreSupplier {
  return { name, persistent: false, get: () => new InMemoryKeyValueBytesStore(name) };
}
