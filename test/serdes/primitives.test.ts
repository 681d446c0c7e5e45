import { describe, expect, it } from 'vitest';
import { SerializationError } from '../../src/errors.js';
import { Serdes, serdeFrom } from '../../src/serdes/primitives.js';
import type { Serde } from '../../src/serdes/serde.js';

const T = 'orders';
const hex = (b: Buffer | null): string | null => (b === null ? null : b.toString('hex'));
const bytes = (h: string): Buffer => Buffer.from(h, 'hex');
// The engine passes null for tombstones although Serde<T> leaves null out of T.
const tombstone = null as never;

function roundTrip<V>(serde: Serde<V>, value: V): V {
  return serde.deserialize(T, serde.serialize(T, value));
}

describe('null passes through every serde (tombstones)', () => {
  const serdes = {
    String: Serdes.String(),
    Long: Serdes.Long(),
    Integer: Serdes.Integer(),
    Double: Serdes.Double(),
    Buffer: Serdes.Buffer(),
    JSON: Serdes.JSON<{ a: number }>(),
  };
  it.each(Object.entries(serdes))('%s: serialize(null) and deserialize(null) are null', (_name, serde: Serde<unknown>) => {
    expect(serde.serialize(T, tombstone)).toBeNull();
    expect(serde.deserialize(T, null)).toBeNull();
  });
});

describe('Serdes.String', () => {
  it('writes UTF-8', () => {
    const serde = Serdes.String();
    expect(hex(serde.serialize(T, 'héllo'))).toBe('68c3a96c6c6f');
    expect(serde.deserialize(T, bytes('68c3a96c6c6f'))).toBe('héllo');
    expect(roundTrip(serde, '')).toBe('');
    expect(roundTrip(serde, '日本 🚕')).toBe('日本 🚕');
  });

  it('writes the same bytes as Buffer.from for short, long, ASCII and non-ASCII strings', () => {
    const serde = Serdes.String();
    const samples = ['a', 'key-00042', 'x'.repeat(32), 'y'.repeat(33), 'ascii then é', '\u007f\u0080', 'lone \ud800 surrogate', '🚕'.repeat(20)];
    for (const s of samples) expect(serde.serialize(T, s)).toEqual(Buffer.from(s, 'utf8'));
  });

  it('rejects a non-string with a TypeError naming the topic', () => {
    expect(() => Serdes.String().serialize(T, 42 as never)).toThrow(
      new TypeError('Serdes.String() cannot serialize 42 (number) for topic "orders": expected a string.'),
    );
    expect(() => Serdes.String().serialize(T, undefined as never)).toThrow(TypeError);
  });
});

