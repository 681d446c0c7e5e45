import type { Headers } from '../serdes/serde.js';

/** A record read from (or piped into) a test topic. */
export interface TestRecord<K, V> {
  readonly key: K;
  readonly value: V;
  readonly timestamp: number;
  readonly headers: Headers;
}

/** A record to pipe; a missing timestamp takes the input topic's current time. */
export interface TestRecordInput<K, V> {
  readonly key?: K;
  readonly value: V;
  readonly timestamp?: number;
  readonly headers?: Headers;
}
