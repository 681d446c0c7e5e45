import { readFileSync } from 'node:fs';

/** One taxi ride, with the columns of the NYC TLC trip records used in the course material. */
export interface TaxiRide {
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

const NUMERIC = new Set(['VendorID', 'passenger_count', 'trip_distance', 'PULocationID', 'DOLocationID', 'payment_type', 'fare_amount', 'tip_amount', 'total_amount']);

/** Parses the rides CSV (header line first). */
export function parseRides(csv: string): TaxiRide[] {
  const [header, ...lines] = csv.trim().split('\n');
  const columns = (header ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const ride: Record<string, string | number> = {};
    columns.forEach((column, i) => {
      const cell = cells[i] ?? '';
      ride[column] = NUMERIC.has(column) ? Number(cell) : cell;
    });
    return ride as unknown as TaxiRide;
  });
}

/** The rides shipped with the examples (examples/taxi/data/rides.csv). */
export function loadRides(path = new URL('./data/rides.csv', import.meta.url)): TaxiRide[] {
  return parseRides(readFileSync(path, 'utf8'));
}

/** Event time of a ride: its pickup time, in epoch ms (the CSV times are UTC). */
export function pickupTimeMs(ride: TaxiRide): number {
  return Date.parse(`${ride.tpep_pickup_datetime.replace(' ', 'T')}Z`);
}
