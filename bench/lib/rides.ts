/**
 * Taxi-ride objects for the serde benches, derived from the seeded dataset (so every machine encodes the same
 * values), with a checksum computed from the objects alone, independent of any serde.
 */
import { readFileSync } from 'node:fs';
import type { Dataset } from './data.js';

export interface BenchRide {
  VendorID: number;
  tpep_pickup_datetime: string;
  tpep_dropoff_datetime: string;
  passenger_count: number;
  trip_distance: number;
  PULocationID: number;
  DOLocationID: number;
  payment_type: number;
  fare_amount: number;
  tip_amount: number;
  total_amount: number;
}

/** The taxi value schema of the examples (examples/taxi/schemas/taxi_ride_value.avsc). */
export const RIDE_SCHEMA = JSON.parse(readFileSync(new URL('../../examples/taxi/schemas/taxi_ride_value.avsc', import.meta.url), 'utf8')) as { readonly [key: string]: unknown };

const DISTINCT = 10_000;

/** `DISTINCT` rides built from the dataset's keys and value bytes; the bench cycles through them. */
export function ridesOf(data: Dataset): BenchRide[] {
  const rides: BenchRide[] = [];
  for (let i = 0; i < Math.min(DISTINCT, data.records.length); i++) {
    const value = data.records[i]?.value as Buffer;
    const k = data.keyIndex[i] as number;
    const minute = String((value[1] as number) % 60).padStart(2, '0');
    rides.push({
      VendorID: 1 + (k % 2),
      tpep_pickup_datetime: `2020-10-01 00:${minute}:11`,
      tpep_dropoff_datetime: `2020-10-01 01:${minute}:42`,
      passenger_count: 1 + ((value[2] as number) % 5),
      trip_distance: ((value[3] as number) * 7) / 100,
      PULocationID: 1 + (k % 265),
      DOLocationID: 1 + ((value[4] as number) % 265),
      payment_type: 1 + ((value[5] as number) % 2),
      fare_amount: (value[6] as number) / 4,
      tip_amount: (value[7] as number) % 10,
      total_amount: (value[6] as number) / 4 + ((value[7] as number) % 10) + 0.5,
    });
  }
  return rides;
}

/** A checksum over every field but the strings' content (their lengths count). */
export function rideChecksum(sum: number, r: BenchRide): number {
  return (
    (sum +
      r.VendorID +
      r.passenger_count +
      r.PULocationID * 3 +
      r.DOLocationID * 5 +
      r.payment_type +
      Math.round(r.trip_distance * 100) +
      Math.round(r.fare_amount * 4) +
      Math.round(r.tip_amount) +
      Math.round(r.total_amount * 4) +
      r.tpep_pickup_datetime.length +
      r.tpep_dropoff_datetime.length) |
    0
  );
}

/** The checksum of `n` rides cycled from `rides`, computed without any serde. */
export function expectedChecksum(rides: readonly BenchRide[], n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum = rideChecksum(sum, rides[i % rides.length] as BenchRide);
  return sum;
}
