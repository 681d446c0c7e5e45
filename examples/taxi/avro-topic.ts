// The rides as Avro through a Schema Registry, in Confluent's wire format: key `{ VendorID }`
// (schemas/taxi_ride_key.avsc), value the ride (schemas/taxi_ride_value.avsc), on the topic `rides-avro`.
// The registry: `--registry URL` / $SCHEMA_REGISTRY_URL if given, else the embedded registry of a memory:// broker
// (EmbeddedSchemaRegistry.for(broker), which `streams-run … worker --web-port` serves beside /health).
import { readFileSync } from 'node:fs';
import {
  EmbeddedSchemaRegistry,
  SchemaRegistryClient,
  schemaRegistrySerde,
  type App,
  type AppTopic,
  type AvroSchema,
  type SchemaRegistry,
  type Serde,
} from '../../src/index.js';
import type { TaxiRide } from './rides.js';

export const AVRO_RIDES_TOPIC = 'rides-avro';
export const AVRO_RIDE_PARTITIONS = 3;

/** The key of an Avro ride: its vendor (all rides of a vendor land in one partition). */
export interface RideKey {
  VendorID: number;
}

const schema = (name: string): AvroSchema => JSON.parse(readFileSync(new URL(`./schemas/${name}.avsc`, import.meta.url), 'utf8')) as AvroSchema;
export const RIDE_KEY_SCHEMA = schema('taxi_ride_key');
export const RIDE_VALUE_SCHEMA = schema('taxi_ride_value');

/** The registry for `broker`: a registry at `url` if given, else the embedded one of a memory:// broker. */
export function rideRegistry(broker: string, url: string | undefined = process.env['SCHEMA_REGISTRY_URL']): SchemaRegistry {
  if (url !== undefined && url !== '') return new SchemaRegistryClient({ url });
  if (broker.startsWith('memory:')) return EmbeddedSchemaRegistry.for(broker);
  throw new Error(
    `Avro rides on ${broker} need a schema registry: pass --registry http://host:8081 (or set SCHEMA_REGISTRY_URL); ` +
      '`npx streams-run registry` serves one, and so does a memory:// worker under --web-port.',
  );
}

/** A serde built on first use: the registry depends on the broker, which `--broker` may change until the app starts. */
function onFirstUse<T>(make: () => Serde<T>): Serde<T> {
  let serde: Serde<T> | undefined;
  return {
    serialize: (topic, data, headers) => (serde ??= make()).serialize(topic, data, headers),
    deserialize: (topic, data, headers) => (serde ??= make()).deserialize(topic, data, headers),
  };
}

/** Declares the Avro rides topic on an app; `registry` is asked once, when the first record is written or read. */
export function avroRidesTopic(app: App, registry: () => SchemaRegistry = () => rideRegistry(app.broker)): AppTopic<RideKey, TaxiRide> {
  let chosen: SchemaRegistry | undefined;
  const get = () => (chosen ??= registry());
  return app.topic(AVRO_RIDES_TOPIC, {
    key: onFirstUse(() => schemaRegistrySerde<RideKey>(get(), { schema: RIDE_KEY_SCHEMA, isKey: true })),
    value: onFirstUse(() => schemaRegistrySerde<TaxiRide>(get(), { schema: RIDE_VALUE_SCHEMA })),
    partitions: AVRO_RIDE_PARTITIONS,
  });
}
