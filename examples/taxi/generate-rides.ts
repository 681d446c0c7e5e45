// Writes examples/taxi/data/rides.csv: a small, seeded sample of rides in the NYC TLC yellow-taxi layout.
// Run: npx tsx examples/taxi/generate-rides.ts [count]
import { writeFileSync } from 'node:fs';

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const count = Number(process.argv[2] ?? 300);
const random = mulberry32(20_201_001);
const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const header = 'VendorID,tpep_pickup_datetime,tpep_dropoff_datetime,passenger_count,trip_distance,PULocationID,DOLocationID,payment_type,fare_amount,tip_amount,total_amount';
const lines = [header];
let pickup = Date.parse('2020-10-01T00:00:00Z');
for (let i = 0; i < count; i++) {
  pickup += Math.floor(random() * 20_000);
  const distance = Math.round((0.3 + random() * 12) * 100) / 100;
  const minutes = Math.max(2, Math.round(distance * (2 + random() * 4)));
  const fare = Math.round((2.5 + distance * 2.5) * 100) / 100;
  const payment = random() < 0.7 ? 1 : 2;
  const tip = payment === 1 ? Math.round(fare * random() * 0.25 * 100) / 100 : 0;
  const total = Math.round((fare + tip + 0.5 + 0.3 + 2.5) * 100) / 100;
  const vendor = random() < 0.6 ? 2 : 1;
  const passengers = 1 + Math.floor(random() * random() * 5);
  const pu = 1 + Math.floor(random() * 263);
  const dropoff = 1 + Math.floor(random() * 263);
  lines.push([vendor, fmt(pickup), fmt(pickup + minutes * 60_000), passengers, distance, pu, dropoff, payment, fare, tip, total].join(','));
}
writeFileSync(new URL('./data/rides.csv', import.meta.url), `${lines.join('\n')}\n`);
console.log(`wrote ${count} rides`);
