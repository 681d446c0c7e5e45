import type { Headers } from '../serdes/serde.js';

/** A serialized record on its way to a topic. */
export interface ProducedRecord {
  readonly topic: string;
  /** Undefined lets the transport pick (null keys). */
  readonly partition: number | undefined;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: Headers;
}

/** Where sink nodes and changelogging stores send records; the transport or the test driver implements it. */
export interface RecordCollector {
  send(record: ProducedRecord): void;
  /** The number of partitions of a topic, when known. */
  partitionsFor(topic: string): number | undefined;
}
