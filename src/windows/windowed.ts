import type { Serde } from '../serdes/serde.js';
import { SerializationError } from '../errors.js';
import type { Window } from './window.js';

/** A key of a windowed aggregation: the record key and the window it belongs to. */
export interface Windowed<K> {
  readonly key: K;
  readonly window: Window;
}

const TIMESTAMP_SIZE = 8;

/**
 * Serdes for windowed keys in Kafka's layouts, so windowed topics are readable by Kafka Streams clients:
 * time-windowed keys are `[key][start: int64 BE]` (the end is `start + windowSize`), session-windowed keys are
 * `[key][end: int64 BE][start: int64 BE]`.
 */
export const WindowedSerdes = {
  /** Serde of keys of tumbling/hopping/sliding windows of `windowSizeMs`. */
  timeWindowedSerdeFrom<K>(inner: Serde<K>, windowSizeMs: number): Serde<Windowed<K>> {
    return {
      serialize(topic, data, headers) {
        const key = inner.serialize(topic, data.key, headers);
        if (key === null) return null;
        const out = Buffer.allocUnsafe(key.length + TIMESTAMP_SIZE);
        key.copy(out, 0);
        out.writeBigInt64BE(BigInt(data.window.start), key.length);
        return out;
      },
      deserialize(topic, data, headers) {
        if (data === null) return null as unknown as Windowed<K>;
        if (data.length < TIMESTAMP_SIZE) throw new SerializationError(topic, `A time-windowed key needs at least 8 bytes; received ${data.length} on topic ${topic}`);
        const split = data.length - TIMESTAMP_SIZE;
        const start = Number(data.readBigInt64BE(split));
        const end = start + windowSizeMs > Number.MAX_SAFE_INTEGER ? Number.MAX_SAFE_INTEGER : start + windowSizeMs;
        return { key: inner.deserialize(topic, data.subarray(0, split), headers), window: { start, end } };
      },
    };
  },

  /** Serde of session-windowed keys. */
  sessionWindowedSerdeFrom<K>(inner: Serde<K>): Serde<Windowed<K>> {
    return {
      serialize(topic, data, headers) {
        const key = inner.serialize(topic, data.key, headers);
        if (key === null) return null;
        const out = Buffer.allocUnsafe(key.length + 2 * TIMESTAMP_SIZE);
        key.copy(out, 0);
        out.writeBigInt64BE(BigInt(data.window.end), key.length);
        out.writeBigInt64BE(BigInt(data.window.start), key.length + TIMESTAMP_SIZE);
        return out;
      },
      deserialize(topic, data, headers) {
        if (data === null) return null as unknown as Windowed<K>;
        if (data.length < 2 * TIMESTAMP_SIZE) throw new SerializationError(topic, `A session-windowed key needs at least 16 bytes; received ${data.length} on topic ${topic}`);
        const split = data.length - 2 * TIMESTAMP_SIZE;
        const end = Number(data.readBigInt64BE(split));
        const start = Number(data.readBigInt64BE(split + TIMESTAMP_SIZE));
        return { key: inner.deserialize(topic, data.subarray(0, split), headers), window: { start, end } };
      },
    };
  },
};
