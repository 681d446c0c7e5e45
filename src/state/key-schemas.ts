/**
 * Binary layouts of window-store keys as Kafka Streams writes them to changelogs (WindowKeySchema):
 * `[key][window start: int64 BE][sequence number: int32 BE]`.
 */
import { writeInt64BE } from '../internal/bytes.js';

export function windowStoreKey(key: Buffer, windowStartMs: number, seq: number): Buffer {
  const length = key.length;
  const out = Buffer.allocUnsafe(length + 12);
  // Short keys (most) are copied byte by byte: cheaper than TypedArray.set's call for a few bytes.
  if (length <= 32) for (let i = 0; i < length; i++) out[i] = key[i] as number;
  else out.set(key, 0);
  writeInt64BE(out, windowStartMs, length);
  const s = seq | 0;
  out[length + 8] = s >>> 24;
  out[length + 9] = s >>> 16;
  out[length + 10] = s >>> 8;
  out[length + 11] = s;
  return out;
}

/** Splits a window-store changelog key into key bytes, window start and sequence number. */
export function parseWindowStoreKey(bytes: Buffer): { key: Buffer; windowStartMs: number; seq: number } {
  const split = bytes.length - 12;
  return { key: bytes.subarray(0, split), windowStartMs: Number(bytes.readBigInt64BE(split)), seq: bytes.readInt32BE(split + 8) };
}

/**
 * A session-store changelog key as Kafka Streams writes it (SessionKeySchema): `[key][end: int64 BE][start: int64 BE]`.
 */
export function sessionStoreKey(key: Buffer, startMs: number, endMs: number): Buffer {
  const out = Buffer.allocUnsafe(key.length + 16);
  key.copy(out, 0);
  out.writeBigInt64BE(BigInt(endMs), key.length);
  out.writeBigInt64BE(BigInt(startMs), key.length + 8);
  return out;
}

/** Splits a session-store changelog key into key bytes, session start and session end. */
export function parseSessionStoreKey(bytes: Buffer): { key: Buffer; startMs: number; endMs: number } {
  const split = bytes.length - 16;
  return { key: bytes.subarray(0, split), endMs: Number(bytes.readBigInt64BE(split)), startMs: Number(bytes.readBigInt64BE(split + 8)) };
}
