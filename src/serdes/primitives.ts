/**
 * The built-in serdes, with the byte layouts of Kafka's own (de)serializers so that kstreams and Java
 * applications can read each other's topics: Long = 8-byte big-endian int64, Integer = 4-byte big-endian
 * int32, Double = 8-byte big-endian IEEE-754, String = UTF-8. `null` maps to `null` both ways (tombstones).
 *
 * Failures: a value of the wrong type throws TypeError, an out-of-range number RangeError (both name the
 * topic); bytes that cannot be read throw {@link SerializationError} naming the topic and the byte length,
 * as Kafka's deserializers throw SerializationException; the engine adds the record's partition and offset.
 */
import { SerializationError } from '../errors.js';
import { describeValue, requireFunction } from '../internal/assert.js';
import { readInt64BE, writeInt64BE } from '../internal/bytes.js';
import type { Headers, Serde } from './serde.js';

const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;

/**
 * Builds a serde from two functions; `null` passes through without calling them, so they only ever see
 * real values and real bytes.
 * @example
 * const point = serdeFrom<Point>(
 *   (_topic, p) => Buffer.from(`${p.x},${p.y}`),
 *   (_topic, bytes) => { const [x, y] = bytes.toString().split(',').map(Number); return { x: x!, y: y! }; },
 * );
 */
export function serdeFrom<T>(
  serialize: (topic: string, data: T, headers?: Headers) => Buffer | null,
  deserialize: (topic: string, data: Buffer, headers?: Headers) => T,
): Serde<T> {
  requireFunction('serialize', serialize);
  requireFunction('deserialize', deserialize);
  return Object.freeze({
    serialize: (topic: string, data: T, headers?: Headers): Buffer | null =>
      data === null ? null : serialize(topic, data, headers),
    // The one place where a tombstone crosses the type T: Serde<T> (API.md) leaves null out of T.
    deserialize: (topic: string, data: Buffer | null, headers?: Headers): T =>
      data === null ? (null as T) : deserialize(topic, data, headers),
  });
}

function wrongType(serde: string, topic: string, expected: string, data: unknown): TypeError {
  return new TypeError(`${serde} cannot serialize ${describeValue(data)} for topic "${topic}": expected ${expected}.`);
}

function wrongLength(serde: string, topic: string, expected: number, data: Buffer, cause?: unknown): SerializationError {
  return new SerializationError(
    topic,
    `${serde} cannot deserialize ${data.length} bytes from topic "${topic}": it expects exactly ${expected}. ` +
      'Check that the serde matches what the producer of this topic writes.',
    cause,
  );
}

function serializeString(topic: string, data: string): Buffer {
  if (typeof data !== 'string') throw wrongType('Serdes.String()', topic, 'a string', data);
  const length = data.length;
  if (length > 32) return Buffer.from(data, 'utf8');
  // Short ASCII strings (most keys) are copied byte by byte: about half the cost of Buffer.from's native call.
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) {
    const code = data.charCodeAt(i);
    if (code > 0x7f) return Buffer.from(data, 'utf8');
    out[i] = code;
  }
  return out;
}

function deserializeString(_topic: string, data: Buffer): string {
  return data.toString('utf8');
}

function serializeLong(topic: string, data: number): Buffer {
  if (typeof data !== 'number') throw wrongType('Serdes.Long()', topic, 'a number', data);
  if (!Number.isSafeInteger(data)) {
    throw new RangeError(
      `Serdes.Long() cannot serialize ${data} for topic "${topic}": expected an integer between -(2^53 - 1) and 2^53 - 1.`,
    );
  }
  const out = Buffer.allocUnsafe(8);
  writeInt64BE(out, data, 0);
  return out;
}

function deserializeLong(topic: string, data: Buffer): number {
  if (data.length !== 8) throw wrongLength('Serdes.Long()', topic, 8, data);
  try {
    return readInt64BE(data, 0);
  } catch (error) {
    throw new SerializationError(
      topic,
      `Serdes.Long() cannot deserialize 0x${data.toString('hex')} from topic "${topic}": the value is beyond ±(2^53 - 1), ` +
        'which a JavaScript number cannot hold exactly. Read this topic with a custom serde that returns a bigint.',
      error,
    );
  }
}

