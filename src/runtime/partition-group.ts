import type { InputRecord } from './stream-task.js';
import { tpKey, type TopicPartition } from './transport.js';

interface Queue {
  readonly topic: string;
  readonly partition: number;
  readonly records: InputRecord[];
  head: number;
  /** The last record of this queue marked processed since takeConsumed() (undefined: none). */
  taken: InputRecord | undefined;
}

/**
 * The input buffer of one task: a FIFO per topic-partition, and a choice of the next record by the lowest
 * head timestamp across partitions (Kafka's PartitionGroup). The non-empty queues are kept in a binary heap
 * that breaks ties exactly as Java's PriorityQueue does, so equal-timestamp interleavings match Kafka Streams.
 */
export class PartitionGroup {
  readonly #queues = new Map<string, Queue>();
  readonly #heap: Queue[] = [];
  #buffered = 0;
  /** The queue of the last add(): fetched records come in runs of one partition. */
  #last: Queue | undefined;
  /** The record next() returned last, and its queue, until markProcessed(). */
  #current: InputRecord | undefined;
  #currentQueue: Queue | undefined;

  get size(): number {
    return this.#buffered;
  }

  add(record: InputRecord): void {
    let queue = this.#last;
    if (queue === undefined || queue.partition !== record.partition || queue.topic !== record.topic) {
      const id = tpKey(record);
      queue = this.#queues.get(id);
      if (queue === undefined) {
        queue = { topic: record.topic, partition: record.partition, records: [], head: 0, taken: undefined };
        this.#queues.set(id, queue);
      }
      this.#last = queue;
    }
    const wasEmpty = queue.head === queue.records.length;
    queue.records.push(record);
    this.#buffered++;
    if (wasEmpty) this.#offer(queue);
  }

  /** The next record to process, or undefined when every queue is empty. */
  next(): InputRecord | undefined {
    const queue = this.#poll();
    if (queue === undefined) return undefined;
    const record = queue.records[queue.head++] as InputRecord;
    this.#current = record;
    this.#currentQueue = queue;
    this.#buffered--;
    if (queue.head === queue.records.length) {
      queue.records.length = 0;
      queue.head = 0;
    } else {
      this.#offer(queue);
    }
    return record;
  }

  /** Marks the record next() returned last as processed: its offset may now be committed. */
  markProcessed(): void {
    const queue = this.#currentQueue;
    if (queue === undefined) return;
    queue.taken = this.#current;
    this.#currentQueue = undefined;
    this.#current = undefined;
  }

  /**
   * Adds the next offset to commit of each partition with a record marked processed since the last call (the
   * offset after that record) to `into`, keyed by topic-partition.
   */
  takeConsumed(into: Map<string, TopicPartition & { offset: bigint }>): void {
    for (const [id, queue] of this.#queues) {
      const taken = queue.taken;
      if (taken === undefined) continue;
      into.set(id, { topic: queue.topic, partition: queue.partition, offset: taken.offset + 1n });
      queue.taken = undefined;
    }
  }

  #offer(queue: Queue): void {
    const heap = this.#heap;
    let k = heap.length;
    heap.push(queue);
    while (k > 0) {
      const parent = (k - 1) >>> 1;
      const p = heap[parent] as Queue;
      if (headTime(queue) >= headTime(p)) break;
      heap[k] = p;
      k = parent;
    }
    heap[k] = queue;
  }

  #poll(): Queue | undefined {
    const heap = this.#heap;
    if (heap.length === 0) return undefined;
    const result = heap[0] as Queue;
    const last = heap.pop() as Queue;
    const size = heap.length;
    if (size > 0) {
      let k = 0;
      const half = size >>> 1;
      while (k < half) {
        let child = 2 * k + 1;
        let c = heap[child] as Queue;
        const right = child + 1;
        if (right < size && headTime(c) > headTime(heap[right] as Queue)) c = heap[(child = right)] as Queue;
        if (headTime(last) <= headTime(c)) break;
        heap[k] = c;
        k = child;
      }
      heap[k] = last;
    }
    return result;
  }
}

function headTime(queue: Queue): number {
  return (queue.records[queue.head] as InputRecord).timestamp;
}
