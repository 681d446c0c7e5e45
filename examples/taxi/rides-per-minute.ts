// Counts rides per vendor in one-minute tumbling windows of pickup time; windows expire after one hour.
// The table is windowed (Faust's `.tumbling(60, expires=3600)`): `update` counts the ride in its window,
// `.current()` reads the window of the ride being processed.
import { App } from '../../src/index.js';
import { feedOnMemory, ridesTopic } from './producer.js';

export const MINUTE = 60_000;
export const app = new App({ id: 'taxi-rides-per-minute', broker: process.env['BROKER'] ?? 'memory://' });
export const rides = ridesTopic(app);
export const perMinute = app.table<string, number>('rides-per-vendor-per-minute', { default: () => 0 }).tumbling(MINUTE, { expires: 60 * MINUTE });

app.agent(rides, async function ridesPerMinute(stream) {
  for await (const event of stream.groupBy((r) => String(r.VendorID)).events()) {
    const vendor = String(event.value.VendorID);
    perMinute.update(vendor, (n) => n + 1);
    const minute = new Date(Math.floor(event.timestamp / MINUTE) * MINUTE).toISOString().slice(11, 16);
    console.log(`minute  vendor=${vendor} ${minute} rides=${perMinute.get(vendor).current()}`);
  }
});

feedOnMemory(app, rides);
export default app;
