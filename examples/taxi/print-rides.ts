// Prints each ride as it arrives (Faust's "hello world" agent).
//   npx streams-run examples/taxi/print-rides.ts worker
import { App } from '../../src/index.js';
import { feedOnMemory, ridesTopic } from './producer.js';

export const app = new App({ id: 'taxi-print-rides', broker: process.env['BROKER'] ?? 'memory://' });
export const rides = ridesTopic(app);

app.agent(rides, async function printRides(stream) {
  for await (const { key, value: ride } of stream.items()) {
    console.log(
      `ride  vendor=${ride.VendorID} pickup=${ride.tpep_pickup_datetime} location=${key} ` +
        `passengers=${ride.passenger_count} distance=${ride.trip_distance.toFixed(2)}mi total=$${ride.total_amount.toFixed(2)}`,
    );
  }
});

feedOnMemory(app, rides);
export default app;
