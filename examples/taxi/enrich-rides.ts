// A stream-table join with the DSL inside an App: the `vendors` topic is a table of vendor names; each ride is
// re-keyed by vendor, joined with its name and written to `rides-enriched`, which an agent prints.
import { App, Consumed, Joined, Produced, Serdes } from '../../src/index.js';
import { feedRides, ridesTopic } from './producer.js';
import type { TaxiRide } from './rides.js';

export interface EnrichedRide {
  readonly vendor: string;
  readonly pickup: string;
  readonly total: number;
}

/** The vendor table (TLC vendor ids). */
export const VENDORS: Readonly<Record<string, string>> = { '1': 'Creative Mobile Technologies', '2': 'VeriFone Inc.' };

export const app = new App({ id: 'taxi-enrich-rides', broker: process.env['BROKER'] ?? 'memory://' });
export const rides = ridesTopic(app);
export const vendors = app.topic('vendors', { key: Serdes.String(), value: Serdes.String(), partitions: 3 });
export const enriched = app.topic('rides-enriched', { key: Serdes.String(), value: Serdes.JSON<EnrichedRide>(), partitions: 3 });

app.streams((builder) => {
  const vendorNames = builder.table<string, string>(vendors.name, Consumed.with(Serdes.String(), Serdes.String()));
  rides
    .stream()
    .selectKey((_location, ride) => String(ride.VendorID))
    .join(vendorNames, (ride: TaxiRide, name: string): EnrichedRide => ({ vendor: name, pickup: ride.tpep_pickup_datetime, total: ride.total_amount }), Joined.with(Serdes.String(), Serdes.JSON<TaxiRide>(), Serdes.String()))
    .to(enriched.name, Produced.with(Serdes.String(), Serdes.JSON<EnrichedRide>()));
});

app.agent(enriched, async function printEnriched(stream) {
  for await (const ride of stream) console.log(`enriched  ${ride.pickup} ${ride.vendor} total=$${ride.total.toFixed(2)}`);
});

// On memory://, load the vendor table first (timestamp 0: older than every ride, so the join task applies it
// before the rides it enriches), then feed the rides.
app.task(async ({ app: running, signal }) => {
  if (!running.broker.startsWith('memory:')) return;
  await vendors.sendMany(Object.entries(VENDORS).map(([key, value]) => ({ key, value, timestamp: 0 })));
  console.log(`[producer] ${await feedRides(rides, { signal })} rides sent to ${rides.name}`);
});
export default app;
