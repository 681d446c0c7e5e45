/**
 * A changelog as a consumer fetches it, for the restore case: Kafka v2 record batches (magic 2, uncompressed,
 * no headers) encoded and decoded by kafkajs 2.2.4's own protocol code, the code a kafka:// fetch runs
 * (kafkajs/src/protocol/requests/fetch/v4/decodeMessages calls the same RecordBatch decoder per batch).
 * kafkajs has no exports map, so its protocol modules are reachable by path; they are CommonJS without types,
 * hence `createRequire` and the small interfaces below.
 */
import { createRequire } from 'node:module';
import type { ChangelogRecord } from '../../src/state/store.js';

const require = createRequire(import.meta.url);

/** kafkajs' protocol Encoder (only what is used here). */
interface KafkajsEncoder {
  readonly buffer: Buffer;
}

/** kafkajs' protocol Decoder over one buffer. */
type KafkajsDecoder = object;

/** A record as kafkajs' RecordBatch decoder returns it (timestamp and offset as decimal strings). */
export interface KafkajsRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: string;
  readonly offset: string;
  readonly headers: Readonly<Record<string, unknown>>;
}

interface KafkajsLong {
  readonly high: number;
  readonly low: number;
}

const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => KafkajsDecoder;
const decodeRecordBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (decoder: KafkajsDecoder) => Promise<{ readonly records: readonly KafkajsRecord[] }>;
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: { offsetDelta: number; timestampDelta: number; key: Buffer; value: Buffer | null; headers: Record<string, never> }) => KafkajsEncoder;
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (batch: { firstOffset: KafkajsLong; firstTimestamp: number; maxTimestamp: number; lastOffsetDelta: number; records: readonly KafkajsEncoder[] }) => Promise<KafkajsEncoder>;
};
const Long = require('kafkajs/src/utils/long') as { fromNumber(value: number): KafkajsLong };

/** Encodes changelog records as one record batch whose first record has offset `baseOffset` (as kafkajs' producer builds a batch). */
export async function encodeBatch(baseOffset: number, records: readonly ChangelogRecord[]): Promise<Buffer> {
  const first = records[0]?.timestamp ?? 0;
  let max = first;
  for (const r of records) if (r.timestamp > max) max = r.timestamp;
  const encoded = records.map((r, i) => Record({ offsetDelta: i, timestampDelta: r.timestamp - first, key: r.key, value: r.value, headers: {} }));
  const batch = await RecordBatch({ firstOffset: Long.fromNumber(baseOffset), firstTimestamp: first, maxTimestamp: max, lastOffsetDelta: records.length - 1, records: encoded });
  return batch.buffer;
}

/** Decodes one record batch with kafkajs' decoder (key and value are slices of the batch). */
export async function decodeBatch(batch: Buffer): Promise<readonly KafkajsRecord[]> {
  return (await decodeRecordBatch(new Decoder(batch))).records;
}

/** What the runtime hands a store's restore: key, value and the record's timestamp as a number. */
export function toChangelogRecords(records: readonly KafkajsRecord[]): ChangelogRecord[] {
  const out = new Array<ChangelogRecord>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as KafkajsRecord;
    out[i] = { key: r.key as Buffer, value: r.value, timestamp: Number(r.timestamp) };
  }
  return out;
}
