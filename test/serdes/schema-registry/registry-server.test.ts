// Interoperability (issue 8 acceptance): a client no one here wrote, @kafkajs/confluent-schema-registry, registers,
// encodes and decodes with its own code against the embedded registry's HTTP server; kstreams reads its bytes and it
// reads kstreams'. Also SchemaRegistryClient against the same server, and its auth, retries and timeouts.
import { SchemaRegistry as KafkaJsRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EmbeddedSchemaRegistry,
  IncompatibleSchemaError,
  SchemaRegistryClient,
  SchemaRegistryError,
  schemaRegistrySerde,
  serveSchemaRegistry,
  type RegistryServer,
} from '../../../src/index.js';

const rideV1 = {
  type: 'record' as const,
  name: 'TaxiRide',
  namespace: 'taxi',
  fields: [
    { name: 'VendorID', type: 'int' },
    { name: 'trip_distance', type: 'double' },
    { name: 'payment', type: { type: 'enum', name: 'Payment', symbols: ['CARD', 'CASH'] } },
  ],
};
const rideV2 = { ...rideV1, fields: [...rideV1.fields, { name: 'tip_amount', type: ['null', 'double'], default: null }] };
const rideV3 = { ...rideV1, fields: [{ name: 'vendor_id', type: 'int' }, ...rideV1.fields.slice(1)] };

interface RideV1 {
  VendorID: number;
  trip_distance: number;
  payment: string;
}

let embedded: EmbeddedSchemaRegistry;
let server: RegistryServer;

beforeAll(async () => {
  embedded = new EmbeddedSchemaRegistry();
  server = await serveSchemaRegistry(embedded, { port: 0 });
});
afterAll(async () => {
  await server.close();
});

async function http(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown; type: string | null }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as unknown, type: response.headers.get('content-type') };
}

