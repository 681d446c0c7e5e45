import type { Serde } from '../../serdes/serde.js';
import { readInt64BE, writeInt64BE } from '../../internal/bytes.js';
import type { ValueAndTimestamp } from '../key-value-store.js';

/** Bytes of the timestamp prefix of a timestamped store value. */
export const TIMESTAMP_BYTES = 8;

/**
 * Kafka's ValueAndTimestampSerde layout: 8-byte big-endian timestamp, then the inner value's bytes.
 * A value whose inner bytes are null (a tombstone) is stored as null.
 */
export function valueAndTimestampSerde<V>(inner: Serde<V>): Serde<ValueAndTimestamp<V> | null> {
  return {
    serialize(topic, data) {
      if (data === null || data === undefined) return null;
      const raw = inner.serialize(topic, data.value);
      return raw === null ? null : withTimestamp(raw, data.timestamp);
    },
    deserialize(topic, data) {
      if (data === null) return null;
      const timestamp = readInt64BE(data, 0);
      return { value: inner.deserialize(topic, data.subarray(TIMESTAMP_BYTES)), timestamp };
    },
  };
}

/** A plain value with Kafka's timestamp prefix: the stored layout of a timestamped store. */
export function withTimestamp(value: Uint8Array, timestamp: number): Buffer {
  const out = Buffer.allocUnsafe(TIMESTAMP_BYTES + value.length);
  writeInt64BE(out, timestamp, 0);
  out.set(value, TIMESTAMP_BYTES);
  return out;
}
