import type { Serde } from '../serdes/serde.js';
import type { KeyValue } from '../internal/key-value.js';
import { IllegalStateError } from '../errors.js';
import type { ProducedRecord } from '../runtime/record-collector.js';
import type { TestRecord } from './test-record.js';

/** How an output topic reads what the topology produced. */
export interface OutputSource {
  /** Pops the next record; throws NoSuchElementError for an uninitialized or drained topic. */
  poll(topic: string): ProducedRecord;
  queueSize(topic: string): number;
}

/** Reads, in order, the records a TopologyTestDriver's topology wrote to one topic. */
export class TestOutputTopic<K, V> {
  constructor(
    readonly topic: string,
    readonly source: OutputSource,
    readonly keySerde: Serde<K>,
    readonly valueSerde: Serde<V>,
  ) {}

  /** Pops one record. Throws `Uninitialized topic: …` if nothing was ever written, `Empty topic: …` once drained. */
  async readRecord(): Promise<TestRecord<K, V>> {
    const record = this.source.poll(this.topic);
    return {
      key: this.keySerde.deserialize(this.topic, record.key, record.headers),
      value: this.valueSerde.deserialize(this.topic, record.value, record.headers),
      timestamp: record.timestamp,
      headers: record.headers,
    };
  }

  /** Pops one record's value. */
  async readValue(): Promise<V> {
    return (await this.readRecord()).value;
  }

  /** Pops one record's key and value. */
  async readKeyValue(): Promise<KeyValue<K, V>> {
    const { key, value } = await this.readRecord();
    return { key, value };
  }

  /** Drains every record. */
  async readRecordsToList(): Promise<TestRecord<K, V>[]> {
    const out: TestRecord<K, V>[] = [];
    while (this.source.queueSize(this.topic) > 0) out.push(await this.readRecord());
    return out;
  }

  /** Drains every value. */
  async readValuesToList(): Promise<V[]> {
    return (await this.readRecordsToList()).map((r) => r.value);
  }

  /** Drains every key-value pair. */
  async readKeyValuesToList(): Promise<KeyValue<K, V>[]> {
    return (await this.readRecordsToList()).map(({ key, value }) => ({ key, value }));
  }

  /** Drains the topic keeping the last value per key (a tombstone stays as null); a null key is an error. */
  async readKeyValuesToMap(): Promise<Map<K, V>> {
    const out = new Map<K, V>();
    for (const { key, value } of await this.readRecordsToList()) {
      if (key === null || key === undefined) {
        throw new IllegalStateError(`Topic ${this.topic} has a record with a null key; readKeyValuesToMap() needs keys. Use readKeyValuesToList().`);
      }
      out.set(key, value);
    }
    return out;
  }

  /** Number of records not read yet (0 for a topic never written). */
  async getQueueSize(): Promise<number> {
    return this.source.queueSize(this.topic);
  }

  /** True when nothing is left to read. */
  async isEmpty(): Promise<boolean> {
    return this.source.queueSize(this.topic) === 0;
  }
}
