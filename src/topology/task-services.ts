import type { Serde, Headers } from '../serdes/serde.js';
import type { StateStore } from '../state/store.js';
import type { Cancellable, Punctuator, PunctuationType } from './processor.js';
import type { RecordMetadata } from './record.js';

/**
 * What processor nodes need from the task that runs them. The runtime's StreamTask implements it;
 * topology code depends only on this port.
 */
export interface TaskServices {
  readonly taskId: string;
  readonly applicationId: string;
  readonly defaultKeySerde: Serde<unknown> | undefined;
  readonly defaultValueSerde: Serde<unknown> | undefined;
  streamTimeMs(): number;
  wallClockMs(): number;
  /** Metadata of the input record being processed; undefined in punctuations. */
  recordMetadata(): RecordMetadata | undefined;
  getStore(name: string): StateStore | undefined;
  /** A global store (readable by every processor without being connected), if the topology has one by that name. */
  globalStore?(name: string): StateStore | undefined;
  schedule(nodeName: string, intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable;
  /** Hands a serialized record to the record collector. Topic names are physical (prefixed for internal topics). */
  send(topic: string, partition: number | undefined, key: Buffer | null, value: Buffer | null, timestamp: number, headers: Headers): void;
  /** The number of partitions of a topic, when known. */
  partitionsFor(topic: string): number | undefined;
  /** The topic name on the broker: internal topics get the `<applicationId>-` prefix. */
  physicalTopic(topic: string): string;
  recordDropped(nodeName: string, reason: string): void;
}
