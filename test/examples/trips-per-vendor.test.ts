import { describe, expect, it } from 'vitest';
import app from '../../examples/taxi/trips-per-vendor.js';
import { loadRides } from '../../examples/taxi/rides.js';
import { runApp } from './run-app.js';

describe('examples/taxi/trips-per-vendor.ts', () => {
  it('regroups rides by vendor and counts them in a table', async () => {
    const expected = new Map<string, number>();
    for (const r of loadRides()) expected.set(String(r.VendorID), (expected.get(String(r.VendorID)) ?? 0) + 1);
    const running = await runApp(app);
    await running.until(() => running.lines.filter((l) => l.startsWith('trips ')).length === 300);
    for (const [vendor, trips] of expected) {
      expect(app.lookup('trips-per-vendor', vendor)).toBe(trips);
      expect(running.lines).toContain(`trips  vendor=${vendor} total=${trips}`);
    }
    expect(app.agents).toEqual([{ name: 'countTrips', topic: 'rides', concurrency: 1, groupBy: true }]);
    expect(await app.describe()).toContain('Sink: countTrips-groupby-repartition-sink (topic: countTrips-groupby-repartition)');
    expect(await running.stop()).toBe(true);
  });
});
