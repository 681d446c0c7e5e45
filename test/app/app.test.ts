import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, take as rxTake, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { App, Consumed, Produced, Serdes, StreamsBuilder, type KeyValue } from '../../src/index.js';
import { EmbeddedBroker } from '../../src/runtime/embedded/embedded-broker.js';

const dirs: string[] = [];
let n = 0;
const setup = () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-app-'));
  dirs.push(stateDir);
  return { broker: `memory://app-test-${process.pid}-${++n}`, stateDir };
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const until = async (predicate: () => boolean) => {
  for (let i = 0; i < 1_000 && !predicate(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(predicate()).toBe(true);
};

describe('App', () => {
  it('commits an offset only after the agent finished the record (a commit waits for it)', async () => {
    const { broker, stateDir } = setup();
    const app = new App({ id: 'acks', broker, store: 'in_memory', config: { commitIntervalMs: 0 } });
    const topic = app.topic('in', { key: Serdes.String(), value: Serdes.String() });
    const seen: string[] = [];
    const gate = deferred();
    app.agent(topic, async (stream) => {
      for await (const v of stream) {
        seen.push(v);
        if (v === 'b') await gate.promise;
      }
    });
    await app.start({ stateDir });
    await topic.sendMany([{ value: 'a' }, { value: 'b' }, { value: 'c' }]);
    await until(() => seen.includes('b'));
    const embedded = EmbeddedBroker.for(broker);
    expect(embedded.committedOffset('acks', 'in', 0) ?? 0n).toBeLessThanOrEqual(1n);
    gate.resolve();
    await until(() => seen.length === 3);
    await app.stop();
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(embedded.committedOffset('acks', 'in', 0)).toBe(3n);
  });

  it('take(n, withinMs) batches, items() gives keys, sends inside an agent reach their topic', async () => {
    const { broker, stateDir } = setup();
    const app = new App({ id: 'batches', broker, store: 'in_memory' });
    const input = app.topic('in', { key: Serdes.String(), value: Serdes.Long() });
    const sums = app.topic('sums', { key: Serdes.String(), value: Serdes.Long() });
    const batches: number[][] = [];
    app.agent(input, async (stream) => {
      for await (const batch of stream.take(3, 50)) {
        batches.push(batch);
        await sums.send({ key: 'sum', value: batch.reduce((a, b) => a + b, 0) });
      }
    });
    await app.start({ stateDir });
    await input.sendMany([1, 2, 3, 4, 5, 6, 7].map((value) => ({ key: 'k', value })));
    await until(() => batches.flat().length === 7);
    await app.stop();
    expect(batches.slice(0, 2)).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(batches.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const out = EmbeddedBroker.for(broker).records<string, number>('sums', { keySerde: Serdes.String(), valueSerde: Serdes.Long() });
    expect(out.map((r) => r.value)).toEqual([6, 15, 7]);
    expect(EmbeddedBroker.for(broker).committedOffset('batches', 'in', 0)).toBe(7n);
  });

  it('restores a LevelDB table from its changelog after a restart, and timers read it', async () => {
    const { broker, stateDir } = setup();
    const make = (onTimer: (v: number) => void) => {
      const app = new App({ id: 'restore', broker, config: { commitIntervalMs: 0 } });
      const topic = app.topic('clicks', { key: Serdes.String(), value: Serdes.String() });
      const counts = app.table<string, number>('counts', { default: () => 0 });
      app.agent(topic, async (stream) => {
        for await (const { key } of stream.items()) counts.set(key, counts.get(key) + 1);
      });
      app.timer(5, () => onTimer(counts.get('x')));
      return { app, topic };
    };
    const first = make(() => undefined);
    await first.app.start({ stateDir });
    await first.topic.sendMany([{ key: 'x', value: '1' }, { key: 'x', value: '2' }]);
    await until(() => first.app.lookup('counts', 'x') === 2);
    await first.app.stop();
    // A new instance on a fresh state directory: only the changelog can bring the count back.
    let fromTimer = -1;
    const second = make((v) => (fromTimer = v));
    await second.app.start({ stateDir: setup().stateDir });
    await second.topic.send({ key: 'x', value: '3' });
    await until(() => second.app.lookup('counts', 'x') === 3 && fromTimer === 3);
    await second.app.stop();
  });

  it('runs DSL topologies on the same engine; KStream.toObservable and AgentStream.toObservable emit records', async () => {
    const { broker, stateDir } = setup();
    const app = new App({ id: 'rx', broker, store: 'in_memory' });
    const words = app.topic('words', { key: Serdes.String(), value: Serdes.String() });
    const upper = app.topic('upper', { key: Serdes.String(), value: Serdes.String() });
    let fromDsl: Promise<KeyValue<string, string>[]> | undefined;
    app.streams((builder: StreamsBuilder) => {
      const s = builder.stream<string, string>('words', Consumed.with(Serdes.String(), Serdes.String())).mapValues((v) => v.toUpperCase());
      fromDsl = lastValueFrom(s.toObservable().pipe(rxTake(2), toArray()));
      s.to('upper', Produced.with(Serdes.String(), Serdes.String()));
    });
    let fromAgent: Promise<string[]> | undefined;
    app.agent(upper, async (stream) => {
      fromAgent = lastValueFrom(stream.toObservable().pipe(rxTake(2), toArray()));
      await fromAgent;
    });
    expect(await app.describe()).toMatch(/Sub-topology: 1/);
    await app.start({ stateDir });
    await words.sendMany([{ key: 'a', value: 'x' }, { key: 'b', value: 'y' }]);
    expect(await fromDsl).toEqual([{ key: 'a', value: 'X' }, { key: 'b', value: 'Y' }]);
    await until(() => fromAgent !== undefined);
    expect(await fromAgent).toEqual(['X', 'Y']);
    await app.stop();
  });
});