describe('the embedded registry over HTTP, with @kafkajs/confluent-schema-registry', () => {
  it('kafkajs registers and encodes; kstreams decodes those bytes, over HTTP and in process', async () => {
    const kafkajs = new KafkaJsRegistry({ host: server.url });
    const { id } = await kafkajs.register({ type: SchemaType.AVRO, schema: JSON.stringify(rideV1) }, { subject: 'interop-value' });
    const ride: RideV1 = { VendorID: 2, trip_distance: 3.5, payment: 'CASH' };
    const bytes = await kafkajs.encode(id, ride);
    expect(bytes.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 0, id]));

    const overHttp = schemaRegistrySerde<RideV1>(new SchemaRegistryClient({ url: server.url }), { schema: rideV1 });
    expect(await overHttp.deserializeAsync('interop', bytes)).toEqual(ride);
    const inProcess = schemaRegistrySerde<RideV1>(embedded, { readerSchema: rideV2 });
    expect(inProcess.deserialize('interop', bytes)).toEqual({ ...ride, tip_amount: null });
    // kafkajs' first registration set the subject's level (GET /config/{s} → 404 40408, then PUT).
    expect(embedded.subjectLevel('interop-value')).toBe('BACKWARD');
  });

  it('kstreams registers and encodes; kafkajs decodes those bytes, with its own reader schema too', async () => {
    const client = new SchemaRegistryClient({ url: server.url });
    const serde = schemaRegistrySerde<RideV1 & { tip_amount: number | null }>(client, { schema: rideV2 });
    const ride = { VendorID: 1, trip_distance: 0.5, payment: 'CARD', tip_amount: 1.25 };
    const bytes = (await serde.serializeAsync('reverse', ride)) as Buffer;
    expect(embedded.getLatestSync('reverse-value').id).toBe(bytes.readInt32BE(1));
    const kafkajs = new KafkaJsRegistry({ host: server.url });
    expect(await kafkajs.decode(bytes)).toEqual(ride);
    expect(await kafkajs.decode(bytes, { [SchemaType.AVRO]: { readerSchema: rideV1 } })).toEqual({ VendorID: 1, trip_distance: 0.5, payment: 'CARD' });
    expect(await kafkajs.getLatestSchemaId('reverse-value')).toBe(bytes.readInt32BE(1));
  });

  it('refuses an incompatible schema with 409, to kafkajs and to SchemaRegistryClient (subject, level, version, field)', async () => {
    const kafkajs = new KafkaJsRegistry({ host: server.url });
    await kafkajs.register({ type: SchemaType.AVRO, schema: JSON.stringify(rideV1) }, { subject: 'evolve-value' });
    await kafkajs.register({ type: SchemaType.AVRO, schema: JSON.stringify(rideV2) }, { subject: 'evolve-value' });
    await expect(kafkajs.register({ type: SchemaType.AVRO, schema: JSON.stringify(rideV3) }, { subject: 'evolve-value' })).rejects.toMatchObject({ status: 409 });

    const client = new SchemaRegistryClient({ url: server.url });
    const refused = client.register('evolve-value', rideV3);
    await expect(refused).rejects.toBeInstanceOf(IncompatibleSchemaError);
    await expect(refused).rejects.toMatchObject({ subject: 'evolve-value', level: 'BACKWARD', version: 2, field: '/fields/vendor_id' });
    expect(await client.testCompatibility('evolve-value', rideV3)).toMatchObject({ compatible: false, level: 'BACKWARD', version: 2 });
    expect(await client.testCompatibility('evolve-value', rideV2)).toMatchObject({ compatible: true });
    expect(embedded.versions('evolve-value')).toEqual([1, 2]);
  });

  it('SchemaRegistryClient: getLatest, getById, levels, and registry error codes', async () => {
    const client = new SchemaRegistryClient({ url: `${server.url}/` });
    const id = await client.register('client-value', rideV1);
    expect(await client.register('client-value', rideV1)).toBe(id);
    expect(await client.getLatest('client-value')).toMatchObject({ subject: 'client-value', id, version: 1 });
    expect(JSON.parse(await client.getById(id))).toEqual(rideV1);
    expect(await client.getCompatibility('client-value')).toBe('BACKWARD');
    await client.setCompatibility('NONE', 'client-value');
    expect(await client.getCompatibility('client-value')).toBe('NONE');
    expect(await client.register('client-value', rideV3)).toBeGreaterThan(id);
    await client.setCompatibility('FULL_TRANSITIVE', 'client-value');
    // Transitive: the clashing version is found by testing each one.
    expect(await client.testCompatibility('client-value', rideV1)).toMatchObject({ compatible: false, version: 2, level: 'FULL_TRANSITIVE' });
    await expect(client.getLatest('missing')).rejects.toMatchObject({ status: 404, errorCode: 40401 });
    await expect(client.getById(999_999)).rejects.toMatchObject({ status: 404, errorCode: 40403 });
    await expect(client.register('x-value', '{"type":"record"}')).rejects.toMatchObject({ status: 422, errorCode: 42201 });
  });

  it("serves Confluent's endpoints with its media type and error bodies", async () => {
    await http('POST', '/subjects/rest-value/versions', { schema: JSON.stringify(rideV1) });
    expect(await http('GET', '/subjects/rest-value/versions')).toMatchObject({ status: 200, body: [1], type: 'application/vnd.schemaregistry.v1+json' });
    expect((await http('GET', '/subjects')).body).toContain('rest-value');
    expect((await http('GET', '/subjects/rest-value/versions/1')).body).toMatchObject({ subject: 'rest-value', version: 1 });
    expect((await http('GET', '/subjects/rest-value/versions/latest/schema')).body).toEqual(rideV1);
    expect((await http('POST', '/subjects/rest-value', { schema: JSON.stringify(rideV1) })).body).toMatchObject({ version: 1 });
    expect(await http('POST', '/compatibility/subjects/rest-value/versions/latest?verbose=true', { schema: JSON.stringify(rideV3) })).toMatchObject({
      status: 200,
      body: { is_compatible: false, messages: [expect.stringMatching(/^READER_FIELD_MISSING_DEFAULT_VALUE at \/fields\/vendor_id/)] },
    });
    expect((await http('GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect(await http('GET', '/config/rest-value')).toMatchObject({ status: 404, body: { error_code: 40408 } });
    expect((await http('GET', '/config/rest-value?defaultToGlobal=true')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect((await http('PUT', '/config/rest-value', { compatibility: 'full' })).body).toEqual({ compatibility: 'FULL' });
    expect(await http('PUT', '/config', { compatibility: 'SOMETIMES' })).toMatchObject({ status: 422, body: { error_code: 42203 } });
    expect(await http('GET', '/subjects/none/versions')).toMatchObject({ status: 404, body: { error_code: 40401 } });
    expect(await http('GET', '/subjects/rest-value/versions/9')).toMatchObject({ status: 404, body: { error_code: 40402 } });
    expect(await http('GET', '/subjects/rest-value/versions/zero')).toMatchObject({ status: 422, body: { error_code: 42202 } });
    expect(await http('GET', '/schemas/ids/12345')).toMatchObject({ status: 404, body: { error_code: 40403 } });
    expect(await http('POST', '/subjects/rest-value/versions', { schema: JSON.stringify(rideV3) })).toMatchObject({ status: 409, body: { error_code: 409 } });
    expect(await http('POST', '/subjects/p-value/versions', { schema: 'syntax = "proto3";', schemaType: 'PROTOBUF' })).toMatchObject({ status: 422 });
    expect(await http('GET', '/associations/resources/-/t?resourceType=topic')).toMatchObject({ status: 404 });
    expect((await http('GET', '/schemas/types')).body).toEqual(['AVRO']);
  });
});

describe('SchemaRegistryClient transport', () => {
  const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });

  it('sends basic auth and the registry media type', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const fake: typeof fetch = async (url, init) => {
      seen.push({ url: String(url), init });
      return ok({ id: 5 });
    };
    const client = new SchemaRegistryClient({ url: 'https://registry.example', auth: { username: 'key', password: 'secret' }, fetch: fake });
    expect(await client.register('a/b', 'string')).toBe(5);
    expect(seen[0]?.url).toBe('https://registry.example/subjects/a%2Fb/versions');
    const headers = seen[0]?.init?.headers as Record<string, string>;
    expect(headers['authorization']).toBe(`Basic ${Buffer.from('key:secret').toString('base64')}`);
    expect(headers['content-type']).toBe('application/vnd.schemaregistry.v1+json');
    expect(JSON.parse(String(seen[0]?.init?.body))).toEqual({ schema: '"string"' });
    // Cached: no second request.
    expect(await client.register('a/b', 'string')).toBe(5);
    expect(seen).toHaveLength(1);
  });

  it('retries network errors and 5xx, then gives up with a retriable SchemaRegistryError', async () => {
    let calls = 0;
    const flaky: typeof fetch = async () => {
      calls++;
      if (calls === 1) throw new TypeError('fetch failed');
      if (calls === 2) return new Response('{"error_code":50001,"message":"store"}', { status: 500 });
      return ok({ schema: '"string"' });
    };
    const client = new SchemaRegistryClient({ url: 'http://r', fetch: flaky, retryBackoffMs: 0 });
    expect(await client.getById(1)).toBe('"string"');
    expect(calls).toBe(3);

    const down: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const error = await new SchemaRegistryClient({ url: 'http://r', fetch: down, retries: 2, retryBackoffMs: 0 }).getById(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaRegistryError);
    expect(error).toMatchObject({ retriable: true, code: 'SCHEMA_REGISTRY' });
    expect((error as Error).message).toMatch(/failed: fetch failed \(3 attempt\(s\)\)/);
  });

  it('does not retry 4xx, and times out a request that hangs', async () => {
    let calls = 0;
    const notFound: typeof fetch = async () => {
      calls++;
      return new Response('{"error_code":40403,"message":"Schema not found"}', { status: 404 });
    };
    await expect(new SchemaRegistryClient({ url: 'http://r', fetch: notFound, retryBackoffMs: 0 }).getById(1)).rejects.toMatchObject({ errorCode: 40403 });
    expect(calls).toBe(1);

    const hang: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)));
    const slow = new SchemaRegistryClient({ url: 'http://r', fetch: hang, timeoutMs: 5, retries: 1, retryBackoffMs: 0 });
    await expect(slow.getById(1)).rejects.toThrow(/timed out after 5 ms \(2 attempt\(s\)\)/);
  });
});
