// Issue 8 end to end on memory://: schema evolution read by old and new readers, serdes that must do I/O (a
// remote registry) awaited by the engine for that record only, and poison bytes that stop the application with a
// DeserializationError naming topic, partition and offset, with no offset past the poison record committed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  Consumed,
  EmbeddedSchemaRegistry,
  Produced,
  schemaRegistrySerde,
  Serdes,
  StreamsBuilder,
  type AvroSchema,
  type CompatibilityLevel,
  type SchemaRegistry,
  type Serde,
} from '../../src/index.js';
import { KafkaStreams } from '../../src/runtime/kafka-streams.js';
import { EmbeddedBroker } from '../../src/runtime/embedded/embedded-broker.js';
import type { Logger } from '../../src/internal/logger.js';

const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-avro-test-'));

const userV1 = { type: 'record', name: 'User', namespace: 'x', fields: [{ name: 'id', type: 'int' }, { name: 'name', type: 'string' }] };
const userV2 = { ...userV1, fields: [...userV1.fields, { name: 'country', type: 'string', default: 'unknown' }] };
type UserV1 = { id: number; name: string };
type UserV2 = UserV1 & { country: string };

/** Only the async port: every first sight of a schema is a Promise, as with a registry over HTTP. */
class RemoteLike implements SchemaRegistry {
  constructor(readonly inner: EmbeddedSchemaRegistry) {}
  register = (subject: string, schema: AvroSchema) => this.inner.register(subject, schema);
  getById = (id: number) => this.inner.getById(id);
  getLatest = (subject: string) => this.inner.getLatest(subject);
  testCompatibility = (subject: string, schema: AvroSchema) => this.inner.testCompatibility(subject, schema);
  setCompatibility = (level: CompatibilityLevel, subject?: string) => this.inner.setCompatibility(level, subject);
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A topology that copies `input` to `output` as JSON, reading values with `valueSerde`. */
function copyAsJson<V>(valueSerde: Serde<V>, output: string) {
  const builder = new StreamsBuilder();
  builder.stream('users', Consumed.with(Serdes.String(), valueSerde)).to(output, Produced.with(Serdes.String(), Serdes.JSON<V>()));
  return builder.build();
}

function capturingLogger(errors: string[]): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (_msg, fields) => void errors.push(String(fields?.['error'])),
    child: () => logger,
  };
  return logger;
}

