import { describe, expect, it } from 'vitest';
import app from '../../examples/taxi/print-rides.js';
import { loadRides } from '../../examples/taxi/rides.js';
import { runApp } from './run-app.js';

describe('examples/taxi/print-rides.ts', () => {
  it('prints every ride once, in order per partition, and commits every offset on stop', async () => {
    const running = await runApp(app);
    const rides = () => running.lines.filter((l) => l.startsWith('ride '));
    await running.until(() => rides().length === 300);
    expect(await running.stop()).toBe(true);

    const expected = loadRides().map((r) => `ride  vendor=${r.VendorID} pickup=${r.tpep_pickup_datetime} location=${r.PULocationID} `);
    expect(rides().map((l) => l.slice(0, l.indexOf('passengers')))).toEqual(expect.arrayContaining(expected));
    expect(rides()[0]).toMatch(/^ride {2}vendor=\d pickup=2020-10-01 \S+ location=\d+ passengers=\d distance=\d+\.\d\dmi total=\$\d+\.\d\d$/);
    const committed = [...(app.committedOffsets() ?? new Map<string, bigint>())].filter(([tp]) => tp.startsWith('rides['));
    expect(committed.reduce((n, [, o]) => n + o, 0n)).toBe(300n);
  });
});
