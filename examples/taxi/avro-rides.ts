// Reads the rides written as Avro through the Schema Registry (`producer.ts --format avro`) and counts trips per
// vendor. The key is already `{ VendorID }`, so no regrouping: each vendor's count lives in its key's partition.
//   npx streams-run examples/taxi/avro-rides.ts worker --web-port 6066   (memory://: feeds itself; GET /subjects)
//   npx streams-run examples/taxi/avro-rides.ts worker --broker kafka://localhost:9092 --registry http://localhost:8081
import { App } from '../../src/index.js';
import { avroRidesTopic } from './avro-topic.js';
import { feedAvroRides } from './producer.js';

export const app = new App({ id: 'taxi-avro-rides', broker: process.env['BROKER'] ?? 'memory://' });
export const rides = avroRidesTopic(app);
export const tripsPerVendor = app.table<string, number>('trips-per-vendor', { default: () => 0 });

app.agent(rides, async function countAvroTrips(stream) {
  for await (const { key, value: ride } of stream.items()) {
    const trips = tripsPerVendor.update(String(key.VendorID), (n) => n + 1);
    console.log(`avro trips  vendor=${key.VendorID} total=${trips} (last: ${ride.tpep_pickup_datetime}, $${ride.total_amount.toFixed(2)})`);
  }
});

// On memory:// the app feeds itself (nothing outside the process can reach its broker or its registry).
app.task(async ({ app: running, signal }) => {
  if (!running.broker.startsWith('memory:')) return;
  console.log(`[producer] ${await feedAvroRides(rides, { signal })} Avro rides sent to ${rides.name}`);
});
export default app;
