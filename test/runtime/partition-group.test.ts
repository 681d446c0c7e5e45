import { describe, expect, it } from 'vitest';
import { PartitionGroup } from '../../src/runtime/partition-group.js';
import type { TopicPartition } from '../../src/runtime/transport.js';
import type { InputRecord } from '../../src/runtime/stream-task.js';

const rec = (topic: string, partition: number, offset: number, timestamp: number): InputRecord => ({
  topic,
  partition,
  offset: BigInt(offset),
  timestamp,
  key: null,
  value: null,
  headers: {},
});

describe('PartitionGroup', () => {
  it('hands out records lowest head timestamp first across partitions, FIFO within one', () => {
    const group = new PartitionGroup();
    for (const r of [rec('a', 0, 0, 5), rec('a', 0, 1, 1), rec('b', 0, 0, 3), rec('a', 1, 0, 4)]) group.add(r);
    const order: string[] = [];
    for (let r = group.next(); r !== undefined; r = group.next()) order.push(`${r.topic}${r.partition}@${r.offset}`);
    expect(order).toEqual(['b0@0', 'a1@0', 'a0@0', 'a0@1']);
    expect(group.size).toBe(0);
  });

  it('commits only past records marked processed, per partition, once', () => {
    const group = new PartitionGroup();
    for (const r of [rec('a', 0, 10, 1), rec('a', 0, 11, 2), rec('a', 1, 7, 3)]) group.add(r);
    group.next();
    group.markProcessed();
    group.next();
    group.markProcessed();
    group.next(); // a-1@7 taken but not processed (its processing failed): not committed
    const offsets = new Map<string, TopicPartition & { offset: bigint }>();
    group.takeConsumed(offsets);
    expect([...offsets.values()]).toEqual([{ topic: 'a', partition: 0, offset: 12n }]);
    const again = new Map<string, TopicPartition & { offset: bigint }>();
    group.takeConsumed(again);
    expect(again.size).toBe(0);
  });
});
