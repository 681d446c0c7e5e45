import { describe, expect, it } from 'vitest';
import {
  avroSerde,
  EmbeddedSchemaRegistry,
  IncompatibleSchemaError,
  schemaRegistrySerde,
  SerializationError,
  type AvroSchema,
  type CompatibilityLevel,
  type SchemaRegistry,
} from '../../src/index.js';

const userV1 = { type: 'record', name: 'User', namespace: 'x', fields: [{ name: 'id', type: 'int' }] } as const;
const userV2 = {
  type: 'record',
  name: 'User',
  namespace: 'x',
  fields: [
    { name: 'id', type: 'int' },
    { name: 'email', type: ['null', 'string'], default: null },
  ],
} as const;

/** The async port only (no synchronous lookups), counting calls: stands for a remote registry. */
class CountingRemoteRegistry implements SchemaRegistry {
  calls = { register: 0, getById: 0, getLatest: 0 };
  constructor(readonly inner = new EmbeddedSchemaRegistry()) {}
  register(subject: string, schema: AvroSchema): Promise<number> {
    this.calls.register++;
    return this.inner.register(subject, schema);
  }
  getById(id: number): Promise<string> {
    this.calls.getById++;
    return this.inner.getById(id);
  }
  getLatest(subject: string) {
    this.calls.getLatest++;
    return this.inner.getLatest(subject);
  }
  testCompatibility(subject: string, schema: AvroSchema) {
    return this.inner.testCompatibility(subject, schema);
  }
  setCompatibility(level: CompatibilityLevel, subject?: string) {
    return this.inner.setCompatibility(level, subject);
  }
}

describe('avroSerde', () => {
  it('round-trips raw Avro bodies and passes tombstones through', () => {
    const serde = avroSerde<{ id: number }>(userV1);
    const bytes = serde.serialize('t', { id: 7 });
    expect(bytes?.toString('hex')).toBe('0e');
    expect(serde.deserialize('t', bytes)).toEqual({ id: 7 });
    expect(serde.serialize('t', null as unknown as { id: number })).toBeNull();
    expect(serde.deserialize('t', null)).toBeNull();
  });

  it('names the invalid field on the way out and refuses truncated or overlong bodies on the way in', () => {
    const serde = avroSerde<{ id: number }>(userV1);
    expect(() => serde.serialize('t', { id: 'seven' } as unknown as { id: number })).toThrow(/invalid field\(s\) id/);
    expect(() => serde.deserialize('t', Buffer.alloc(0))).toThrow(SerializationError);
    expect(() => serde.deserialize('t', Buffer.from('0e00', 'hex'))).toThrow(/trailing data/);
  });

  it('accepts a schema as JSON text or as a primitive name', () => {
    expect(avroSerde<string>('"string"').deserialize('t', avroSerde<string>('string').serialize('t', 'hé'))).toBe('hé');
    expect(() => avroSerde('{not json')).toThrow(/Invalid Avro schema/);
  });
});

