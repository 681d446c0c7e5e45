import { describe, expect, it } from 'vitest';
import { App, EmbeddedSchemaRegistry, SchemaRegistryClient, serveSchemaRegistry } from '../../src/index.js';
import { EmbeddedBroker } from '../../src/runtime/embedded/embedded-broker.js';
import app from '../../examples/taxi/avro-rides.js';
import { AVRO_RIDES_TOPIC, avroRidesTopic, RIDE_KEY_SCHEMA, RIDE_VALUE_SCHEMA, rideRegistry } from '../../examples/taxi/avro-topic.js';
import { feedAvroRides } from '../../examples/taxi/producer.js';
import { loadRides } from '../../examples/taxi/rides.js';
import { runApp } from './run-app.js';

function tripsPerVendor(): Map<string, number> {
  const expected = new Map<string, number>();
  for (const r of loadRides()) expected.set(String(r.VendorID), (expected.get(String(r.VendorID)) ?? 0) + 1);
  return expected;
}

describe('EmbeddedSchemaRegistry.for', () => {
  it('gives one registry per memory:// URL, the same for memory:// and memory:, and refuses other URLs', () => {
    expect(EmbeddedSchemaRegistry.for('memory://')).toBe(EmbeddedSchemaRegistry.for('memory:'));
    expect(EmbeddedSchemaRegistry.for()).toBe(EmbeddedSchemaRegistry.for('memory://'));
    const named = EmbeddedSchemaRegistry.for('memory://registry-for-test');
    expect(named).not.toBe(EmbeddedSchemaRegistry.for('memory://'));
    expect(EmbeddedSchemaRegistry.for('memory://registry-for-test')).toBe(named);
    EmbeddedSchemaRegistry.reset('memory://registry-for-test');
    expect(EmbeddedSchemaRegistry.for('memory://registry-for-test')).not.toBe(named);
    expect(() => EmbeddedSchemaRegistry.for('kafka://localhost:9092')).toThrow(/expects a memory:\/\/ URL/);
  });
});

describe('examples/taxi/avro-rides.ts', () => {
  it('feeds itself Avro rides through the broker\'s embedded registry and counts trips per vendor', async () => {
    const running = await runApp(app);
    await running.until(() => running.lines.filter((l) => l.startsWith('avro trips ')).length === 300);
    for (const [vendor, trips] of tripsPerVendor()) {
      expect(app.lookup('trips-per-vendor', vendor)).toBe(trips);
      expect(running.lines.some((l) => l.startsWith(`avro trips  vendor=${vendor} total=${trips} `))).toBe(true);
    }
    // The schemas are in the embedded registry of the app's broker, under the TopicName subjects.
    const registry = EmbeddedSchemaRegistry.for(running.broker);
    expect(registry.subjects()).toEqual([`${AVRO_RIDES_TOPIC}-key`, `${AVRO_RIDES_TOPIC}-value`]);
    const keyId = registry.lookup(`${AVRO_RIDES_TOPIC}-key`, RIDE_KEY_SCHEMA).id;
    const valueId = registry.lookup(`${AVRO_RIDES_TOPIC}-value`, RIDE_VALUE_SCHEMA).id;
    // On the topic: Confluent's wire format (magic byte 0, the schema id big-endian), keyed by { VendorID }.
    const broker = EmbeddedBroker.for(running.broker);
    let records = 0;
    for (let partition = 0; partition < 3; partition++) {
      for (const r of broker.readPartition(AVRO_RIDES_TOPIC, partition, 0n, broker.endOffset(AVRO_RIDES_TOPIC, partition))) {
        records++;
        expect([r.key?.[0], r.key?.readInt32BE(1), r.value?.[0], r.value?.readInt32BE(1)]).toEqual([0, keyId, 0, valueId]);
      }
    }
    expect(records).toBe(300);
    expect(await running.stop()).toBe(true);
    EmbeddedSchemaRegistry.reset(running.broker);
  });

  it('reads what producer.ts writes through a registry over HTTP (Confluent REST), its first record of a schema awaited', async () => {
    const served = await serveSchemaRegistry(new EmbeddedSchemaRegistry(), { port: 0 });
    try {
      const client = () => new SchemaRegistryClient({ url: served.url });
      const reader = new App({ id: 'avro-reader', broker: 'memory://' });
      const rides = avroRidesTopic(reader, client);
      const seen: string[] = [];
      reader.agent(rides, async function readRides(stream) {
        for await (const { key, value } of stream.items()) seen.push(`${key.VendorID}:${value.tpep_pickup_datetime}`);
      });
      const running = await runApp(reader);
      const producer = new App({ id: 'avro-producer', broker: running.broker });
      expect(await feedAvroRides(avroRidesTopic(producer, client), { ratePerSecond: 0, limit: 40 })).toBe(40);
      await running.until(() => seen.length === 40);
      expect(new Set(seen)).toEqual(new Set(loadRides().slice(0, 40).map((r) => `${r.VendorID}:${r.tpep_pickup_datetime}`)));
      expect(await running.stop()).toBe(true);
      expect(await (await fetch(`${served.url}/subjects`)).json()).toEqual([`${AVRO_RIDES_TOPIC}-key`, `${AVRO_RIDES_TOPIC}-value`]);
    } finally {
      await served.close();
    }
  });

  it('needs a registry URL on a broker other than memory://', () => {
    expect(() => rideRegistry('kafka://localhost:9092', undefined)).toThrow(/need a schema registry: pass --registry/);
    expect(rideRegistry('kafka://localhost:9092', 'http://localhost:8081')).toBeInstanceOf(SchemaRegistryClient);
    expect(rideRegistry('memory://x', undefined)).toBe(EmbeddedSchemaRegistry.for('memory://x'));
  });
});
