import type { InputRecord } from './stream-task.js';

interface Queue {
  readonly topic: string;
  readonly partition: number;
  readonly records: InputRecord[];
  head: number;
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

  get size(): number {
    return this.#buffered;
  }

  add(record: InputRecord): void {
    const id = `${record.topic}\u0000${record.partition}`;
    let queue = this.#queues.get(id);
    if (queue === undefined) {
      queue = { topic: record.topic, partition: record.partition, records: [], head: 0 };
      this.#queues.set(id, queue);
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
    this.#buffered--;
    if (queue.head === queue.records.length) {
      queue.records.length = 0;
      queue.head = 0;
    } else {
      this.#offer(queue);
    }
    return record;
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
