import { describe, expect, it } from 'vitest';
import { Serdes } from '../../src/index.js';
import { EmbeddedBroker } from '../../src/runtime/embedded/embedded-broker.js';
import app, { VENDORS, type EnrichedRide } from '../../examples/taxi/enrich-rides.js';
import { loadRides } from '../../examples/taxi/rides.js';
import { runApp } from './run-app.js';

describe('examples/taxi/enrich-rides.ts', () => {
  it('joins every ride with its vendor name (stream-table join in the App) and prints it', async () => {
    const running = await runApp(app);
    await running.until(() => running.lines.filter((l) => l.startsWith('enriched ')).length === 300);
    expect(await running.stop()).toBe(true);
    const out = EmbeddedBroker.for(running.broker).records<string, EnrichedRide>('rides-enriched', { keySerde: Serdes.String(), valueSerde: Serdes.JSON<EnrichedRide>() });
    expect(out).toHaveLength(300);
    const rides = loadRides();
    const byPickup = new Map(rides.map((r) => [`${r.tpep_pickup_datetime}/${r.total_amount}`, r]));
    for (const r of out) {
      const ride = byPickup.get(`${r.value?.pickup}/${r.value?.total}`);
      expect(ride).toBeDefined();
      expect(r.key).toBe(String(ride?.VendorID));
      expect(r.value?.vendor).toBe(VENDORS[String(ride?.VendorID)]);
    }
    expect(running.lines).toContain(`enriched  ${rides[0]?.tpep_pickup_datetime} ${VENDORS[String(rides[0]?.VendorID)]} total=$${rides[0]?.total_amount.toFixed(2)}`);
  });
});
