// Feeds the sample rides (data/rides.csv) into the `rides` topic at a configurable rate, each record stamped
// with its pickup time (event time). The taxi apps call `feedRides` themselves on memory:// (an in-process
// broker that nothing else can reach); against Kafka, run this file on its own:
//   npx tsx examples/taxi/producer.ts --broker kafka://localhost:9092 --rate 50
import { parseArgs } from 'node:util';
import { App, Serdes, type AppTopic } from '../../src/index.js';
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

/** Sends the rides to `topic`, paced; resolves with the number sent. */
export async function feedRides(topic: AppTopic<string, TaxiRide>, options: FeedOptions = {}): Promise<number> {
  const rate = options.ratePerSecond ?? Number(process.env['RIDES_PER_SECOND'] ?? 20);
  const rides = loadRides().slice(0, options.limit ?? Number(process.env['RIDES_LIMIT'] ?? Infinity));
  let sent = 0;
  for (const ride of rides) {
    if (options.signal?.aborted === true) break;
    await topic.send({ key: String(ride.PULocationID), value: ride, timestamp: pickupTimeMs(ride) });
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

// Run directly: `tsx examples/taxi/producer.ts [--broker URL] [--rate N] [--limit N]`.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '\0')) {
  const { values } = parseArgs({ options: { broker: { type: 'string', default: process.env['BROKER'] ?? 'memory://' }, rate: { type: 'string', default: '20' }, limit: { type: 'string' } } });
  const app = new App({ id: 'taxi-producer', broker: values.broker });
  const sent = await feedRides(ridesTopic(app), { ratePerSecond: Number(values.rate), ...(values.limit === undefined ? {} : { limit: Number(values.limit) }) });
  console.log(`${sent} rides sent to ${RIDES_TOPIC} on ${values.broker}`);
}
