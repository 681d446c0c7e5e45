import { describe, expect, it } from 'vitest';
import { Serdes, TopologyTestDriver } from '../../src/index.js';
import { build, HIGH_AMOUNT_TOPIC, LOW_AMOUNT_TOPIC, RIDES_TOPIC, TRIPS_PER_MINUTE_TOPIC, TRIPS_PER_VENDOR_TOPIC } from '../../examples/taxi/taxi-topology.js';
import { loadRides, pickupTimeMs, type TaxiRide } from '../../examples/taxi/rides.js';

describe('taxi rides example', () => {
  it('counts trips per vendor, branches by amount and counts trips per vendor per minute, closing windows once', async () => {
    const rides = loadRides();
    expect(rides).toHaveLength(300);
    const driver = new TopologyTestDriver(build(20), { applicationId: 'taxi' }, 0);
    const input = driver.createInputTopic(RIDES_TOPIC, Serdes.String(), Serdes.JSON<TaxiRide>());
    for (const ride of rides) await input.pipeInput(String(ride.PULocationID), ride, 0);

    const perVendor = await driver.createOutputTopic(TRIPS_PER_VENDOR_TOPIC, Serdes.String(), Serdes.Long()).readKeyValuesToMap();
    const expectedPerVendor = new Map<string, number>();
    for (const ride of rides) expectedPerVendor.set(String(ride.VendorID), (expectedPerVendor.get(String(ride.VendorID)) ?? 0) + 1);
    expect(perVendor).toEqual(expectedPerVendor);

    const high = await driver.createOutputTopic(HIGH_AMOUNT_TOPIC, Serdes.String(), Serdes.JSON<TaxiRide>()).readValuesToList();
    const low = await driver.createOutputTopic(LOW_AMOUNT_TOPIC, Serdes.String(), Serdes.JSON<TaxiRide>()).readValuesToList();
    expect(high.every((r) => r.total_amount >= 20)).toBe(true);
    expect(low.every((r) => r.total_amount < 20)).toBe(true);
    expect(high.length + low.length).toBe(300);

    // Every minute that has closed (the stream time passed its end) is emitted exactly once, with its full count.
    const perMinute = await driver.createOutputTopic(TRIPS_PER_MINUTE_TOPIC, Serdes.String(), Serdes.Long()).readKeyValuesToList();
    const lastTime = Math.max(...rides.map(pickupTimeMs));
    const expected = new Map<string, number>();
    for (const ride of rides) {
      const start = Math.floor(pickupTimeMs(ride) / 60_000) * 60_000;
      if (start + 60_000 > lastTime) continue;
      const key = `${ride.VendorID}@${new Date(start).toISOString().slice(11, 16)}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(perMinute.length).toBe(expected.size);
    expect(new Map(perMinute.map((kv) => [kv.key, kv.value]))).toEqual(expected);
    await driver.close();
  });
});