describe('Avro through a schema registry on memory://', () => {
  it('reads v1 and v2 records of one topic with a v1 reader and with a v2 reader', async () => {
    const url = 'memory://avro-evolution';
    const broker = EmbeddedBroker.for(url);
    const registry = new EmbeddedSchemaRegistry();
    await broker.createTopic('users', { partitions: 1 });
    await broker.produce('users', [{ key: 'a', value: { id: 1, name: 'Ada' }, timestamp: 1 }], {
      keySerde: Serdes.String(),
      valueSerde: schemaRegistrySerde<UserV1>(registry, { schema: userV1 }),
    });
    await broker.produce('users', [{ key: 'b', value: { id: 2, name: 'Bo', country: 'NL' }, timestamp: 2 }], {
      keySerde: Serdes.String(),
      valueSerde: schemaRegistrySerde<UserV2>(registry, { schema: userV2 }),
    });
    expect(registry.versions('users-value')).toEqual([1, 2]);

    const v1 = new KafkaStreams(copyAsJson(schemaRegistrySerde<UserV1>(registry, { schema: userV1 }), 'out-v1'), { applicationId: 'v1', bootstrapServers: url, commitIntervalMs: 0, stateDir });
    const v2 = new KafkaStreams(copyAsJson(schemaRegistrySerde<UserV2>(registry, { readerSchema: userV2 }), 'out-v2'), { applicationId: 'v2', bootstrapServers: url, commitIntervalMs: 0, stateDir });
    await v1.start();
    await v2.start();
    const values = (topic: string) => (broker.partitionCount(topic) === undefined ? [] : broker.records(topic, { valueSerde: Serdes.JSON<unknown>() }).map((r) => r.value));
    await until(() => values('out-v1').length === 2 && values('out-v2').length === 2, 'both readers');
    await v1.close();
    await v2.close();
    expect(values('out-v1')).toEqual([
      { id: 1, name: 'Ada' },
      { id: 2, name: 'Bo' },
    ]);
    expect(values('out-v2')).toEqual([
      { id: 1, name: 'Ada', country: 'unknown' },
      { id: 2, name: 'Bo', country: 'NL' },
    ]);
  });

  it('awaits a serde that must do I/O (a remote registry) for that record only, on the source and on the sink', async () => {
    const url = 'memory://avro-async';
    const broker = EmbeddedBroker.for(url);
    const registry = new EmbeddedSchemaRegistry();
    const remote = new RemoteLike(registry);
    const local = schemaRegistrySerde<UserV2>(registry, { schema: userV2 });
    await broker.createTopic('users', { partitions: 2 });
    await broker.produce(
      'users',
      [1, 2, 3, 4, 5, 6].map((id) => ({ key: `k${id}`, value: { id, name: `n${id}`, country: 'BE' }, timestamp: id })),
      { keySerde: Serdes.String(), valueSerde: local },
    );
    const builder = new StreamsBuilder();
    builder
      .stream('users', Consumed.with(Serdes.String(), schemaRegistrySerde<UserV2>(remote, { readerSchema: userV2 })))
      .mapValues((u) => ({ ...u, name: u.name.toUpperCase() }))
      .to('upper', Produced.with(Serdes.String(), schemaRegistrySerde<UserV2>(remote, { schema: userV2 })));
    const streams = new KafkaStreams(builder.build(), { applicationId: 'async', bootstrapServers: url, commitIntervalMs: 0, stateDir });
    await streams.start();
    const out = () => (broker.partitionCount('upper') === undefined ? [] : broker.records('upper', { keySerde: Serdes.String(), valueSerde: local }));
    await until(() => out().length === 6, 'six outputs');
    await streams.close();
    expect(out().map((r) => r.value?.name).sort()).toEqual(['N1', 'N2', 'N3', 'N4', 'N5', 'N6']);
    // Per input partition, order is kept although the first record of each task waited for the registry.
    for (const p of [0, 1]) {
      const ins = broker.records('users', { keySerde: Serdes.String() }).filter((r) => r.partition === p).map((r) => r.key);
      const outs = out().filter((r) => ins.includes(r.key)).map((r) => r.key);
      expect(outs).toEqual(ins);
    }
    expect(registry.subjects()).toEqual(['upper-value', 'users-value']);
  });

  const poisons: [string, (good: Buffer) => Buffer, RegExp, boolean][] = [
    ['a wrong magic byte', (good) => Buffer.concat([Buffer.from([7]), good.subarray(1)]), /first byte is 0x07, not the magic byte/, false],
    ['an unknown schema id', () => Buffer.from('000000007b0202', 'hex'), /schema id 123 cannot be read/, false],
    ['an unknown schema id (remote registry)', () => Buffer.from('000000007b0202', 'hex'), /schema id 123 cannot be read/, true],
    ['a truncated body', (good) => good.subarray(0, good.length - 2), /truncated/, false],
  ];

  it.each(poisons)('stops on %s with a DeserializationError naming topic, partition and offset; the commit stays at the poison record', async (what, poison, reason, remote) => {
    const url = `memory://avro-poison-${what.replace(/\W+/g, '-')}`;
    const broker = EmbeddedBroker.for(url);
    const registry = new EmbeddedSchemaRegistry();
    const writer = schemaRegistrySerde<UserV1>(registry, { schema: userV1 });
    await broker.createTopic('users', { partitions: 1 });
    await broker.produce('users', [{ key: 'a', value: { id: 1, name: 'Ada' } }, { key: 'b', value: { id: 2, name: 'Bo' } }], { keySerde: Serdes.String(), valueSerde: writer });
    const errors: string[] = [];
    const reader = schemaRegistrySerde<UserV1>(remote ? new RemoteLike(registry) : registry, { schema: userV1 });
    const streams = new KafkaStreams(copyAsJson(reader, 'copy'), { applicationId: 'poison', bootstrapServers: url, commitIntervalMs: 0, stateDir }, { logger: capturingLogger(errors) });
    await streams.start();
    await until(() => broker.committedOffset('poison', 'users', 0) === 2n, 'the good records to be committed');
    const good = writer.serialize('users', { id: 3, name: 'Cy' }) as Buffer;
    broker.appendRaw('users', [{ key: Buffer.from('c'), value: poison(good), partition: 0 }]);
    broker.appendRaw('users', [{ key: Buffer.from('d'), value: good, partition: 0 }]);
    await until(() => streams.state === 'ERROR', 'the ERROR state');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Could not deserialize the value of the record at topic users, partition 0, offset 2: /);
    expect(errors[0]).toMatch(reason);
    expect(broker.committedOffset('poison', 'users', 0)).toBe(2n);
    expect(broker.records('copy').length).toBe(2);
    await streams.close();
  });
});
