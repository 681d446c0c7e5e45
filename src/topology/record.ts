import type { Headers } from '../serdes/serde.js';

/**
 * One record flowing through a topology: key, value, timestamp (epoch ms) and headers.
 * Immutable: the `with*` methods return a copy. Kafka Streams calls it `Record`; that name is
 * TypeScript's utility type, so kstreams calls it `StreamRecord`.
 *
 * @example
 * ctx.forward(record.withValue(record.value.toUpperCase()));
 */
export class StreamRecord<K, V> {
  constructor(
    readonly key: K,
    readonly value: V,
    readonly timestamp: number,
    readonly headers: Headers = {},
  ) {}

  /** A copy with another key. */
  withKey<NK>(key: NK): StreamRecord<NK, V> {
    return new StreamRecord(key, this.value, this.timestamp, this.headers);
  }

  /** A copy with another value. */
  withValue<NV>(value: NV): StreamRecord<K, NV> {
    return new StreamRecord(this.key, value, this.timestamp, this.headers);
  }

  /** A copy with another timestamp (epoch ms). */
  withTimestamp(timestamp: number): StreamRecord<K, V> {
    return new StreamRecord(this.key, this.value, timestamp, this.headers);
  }

  /** A copy with other headers. */
  withHeaders(headers: Headers): StreamRecord<K, V> {
    return new StreamRecord(this.key, this.value, this.timestamp, headers);
  }
}

/** Where the record being processed came from: only known for records read from a topic. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

export { KeyValue } from '../internal/key-value.js';
