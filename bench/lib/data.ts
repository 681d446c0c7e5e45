/**
 * Seeded record generator for the benchmarks: no fixtures, the same records for a given seed on every machine.
 *
 * Records look like what a Kafka fetch hands the engine: key and value bytes are slices of one large buffer
 * (kafkajs decodes a fetch response into Buffer slices the same way), timestamps increase by 1 ms per record.
 * Keys are `key-NNNNN` (UTF-8); values are printable ASCII of `valueSize` bytes whose first byte is a digit.
 *
 * Only `poolSize` distinct records are materialized; `records` cycles through them. A real consumer holds a
 * fetch or two of records at a time, not millions: 2M live InputRecords (≈ 800 MB of heap) made every major
 * GC mark them all, which taxed whichever side allocated more (the DSL) far beyond what a running app pays.
 */
import type { InputRecord } from '../../src/runtime/stream-task.js';

/** Options every case understands (`npm run bench -- --value-size 1024 --skew 0.99`). */
export interface DataOptions {
  readonly records: number;
  readonly keys: number;
  readonly valueSize: number;
  /** 0 = uniform keys; otherwise the Zipf exponent (e.g. 0.99). */
  readonly skew: number;
  readonly seed: number;
  readonly topic: string;
  /** Distinct records materialized (default 100k); the stream cycles through them. */
  readonly poolSize?: number;
}

export interface Dataset {
  readonly options: DataOptions;
  readonly records: readonly InputRecord[];
  /** The key of index i, as a string. */
  readonly keyNames: readonly string[];
  /** The key index of each record (for expected results computed without the engine); repeats with the pool. */
  readonly keyIndex: Uint32Array;
}

/** mulberry32: small, fast, good enough for data generation. Returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A key sampler: uniform, or Zipf with exponent `skew` over `keys` ranks (inverse CDF by binary search). */
function keySampler(keys: number, skew: number, random: () => number): () => number {
  if (skew <= 0) return () => Math.floor(random() * keys);
  const cdf = new Float64Array(keys);
  let sum = 0;
  for (let i = 0; i < keys; i++) {
    sum += 1 / Math.pow(i + 1, skew);
    cdf[i] = sum;
  }
  for (let i = 0; i < keys; i++) cdf[i] = (cdf[i] as number) / sum;
  return () => {
    const u = random();
    let lo = 0;
    let hi = keys - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const NOISE_BYTES = 1 << 16;

/** Generates the records; about 1 s per 2M records of 100 B. */
export function generate(options: DataOptions): Dataset {
  const { records: n, keys, valueSize, topic } = options;
  if (valueSize < 2) throw new RangeError(`valueSize must be at least 2, received ${valueSize}`);
  const random = prng(options.seed);
  const nextKey = keySampler(keys, options.skew, random);
  const keyNames: string[] = [];
  const digits = Math.max(5, String(keys - 1).length); // equal-length keys (the data buffer is sized from the first)
  for (let i = 0; i < keys; i++) keyNames.push(`key-${String(i).padStart(digits, '0')}`);
  const keyBytes = keyNames.map((k) => Buffer.from(k, 'utf8'));
  // Printable noise that values are cut from: distinct content per record without a PRNG call per byte.
  const noise = Buffer.allocUnsafe(NOISE_BYTES + valueSize);
  for (let i = 0; i < noise.length; i++) noise[i] = 0x21 + Math.floor(random() * 94);
  const keyLength = keyBytes[0]?.length ?? 0;
  const pool = Math.min(n, options.poolSize ?? 100_000);
  const data = Buffer.allocUnsafe(pool * (keyLength + valueSize));
  const out: InputRecord[] = new Array<InputRecord>(n);
  const keyIndex = new Uint32Array(n);
  const headers = {};
  let pos = 0;
  for (let i = 0; i < pool; i++) {
    const k = nextKey();
    keyIndex[i] = k;
    const kb = keyBytes[k] as Buffer;
    kb.copy(data, pos);
    const key = data.subarray(pos, pos + kb.length);
    pos += kb.length;
    const from = Math.floor(random() * NOISE_BYTES);
    noise.copy(data, pos, from, from + valueSize);
    data[pos] = 0x30 + Math.floor(random() * 10);
    const value = data.subarray(pos, pos + valueSize);
    pos += valueSize;
    out[i] = { topic, partition: 0, offset: BigInt(i), key, value, timestamp: 1_700_000_000_000 + i, headers };
  }
  for (let i = pool; i < n; i++) {
    out[i] = out[i - pool] as InputRecord;
    keyIndex[i] = keyIndex[i - pool] as number;
  }
  return { options, records: out, keyNames, keyIndex };
}
