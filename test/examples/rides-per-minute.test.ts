import { describe, expect, it } from 'vitest';
import app, { MINUTE } from '../../examples/taxi/rides-per-minute.js';
import { loadRides, pickupTimeMs } from '../../examples/taxi/rides.js';
import { runApp } from './run-app.js';

describe('examples/taxi/rides-per-minute.ts', () => {
  it('counts rides per vendor in one-minute tumbling windows of pickup time', async () => {
    const expected = new Map<string, number>();
    for (const r of loadRides()) {
      const minute = new Date(Math.floor(pickupTimeMs(r) / MINUTE) * MINUTE).toISOString().slice(11, 16);
      const key = `vendor=${r.VendorID} ${minute}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const running = await runApp(app);
    const printed = () => running.lines.filter((l) => l.startsWith('minute '));
    await running.until(() => printed().length === 300);
    expect(await running.stop()).toBe(true);
    // The last line printed for a vendor and minute carries the full count of that window.
    const last = new Map<string, number>();
    for (const line of printed()) {
      const m = /^minute {2}(vendor=\d+ \d\d:\d\d) rides=(\d+)$/.exec(line);
      expect(m).not.toBeNull();
      last.set(m?.[1] ?? '', Number(m?.[2]));
    }
    expect(last).toEqual(expected);
    expect(app.tables).toEqual([{ name: 'rides-per-vendor-per-minute', windowed: true }]);
  });
});
