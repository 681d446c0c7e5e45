import { describe, expect, it } from 'vitest';
import { Consumed, Produced, Serdes, StreamsBuilder, resolveConfig, ManualClock } from '../../src/index.js';
import { topologyModel } from '../../src/topology/topology.js';
import { StreamTask } from '../../src/runtime/stream-task.js';
import type { ProducedRecord } from '../../src/runtime/record-collector.js';

function countTask(cacheMaxBytesBuffering: number) {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('in', Consumed.with(Serdes.String(), Serdes.String()))
    .groupByKey()
    .count()
    .toStream()
    .to('out', Produced.with(Serdes.String(), Serdes.Long()));
  const model = topologyModel(builder.build());
  const sent: ProducedRecord[] = [];
  const [sub] = model.subtopologies();
  const task = new StreamTask({
    id: '0_0',
    partition: 0,
    model,
    nodeNames: sub!.nodeNames,
    storeNames: sub!.storeNames,
    config: resolveConfig({ applicationId: 'app', cacheMaxBytesBuffering, defaultDslStore: 'in_memory' }),
    collector: { send: (r) => sent.push(r), partitionsFor: () => 1 },
    clock: new ManualClock(0),
  });
  const pipe = (key: string, ts: number, offset: number) =>
    task.process({ topic: 'in', partition: 0, offset: BigInt(offset), key: Buffer.from(key), value: Buffer.from('v'), timestamp: ts, headers: {} });
  const outputs = () => sent.filter((r) => r.topic === 'out').map((r) => [r.key?.toString(), Number(r.value?.readBigInt64BE(0)), r.timestamp]);
  const changelog = () => sent.filter((r) => r.topic.endsWith('-changelog')).length;
  return { task, pipe, outputs, changelog };
}

describe('StreamTask with the record cache on', () => {
  it('forwards and logs consecutive updates of a key once, on commit, with the latest timestamp', async () => {
    const { task, pipe, outputs, changelog } = countTask(10_485_760);
    await task.init();
    pipe('a', 10, 0);
    pipe('a', 30, 1);
    pipe('b', 20, 2);
    pipe('a', 25, 3);
    expect(outputs()).toEqual([]);
    expect(changelog()).toBe(0);
    await task.flush();
    // Flushed in order of each key's latest update, as Kafka's NamedCache keeps its dirty keys.
    expect(outputs()).toEqual([
      ['b', 1, 20],
      ['a', 3, 30],
    ]);
    expect(changelog()).toBe(2);
  });

  it('forwards every update at once with the cache off', async () => {
    const { task, pipe, outputs, changelog } = countTask(0);
    await task.init();
    pipe('a', 10, 0);
    pipe('a', 30, 1);
    expect(outputs()).toEqual([
      ['a', 1, 10],
      ['a', 2, 30],
    ]);
    expect(changelog()).toBe(2);
  });

  it('evicts the least recently used entries when the byte budget is exceeded', async () => {
    const { task, pipe, outputs } = countTask(1_000);
    await task.init();
    for (let i = 0; i < 50; i++) pipe(`k${i}`, i, i);
    const evicted = outputs().length;
    expect(evicted).toBeGreaterThan(0);
    expect(outputs()[0]).toEqual(['k0', 1, 0]);
    await task.flush();
    expect(outputs()).toHaveLength(50);
  });
});
