// Schema evolution through a schema registry (issue 8): v2 of the Ride schema adds `tip_amount` with a default, so
// old and new readers both read old and new records; v3 renames `VendorID` without an alias and the registry refuses
// it before a single record is written. Run it: npx tsx examples/schema-evolution/evolution.ts
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  Consumed,
  EmbeddedSchemaRegistry,
  IncompatibleSchemaError,
  Produced,
  schemaRegistrySerde,
  Serdes,
  StreamsBuilder,
  TopologyTestDriver,
  type AvroSchema,
  type SchemaRegistry,
  type Topology,
} from '../../src/index.js';

const load = (name: string): AvroSchema => JSON.parse(readFileSync(new URL(`./${name}.avsc`, import.meta.url), 'utf8')) as AvroSchema;

export const RIDE_V1 = load('ride-v1');
export const RIDE_V2 = load('ride-v2');
export const RIDE_V3 = load('ride-v3');
export const RIDES_TOPIC = 'rides';

export interface RideV1 {
  VendorID: number;
  trip_distance: number;
  total_amount: number;
}
export interface RideV2 extends RideV1 {
  tip_amount: number;
}

/** A reader app: reads `rides` with `readerSchema`, whatever schema wrote each record, and writes it as JSON to `output`. */
export function readerTopology(registry: SchemaRegistry, readerSchema: AvroSchema, output: string): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream(RIDES_TOPIC, Consumed.with(Serdes.String(), schemaRegistrySerde<RideV1>(registry, { readerSchema })))
    .to(output, Produced.with(Serdes.String(), Serdes.JSON<RideV1>()));
  return builder.build();
}

/** Tries to register v3; returns the registry's refusal (undefined if it was accepted, which it must not be). */
export async function tryV3(registry: SchemaRegistry): Promise<IncompatibleSchemaError | undefined> {
  try {
    await registry.register(`${RIDES_TOPIC}-value`, RIDE_V3);
    return undefined;
  } catch (error) {
    if (error instanceof IncompatibleSchemaError) return error;
    throw error;
  }
}

/** The whole story, in one test driver per reader: v1 and v2 records in, both readers' outputs and the v3 refusal out. */
export async function evolution(): Promise<{ v1Reader: unknown[]; v2Reader: unknown[]; v3: IncompatibleSchemaError | undefined }> {
  const registry = new EmbeddedSchemaRegistry(); // BACKWARD, as a Confluent registry by default
  const read = async (readerSchema: AvroSchema): Promise<unknown[]> => {
    const driver = new TopologyTestDriver(readerTopology(registry, readerSchema, 'rides-json'), { applicationId: 'evolution' });
    const v1 = driver.createInputTopic(RIDES_TOPIC, Serdes.String(), schemaRegistrySerde<RideV1>(registry, { schema: RIDE_V1 }));
    const v2 = driver.createInputTopic(RIDES_TOPIC, Serdes.String(), schemaRegistrySerde<RideV2>(registry, { schema: RIDE_V2 }));
    await v1.pipeInput('1', { VendorID: 1, trip_distance: 5.71, total_amount: 23.54 }, 0);
    await v2.pipeInput('2', { VendorID: 2, trip_distance: 3.31, total_amount: 14.08, tip_amount: 2.5 }, 1);
    const out = await driver.createOutputTopic('rides-json', Serdes.String(), Serdes.JSON<unknown>()).readValuesToList();
    await driver.close();
    return out;
  };
  return { v1Reader: await read(RIDE_V1), v2Reader: await read(RIDE_V2), v3: await tryV3(registry) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { v1Reader, v2Reader, v3 } = await evolution();
  console.log('v1 reader:', v1Reader);
  console.log('v2 reader:', v2Reader);
  console.log('v3:', v3 === undefined ? 'accepted (unexpected!)' : `refused: ${v3.message}`);
}