describe('schemaRegistrySerde', () => {
  it("writes Confluent's wire format: magic byte 0, big-endian schema id, Avro body", () => {
    const registry = new EmbeddedSchemaRegistry();
    const serde = schemaRegistrySerde<{ id: number }>(registry, { schema: userV1 });
    const bytes = serde.serialize('users', { id: 7 }) as Buffer;
    expect(bytes.toString('hex')).toBe('00000000010e');
    expect(registry.getLatestSync('users-value')).toMatchObject({ id: 1, version: 1 });
    expect(serde.deserialize('users', bytes)).toEqual({ id: 7 });
  });

  it('registers keys under <topic>-key and values under <topic>-value; null passes through', () => {
    const registry = new EmbeddedSchemaRegistry();
    const key = schemaRegistrySerde<string>(registry, { schema: 'string', isKey: true });
    const value = schemaRegistrySerde<{ id: number }>(registry, { schema: userV1 });
    key.serialize('rides', 'a');
    value.serialize('rides', { id: 1 });
    expect(registry.subjects()).toEqual(['rides-key', 'rides-value']);
    expect(key.serialize('rides', null as unknown as string)).toBeNull();
    expect(value.deserialize('rides', null)).toBeNull();
  });

  it('names subjects with RecordName, TopicRecordName, a function, or an explicit subject', () => {
    const registry = new EmbeddedSchemaRegistry();
    schemaRegistrySerde(registry, { schema: userV1, subjectNameStrategy: 'RecordName' }).serialize('a', { id: 1 });
    schemaRegistrySerde(registry, { schema: userV1, subjectNameStrategy: 'TopicRecordName' }).serialize('b', { id: 1 });
    schemaRegistrySerde(registry, { schema: userV1, subjectNameStrategy: (t, isKey, name) => `${t}.${String(isKey)}.${String(name)}` }).serialize('c', { id: 1 });
    schemaRegistrySerde(registry, { schema: userV1, subject: 'fixed' }).serialize('d', { id: 1 });
    expect(registry.subjects()).toEqual(['b-x.User', 'c.false.x.User', 'fixed', 'x.User']);
    // The same schema under four subjects keeps one global id.
    expect(new Set(registry.subjects().map((s) => registry.getLatestSync(s).id))).toEqual(new Set([1]));
    expect(() => schemaRegistrySerde(registry, { schema: 'string', subjectNameStrategy: 'RecordName' }).serialize('e', 'x')).toThrow(/needs a named schema/);
  });

  it('reads v1 and v2 records with a v1 reader and with a v2 reader (Avro resolution)', () => {
    const registry = new EmbeddedSchemaRegistry();
    const v1 = schemaRegistrySerde<{ id: number }>(registry, { schema: userV1 });
    const v2 = schemaRegistrySerde<{ id: number; email: string | null }>(registry, { schema: userV2 });
    const a = v1.serialize('users', { id: 1 }) as Buffer;
    const b = v2.serialize('users', { id: 2, email: 'b@x' }) as Buffer;
    expect(a.readInt32BE(1)).toBe(1);
    expect(b.readInt32BE(1)).toBe(2);
    expect([v1.deserialize('users', a), v1.deserialize('users', b)]).toEqual([{ id: 1 }, { id: 2 }]);
    expect([v2.deserialize('users', a), v2.deserialize('users', b)]).toEqual([
      { id: 1, email: null },
      { id: 2, email: 'b@x' },
    ]);
    // Without a schema, each record reads with its own writer schema.
    const generic = schemaRegistrySerde<Record<string, unknown>>(registry);
    expect([generic.deserialize('users', a), generic.deserialize('users', b)]).toEqual([{ id: 1 }, { id: 2, email: 'b@x' }]);
  });

  it('fails before producing anything when the schema is incompatible with the subject', () => {
    const registry = new EmbeddedSchemaRegistry();
    schemaRegistrySerde(registry, { schema: userV1 }).serialize('users', { id: 1 });
    const renamed = { type: 'record', name: 'User', namespace: 'x', fields: [{ name: 'userId', type: 'int' }] };
    const serde = schemaRegistrySerde(registry, { schema: renamed });
    let error: unknown;
    try {
      serde.serialize('users', { userId: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SerializationError);
    const cause = (error as Error).cause as IncompatibleSchemaError;
    expect(cause).toBeInstanceOf(IncompatibleSchemaError);
    expect(cause).toMatchObject({ subject: 'users-value', level: 'BACKWARD', version: 1, field: '/fields/userId' });
    expect(registry.versions('users-value')).toEqual([1]);
  });

  it('writes with the subject latest version when no schema is given', () => {
    const registry = new EmbeddedSchemaRegistry();
    registry.registerSync('users-value', userV2);
    const serde = schemaRegistrySerde<{ id: number; email: string | null }>(registry);
    expect((serde.serialize('users', { id: 3, email: null }) as Buffer).readInt32BE(1)).toBe(1);
  });

  it('with a remote registry, awaits only the first record of a schema; later records are synchronous and make no call', async () => {
    const remote = new CountingRemoteRegistry();
    const serde = schemaRegistrySerde<{ id: number }>(remote, { schema: userV1 });
    const first = serde.serialize('users', { id: 1 });
    expect(first).toBeInstanceOf(Promise);
    const bytes = (await first) as Buffer;
    const second = serde.serialize('users', { id: 2 });
    expect(Buffer.isBuffer(second)).toBe(true);
    const reader = schemaRegistrySerde<{ id: number; email: string | null }>(remote, { readerSchema: userV2 });
    const decoded = reader.deserialize('users', bytes);
    expect(decoded).toBeInstanceOf(Promise);
    expect(await decoded).toEqual({ id: 1, email: null });
    for (let i = 0; i < 100; i++) expect(reader.deserialize('users', second as Buffer)).toEqual({ id: 2, email: null });
    expect(remote.calls).toEqual({ register: 1, getById: 1, getLatest: 0 });
    await expect(reader.deserializeAsync('users', bytes)).resolves.toEqual({ id: 1, email: null });
    await expect(serde.serializeAsync('users', { id: 9 })).resolves.toEqual(Buffer.from('00000000011200', 'hex').subarray(0, 6));
  });

  it('with a remote registry, an unknown schema id rejects with a SerializationError and is asked again next time', async () => {
    const remote = new CountingRemoteRegistry();
    const reader = schemaRegistrySerde(remote, { readerSchema: userV1 });
    await expect(reader.deserialize('users', Buffer.from('00000000630e', 'hex'))).rejects.toThrow(/schema id 99 cannot be read: Schema 99 not found/);
    await expect(reader.deserializeAsync('users', Buffer.from('00000000630e', 'hex'))).rejects.toBeInstanceOf(SerializationError);
    expect(remote.calls.getById).toBe(2);
  });

  describe('refuses bytes that are not in the wire format', () => {
    const registry = new EmbeddedSchemaRegistry();
    const serde = schemaRegistrySerde<{ id: number; email: string | null }>(registry, { schema: userV2 });
    const good = serde.serialize('users', { id: 1, email: 'someone@example.com' }) as Buffer;
    it.each([
      ['a wrong magic byte', Buffer.concat([Buffer.from([1]), good.subarray(1)]), /first byte is 0x01, not the magic byte 0x00/],
      ['JSON text', Buffer.from('{"id":1}'), /first byte is 0x7b/],
      ['fewer than 5 bytes', Buffer.from('000000', 'hex'), /fewer than the 5-byte header/],
      ['an unknown schema id', Buffer.from('000000002a02', 'hex'), /schema id 42 cannot be read: Schema 42 not found/],
      ['a truncated body', good.subarray(0, good.length - 3), /truncated/],
      ['trailing bytes', Buffer.concat([good, Buffer.from([0])]), /1 byte\(s\) follow the Avro body/],
    ])('%s', (_what, bytes, message) => {
      expect(() => serde.deserialize('users', bytes)).toThrow(SerializationError);
      expect(() => serde.deserialize('users', bytes)).toThrow(message);
    });
  });
});
