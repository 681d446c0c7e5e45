/**
 * The serializer/deserializer contract of API.md: a {@link Serde} turns values of one type into bytes and back,
 * per topic. `null` is a tombstone and passes through every built-in serde unchanged in both directions.
 */

/** Record headers: a value is bytes or a UTF-8 string; `undefined` stands for an absent value. */
export type Headers = Record<string, Buffer | string | undefined>;

/**
 * Converts values of type `T` to bytes and back; synchronous, so the engine's hot path never awaits.
 * The engine hands `null` to `serialize` for tombstones and passes `null` bytes to `deserialize` for
 * records without a key or value; the built-in serdes map `null` to `null` both ways, whatever `T` is.
 * Serde objects may be shared between topics and tasks, so they must not keep per-record state.
 * @example
 * const upper: Serde<string> = serdeFrom(
 *   (_topic, s) => Buffer.from(s.toUpperCase()),
 *   (_topic, b) => b.toString(),
 * );
 */
export interface Serde<T> {
  /** Returns the bytes of `data` for `topic`, or `null` (a tombstone). */
  serialize(topic: string, data: T, headers?: Headers): Buffer | null;
  /** Returns the value held by `data`, read from `topic`. */
  deserialize(topic: string, data: Buffer | null, headers?: Headers): T;
}

/**
 * A serde that may return a Promise, only when it must do I/O (a schema-registry serde meeting a schema id it
 * has not cached yet); the engine awaits only in that case. Every {@link Serde} is also an `AsyncCapableSerde`.
 */
export interface AsyncCapableSerde<T> {
  /** Returns the bytes of `data` for `topic`, or `null`, possibly after I/O. */
  serialize(topic: string, data: T, headers?: Headers): Buffer | null | Promise<Buffer | null>;
  /** Returns the value held by `data`, read from `topic`, possibly after I/O. */
  deserialize(topic: string, data: Buffer | null, headers?: Headers): T | Promise<T>;
}
