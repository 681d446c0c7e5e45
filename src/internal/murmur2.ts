/**
 * The murmur2 hash exactly as the Kafka Java client computes it (`org.apache.kafka.common.utils.Utils.murmur2`),
 * so that a key lands on the same partition whether a Java producer, Kafka Streams or kstreams writes it.
 */

import { requirePositiveInteger } from './assert.js';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/**
 * Returns the Java client's murmur2 hash of `data` as a signed 32-bit integer.
 * @example murmur2(Buffer.from('21')) // -973932308, as in Kafka's UtilsTest
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const end = length & ~3;
  for (let i = 0; i < end; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // Java's switch on length % 4 falls through from case 3 to case 1.
  const rest = length & 3;
  if (rest === 3) h ^= data[end + 2]! << 16;
  if (rest >= 2) h ^= data[end + 1]! << 8;
  if (rest >= 1) {
    h ^= data[end]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Clears the sign bit, as Kafka's `Utils.toPositive` does (not `Math.abs`: that overflows on -2^31). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/**
 * The partition Kafka's default partitioner picks for a non-null key: `toPositive(murmur2(keyBytes)) % numPartitions`.
 * @example defaultPartition(Buffer.from('21'), 3)
 */
export function defaultPartition(keyBytes: Uint8Array, numPartitions: number): number {
  requirePositiveInteger('numPartitions', numPartitions);
  return toPositive(murmur2(keyBytes)) % numPartitions;
}
