// Counts trips per vendor in a table. The rides are keyed by pickup location, so the agent regroups them by
// vendor (through a repartition topic): each vendor's count then lives in one partition of the table.
//   npx streams-run examples/taxi/trips-per-vendor.ts worker --web-port 6066   (then GET /tables/trips-per-vendor/1)
import { App } from '../../src/index.js';
import { feedOnMemory, ridesTopic } from './producer.js';

export const app = new App({ id: 'taxi-trips-per-vendor', broker: process.env['BROKER'] ?? 'memory://' });
export const rides = ridesTopic(app);
export const tripsPerVendor = app.table<string, number>('trips-per-vendor', { default: () => 0 });

app.agent(rides, async function countTrips(stream) {
  for await (const ride of stream.groupBy((r) => String(r.VendorID))) {
    const trips = tripsPerVendor.update(String(ride.VendorID), (n) => n + 1);
    console.log(`trips  vendor=${ride.VendorID} total=${trips}`);
  }
});

feedOnMemory(app, rides);
export default app;
