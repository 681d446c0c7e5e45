// Routes each ride to `rides-high-amount` or `rides-low-amount` by its total amount (threshold: $20, or
// AMOUNT_THRESHOLD). The sends leave with the agent's commit, so a ride is routed at least once.
import { App, Serdes } from '../../src/index.js';
import { feedOnMemory, ridesTopic } from './producer.js';
import type { TaxiRide } from './rides.js';

export const THRESHOLD = Number(process.env['AMOUNT_THRESHOLD'] ?? 20);
export const app = new App({ id: 'taxi-branch-by-amount', broker: process.env['BROKER'] ?? 'memory://' });
export const rides = ridesTopic(app);
export const highAmount = app.topic('rides-high-amount', { key: Serdes.String(), value: Serdes.JSON<TaxiRide>(), partitions: 3 });
export const lowAmount = app.topic('rides-low-amount', { key: Serdes.String(), value: Serdes.JSON<TaxiRide>(), partitions: 3 });

app.agent(rides, async function branchByAmount(stream) {
  for await (const { key, value: ride } of stream.items()) {
    const high = ride.total_amount >= THRESHOLD;
    await (high ? highAmount : lowAmount).send({ key, value: ride });
    console.log(`${high ? 'high' : 'low '}  vendor=${ride.VendorID} total=$${ride.total_amount.toFixed(2)} -> ${high ? highAmount.name : lowAmount.name}`);
  }
});

feedOnMemory(app, rides);
export default app;
