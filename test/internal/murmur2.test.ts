import { describe, expect, it } from 'vitest';
import { defaultPartition, murmur2, toPositive } from '../../src/internal/murmur2.js';

// Expected values of the Java client: Kafka's UtilsTest#testMurmur2, plus lengths 1 to 5 (every tail case).
const javaVectors: ReadonlyArray<readonly [string, number]> = [
  ['21', -973932308],
  ['foobar', -790332482],
  ['a-little-bit-long-string', -985981536],
  ['a-little-bit-longer-string', -1486304829],
  ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ['abc', 479470107],
  ['1', -1993445489],
  ['12', 126087238],
  ['123', -267702483],
  ['1234', -1614185708],
  ['12345', -1188365604],
];

describe('murmur2', () => {
  it.each(javaVectors)('hashes %j like the Java client', (input, expected) => {
    expect(murmur2(Buffer.from(input, 'utf8'))).toBe(expected);
  });

  it('accepts a plain Uint8Array and the empty input', () => {
    expect(murmur2(new Uint8Array([0x61, 0x62, 0x63]))).toBe(479470107);
    expect(Number.isInteger(murmur2(Buffer.alloc(0)))).toBe(true);
  });
});

describe('toPositive', () => {
  it('clears the sign bit', () => {
    expect(toPositive(-973932308)).toBe(-973932308 & 0x7fffffff);
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(5)).toBe(5);
  });
});

describe('defaultPartition', () => {
  it('is toPositive(murmur2(key)) % numPartitions', () => {
    // toPositive(-973932308) = 1173551340
    expect(defaultPartition(Buffer.from('21'), 3)).toBe(1173551340 % 3);
    expect(defaultPartition(Buffer.from('21'), 10)).toBe(0);
    expect(defaultPartition(Buffer.from('abc'), 4)).toBe(479470107 % 4);
    expect(defaultPartition(Buffer.from('foobar'), 1)).toBe(0);
  });

  it('rejects a partition count below 1', () => {
    expect(() => defaultPartition(Buffer.from('k'), 0)).toThrow(RangeError);
    expect(() => defaultPartition(Buffer.from('k'), 1.5)).toThrow(RangeError);
  });
});
