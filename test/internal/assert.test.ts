import { describe, expect, it } from 'vitest';
import {
  describeValue,
  requireBoolean,
  requireBuffer,
  requireFunction,
  requireInteger,
  requireNonEmptyString,
  requireNonNegativeInteger,
  requireObject,
  requireOneOf,
  requirePositiveInteger,
  requireString,
} from '../../src/internal/assert.js';

describe('describeValue', () => {
  it('shows the value and its type', () => {
    expect(describeValue(-1)).toBe('-1 (number)');
    expect(describeValue('x')).toBe('"x" (string)');
    expect(describeValue(10n)).toBe('10n (bigint)');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1, 2])).toBe('an array of length 2');
    expect(describeValue(Buffer.alloc(3))).toBe('a Buffer of 3 bytes');
    expect(describeValue(new Map())).toBe('an object (Map)');
    expect(describeValue(Object.create(null))).toBe('an object (Object)');
    expect(describeValue(function named() {})).toBe('function named');
  });

  it('shortens long strings', () => {
    expect(describeValue('a'.repeat(100))).toBe(`"${'a'.repeat(57)}..." (string)`);
  });
});

describe('guards', () => {
  it('pass valid values through', () => {
    expect(() => {
      requireFunction('f', () => 1);
      requireString('s', '');
      requireNonEmptyString('s', 'x');
      requireInteger('i', -5);
      requireNonNegativeInteger('n', 0);
      requirePositiveInteger('p', 1);
      requireBoolean('b', false);
      requireBuffer('buf', Buffer.alloc(0));
      requireObject('o', {});
      requireOneOf('kind', 'a', ['a', 'b']);
    }).not.toThrow();
  });

  it('throw TypeError naming the argument and the value for a wrong type', () => {
    expect(() => requireFunction('mapper', 42)).toThrow(new TypeError('Expected "mapper" to be a function, but received 42 (number).'));
    expect(() => requireString('topic', null)).toThrow(TypeError);
    expect(() => requireNonEmptyString('topic', undefined)).toThrow(/"topic".*received undefined/);
    expect(() => requireInteger('n', '3')).toThrow(new TypeError('Expected "n" to be an integer, but received "3" (string).'));
    expect(() => requireBoolean('flag', 1)).toThrow(TypeError);
    expect(() => requireBuffer('bytes', new Uint16Array(2))).toThrow(TypeError);
    expect(() => requireObject('options', [])).toThrow(/received an array of length 0/);
    expect(() => requireObject('options', null)).toThrow(TypeError);
  });

  it('throw RangeError for a value of the right type out of range', () => {
    expect(() => requireNonEmptyString('name', '')).toThrow(new RangeError('Expected "name" to be a non-empty string, but received "" (string).'));
    expect(() => requireInteger('n', 1.5)).toThrow(RangeError);
    expect(() => requireInteger('n', Number.NaN)).toThrow(RangeError);
    expect(() => requireInteger('n', 2 ** 53)).toThrow(RangeError);
    expect(() => requireNonNegativeInteger('graceMs', -1)).toThrow(
      new RangeError('Expected "graceMs" to be a non-negative integer, but received -1 (number).'),
    );
    expect(() => requirePositiveInteger('numPartitions', 0)).toThrow(/"numPartitions" to be a positive integer, but received 0/);
    expect(() => requireOneOf('type', 'SOMETIMES', ['STREAM_TIME', 'WALL_CLOCK_TIME'])).toThrow(
      new RangeError('Expected "type" to be one of "STREAM_TIME", "WALL_CLOCK_TIME", but received "SOMETIMES" (string).'),
    );
  });
});
