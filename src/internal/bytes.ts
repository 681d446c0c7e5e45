/**
 * Byte helpers on Node Buffers: unsigned comparison (the order of every bytes store) and fixed-width
 * big-endian integers, whose byte order equals their numeric order for non-negative values, which is
 * what makes window and session keys range-scannable.
 *
 * 64-bit values are written as two 32-bit halves rather than through BigInt: about twice as fast on
 * Node 20, and every value we store (timestamps, Long serde values) is a safe integer anyway.
 */

const TWO_POW_32 = 0x1_0000_0000;

/**
 * Compares two byte arrays as unsigned bytes, lexicographically; a proper prefix sorts first.
 * @example compareBytes(Buffer.from([0x7f]), Buffer.from([0x80])) // -1
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): -1 | 0 | 1 {
  return Buffer.compare(a, b) as -1 | 0 | 1;
}

/** Concatenates byte arrays into one new Buffer. */
export function concatBytes(...parts: readonly Uint8Array[]): Buffer {
  return Buffer.concat(parts);
}

function checkUInt64(value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`Expected a non-negative safe integer for an unsigned 64-bit field, but received ${value}.`);
  }
}

function checkInt64(value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`Expected a safe integer (|value| <= 2^53 - 1) for a 64-bit field, but received ${value}.`);
  }
}

/**
 * Writes a signed integer in [-(2^53 - 1), 2^53 - 1] as an 8-byte big-endian two's-complement int64
 * (Java's `long` layout) at `offset`; returns the offset after it.
 */
export function writeInt64BE(target: Buffer, value: number, offset = 0): number {
  checkInt64(value);
  if (offset < 0 || offset + 8 > target.length) throw new RangeError(`Cannot write 8 bytes at offset ${offset} of a buffer of ${target.length}.`);
  // Byte by byte: Buffer's writeInt32BE/writeUInt32BE validate their arguments again on every call.
  const high = Math.floor(value / TWO_POW_32);
  const low = value - high * TWO_POW_32;
  target[offset] = high >>> 24;
  target[offset + 1] = high >>> 16;
  target[offset + 2] = high >>> 8;
  target[offset + 3] = high;
  target[offset + 4] = low >>> 24;
  target[offset + 5] = low >>> 16;
  target[offset + 6] = low >>> 8;
  target[offset + 7] = low;
  return offset + 8;
}

/**
 * Reads an 8-byte big-endian two's-complement int64; throws a RangeError if it is not a safe integer,
 * since a JavaScript number could not hold it exactly.
 */
export function readInt64BE(source: Buffer, offset = 0): number {
  // Both terms are exact; the sum only rounds when |result| > 2^53, which the check below rejects.
  const value = source.readInt32BE(offset) * TWO_POW_32 + source.readUInt32BE(offset + 4);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`The int64 at offset ${offset} does not fit in a safe integer (|value| > 2^53 - 1).`);
  }
  return value;
}

/** Writes a non-negative safe integer (a timestamp in ms, an offset) as 8 bytes big-endian; returns the next offset. */
export function writeUInt64BE(target: Buffer, value: number, offset = 0): number {
  checkUInt64(value);
  target.writeUInt32BE(Math.floor(value / TWO_POW_32), offset);
  target.writeUInt32BE(value % TWO_POW_32, offset + 4);
  return offset + 8;
}

/** Reads an 8-byte big-endian unsigned integer; throws a RangeError above 2^53 - 1. */
export function readUInt64BE(source: Buffer, offset = 0): number {
  const value = source.readUInt32BE(offset) * TWO_POW_32 + source.readUInt32BE(offset + 4);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`The uint64 at offset ${offset} does not fit in a safe integer (value > 2^53 - 1).`);
  }
  return value;
}

/** Encodes a non-negative safe integer as a new 8-byte big-endian Buffer. */
export function encodeUInt64BE(value: number): Buffer {
  const out = Buffer.allocUnsafe(8);
  writeUInt64BE(out, value, 0);
  return out;
}

/** Encodes a signed safe integer as a new 8-byte big-endian two's-complement Buffer (Java's `long`). */
export function encodeInt64BE(value: number): Buffer {
  const out = Buffer.allocUnsafe(8);
  writeInt64BE(out, value, 0);
  return out;
}

/** Encodes a signed 32-bit integer as a new 4-byte big-endian Buffer (Java's `int`); RangeError when out of range. */
export function encodeInt32BE(value: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeInt32BE(value, 0);
  return out;
}

/** Encodes an unsigned 32-bit integer (a sequence number) as a new 4-byte big-endian Buffer; RangeError when out of range. */
export function encodeUInt32BE(value: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeUInt32BE(value, 0);
  return out;
}

/** Reads a signed 32-bit big-endian integer at `offset`. */
export function readInt32BE(source: Buffer, offset = 0): number {
  return source.readInt32BE(offset);
}

/** Reads an unsigned 32-bit big-endian integer at `offset`. */
export function readUInt32BE(source: Buffer, offset = 0): number {
  return source.readUInt32BE(offset);
}
