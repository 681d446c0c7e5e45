import { randomUUID } from 'node:crypto';
import type { ProducedRecord } from '../record-collector.js';
import type { InputRecord } from '../stream-task.js';
import { tpKey, type GroupConsumer, type GroupListener, type GroupMember, type Subscription, type TopicPartition, type TopicSpec, type Transport } from '../transport.js';
import { EmbeddedBroker } from './embedded-broker.js';

const MAX_POLL_RECORDS = 1_000;
const RESTORE_BATCH = 10_000;

/** The Transport over an in-process EmbeddedBroker (`memory://`). */
export class EmbeddedTransport implements Transport {
  constructor(readonly broker: EmbeddedBroker) {}

  static for(url: string): EmbeddedTransport {
    return new EmbeddedTransport(EmbeddedBroker.for(url));
  }

  async createTopics(specs: readonly TopicSpec[]): Promise<void> {
    this.broker.createTopicsSync(specs);
  }

  async partitionCount(topic: string): Promise<number | undefined> {
    return this.broker.partitionCount(topic);
  }

  async join(groupId: string, subscription: Subscription, listener: GroupListener): Promise<GroupConsumer> {
    return new EmbeddedGroupConsumer(this.broker, groupId, subscription, listener);
  }

  async send(records: readonly ProducedRecord[]): Promise<ReadonlyMap<string, bigint>> {
    const next = new Map<string, bigint>();
    const byTopic = new Map<string, ProducedRecord[]>();
    for (const r of records) {
      const list = byTopic.get(r.topic) ?? [];
      list.push(r);
      byTopic.set(r.topic, list);
    }
    for (const [topic, list] of byTopic) {
      if (this.broker.partitionCount(topic) === undefined) this.broker.createTopicsSync([{ name: topic, partitions: 1 }]);
      for (const { partition, offset } of this.broker.appendRaw(topic, list)) next.set(tpKey({ topic, partition }), offset + 1n);
    }
    return next;
  }

  async endOffset(tp: TopicPartition): Promise<bigint> {
    return this.broker.endOffset(tp.topic, tp.partition);
  }

  async *read(tp: TopicPartition, from: bigint, to: bigint): AsyncIterable<readonly InputRecord[]> {
    for (let offset = from; offset < to; offset += BigInt(RESTORE_BATCH)) {
      const end = offset + BigInt(RESTORE_BATCH) < to ? offset + BigInt(RESTORE_BATCH) : to;
      yield this.broker.readPartition(tp.topic, tp.partition, offset, end);
    }
  }

  async close(): Promise<void> {}
}

/** A group member on the embedded broker: rebalances run inside poll(), as with Kafka's consumer. */
class EmbeddedGroupConsumer implements GroupConsumer {
  readonly memberId = `member-${randomUUID()}`;
  #generation = -1;
  #assigned: TopicPartition[] = [];
  readonly #positions = new Map<string, bigint>();
  #closed = false;

  constructor(
    readonly broker: EmbeddedBroker,
    readonly groupId: string,
    readonly subscription: Subscription,
    readonly listener: GroupListener,
  ) {
    broker.group(groupId).join(this.memberId, subscription);
    broker.wake();
  }

  async poll(maxWaitMs: number): Promise<InputRecord[]> {
    if (this.#closed) return [];
    await this.#rebalanceIfNeeded();
    const records = this.#fetch();
    if (records.length > 0) return records;
    await this.broker.waitForData(maxWaitMs);
    await this.#rebalanceIfNeeded();
    return this.#fetch();
  }

  async commit(offsets: ReadonlyMap<string, TopicPartition & { offset: bigint }>): Promise<void> {
    const group = this.broker.group(this.groupId);
    for (const tp of offsets.values()) group.committed.set(tpKey(tp), tp.offset);
  }

  async members(): Promise<GroupMember[]> {
    return this.broker.group(this.groupId).members();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.listener.onPartitionsRevoked(this.#assigned);
    this.#assigned = [];
    this.broker.group(this.groupId).leave(this.memberId);
    this.broker.wake();
  }

  async #rebalanceIfNeeded(): Promise<void> {
    const group = this.broker.group(this.groupId);
    while (!this.#closed && this.#generation !== group.generation) {
      const generation = group.generation;
      if (this.#assigned.length > 0) await this.listener.onPartitionsRevoked(this.#assigned);
      this.#assigned = [];
      this.#positions.clear();
      await group.revoked(this.memberId, generation);
      if (!group.isAssigned(generation)) continue;
      this.#generation = generation;
      this.#assigned = group.assignmentOf(this.memberId);
      for (const tp of this.#assigned) {
        const committed = group.committed.get(tpKey(tp));
        const start = committed ?? (this.subscription.offsetReset === 'earliest' ? 0n : this.broker.endOffset(tp.topic, tp.partition));
        this.#positions.set(tpKey(tp), start);
      }
      await this.listener.onPartitionsAssigned(this.#assigned);
    }
  }

  #fetch(): InputRecord[] {
    const out: InputRecord[] = [];
    for (const tp of this.#assigned) {
      if (out.length >= MAX_POLL_RECORDS) break;
      const key = tpKey(tp);
      const position = this.#positions.get(key) ?? 0n;
      const batch = this.broker.readPartition(tp.topic, tp.partition, position, position + BigInt(MAX_POLL_RECORDS - out.length));
      if (batch.length === 0) continue;
      this.#positions.set(key, position + BigInt(batch.length));
      out.push(...batch);
    }
    return out;
  }
}