describe('Serdes.Long', () => {
  const serde = Serdes.Long();
  it("writes Kafka's LongSerializer layout: 8 bytes, big-endian, two's complement", () => {
    expect(hex(serde.serialize(T, 0))).toBe('0000000000000000');
    expect(hex(serde.serialize(T, 1))).toBe('0000000000000001');
    expect(hex(serde.serialize(T, -1))).toBe('ffffffffffffffff');
    expect(hex(serde.serialize(T, 256))).toBe('0000000000000100');
    expect(hex(serde.serialize(T, 2 ** 32))).toBe('0000000100000000');
    expect(hex(serde.serialize(T, -(2 ** 31)))).toBe('ffffffff80000000');
    expect(hex(serde.serialize(T, 1_700_000_000_000))).toBe('0000018bcfe56800');
    expect(hex(serde.serialize(T, Number.MAX_SAFE_INTEGER))).toBe('001fffffffffffff');
    expect(hex(serde.serialize(T, Number.MIN_SAFE_INTEGER))).toBe('ffe0000000000001');
  });

  it('reads what Kafka writes', () => {
    expect(serde.deserialize(T, bytes('0000000000000001'))).toBe(1);
    expect(serde.deserialize(T, bytes('ffffffffffffffff'))).toBe(-1);
    expect(serde.deserialize(T, bytes('fffffffffffffffe'))).toBe(-2);
    expect(serde.deserialize(T, bytes('0000018bcfe56800'))).toBe(1_700_000_000_000);
    for (const v of [0, 42, -42, 2 ** 31, -(2 ** 31) - 1, 2 ** 40 + 3, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
      expect(roundTrip(serde, v)).toBe(v);
    }
  });

  it('rejects non-integers and values beyond ±(2^53 - 1) with a RangeError naming the topic', () => {
    expect(() => serde.serialize(T, 1.5)).toThrow(RangeError);
    expect(() => serde.serialize(T, 1.5)).toThrow(/Serdes\.Long\(\) cannot serialize 1\.5 for topic "orders"/);
    expect(() => serde.serialize(T, 2 ** 53)).toThrow(RangeError);
    expect(() => serde.serialize(T, -(2 ** 53))).toThrow(RangeError);
    expect(() => serde.serialize(T, Number.NaN)).toThrow(RangeError);
    expect(() => serde.serialize(T, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => serde.serialize(T, 1n as never)).toThrow(TypeError);
    expect(() => serde.serialize(T, '1' as never)).toThrow(/"1" \(string\) for topic "orders"/);
  });

  it('rejects bytes of the wrong length with a SerializationError naming the topic and the length', () => {
    const error = catchError(() => serde.deserialize(T, bytes('0001020304')));
    expect(error).toBeInstanceOf(SerializationError);
    expect(error).toMatchObject({ code: 'SERIALIZATION', topic: T });
    expect((error as Error).message).toMatch(/Serdes\.Long\(\) cannot deserialize 5 bytes from topic "orders": it expects exactly 8/);
    expect(() => serde.deserialize(T, Buffer.alloc(0))).toThrow(SerializationError);
  });

  it('rejects int64 values a number cannot hold exactly', () => {
    const error = catchError(() => serde.deserialize(T, bytes('7fffffffffffffff')));
    expect(error).toBeInstanceOf(SerializationError);
    expect((error as Error).message).toMatch(/0x7fffffffffffffff from topic "orders"/);
    expect(() => serde.deserialize(T, bytes('0020000000000000'))).toThrow(SerializationError);
    expect(() => serde.deserialize(T, bytes('8000000000000000'))).toThrow(SerializationError);
  });
});

describe('Serdes.Integer', () => {
  const serde = Serdes.Integer();
  it("writes Kafka's IntegerSerializer layout: 4 bytes, big-endian, two's complement", () => {
    expect(hex(serde.serialize(T, 1))).toBe('00000001');
    expect(hex(serde.serialize(T, -1))).toBe('ffffffff');
    expect(hex(serde.serialize(T, 2 ** 31 - 1))).toBe('7fffffff');
    expect(hex(serde.serialize(T, -(2 ** 31)))).toBe('80000000');
    expect(serde.deserialize(T, bytes('00000100'))).toBe(256);
    expect(serde.deserialize(T, bytes('fffffffe'))).toBe(-2);
  });

  it('rejects values outside int32 and bytes of the wrong length', () => {
    expect(() => serde.serialize(T, 2 ** 31)).toThrow(RangeError);
    expect(() => serde.serialize(T, -(2 ** 31) - 1)).toThrow(/between -2\^31 and 2\^31 - 1/);
    expect(() => serde.serialize(T, 0.5)).toThrow(RangeError);
    expect(() => serde.deserialize(T, bytes('0000000000000001'))).toThrow(/cannot deserialize 8 bytes from topic "orders": it expects exactly 4/);
  });
});

describe('Serdes.Double', () => {
  const serde = Serdes.Double();
  it("writes Kafka's DoubleSerializer layout: 8-byte big-endian IEEE-754", () => {
    expect(hex(serde.serialize(T, 1.5))).toBe('3ff8000000000000');
    expect(hex(serde.serialize(T, -2))).toBe('c000000000000000');
    expect(hex(serde.serialize(T, 0))).toBe('0000000000000000');
    expect(hex(serde.serialize(T, Number.NaN))).toBe('7ff8000000000000');
    expect(serde.deserialize(T, bytes('3ff8000000000000'))).toBe(1.5);
    expect(roundTrip(serde, Math.PI)).toBe(Math.PI);
    expect(roundTrip(serde, Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('rejects non-numbers and bytes of the wrong length', () => {
    expect(() => serde.serialize(T, '1.5' as never)).toThrow(TypeError);
    expect(() => serde.deserialize(T, bytes('3ff8'))).toThrow(SerializationError);
  });
});

describe('Serdes.Buffer', () => {
  it('passes bytes through unchanged', () => {
    const serde = Serdes.Buffer();
    const b = bytes('00ff10');
    expect(serde.serialize(T, b)).toBe(b);
    expect(serde.deserialize(T, b)).toBe(b);
    expect(() => serde.serialize(T, 'x' as never)).toThrow(TypeError);
  });
});

describe('Serdes.JSON', () => {
  const serde = Serdes.JSON<{ vendorId: number; tags: string[] }>();
  it('writes UTF-8 JSON and reads it back', () => {
    const value = { vendorId: 7, tags: ['a', 'é'] };
    expect(serde.serialize(T, value)?.toString('utf8')).toBe('{"vendorId":7,"tags":["a","é"]}');
    expect(roundTrip(serde, value)).toEqual(value);
    expect(roundTrip(Serdes.JSON<number>(), 0)).toBe(0);
    expect(roundTrip(Serdes.JSON<string>(), '')).toBe('');
  });

  it('rejects what JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const json = Serdes.JSON<unknown>();
    expect(() => json.serialize(T, cyclic)).toThrow(SerializationError);
    expect(() => json.serialize(T, { n: 1n })).toThrow(/topic "orders"/);
    expect(() => json.serialize(T, undefined)).toThrow(TypeError);
  });

  it('rejects bytes that are not JSON with a SerializationError naming the topic and the length', () => {
    const error = catchError(() => serde.deserialize(T, Buffer.from('{not json')));
    expect(error).toBeInstanceOf(SerializationError);
    expect((error as Error).message).toMatch(/cannot deserialize 9 bytes from topic "orders"/);
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });
});

describe('Serdes factories', () => {
  it('return a new frozen serde per call', () => {
    const a = Serdes.Long();
    expect(a).not.toBe(Serdes.Long());
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(Serdes)).toBe(true);
  });
});

describe('serdeFrom', () => {
  const point = serdeFrom<{ x: number; y: number }>(
    (_topic, p) => Buffer.from(`${p.x},${p.y}`),
    (_topic, b) => {
      const [x = 0, y = 0] = b.toString().split(',').map(Number);
      return { x, y };
    },
  );

  it('composes the two functions and passes topic and headers', () => {
    expect(roundTrip(point, { x: 1, y: -2 })).toEqual({ x: 1, y: -2 });
    const seen: unknown[] = [];
    const spy = serdeFrom<string>(
      (topic, s, headers) => (seen.push([topic, headers]), Buffer.from(s)),
      (topic, b, headers) => (seen.push([topic, headers]), b.toString()),
    );
    spy.deserialize('t', spy.serialize('t', 'v', { h: 'x' }), { h: 'y' });
    expect(seen).toEqual([['t', { h: 'x' }], ['t', { h: 'y' }]]);
  });

  it('never calls them with null', () => {
    expect(point.serialize(T, tombstone)).toBeNull();
    expect(point.deserialize(T, null)).toBeNull();
  });

  it('rejects non-functions', () => {
    expect(() => serdeFrom(null as never, (_t, b) => b)).toThrow(/"serialize" to be a function, but received null/);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
