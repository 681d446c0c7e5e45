import { describe, expect, it } from 'vitest';
import {
  compareBytes,
  concatBytes,
  encodeInt32BE,
  encodeInt64BE,
  encodeUInt32BE,
  encodeUInt64BE,
  readInt32BE,
  readInt64BE,
  readUInt32BE,
  readUInt64BE,
  writeInt64BE,
  writeUInt64BE,
} from '../../src/internal/bytes.js';

const hex = (b: Buffer): string => b.toString('hex');
const bytes = (h: string): Buffer => Buffer.from(h, 'hex');

describe('compareBytes', () => {
  it('compares unsigned, lexicographically, a prefix first', () => {
    expect(compareBytes(bytes('7f'), bytes('80'))).toBe(-1);
    expect(compareBytes(bytes('ff'), bytes('00'))).toBe(1);
    expect(compareBytes(bytes('0102'), bytes('0102'))).toBe(0);
    expect(compareBytes(bytes('01'), bytes('0100'))).toBe(-1);
    expect(compareBytes(bytes(''), bytes(''))).toBe(0);
    expect(compareBytes(new Uint8Array([2]), bytes('01ff'))).toBe(1);
  });

  it('orders encoded timestamps numerically', () => {
    const values = [0, 1, 255, 256, 2 ** 32 - 1, 2 ** 32, 1_700_000_000_000, Number.MAX_SAFE_INTEGER];
    const shuffled = [...values].reverse().map(encodeUInt64BE);
    expect(shuffled.sort(compareBytes).map((b) => readUInt64BE(b))).toEqual(values);
  });
});

describe('concatBytes', () => {
  it('joins parts into a new Buffer', () => {
    const out = concatBytes(bytes('01'), new Uint8Array([2, 3]), bytes(''));
    expect(Buffer.isBuffer(out)).toBe(true);
    expect(hex(out)).toBe('010203');
    expect(hex(concatBytes())).toBe('');
  });
});

describe('uint64', () => {
  it('writes big-endian bytes', () => {
    expect(hex(encodeUInt64BE(0))).toBe('0000000000000000');
    expect(hex(encodeUInt64BE(1))).toBe('0000000000000001');
    expect(hex(encodeUInt64BE(2 ** 32))).toBe('0000000100000000');
    expect(hex(encodeUInt64BE(1_700_000_000_000))).toBe('0000018bcfe56800');
    expect(hex(encodeUInt64BE(Number.MAX_SAFE_INTEGER))).toBe('001fffffffffffff');
  });

  it('writes at an offset and returns the next offset', () => {
    const buf = Buffer.alloc(10, 0xaa);
    expect(writeUInt64BE(buf, 258, 1)).toBe(9);
    expect(hex(buf)).toBe('aa0000000000000102aa');
    expect(readUInt64BE(buf, 1)).toBe(258);
  });

  it('rejects negative, fractional and unsafe values', () => {
    expect(() => encodeUInt64BE(-1)).toThrow(RangeError);
    expect(() => encodeUInt64BE(1.5)).toThrow(RangeError);
    expect(() => encodeUInt64BE(2 ** 53)).toThrow(RangeError);
    expect(() => readUInt64BE(bytes('0020000000000000'))).toThrow(RangeError);
    expect(() => readUInt64BE(bytes('ffffffffffffffff'))).toThrow(RangeError);
  });
});

describe('int64', () => {
  it("writes Java's long layout", () => {
    expect(hex(encodeInt64BE(1))).toBe('0000000000000001');
    expect(hex(encodeInt64BE(-1))).toBe('ffffffffffffffff');
    expect(hex(encodeInt64BE(-(2 ** 32)))).toBe('ffffffff00000000');
    expect(hex(encodeInt64BE(Number.MIN_SAFE_INTEGER))).toBe('ffe0000000000001');
  });

  it('round-trips around the 32-bit boundaries', () => {
    for (const v of [0, 1, -1, 2 ** 31, -(2 ** 31), 2 ** 32 - 1, 2 ** 32, -(2 ** 32) - 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      const buf = Buffer.alloc(8);
      writeInt64BE(buf, v);
      expect(readInt64BE(buf)).toBe(v);
    }
  });

  it('rejects values a number cannot hold exactly', () => {
    expect(() => encodeInt64BE(2 ** 53)).toThrow(RangeError);
    expect(() => encodeInt64BE(0.5)).toThrow(RangeError);
    expect(() => readInt64BE(bytes('7fffffffffffffff'))).toThrow(RangeError);
    expect(() => readInt64BE(bytes('8000000000000000'))).toThrow(RangeError);
    expect(() => readInt64BE(bytes('ffe0000000000000'))).toThrow(RangeError);
  });
});

describe('int32', () => {
  it("writes Java's int layout", () => {
    expect(hex(encodeInt32BE(1))).toBe('00000001');
    expect(hex(encodeInt32BE(-1))).toBe('ffffffff');
    expect(hex(encodeUInt32BE(0xfffffffe))).toBe('fffffffe');
    expect(readInt32BE(bytes('80000000'))).toBe(-(2 ** 31));
    expect(readUInt32BE(bytes('aa80000000'), 1)).toBe(2 ** 31);
  });

  it('rejects out-of-range values', () => {
    expect(() => encodeInt32BE(2 ** 31)).toThrow(RangeError);
    expect(() => encodeUInt32BE(-1)).toThrow(RangeError);
  });
});
