// `npm run demo`: the taxi rides on the embedded memory:// broker. A producer feeds the sample rides at a steady
// rate; KafkaStreams counts trips per vendor, branches rides by amount and counts trips per vendor per minute;
// this script prints every result as it appears, then shuts down cleanly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Serdes } from '../../src/index.js';
import { KafkaStreams } from '../../src/runtime/kafka-streams.js';
import { EmbeddedBroker } from '../../src/runtime/embedded/embedded-broker.js';
import { loadRides } from './rides.js';
import { build, HIGH_AMOUNT_TOPIC, LOW_AMOUNT_TOPIC, RIDES_TOPIC, TRIPS_PER_MINUTE_TOPIC, TRIPS_PER_VENDOR_TOPIC } from './taxi-topology.js';

const ridesPerSecond = Number(process.env['RIDES_PER_SECOND'] ?? 100);
const broker = EmbeddedBroker.for('memory://');
await broker.createTopic(RIDES_TOPIC, { partitions: 3 });
const stateDir = mkdtempSync(join(tmpdir(), 'kstreams-taxi-demo-'));
const streams = new KafkaStreams(build(), { applicationId: 'taxi-demo', bootstrapServers: 'memory://', commitIntervalMs: 1_000, stateDir });
await streams.start();
console.log(`taxi demo on memory:// — ${streams.state}; feeding rides at ${ridesPerSecond}/s\n`);

const stop = new AbortController();
const print = async (topic: string, show: (key: unknown, value: unknown) => string) => {
  for await (const r of broker.consume(topic, { keySerde: Serdes.String(), valueSerde: topic.startsWith('rides-') ? Serdes.JSON() : Serdes.Long(), signal: stop.signal })) {
    const line = show(r.key, r.value);
    if (line !== '') console.log(line);
  }
};
const amounts = { high: 0, low: 0 };
const printers = [
  print(TRIPS_PER_VENDOR_TOPIC, (k, v) => `trips so far   vendor ${String(k)}: ${String(v)}`),
  print(TRIPS_PER_MINUTE_TOPIC, (k, v) => `trips/minute   vendor ${String(k).replace('@', ' at ')}: ${String(v)}`),
  print(HIGH_AMOUNT_TOPIC, (_k, v) => {
    const ride = v as { VendorID: number; total_amount: number; trip_distance: number };
    return `high amount    ride #${++amounts.high}: vendor ${ride.VendorID}, ${ride.trip_distance} mi, $${ride.total_amount.toFixed(2)}`;
  }),
  print(LOW_AMOUNT_TOPIC, () => {
    amounts.low++;
    return '';
  }),
];

const rides = loadRides();
for (const ride of rides) {
  await broker.produce(RIDES_TOPIC, [{ key: String(ride.PULocationID), value: ride }], { keySerde: Serdes.String(), valueSerde: Serdes.JSON() });
  await new Promise((resolve) => setTimeout(resolve, 1_000 / ridesPerSecond));
}
await new Promise((resolve) => setTimeout(resolve, 1_500));
await streams.close();
stop.abort();
await Promise.allSettled(printers);
rmSync(stateDir, { recursive: true, force: true });
console.log(`\n${rides.length} rides processed: ${amounts.high} high-amount, ${amounts.low} low-amount. ${streams.state}.`);
