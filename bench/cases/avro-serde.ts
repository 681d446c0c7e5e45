/**
 * Case (goal S1): a schemaRegistrySerde (Confluent wire format, schema id cached after the first record, embedded
 * registry) encoding and decoding taxi rides vs avsc's own `toBuffer` / `fromBuffer` on the same records and the
 * same schema. Both sides encode every record, then decode every one; output check: a checksum of the decoded rides.
 */
import avsc from 'avsc';
import { schemaRegistrySerde } from '../../src/serdes/avro.js';
import { EmbeddedSchemaRegistry } from '../../src/serdes/schema-registry/embedded-registry.js';
import { expectEqual, runCase, type Trial } from '../lib/harness.js';
import { expectedChecksum, RIDE_SCHEMA, rideChecksum, ridesOf, type BenchRide } from '../lib/rides.js';
import type { Dataset } from '../lib/data.js';

const TOPIC = 'rides';

function trial(data: Dataset, encode: (r: BenchRide) => Buffer, decode: (b: Buffer) => BenchRide): Trial {
  const rides = ridesOf(data);
  const n = data.options.records;
  let sum = 0;
  return {
    run() {
      for (let i = 0; i < n; i++) {
        sum = rideChecksum(sum, decode(encode(rides[i % rides.length] as BenchRide)));
      }
    },
    verify: () => expectEqual('checksum of decoded rides', sum, expectedChecksum(rides, n)),
  };
}

await runCase({
  name: 'avro-serde',
  description: 'schemaRegistrySerde encode+decode (schema cached) vs avsc toBuffer/fromBuffer',
  data: { records: 1_000_000, keys: 10_000, topic: TOPIC },
  goal: { id: 'S1', target: 0.8, floor: 0.6 },
  baseline: {
    label: 'avsc',
    setup(data) {
      const type = avsc.Type.forSchema(RIDE_SCHEMA as avsc.Schema);
      return trial(data, (r) => type.toBuffer(r), (b) => type.fromBuffer(b) as BenchRide);
    },
  },
  subject: {
    label: 'registry serde',
    setup(data) {
      const serde = schemaRegistrySerde<BenchRide>(new EmbeddedSchemaRegistry(), { schema: RIDE_SCHEMA });
      serde.serialize(TOPIC, ridesOf(data)[0] as BenchRide); // registers: the hot path below never asks the registry
      return trial(data, (r) => serde.serialize(TOPIC, r) as Buffer, (b) => serde.deserialize(TOPIC, b));
    },
  },
});
