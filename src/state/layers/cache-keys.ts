/** True for keys a record cache uses as their own identity (primitives); other keys are identified by their bytes. */
export function isPrimitiveKey(key: unknown): boolean {
  const type = typeof key;
  return type === 'string' || type === 'number' || type === 'bigint' || type === 'boolean';
}

/** A record cache's identity of a key: the key itself when primitive, else its serialized bytes as a latin1 string. */
export function cacheKeyId<K>(key: K, serialize: (key: K) => Buffer): unknown {
  return isPrimitiveKey(key) ? key : serialize(key).toString('latin1');
}

/**
 * A key's serialized bytes, reusing those of the previous call while the same primitive key comes again (a record
 * updates all its windows, or a flush writes a key's sessions, in a row).
 */
export class LastKeyBytes<K> {
  #key: unknown = undefined;
  #bytes: Buffer | undefined;

  constructor(private readonly serialize: (key: K) => Buffer) {}

  of(key: K): Buffer {
    const primitive = isPrimitiveKey(key);
    if (primitive && this.#bytes !== undefined && Object.is(key, this.#key)) return this.#bytes;
    const bytes = this.serialize(key);
    if (primitive) {
      this.#key = key;
      this.#bytes = bytes;
    }
    return bytes;
  }

  clear(): void {
    this.#key = undefined;
    this.#bytes = undefined;
  }
}
