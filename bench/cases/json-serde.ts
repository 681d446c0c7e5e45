/**
 * Case (goal S2): Serdes.JSON() encoding and decoding taxi rides vs `Buffer.from(JSON.stringify(r))` and
 * `JSON.parse(buf.toString())` on the same records. Output check: a checksum of the decoded rides.
 */
import { Serdes } from '../../src/serdes/primitives.js';
import { expectEqual, runCase, type Trial } from '../lib/harness.js';
import { expectedChecksum, rideChecksum, ridesOf, type BenchRide } from '../lib/rides.js';
import type { Dataset } from '../lib/data.js';

const TOPIC = 'rides';

function trial(data: Dataset, encode: (r: BenchRide) => Buffer, decode: (b: Buffer) => BenchRide): Trial {
  const rides = ridesOf(data);
  const n = data.options.records;
  let sum = 0;
  return {
    run() {
      for (let i = 0; i < n; i++) sum = rideChecksum(sum, decode(encode(rides[i % rides.length] as BenchRide)));
    },
    verify: () => expectEqual('checksum of decoded rides', sum, expectedChecksum(rides, n)),
  };
}

await runCase({
  name: 'json-serde',
  description: 'Serdes.JSON() encode+decode vs JSON.stringify/JSON.parse',
  data: { records: 500_000, keys: 10_000, topic: TOPIC },
  goal: { id: 'S2', target: 0.9, floor: 0.7 },
  baseline: {
    label: 'JSON',
    setup: (data) =>
      trial(
        data,
        (r) => Buffer.from(JSON.stringify(r), 'utf8'),
        (b) => JSON.parse(b.toString('utf8')) as BenchRide,
      ),
  },
  subject: {
    label: 'Serdes.JSON()',
    setup(data) {
      const serde = Serdes.JSON<BenchRide>();
      return trial(data, (r) => serde.serialize(TOPIC, r) as Buffer, (b) => serde.deserialize(TOPIC, b));
    },
  },
});
