import type { Serde } from '../serdes/serde.js';
import type { KeyValue } from '../internal/key-value.js';
import { requireNonNegativeInteger } from '../internal/assert.js';
import type { TestRecordInput } from './test-record.js';

/** How an input topic hands serialized records to the driver. */
export interface InputSink {
  pipe(topic: string, key: Buffer | null, value: Buffer | null, timestamp: number, headers: Record<string, Buffer | string | undefined>): Promise<void>;
}

/**
 * Pipes records into one topic of a TopologyTestDriver. Each call processes the record (and everything it
 * causes downstream) before it resolves. Records without a timestamp get the topic's current time, which then
 * moves forward by `autoAdvanceMs`.
 */
export class TestInputTopic<K, V> {
  #currentMs: number;

  constructor(
    readonly topic: string,
    readonly sink: InputSink,
    readonly keySerde: Serde<K>,
    readonly valueSerde: Serde<V>,
    startTimestampMs: number,
    readonly autoAdvanceMs: number,
  ) {
    this.#currentMs = startTimestampMs;
  }

  /** Pipes a value with a null key, a key and value, or a key, value and explicit timestamp. */
  pipeInput(value: V): Promise<void>;
  pipeInput(key: K, value: V, timestampMs?: number): Promise<void>;
  pipeInput(...args: unknown[]): Promise<void> {
    if (args.length === 1) return this.pipeRecord({ value: args[0] as V });
    const [key, value, timestamp] = args as [K, V, number | undefined];
    return this.pipeRecord(timestamp === undefined ? { key, value } : { key, value, timestamp });
  }

  /** Pipes one record with optional key, timestamp and headers. */
  async pipeRecord(record: TestRecordInput<K, V>): Promise<void> {
    const timestamp = record.timestamp ?? this.#nextTimestamp();
    const key = record.key === undefined || record.key === null ? null : this.keySerde.serialize(this.topic, record.key);
    const value = record.value === null || record.value === undefined ? null : this.valueSerde.serialize(this.topic, record.value);
    await this.sink.pipe(this.topic, key, value, timestamp, record.headers ?? {});
  }

  /** Pipes records one at a time. */
  async pipeRecordList(records: readonly TestRecordInput<K, V>[]): Promise<void> {
    for (const record of records) await this.pipeRecord(record);
  }

  /** Pipes key-value pairs with auto timestamps (or from `startMs`, stepping `advanceMs`, leaving the topic's time alone). */
  async pipeKeyValueList(list: readonly KeyValue<K, V>[], startMs?: number, advanceMs = 0): Promise<void> {
    let ts = startMs;
    for (const { key, value } of list) {
      await this.pipeRecord(ts === undefined ? { key, value } : { key, value, timestamp: ts });
      if (ts !== undefined) ts += advanceMs;
    }
  }

  /** Pipes values with null keys. */
  async pipeValueList(values: readonly V[], startMs?: number, advanceMs = 0): Promise<void> {
    let ts = startMs;
    for (const value of values) {
      await this.pipeRecord(ts === undefined ? { value } : { value, timestamp: ts });
      if (ts !== undefined) ts += advanceMs;
    }
  }

  /** Moves only this topic's timestamp generator forward; stream time moves when a record is piped. */
  advanceTime(ms: number): void {
    requireNonNegativeInteger('ms', ms);
    this.#currentMs += ms;
  }

  #nextTimestamp(): number {
    const ts = this.#currentMs;
    this.#currentMs += this.autoAdvanceMs;
    return ts;
  }
}
