import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProducedRecord } from '../../src/runtime/record-collector.js';
import { startEnv, type TestEnv } from './helpers.js';

describe('KafkajsTransport.send on a mock cluster', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startEnv('kafka', 1);
    await env.createTopic('big', 2);
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });

  // kafkajs is quadratic in a request's messages per partition, so big flushes go as several requests in turn.
  it('sends a flush bigger than one request per partition in order and returns each partition end offset', async () => {
    const records: ProducedRecord[] = [];
    for (let i = 0; i < 1_300; i++) {
      records.push({ topic: 'big', partition: i % 3 === 0 ? 1 : 0, key: Buffer.from(`k${i}`), value: Buffer.from(String(i)), timestamp: 1_000 + i, headers: {} });
    }
    const ends = await env.client.send(records);
    expect(ends.get('big\u00000')).toBe(866n);
    expect(ends.get('big\u00001')).toBe(434n);
    for (const partition of [0, 1]) {
      const read: number[] = [];
      for await (const batch of env.client.read({ topic: 'big', partition }, 0n, partition === 0 ? 866n : 434n)) {
        for (const r of batch) read.push(Number((r.value as Buffer).toString()));
      }
      expect(read).toEqual(records.map((_, i) => i).filter((i) => (i % 3 === 0 ? 1 : 0) === partition));
    }
  }, 60_000);
});
