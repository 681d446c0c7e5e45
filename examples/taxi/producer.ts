// Feeds the sample rides (data/rides.csv) into the `rides` topic at a configurable rate, each record stamped
// with its pickup time (event time). The taxi apps call `feedRides` themselves on memory:// (an in-process
// broker that nothing else can reach); against Kafka, run this file on its own:
//   npx tsx examples/taxi/producer.ts --broker kafka://localhost:9092 --rate 50
// `--format avro` writes them to `rides-avro` as Avro through a Schema Registry instead (key { VendorID }; see
// avro-topic.ts): `--registry URL`, else $SCHEMA_REGISTRY_URL, else the embedded registry of a memory:// broker.
//   npx tsx examples/taxi/producer.ts --format avro --broker kafka://localhost:9092 --registry http://localhost:8081
import { parseArgs } from 'node:util';
import { App, Serdes, type AppTopic } from '../../src/index.js';
import { AVRO_RIDES_TOPIC, avroRidesTopic, rideRegistry, type RideKey } from './avro-topic.js';
import { loadRides, pickupTimeMs, type TaxiRide } from './rides.js';

export const RIDES_TOPIC = 'rides';
export const RIDE_PARTITIONS = 3;

/** Declares the rides topic on an app: key = pickup location, value = the ride as JSON. */
export function ridesTopic(app: App): AppTopic<string, TaxiRide> {
  return app.topic(RIDES_TOPIC, { key: Serdes.String(), value: Serdes.JSON<TaxiRide>(), partitions: RIDE_PARTITIONS });
}

/** Options of {@link feedRides}. */
export interface FeedOptions {
  /** Rides per second; 0 sends them all at once. @default RIDES_PER_SECOND or 20 */
  readonly ratePerSecond?: number;
  /** Stop after this many rides. @default all 300 */
  readonly limit?: number;
  readonly signal?: AbortSignal;
}

/** Sends the rides to `topic` keyed by pickup location, paced; resolves with the number sent. */
export function feedRides(topic: AppTopic<string, TaxiRide>, options: FeedOptions = {}): Promise<number> {
  return feed(topic, (ride) => String(ride.PULocationID), options);
}

/** Sends the rides to an Avro rides topic (avro-topic.ts) keyed by `{ VendorID }`, paced; resolves with the number sent. */
export function feedAvroRides(topic: AppTopic<RideKey, TaxiRide>, options: FeedOptions = {}): Promise<number> {
  return feed(topic, (ride) => ({ VendorID: ride.VendorID }), options);
}

async function feed<K>(topic: AppTopic<K, TaxiRide>, keyOf: (ride: TaxiRide) => K, options: FeedOptions): Promise<number> {
  const rate = options.ratePerSecond ?? Number(process.env['RIDES_PER_SECOND'] ?? 20);
  const rides = loadRides().slice(0, options.limit ?? Number(process.env['RIDES_LIMIT'] ?? Infinity));
  let sent = 0;
  for (const ride of rides) {
    if (options.signal?.aborted === true) break;
    await topic.send({ key: keyOf(ride), value: ride, timestamp: pickupTimeMs(ride) });
    sent++;
    if (rate > 0) await new Promise((resolve) => setTimeout(resolve, 1_000 / rate));
  }
  return sent;
}

/** On memory:// the app feeds itself when it starts (nothing outside the process can reach its broker). */
export function feedOnMemory(app: App, topic: AppTopic<string, TaxiRide>): void {
  app.task(async ({ app: running, signal }) => {
    if (!running.broker.startsWith('memory:')) return;
    const sent = await feedRides(topic, { signal });
    console.log(`[producer] ${sent} rides sent to ${topic.name}`);
  });
}

// Run directly: `tsx examples/taxi/producer.ts [--broker URL] [--rate N] [--limit N] [--format json|avro] [--registry URL]`.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '\0')) {
  const { values } = parseArgs({
    options: {
      broker: { type: 'string', default: process.env['BROKER'] ?? 'memory://' },
      rate: { type: 'string', default: '20' },
      limit: { type: 'string' },
      format: { type: 'string', default: 'json' },
      registry: { type: 'string' },
    },
  });
  if (values.format !== 'json' && values.format !== 'avro') throw new Error(`--format is json or avro; received ${values.format}`);
  const app = new App({ id: 'taxi-producer', broker: values.broker });
  const options: FeedOptions = { ratePerSecond: Number(values.rate), ...(values.limit === undefined ? {} : { limit: Number(values.limit) }) };
  if (values.format === 'avro') {
    // The schemas are registered (or refused, if incompatible) with the first ride, before anything is written.
    const registry = rideRegistry(values.broker, values.registry ?? process.env['SCHEMA_REGISTRY_URL']);
    const sent = await feedAvroRides(avroRidesTopic(app, () => registry), options);
    console.log(`${sent} rides sent as Avro to ${AVRO_RIDES_TOPIC} on ${values.broker} (subjects ${AVRO_RIDES_TOPIC}-key, ${AVRO_RIDES_TOPIC}-value)`);
  } else {
    const sent = await feedRides(ridesTopic(app), options);
    console.log(`${sent} rides sent to ${RIDES_TOPIC} on ${values.broker}`);
  }
  await app.stop(); // closes the producer's connection
}
