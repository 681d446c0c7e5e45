import type { RecordMetadata } from './record.js';

/** What a topic-name extractor or partitioner knows about the record besides key and value. */
export interface RecordContext {
  readonly topic: string | undefined;
  readonly partition: number | undefined;
  readonly offset: bigint | undefined;
  readonly timestamp: number;
}

/** Picks the output topic per record (`to((key, value, ctx) => topic)`). */
export type TopicNameExtractor<K, V> = (key: K, value: V, context: RecordContext) => string;

/** Picks the partition of an output record; undefined means the default (murmur2 of the key bytes). */
export type StreamPartitioner<K, V> = (topic: string, key: K, value: V, numPartitions: number) => number | undefined;

export type { RecordMetadata };
