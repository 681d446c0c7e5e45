/**
 * Argument guards for public entry points. Each throws a TypeError (wrong type) or RangeError (right type,
 * wrong value) whose message names the argument, what was expected and what was received, so misuse is
 * found at the call that made it rather than deep inside a running task.
 */

/** Any function; every function type is assignable to it. */
export type AnyFunction = (...args: never[]) => unknown;

/**
 * Describes a value for an error message: its printed form and its type.
 * @example describeValue(-1) // "-1 (number)"
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
      return `${JSON.stringify(shown)} (string)`;
    }
    case 'number':
    case 'boolean':
      return `${String(value)} (${typeof value})`;
    case 'bigint':
      return `${value}n (bigint)`;
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return `${value.toString()} (symbol)`;
    case 'function':
      return `function ${value.name === '' ? '<anonymous>' : value.name}`;
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `an array of length ${value.length}`;
      if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes`;
      const ctor: unknown = Object.getPrototypeOf(value)?.constructor;
      const name = typeof ctor === 'function' && ctor.name !== '' ? ctor.name : 'Object';
      return `an object (${name})`;
    }
  }
}

function fail(ErrorClass: TypeErrorConstructor | RangeErrorConstructor, name: string, expected: string, value: unknown): never {
  throw new ErrorClass(`Expected "${name}" to be ${expected}, but received ${describeValue(value)}.`);
}

/** Throws a TypeError unless `value` is a function. */
export function requireFunction(name: string, value: unknown): asserts value is AnyFunction {
  if (typeof value !== 'function') fail(TypeError, name, 'a function', value);
}

/** Throws a TypeError unless `value` is a string (possibly empty). */
export function requireString(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') fail(TypeError, name, 'a string', value);
}

/** Throws a TypeError unless `value` is a string, and a RangeError if it is empty. */
export function requireNonEmptyString(name: string, value: unknown): asserts value is string {
  requireString(name, value);
  if (value.length === 0) fail(RangeError, name, 'a non-empty string', value);
}

/** Throws a TypeError unless `value` is a number, and a RangeError unless it is a safe integer. */
export function requireInteger(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number') fail(TypeError, name, 'an integer', value);
  if (!Number.isSafeInteger(value)) fail(RangeError, name, 'a safe integer', value);
}

/** Throws unless `value` is a safe integer >= 0 (a count, an offset, a duration or timestamp in ms). */
export function requireNonNegativeInteger(name: string, value: unknown): asserts value is number {
  requireInteger(name, value);
  if (value < 0) fail(RangeError, name, 'a non-negative integer', value);
}

/** Throws unless `value` is a safe integer >= 1 (a partition count, a window size in ms). */
export function requirePositiveInteger(name: string, value: unknown): asserts value is number {
  requireInteger(name, value);
  if (value < 1) fail(RangeError, name, 'a positive integer', value);
}

/** Throws a TypeError unless `value` is a boolean. */
export function requireBoolean(name: string, value: unknown): asserts value is boolean {
  if (typeof value !== 'boolean') fail(TypeError, name, 'a boolean', value);
}

/** Throws a TypeError unless `value` is a Node Buffer. */
export function requireBuffer(name: string, value: unknown): asserts value is Buffer {
  if (!Buffer.isBuffer(value)) fail(TypeError, name, 'a Buffer', value);
}

/** Throws a TypeError unless `value` is a non-null, non-array object. */
export function requireObject(name: string, value: unknown): asserts value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(TypeError, name, 'an object', value);
}

/**
 * Throws a RangeError unless `value` is one of `allowed` (compared with `===`).
 * @example requireOneOf('type', type, ['STREAM_TIME', 'WALL_CLOCK_TIME'] as const)
 */
export function requireOneOf<const T extends string | number | boolean>(
  name: string,
  value: unknown,
  allowed: readonly T[],
): asserts value is T {
  if (!(allowed as readonly unknown[]).includes(value)) {
    fail(RangeError, name, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
  }
}
