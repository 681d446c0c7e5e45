/**
 * Binary layouts of window-store keys as Kafka Streams writes them to changelogs (WindowKeySchema):
 * `[key][window start: int64 BE][sequence number: int32 BE]`.
 */
export function windowStoreKey(key: Buffer, windowStartMs: number, seq: number): Buffer {
  const out = Buffer.allocUnsafe(key.length + 12);
  key.copy(out, 0);
  out.writeBigInt64BE(BigInt(windowStartMs), key.length);
  out.writeInt32BE(seq | 0, key.length + 8);
  return out;
}

/** Splits a window-store changelog key into key bytes, window start and sequence number. */
export function parseWindowStoreKey(bytes: Buffer): { key: Buffer; windowStartMs: number; seq: number } {
  const split = bytes.length - 12;
  return { key: bytes.subarray(0, split), windowStartMs: Number(bytes.readBigInt64BE(split)), seq: bytes.readInt32BE(split + 8) };
}