function serializeInteger(topic: string, data: number): Buffer {
  if (typeof data !== 'number') throw wrongType('Serdes.Integer()', topic, 'a number', data);
  if (!Number.isInteger(data) || data < INT32_MIN || data > INT32_MAX) {
    throw new RangeError(
      `Serdes.Integer() cannot serialize ${data} for topic "${topic}": expected an integer between -2^31 and 2^31 - 1.`,
    );
  }
  const out = Buffer.allocUnsafe(4);
  out.writeInt32BE(data, 0);
  return out;
}

function deserializeInteger(topic: string, data: Buffer): number {
  if (data.length !== 4) throw wrongLength('Serdes.Integer()', topic, 4, data);
  return data.readInt32BE(0);
}

function serializeDouble(topic: string, data: number): Buffer {
  if (typeof data !== 'number') throw wrongType('Serdes.Double()', topic, 'a number', data);
  const out = Buffer.allocUnsafe(8);
  out.writeDoubleBE(data, 0);
  return out;
}

function deserializeDouble(topic: string, data: Buffer): number {
  if (data.length !== 8) throw wrongLength('Serdes.Double()', topic, 8, data);
  return data.readDoubleBE(0);
}

function serializeBuffer(topic: string, data: Buffer): Buffer {
  if (!Buffer.isBuffer(data)) throw wrongType('Serdes.Buffer()', topic, 'a Buffer', data);
  return data;
}

function deserializeBuffer(_topic: string, data: Buffer): Buffer {
  return data;
}

function serializeJson(topic: string, data: unknown): Buffer {
  let text: string | undefined;
  try {
    text = JSON.stringify(data);
  } catch (error) {
    throw new SerializationError(
      topic,
      `Serdes.JSON() cannot serialize a value for topic "${topic}": ${(error as Error).message}. ` +
        'JSON cannot hold cycles or bigints; convert them first, or use another serde.',
      error,
    );
  }
  // JSON.stringify returns undefined for undefined, functions and symbols.
  if (text === undefined) throw wrongType('Serdes.JSON()', topic, 'a JSON-serializable value (null is a tombstone)', data);
  return Buffer.from(text, 'utf8');
}

function deserializeJson(topic: string, data: Buffer): unknown {
  try {
    return JSON.parse(data.toString('utf8')) as unknown;
  } catch (error) {
    throw new SerializationError(
      topic,
      `Serdes.JSON() cannot deserialize ${data.length} bytes from topic "${topic}": they are not UTF-8 JSON ` +
        `(${(error as Error).message}). Check that the serde matches what the producer of this topic writes.`,
      error,
    );
  }
}

/**
 * Factories of the built-in serdes. Each call returns a new, stateless, frozen serde that may be shared.
 * Every one maps `null` to `null` in both directions (the engine uses `null` for tombstones), although
 * its type, as in API.md, leaves `null` out.
 * @example builder.stream('clicks', Consumed.with(Serdes.String(), Serdes.Long()))
 */
export const Serdes = Object.freeze({
  /** UTF-8 strings, as Kafka's StringSerde. */
  String: (): Serde<string> => serdeFrom(serializeString, deserializeString),
  /**
   * Numbers as 8-byte big-endian two's-complement int64, as Kafka's LongSerde. Only integers within
   * ±(2^53 - 1) can be written or read; others throw rather than lose precision.
   */
  Long: (): Serde<number> => serdeFrom(serializeLong, deserializeLong),
  /** Numbers as 4-byte big-endian two's-complement int32, as Kafka's IntegerSerde; RangeError outside int32. */
  Integer: (): Serde<number> => serdeFrom(serializeInteger, deserializeInteger),
  /** Numbers as 8-byte big-endian IEEE-754 doubles, as Kafka's DoubleSerde. */
  Double: (): Serde<number> => serdeFrom(serializeDouble, deserializeDouble),
  /** Raw bytes, unchanged and uncopied, as Kafka's ByteArraySerde: do not mutate a buffer after handing it over. */
  Buffer: (): Serde<Buffer> => serdeFrom(serializeBuffer, deserializeBuffer),
  /**
   * Values as UTF-8 JSON text. Deserialized values are not validated against `T`; a JSON `null` body reads as `null`.
   * @example Serdes.JSON<{ vendorId: number }>()
   */
  JSON: <T>(): Serde<T> => serdeFrom<T>(serializeJson, deserializeJson as (topic: string, data: Buffer) => T),
});
