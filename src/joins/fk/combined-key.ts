/**
 * The subscription store's key (Kafka's CombinedKeySchema): `[int32 fkLength][fk bytes][pk bytes]`, so that every
 * subscription to one foreign key is found by a prefix scan over `[fkLength][fk bytes]`.
 */
export interface CombinedKey<KO, K> {
  readonly foreignKey: KO;
  readonly primaryKey: K;
}

/** The store key of (foreign key, primary key). */
export function combinedKeyBytes(foreignKey: Buffer, primaryKey: Buffer): Buffer {
  const out = Buffer.allocUnsafe(4 + foreignKey.length + primaryKey.length);
  out.writeInt32BE(foreignKey.length, 0);
  foreignKey.copy(out, 4);
  primaryKey.copy(out, 4 + foreignKey.length);
  return out;
}

/** The prefix shared by every store key of `foreignKey`. */
export function combinedKeyPrefix(foreignKey: Buffer): Buffer {
  const out = Buffer.allocUnsafe(4 + foreignKey.length);
  out.writeInt32BE(foreignKey.length, 0);
  foreignKey.copy(out, 4);
  return out;
}

/** Splits a store key back into its foreign-key and primary-key bytes. */
export function splitCombinedKey(bytes: Buffer): { foreignKey: Buffer; primaryKey: Buffer } {
  const length = bytes.readInt32BE(0);
  return { foreignKey: bytes.subarray(4, 4 + length), primaryKey: bytes.subarray(4 + length) };
}

/** The smallest key greater than every key starting with `prefix` (Kafka's Bytes.increment), or undefined if none. */
export function prefixUpperBound(prefix: Buffer): Buffer | undefined {
  const out = Buffer.from(prefix);
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== 0xff) {
      out[i] = (out[i] as number) + 1;
      return out.subarray(0, i + 1);
    }
  }
  return undefined;
}
