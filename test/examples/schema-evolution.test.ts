import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  Consumed,
  EmbeddedSchemaRegistry,
  Grouped,
  IncompatibleSchemaError,
  Materialized,
  Produced,
  schemaRegistrySerde,
  Serdes,
  StreamsBuilder,
  TopologyTestDriver,
  type AvroSchema,
} from '../../src/index.js';
import { evolution, RIDE_V2, RIDE_V3, tryV3 } from '../../examples/schema-evolution/evolution.js';
import { loadRides, type TaxiRide } from '../../examples/taxi/rides.js';

const schema = (name: string): AvroSchema => JSON.parse(readFileSync(new URL(`../../examples/taxi/schemas/${name}.avsc`, import.meta.url), 'utf8')) as AvroSchema;

describe('schema evolution example', () => {
  it('v2 adds a field with a default: the v1 and the v2 reader both read v1 and v2 records; v3 (a rename without alias) is refused', async () => {
    const { v1Reader, v2Reader, v3 } = await evolution();
    expect(v1Reader).toEqual([
      { VendorID: 1, trip_distance: 5.71, total_amount: 23.54 },
      { VendorID: 2, trip_distance: 3.31, total_amount: 14.08 },
    ]);
    expect(v2Reader).toEqual([
      { VendorID: 1, trip_distance: 5.71, total_amount: 23.54, tip_amount: 0 },
      { VendorID: 2, trip_distance: 3.31, total_amount: 14.08, tip_amount: 2.5 },
    ]);
    expect(v3).toBeInstanceOf(IncompatibleSchemaError);
    expect(v3).toMatchObject({ subject: 'rides-value', level: 'BACKWARD', version: 2, field: '/fields/vendor_id' });
  });

  it('v3 with an alias for the old name would be accepted', async () => {
    const registry = new EmbeddedSchemaRegistry();
    await registry.register('rides-value', RIDE_V2);
    const v3 = RIDE_V3 as { fields: { name: string }[] };
    const aliased = { ...v3, fields: v3.fields.map((f) => (f.name === 'vendor_id' ? { ...f, aliases: ['VendorID'] } : f)) };
    await registry.register('rides-value', aliased);
    expect(await tryV3(new EmbeddedSchemaRegistry())).toBeUndefined(); // a fresh subject takes anything
  });
});

describe('taxi ride schemas', () => {
  it('carry every ride of rides.csv through the registry serde, keyed by VendorID, and count rides per vendor', async () => {
    const rides = loadRides();
    const registry = new EmbeddedSchemaRegistry();
    const keySerde = schemaRegistrySerde<{ VendorID: number }>(registry, { schema: schema('taxi_ride_key'), isKey: true });
    const valueSerde = schemaRegistrySerde<TaxiRide>(registry, { schema: schema('taxi_ride_value') });
    for (const ride of rides) expect(valueSerde.deserialize('rides', valueSerde.serialize('rides', ride))).toEqual(ride);

    const builder = new StreamsBuilder();
    builder
      .stream('rides', Consumed.with(keySerde, valueSerde))
      .groupBy((key) => String(key.VendorID), Grouped.with(Serdes.String(), valueSerde))
      .count(Materialized.as('rides-per-vendor'))
      .toStream()
      .to('rides-per-vendor', Produced.with(Serdes.String(), Serdes.Long()));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'taxi-avro' });
    const input = driver.createInputTopic('rides', keySerde, valueSerde);
    for (const ride of rides) await input.pipeInput({ VendorID: ride.VendorID }, ride, 0);
    const counts = await driver.createOutputTopic('rides-per-vendor', Serdes.String(), Serdes.Long()).readKeyValuesToMap();
    const expected = new Map<string, number>();
    for (const ride of rides) expected.set(String(ride.VendorID), (expected.get(String(ride.VendorID)) ?? 0) + 1);
    expect(counts).toEqual(expected);
    await driver.close();
    // The repartition topic's values go through the registry too, under their own subject.
    expect(registry.subjects()).toEqual(['rides-key', 'rides-value', 'taxi-avro-rides-per-vendor-repartition-value']);
  });
});
