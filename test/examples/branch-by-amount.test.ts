import { describe, expect, it } from 'vitest';
import { Serdes } from '../../src/index.js';
import { EmbeddedBroker } from '../../src/runtime/embedded/embedded-broker.js';
import app, { THRESHOLD } from '../../examples/taxi/branch-by-amount.js';
import type { TaxiRide } from '../../examples/taxi/rides.js';
import { runApp } from './run-app.js';

describe('examples/taxi/branch-by-amount.ts', () => {
  it('sends each ride to the high- or low-amount topic by its total', async () => {
    const running = await runApp(app);
    await running.until(() => running.lines.filter((l) => l.includes(' -> rides-')).length === 300);
    expect(await running.stop()).toBe(true);
    const broker = EmbeddedBroker.for(running.broker);
    const read = (topic: string) => broker.records<string, TaxiRide>(topic, { keySerde: Serdes.String(), valueSerde: Serdes.JSON<TaxiRide>() }).map((r) => r.value as TaxiRide);
    const high = read('rides-high-amount');
    const low = read('rides-low-amount');
    expect(high.length + low.length).toBe(300);
    expect(high.length).toBeGreaterThan(0);
    expect(high.every((r) => r.total_amount >= THRESHOLD)).toBe(true);
    expect(low.every((r) => r.total_amount < THRESHOLD)).toBe(true);
  });
});
